"""The lint index: of each file, what the checks across files need, so a file lint does not render is not decoded in full.

A pre-commit run (``--changed``) renders one file or two, and a warm run renders
only the files changed since; every other file is needed only by the checks
across files (ids defined twice, references, governance, near-duplicates). Those
read a snippet's id, kind, category, genres, years, line and governance fields,
never its text: the near-duplicate pass knows a text by its fingerprint
(``dupes.fingerprint``), kept here too. Decoding the parse cache's full
snippets costs most of such a run; this index holds the rest, as columns.

One JSON file per repository folder in the cache folder, under the cache
folder's rules (``cache.write``/``cache.read``: plain data, checked on the way
back, never trusted; anything wrong is a miss). An entry is used only for a file
whose bytes have the checksum it was made from, and only by code of the same
version (every module of the package). It is written again when at least
``KEEP_FROM`` entries changed, so that a run with a file or two edited does not
write the whole index each time (those files are decoded in full anyway).

A light snippet's texts (``lead``, ``body``, ``points``) are empty: it is never
rendered, and lint uses it only where the texts are not read. The texts as the
near-duplicate pass compares them are kept in a second file, read only when a
new text may be similar to one of them.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .. import cache
from ..library import FileContent
from ..model import Origin, Snippet
from ..plaindata import decoder, plain

#: Version of the entries' shape; a change makes every entry a miss.
FORMAT = 1
#: Entries changed (or files added or removed) from which the index is written again.
KEEP_FROM = 3

#: The snippet fields kept, as columns, in this order; the rest are the texts (left empty), genres, tags and the origin.
_KEPT = ("id", "category", "kind", "since", "until", "owner", "reviewed", "review_every", "source", "replaced_by")
_TEXTS = {"lead": None, "body": "", "points": (), "field_lines": ()}
_STR, _INT = {str}, {int}
_OPTIONAL_STR, _OPTIONAL_INT = {str, type(None)}, {int, type(None)}
#: what each kept column may hold
_TYPES = dict(id=_STR, category=_STR, kind=_STR, since=_OPTIONAL_INT, until=_OPTIONAL_INT, owner=_OPTIONAL_STR,
              reviewed=_OPTIONAL_STR, review_every=_OPTIONAL_INT, source=_OPTIONAL_STR, replaced_by=_OPTIONAL_STR)
_NAMES = tuple(f.name for f in fields(Snippet))
assert set(_NAMES) == set(_KEPT) | set(_TEXTS) | {"genres", "tags", "origin"}, "a Snippet field the index does not know"


_EMPTY = FileContent()
_EMPTY_PLAIN = plain(_EMPTY)


@dataclass(frozen=True)
class Light:
    """A file as the checks across files need it: its content with the snippets' texts left out, and their fingerprints."""

    content: FileContent
    fingerprints: tuple[str, ...]


def _encode(path: str, checksum: str, content: FileContent, fingerprints: tuple[str, ...],
            masks: tuple[str, ...]) -> list | None:
    snippets = content.snippets
    if len(fingerprints) != len(snippets) or len(masks) != len(snippets) \
            or any(s.origin is None or s.origin.path != path for s in snippets):
        return None
    try:
        rest = plain(replace(content, snippets=()))
    except (TypeError, RecursionError):
        return None
    columns = [[getattr(s, name) for s in snippets] for name in _KEPT]
    columns.append([sorted(s.genres) for s in snippets])
    columns.append([list(s.tags) for s in snippets])
    columns.append([s.origin.line for s in snippets])
    return [checksum, rest, columns, list(fingerprints), list(masks)]


def _of(col: object, allowed: set, n: int) -> bool:
    return type(col) is list and len(col) == n and set(map(type, col)) <= allowed


def _decode(path: str, raw: list, rest_decoder) -> Light:
    """An entry back as a ``Light``; raises on anything that is not exactly the shape ``_encode`` writes."""
    _, rest, columns, fps, masks = raw
    if type(columns) is not list or len(columns) != len(_KEPT) + 3 or type(fps) is not list:
        raise ValueError("not an index entry")
    n = len(fps)
    if not _of(fps, _STR, n) or not _of(masks, _STR, n) or not all(_of(col, _TYPES[name], n) for name, col in zip(_KEPT, columns)):
        raise ValueError("not an index entry")
    genres_col, tags_col, lines = columns[-3:]
    if not _of(lines, _OPTIONAL_INT, n) or not all(
            _of(col, {list}, n) and set(map(type, itertools.chain.from_iterable(col))) <= _STR
            for col in (genres_col, tags_col)):
        raise ValueError("not an index entry")
    # most files hold snippets and nothing else: their rest is that of an empty file
    content = _EMPTY if rest == _EMPTY_PLAIN else rest_decoder(rest)
    if content.snippets:
        raise ValueError("not an index entry")
    # One frozenset per distinct set of genres, one Origin per snippet; each snippet's fields set at
    # once, as plaindata builds the objects it has checked (a Snippet validates nothing itself).
    sets: dict[tuple[str, ...], frozenset[str]] = {}
    genres = [sets.setdefault(tuple(g), frozenset(g)) for g in genres_col]
    new, set_attribute = object.__new__, object.__setattr__
    origins = list(map(new, itertools.repeat(Origin, n)))
    list(map(set_attribute, origins, itertools.repeat("__dict__"), ({"path": path, "line": line} for line in lines)))
    names = (*_KEPT, "genres", "tags", "origin", *_TEXTS)
    rows = zip(*columns[:-3], genres, map(tuple, tags_col), origins, *map(itertools.repeat, _TEXTS.values()))
    states = list(map(dict, map(zip, itertools.repeat(names), rows)))
    snippets = list(map(new, itertools.repeat(Snippet, n)))
    list(map(set_attribute, snippets, itertools.repeat("__dict__"), states))
    return Light(replace(content, snippets=tuple(snippets)), tuple(fps))


class Index:
    """The lint index of one repository folder: read once, written at the end of a run if enough changed."""

    def __init__(self, folder: Path, version: str) -> None:
        root = cache.cache_root()
        where = str(folder.resolve())
        self._path: Path | None = None
        self._raw: dict = {}
        self._new: dict[str, list] = {}
        self._changed = 0
        self._texts: dict[str, str] | None = None
        if root is None:
            return
        name = f"lintindex-{hashlib.sha1(where.encode('utf-8')).hexdigest()[:16]}"
        self._path = root / f"{name}.json"
        self._texts_path = root / f"{name}-texts.json"
        self._key = f"{where}\n{FORMAT}\n{version}"
        found = cache.read(self._path, "lintindex", self._key)
        if found is not None and type(found[1]) is dict:
            self._raw = found[1]

    def get(self, path: str, checksum: str | None) -> Light | None:
        """The light form of the file ``path`` if its checksum is ``checksum``; None for a miss."""
        raw = self._raw.get(path)
        if checksum is None or type(raw) is not list or len(raw) != 5 or raw[0] != checksum:
            return None
        try:
            light = _decode(path, raw, decoder(FileContent))
        except Exception:  # Invalid, ValueError, a constructor refusing the values: decoded in full
            return None
        self._new[path] = raw
        return light

    def put(self, path: str, checksum: str | None, content: FileContent, fingerprints: tuple[str, ...],
            masks: tuple[str, ...]) -> None:
        """Keep the file ``path`` (decoded in full, with checksum ``checksum``) for the next run."""
        if checksum is None:
            return
        old = self._raw.get(path)
        if type(old) is list and len(old) == 5 and old[0] == checksum and old[3] == list(fingerprints) \
                and old[4] == list(masks):
            self._new[path] = old
            return
        entry = _encode(path, checksum, content, fingerprints, masks)
        if entry is not None:
            self._new[path] = entry
            self._changed += 1

    def texts(self) -> dict[str, str]:
        """The texts of the index's snippets by fingerprint, kept in a file of their own: read only when one is needed."""
        if self._texts is None:
            self._texts = {}
            found = cache.read(self._texts_path, "linttexts", self._key) if self._path is not None else None
            if found is not None and type(found[1]) is dict:
                self._texts = {fp: text for fp, text in found[1].items() if type(text) is str}
        return self._texts

    def masks(self) -> dict[str, str]:
        """The shingle masks the index file holds, by fingerprint (``dupes``'s state keeps the others).

        A mask depends on its text alone: an entry's masks hold even when the file has changed since.
        """
        return _masks(self._raw)

    def save(self, files: list[Path], texts: dict[str, str]) -> dict[str, str]:
        """Write the index of ``files`` (those of the repository now) if enough of it changed.

        ``texts`` are the texts at hand by fingerprint (those of the files decoded
        in full); the others the texts file has already. Returns the masks (by
        fingerprint) the index file holds now, which the near-duplicate state then
        need not keep.
        """
        if self._path is None:
            return {}
        keys = {str(f) for f in files}
        if self._changed >= KEEP_FROM or self._raw.keys() - keys or (self._changed and not self._raw):
            kept = {k: v for k, v in self._new.items() if k in keys}
            wanted = [fp for raw in kept.values() for fp in raw[3]]
            if any(fp not in texts for fp in wanted):
                texts = {**self.texts(), **texts}
            # the texts first: an index whose texts are missing costs time, never a wrong result
            cache.write(self._texts_path, "linttexts", self._key, "", {fp: texts[fp] for fp in wanted if fp in texts})
            cache.write(self._path, "lintindex", self._key, "", kept)
        else:
            kept = self._raw
        return _masks(kept)


def _masks(entries: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in entries.values():
        if type(raw) is list and len(raw) == 5 and type(raw[3]) is list and type(raw[4]) is list \
                and len(raw[3]) == len(raw[4]):
            out.update(zip(raw[3], raw[4]))
    return out  # their types are checked where they are used (``dupes``)
