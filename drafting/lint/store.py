"""The lint cache: each file's rendering result, kept in the cache folder, so an unchanged file is not rendered again.

One JSON file per repository folder (``cache.write``/``cache.read``, the cache
folder's rules: plain data only, checked on the way back by ``plaindata``, never
trusted). An entry is used only when everything its result depends on is the
same as now:

* the file's bytes (its checksum, per entry);
* the calendar, the check rules, the years checked and the meeting name a speech
  is rendered for (``context_key``: a checksum of the files they come from), and the
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
import os
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


_VERSION: list[str] = []


def code_version() -> str:
    """The version of the code lint's results depend on: every module of the package, by size and time."""
    if _VERSION:  # the code does not change while it runs
        return _VERSION[0]
    parts = []
    for folder, _, names in sorted(os.walk(_PACKAGE)):  # os.walk: a third of what Path.rglob costs
        relative = Path(folder).relative_to(_PACKAGE).as_posix()
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            parts.append(f"{relative}/{name}:{st.st_mtime_ns}:{st.st_size}")
    _VERSION.append(hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest())
    return _VERSION[0]


def context_key(sources: list[tuple[str, str | None]], ctx: Context) -> str | None:
    """A checksum of everything besides the file a file's result depends on; None if it cannot be had.

    The calendar and check rules are known by the files they were read from
    (``sources``: each path and the checksum of its bytes, in the order they were
    laid over each other), which with the code's version in the entry's key
    determine them, rather than by their own data: encoding a hundred rules for
    their checksum would cost more than the rest of a pre-commit run.
    """
    if any(checksum is None for _, checksum in sources):
        return None
    data = json.dumps([sources, list(ctx.window), ctx.meeting], ensure_ascii=False)
    return cache.digest(data.encode("utf-8"))


class Store:
    """The lint cache of one repository folder: read once, given the run's context, written once at the end of a run.

    Until ``bind`` gives it the context, ``holds`` tells which files have an entry
    of their checksum (made in whatever context).
    """

    def __init__(self, folder: Path, version: str) -> None:
        root = cache.cache_root()
        where = str(folder.resolve())
        self.near: object = None
        self._new_files: dict[str, FileEntry] = {}
        self._path: Path | None = None
        self._data: dict = {}
        self._raw: dict = {}
        if root is None:
            return
        self._path = root / f"lint-{hashlib.sha1(where.encode('utf-8')).hexdigest()[:16]}.json"
        self._key = f"{where}\n{FORMAT}\n{version}"
        found = cache.read(self._path, "lint", self._key)
        if found is None or type(found[1]) is not dict:
            return
        self._data = found[1]
        self.near = self._data.get("near")
        if type(self._data.get("files")) is dict:
            self._raw = self._data["files"]

    def holds(self, path: str, checksum: str | None) -> bool:
        """Whether there is an entry for the file ``path`` with the checksum ``checksum`` (in any context)."""
        raw = self._raw.get(path)
        return checksum is not None and type(raw) is list and len(raw) == 2 and raw[0] == checksum

    def bind(self, key: str | None) -> None:
        """The run's context (``context_key``): entries made in another are misses from now on."""
        self._ctx = key if self._path is not None else None
        if self._ctx is None:
            self._path = None
        if self._ctx is None or self._data.get("context") != self._ctx:
            self._raw = {}

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
