"""A parse cache for library folders: the validated contents of unchanged files are reused.

Validating a file (YAML, schema, Jinja syntax and parameter names) costs far more
than reading back its result, and a unit's library changes rarely. Each folder's
cache maps a file to its (mtime, size) and its parsed content; a file whose
signature differs is parsed again. Errors are never cached: a broken file fails
on every run. The cache is only an optimisation — any problem with it (missing,
unreadable, stale format, read-only disk) falls back to parsing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

_FORMAT = 1
_HERE = Path(__file__).resolve().parent
# The parsed values are instances of these modules' classes: a change to them
# must not be read back from an old cache.
_SHAPE_MODULES = ("model.py", "library.py", "yamlfile.py", "sandbox.py", "cache.py")


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


def _code_signature() -> str:
    parts = []
    for name in _SHAPE_MODULES:
        try:
            st = (_HERE / name).stat()
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
        except OSError:
            parts.append(name)
    return "|".join(parts)


def _cache_file(folder: Path) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    where = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:12]
    code = hashlib.sha1(f"{_FORMAT}|{_code_signature()}".encode("utf-8")).hexdigest()[:12]
    return root / f"library-{where}-{code}.pickle"


def _drop_outdated(cache_file: Path) -> None:
    """Remove the folder's caches written by other versions of the code: they are never read again."""
    folder_part = cache_file.name.rsplit("-", 1)[0]
    for other in cache_file.parent.glob(f"{folder_part}-*.pickle"):
        if other != cache_file:
            try:
                other.unlink()
            except OSError:
                pass


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        return data if isinstance(data, dict) else {}
    except Exception:  # a damaged or foreign cache is simply rebuilt
        return {}


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


def _write(path: Path, data: dict) -> None:
    write_bytes(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def parse_files(folder: Path, files: list[Path], parse: Callable[[Path], T],
                on_error: Callable[[Path, Exception], T | None] | None = None) -> list[T]:
    """``parse(f)`` for each file, reusing cached results for files that have not changed.

    Without ``on_error`` the first file that fails stops the run with its error.
    With it, ``on_error(path, error)`` is called instead (for a ``DraftError``) and
    what it returns, unless None, stands for the file; that value is never cached.
    """
    from .errors import DraftError

    cache_file = _cache_file(folder)
    old = _read(cache_file) if cache_file else {}
    if cache_file is not None and not old:
        _drop_outdated(cache_file)  # first run of this code on this folder
    new: dict[str, tuple[tuple[int, int], T]] = {}
    out: list[T] = []
    changed = False
    for path in files:
        st = path.stat()
        signature = (st.st_mtime_ns, st.st_size)
        key = str(path)
        hit = old.get(key)
        if hit is not None and hit[0] == signature:
            value = hit[1]
        else:
            changed = True
            try:
                value = parse(path)
            except DraftError as exc:
                if on_error is None:
                    raise
                replacement = on_error(path, exc)
                if replacement is not None:
                    out.append(replacement)
                continue
        new[key] = (signature, value)
        out.append(value)
    if cache_file is not None and (changed or old.keys() != new.keys()):
        _write(cache_file, new)
    return out


# -- compiled Jinja templates ---------------------------------------------------
#
# Compiling a template (the Word document's XML, a snippet with {% if %}) costs
# more than rendering it. Code objects are stored with marshal, keyed by the
# source and everything that changes the generated code; the Python version is
# part of the folder name because marshal's format is version-specific.


def _code_file(key: str) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    return root / f"jinja-{sys.implementation.cache_tag}" / key[:2] / f"{key}.code"


def code_get(key: str):
    """A cached code object, or None."""
    import marshal

    path = _code_file(key)
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except Exception:  # missing, damaged or foreign: compile again
        return None


def code_put(key: str, code) -> None:
    """Store a code object; silently does nothing where the cache cannot be written."""
    import marshal

    path = _code_file(key)
    if path is None:
        return
    try:
        data = marshal.dumps(code)
    except ValueError:  # not marshallable: simply not cached
        return
    write_bytes(path, data)
