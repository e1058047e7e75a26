"""The cache folder: results that are slow to build, kept between runs as checked plain data.

Validating a library file (YAML, schema, Jinja syntax and parameter names) costs
far more than reading back its result, and a unit's library changes rarely; the
search index and jieba's dictionary take seconds to build. Those results are
kept in the cache folder (``cache_root``). Errors are never cached: a broken file
fails on every run.

The cache folder is not trusted. Anyone who can write it (another account on a
shared drive, a copied or restored folder, a crafted file) must not get code run
and must not break a command, so:

* nothing in it is code or becomes code: every file is JSON (``write``/``read``),
  never pickle or marshal, and the model objects are rebuilt from it by
  ``plaindata.decoder``, which checks every value against the type its
  dataclass declares;
* every file names its ``kind`` and ``key`` (what it is for: the folder, the
  version of this code) and a checksum of the source it was built from (the
  library file's bytes, jieba's word list), and is used only when all of them
  match the file being read now;
* anything that fails to read or to check — garbage, the wrong shape, another
  version, another entry's data — is a miss: the value is built again and the
  entry replaced. The cache never raises; a read-only or full disk only means the
  next run builds again. Deleting the folder is always safe.

Compiled templates are the exception: compiled code read from a folder an
attacker can write is the attacker's code, and no check of it can prove
otherwise — a key to sign it would have to be kept where this program, and so
anything running as the same user, can read it, beside or near the cache. So it
is never read from the cache folder. It is kept beside the program's own byte
code (``code_get``, the package's ``__pycache__``), which only those who could
change the program itself can write: trusted as far as Python's .pyc files there,
no further. Where that folder is read-only, templates are compiled on every run
(about 10 ms of a 165 ms ``draft plan``, ``bench/bench_plan.py``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import types
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .plaindata import Invalid, decoder, plain

T = TypeVar("T")

#: Version of the envelope and of the plain encoding; a change makes every entry a miss.
FORMAT = 2
#: A cache file larger than this is not read at all (the largest real one is a few MB).
MAX_BYTES = 256 * 1024 * 1024
_HERE = Path(__file__).resolve().parent
# The cached values are instances of these modules' classes: a change to them
# must not be read back from an old cache.
# rules/ruleset.py and rules/checkers.py run each rule's examples when a file is validated: a change
# to them re-validates.
_SHAPE_MODULES = ("model/*.py", "library/*.py", "yamlfile.py", "sandbox.py", "cache.py", "plaindata.py",
                  "rules/ruleset.py", "rules/checkers.py")


def cache_root() -> Path | None:
    """The cache folder; ``DRAFT_CACHE_DIR`` overrides it, ``DRAFT_CACHE_DIR=off`` disables it."""
    env = os.environ.get("DRAFT_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "no") else Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "drafting"


def digest(data: bytes) -> str:
    """The checksum an entry keeps of the source it was built from."""
    return hashlib.sha256(data).hexdigest()


# -- files --------------------------------------------------------------------------


def write_bytes(path: Path, data: bytes) -> None:
    """Write a cache file atomically; where the cache cannot be written, do nothing.

    A read-only or full disk only means the next run builds the value again.
    """
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def write(path: Path, kind: str, key: str, source: str, data: object) -> None:
    """Store plain ``data`` (JSON types only) as the ``kind`` entry for ``key``, built from ``source``.

    Data that is not plain (a float that is not finite, a lone surrogate) is simply not cached.
    """
    envelope = {"format": FORMAT, "kind": kind, "key": key, "source": source, "data": data}
    try:
        text = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        raw = text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return
    write_bytes(path, raw)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} in a cache file")


def read(path: Path, kind: str, key: str) -> tuple[str, object] | None:
    """The source checksum and data of the ``kind`` entry for ``key`` in ``path``; None for anything else.

    Missing, unreadable, too large, not JSON, another format, kind or key: all None,
    never an exception. The data is plain JSON; the caller checks its shape.
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        envelope = json.loads(path.read_bytes(), parse_constant=_no_constant)
    except Exception:  # OSError, ValueError, RecursionError (deep nesting), MemoryError …
        return None
    if (type(envelope) is not dict or envelope.get("format") != FORMAT or envelope.get("kind") != kind
            or envelope.get("key") != key or type(envelope.get("source")) is not str or "data" not in envelope):
        return None
    return envelope["source"], envelope["data"]


_LEGACY = r"(library-[0-9a-f]{12}-[0-9a-f]{12}|(search|jieba|cuts)-[0-9a-f]{20})\.pickle"
_LEGACY_CODE = r"[0-9a-f]{40}\.code"


def drop_legacy(root: Path) -> None:
    """Remove the pickles and compiled code older versions left in the cache folder: never read again.

    Only files named as those versions named them: the folder may be one the user
    chose (``DRAFT_CACHE_DIR``) and hold other files.
    """
    try:
        for old in root.iterdir():
            if old.is_file() and re.fullmatch(_LEGACY, old.name):
                old.unlink()
            elif old.is_dir() and old.name.startswith("jinja-"):
                for part in old.glob("*/*.code"):
                    if re.fullmatch(_LEGACY_CODE, part.name):
                        part.unlink()
                for folder in (*old.iterdir(), old):
                    with contextlib.suppress(OSError):
                        folder.rmdir()  # only when empty
    except OSError:
        pass


# -- library files ------------------------------------------------------------------


_signature_memo: list[str] = []


def _code_signature() -> str:
    if _signature_memo:  # the code does not change while it runs
        return _signature_memo[0]
    parts = []
    for pattern in _SHAPE_MODULES:
        # a package's modules by a pattern, so a new one of them counts without a list to keep
        for path in sorted(_HERE.glob(pattern)) or [_HERE / pattern]:
            name = path.relative_to(_HERE).as_posix()
            try:
                st = path.stat()
                parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
            except OSError:
                parts.append(name)
    _signature_memo.append("|".join(parts))
    return _signature_memo[0]


def _library_entry(folder: Path) -> tuple[Path, str] | None:
    """The cache file of a library folder and the key its entry must have."""
    root = cache_root()
    if root is None:
        return None
    where = str(folder.resolve())
    name = hashlib.sha1(where.encode("utf-8")).hexdigest()[:16]
    return root / f"library-{name}.json", f"{where}\n{_code_signature()}"


def library_cached(folder: Path) -> bool:
    """Whether the cache folder has a parse of the library folder (of this code): what a cold run lacks."""
    entry = _library_entry(folder)
    return entry is not None and entry[0].is_file()


def forget(folder: Path) -> None:
    """Remove the cached parse of a library folder that will not be read again (a temporary copy)."""
    entry = _library_entry(folder)
    if entry is not None:
        with contextlib.suppress(OSError):
            entry[0].unlink()


def _content_decoder() -> Callable[[object], object] | None:
    from .library import FileContent

    try:
        return decoder(FileContent)
    except Exception:  # a field of a type the cache does not handle (or cannot name): no cache
        return None


def parse_files(folder: Path, files: list[Path], parse: Callable[[Path], T],
                on_error: Callable[[Path, Exception], T | None] | None = None, *, keep_from: int = 1,
                others: Iterable[Path] = ()) -> list[T]:
    """``parse(f)`` for each file, reusing the cached result of a file whose bytes have not changed.

    Without ``on_error`` the first file that fails stops the run with its error.
    With it, ``on_error(path, error)`` is called instead (for a ``DraftError``) and
    what it returns, unless None, stands for the file; that value is never cached.
    The cache is written again when at least ``keep_from`` files were parsed (or
    files were added or removed): a caller that runs often may leave a file or two
    to be parsed again rather than write the whole library's entry each time.
    ``others`` are files of the folder not wanted now (lint has them from its
    index): their entries are kept as they are.
    """
    from .errors import DraftError
    from .library import FileContent

    entry = _library_entry(folder)
    if entry is not None and len(files) < keep_from and _all_newer(files, entry[0]):
        # A file or two, each changed after the entry was written (a pre-commit run): the entry
        # cannot hold them, and would not be written again for so few.
        entry = None
    found = read(entry[0], "library", entry[1]) if entry is not None else None
    old = found[1] if found is not None and type(found[1]) is dict else {}
    decode = _content_decoder() if old else None
    new: dict[str, list] = {key: old[key] for key in map(str, others) if key in old}
    out: list[T] = []
    changed = 0
    for path in files:
        try:
            checksum = digest(path.read_bytes())
        except OSError:  # parse reports the file's problem in its own words
            checksum = None
        key = str(path)
        hit = old.get(key)
        value = None
        if checksum is not None and decode is not None and type(hit) is list and len(hit) == 2 \
                and hit[0] == checksum:
            try:
                value = decode(hit[1])
            except Exception:  # Invalid, or a constructor refusing the values: parsed again
                value = None
        if value is not None:
            new[key] = hit
            out.append(value)
            continue
        changed += 1
        try:
            value = parse(path)
        except DraftError as exc:
            if on_error is None:
                raise
            replacement = on_error(path, exc)
            if replacement is not None:
                out.append(replacement)
            continue
        if checksum is not None and isinstance(value, FileContent):
            try:
                new[key] = [checksum, plain(value)]
            except (TypeError, RecursionError):
                pass
        out.append(value)
    if entry is not None and (changed >= keep_from or old.keys() != new.keys()):
        if found is None:
            drop_legacy(entry[0].parent)  # first run of this code on this folder
        write(entry[0], "library", entry[1], "", new)
    return out


def _all_newer(files: list[Path], entry: Path) -> bool:
    """Whether every one of ``files`` was modified after the cache file ``entry`` (True if there is none)."""
    try:
        written = entry.stat().st_mtime_ns
        return all(f.stat().st_mtime_ns > written for f in files)
    except OSError:
        return True


# -- compiled templates -------------------------------------------------------------
#
# Compiling a template (the Word document's XML, a snippet with {% if %}) costs more
# than rendering it: about 10 ms of a 165 ms ``draft plan``. Compiled code is code, so
# it is never read from the cache folder. It is kept beside the program's own byte
# code instead, in the package's ``__pycache__``: whoever can write there can change
# the program itself, so what is read from there is trusted exactly as far as the
# .pyc files Python loads from the same folder, and no further. Where that folder is
# read-only (installed by an administrator) templates are compiled on every run.

_CODE_MAGIC = b"drafting compiled template 1\n"
# Code generation depends on the environment classes and their checks, not only on Jinja.
_CODE_MODULES = ("sandbox.py", "render.py", "cache.py")
_code_signature_memo: list[str] = []


def _code_path(key: str) -> tuple[Path, bytes] | None:
    """Where the code of ``key`` is kept, and the header its file must start with."""
    if cache_root() is None:  # DRAFT_CACHE_DIR=off: no cache of any kind
        return None
    if not _code_signature_memo:
        parts = []
        for name in _CODE_MODULES:
            try:
                st = (_HERE / name).stat()
                parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
            except OSError:
                parts.append(name)
        _code_signature_memo.append("|".join(parts))
    name = hashlib.sha1(f"{key}\n{_code_signature_memo[0]}".encode("utf-8")).hexdigest()
    folder = _HERE / "__pycache__" / f"jinja-{sys.implementation.cache_tag}"
    return folder / f"{name}.code", _CODE_MAGIC + name.encode("ascii") + b"\n"


def _shared(folder: Path) -> bool:
    """Whether others than the program's owner may write ``folder`` (a careless umask): then it is not used."""
    if os.name != "posix":
        return False
    for where in (folder, folder.parent):
        try:
            if where.stat().st_mode & 0o022:
                return True
        except OSError:
            pass
    return False


def code_get(key: str) -> types.CodeType | None:
    """The compiled code stored for ``key`` beside the program, or None."""
    import marshal

    where = _code_path(key)
    if where is None:
        return None
    path, header = where
    try:
        data = path.read_bytes()
        if not data.startswith(header) or _shared(path.parent):
            return None
        code = marshal.loads(data[len(header):])
    except Exception:  # missing, or damaged: compiled again
        return None
    return code if isinstance(code, types.CodeType) else None


def code_put(key: str, code: types.CodeType) -> None:
    """Store compiled code for ``key`` beside the program; silently nothing where that cannot be written."""
    import marshal

    where = _code_path(key)
    if where is None:
        return
    try:
        data = marshal.dumps(code)
    except ValueError:  # not marshallable: simply not stored
        return
    try:
        where[0].parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    except OSError:
        return
    if not _shared(where[0].parent):
        write_bytes(where[0], where[1] + data)
