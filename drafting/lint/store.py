"""The lint cache: each file's rendering result, kept in the cache folder, so an unchanged file is not rendered again.

One JSON file per repository folder (``cache.write``/``cache.read``, the cache
folder's rules: plain data only, checked on the way back by ``plaindata``, never
trusted). An entry is used only when everything its result depends on is the
same as now:

* the file's bytes (its checksum, per entry);
* the calendar, the check rules, the years checked and the meeting name a speech
  is rendered for (``context_key``: a checksum of their plain data), and the
  version of this code (every module of the package, by size and time: the
  rules live in many of them) — both in the entry's key, so a change to either
  makes every entry a miss.

Anything that fails to read or to check is a miss, never an error: the file is
rendered again and the entry replaced. Near-duplicate data (``dupes``) is kept in
the same file, under its own part: it depends on the texts alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .. import cache
from ..errors import DataError
from ..plaindata import plain
from .render import Context, Problem, SnippetResult

#: Version of the entries' shape; a change makes every entry a miss.
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Found:
    """A problem as plain data (the located error's fields, code and severity)."""

    code: str
    severity: str
    message: str
    path: str | None
    line: int | None
    snippet: str | None
    hint: str | None


@dataclass(frozen=True)
class Result:
    """A snippet's cached result."""

    failures: tuple[Found, ...]
    findings: tuple[Found, ...]


@dataclass(frozen=True)
class FileEntry:
    """A file's cached result: its checksum, and per snippet of the file (in order) its result (None: not rendered)."""

    checksum: str
    snippets: tuple[Result | None, ...]


def _found(p: Problem) -> Found:
    e = p.error
    return Found(p.code, p.severity, e.message, e.path, e.line, e.snippet, e.hint)


def _problem(f: Found) -> Problem:
    return Problem(DataError(f.message, path=f.path, line=f.line, snippet=f.snippet, hint=f.hint),
                   f.code, f.severity)


def to_entry(checksum: str, results: list[SnippetResult | None]) -> FileEntry:
    """A file's results as a cache entry."""
    return FileEntry(checksum, tuple(None if r is None else Result(tuple(map(_found, r.failures)),
                                                                   tuple(map(_found, r.findings)))
                                     for r in results))


def from_entry(entry: FileEntry) -> list[SnippetResult | None]:
    """A cache entry's results as lint's own."""
    return [None if r is None else SnippetResult(tuple(map(_problem, r.failures)), tuple(map(_problem, r.findings)))
            for r in entry.snippets]


def _code_version() -> str:
    """The version of the code lint's results depend on: every module of the package, by size and time."""
    parts = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.relative_to(_PACKAGE).as_posix()}:{st.st_mtime_ns}:{st.st_size}")
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def context_key(ctx: Context) -> str | None:
    """A checksum of everything besides the file a file's result depends on; None if it cannot be had."""
    try:
        data = json.dumps(plain([ctx.calendar, ctx.checks, list(ctx.window), ctx.meeting]), ensure_ascii=False,
                          sort_keys=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return cache.digest(data.encode("utf-8"))


class Store:
    """The lint cache of one repository folder: read once, written once at the end of a run."""

    def __init__(self, folder: Path, ctx: Context) -> None:
        root = cache.cache_root()
        where = str(folder.resolve())
        self.files: dict[str, FileEntry] = {}
        self.near: object = None
        self._new_files: dict[str, FileEntry] = {}
        self._path: Path | None = None
        ctx_key = context_key(ctx) if root is not None else None
        if root is None or ctx_key is None:
            return
        self._path = root / f"lint-{hashlib.sha1(where.encode('utf-8')).hexdigest()[:16]}.json"
        self._key = f"{where}\n{FORMAT}\n{_code_version()}"
        self._ctx = ctx_key
        found = cache.read(self._path, "lint", self._key)
        if found is None or type(found[1]) is not dict:
            return
        data = found[1]
        self.near = data.get("near")
        if data.get("context") == ctx_key and type(data.get("files")) is dict:
            self._raw = data["files"]

    _raw: dict = {}

    def get(self, path: str, checksum: str | None) -> list[SnippetResult | None] | None:
        """The cached results of the file ``path`` if its checksum is ``checksum``; None for a miss."""
        raw = self._raw.get(path)
        if checksum is None or type(raw) is not list or len(raw) != 2 or raw[0] != checksum:
            return None
        try:
            entry = _decoder()(raw)
            results = from_entry(entry)
        except Exception:  # Invalid, or values a constructor refuses: rendered again
            return None
        self._new_files[path] = raw
        return results

    def keep(self, path: str) -> None:
        """Keep the cached entry of the file ``path`` as it is (a file not rendered in this run)."""
        raw = self._raw.get(path)
        if raw is not None:
            self._new_files[path] = raw

    def put(self, path: str, checksum: str | None, results: list[SnippetResult | None]) -> None:
        """Keep the results of the file ``path`` (with checksum ``checksum``) for the next run."""
        if checksum is None:
            return
        try:
            self._new_files[path] = plain(to_entry(checksum, results))
        except (TypeError, RecursionError):
            pass

    def save(self, near: object) -> None:
        """Write the cache back: the entries of this run's files only, and the near-duplicate data."""
        if self._path is None:
            return
        cache.write(self._path, "lint", self._key, "", {"context": self._ctx, "files": self._new_files, "near": near})


_DECODER: list = []


def _decoder():
    if not _DECODER:
        from ..plaindata import decoder

        _DECODER.append(decoder(FileEntry))
    return _DECODER[0]
