"""Search the snippet library by relevance (``draft snippets search``): BM25 over words.

Snippet texts are cut into words by ``segment`` (jieba with the library's domain
terms, so 三会一课 stays one word) and indexed by field: a word in the lead or the
tags weighs ``FIELD_WEIGHTS`` times a word of the body, the category's own name
counts too. Queries are scored with Okapi BM25 (k1 = 1.2, b = 0.75) on those
weighted frequencies. A query word the library never uses whole (jieba may cut a
query differently from a sentence) is replaced by the library's words inside it.

Cutting 5,000 snippets into words takes seconds, so the index is kept in the
cache folder (``cache.cache_root``) as checked plain data (see ``cache``), keyed
by the library's folders and this code, with a checksum of every library file:
while nothing has changed a search reads the index and never loads the library.
When something has, the index is rebuilt from the validated library, and only
texts that changed are cut again. An index that fails its checks (wrong shape,
postings pointing nowhere) is a miss, rebuilt from the library.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from . import cache
from .classify import plain
from .library import Library, library_files
from .model import Snippet

if TYPE_CHECKING:
    from .segment import Segmenter

__all__ = ["FIELD_WEIGHTS", "Hit", "Index", "build", "cached_index", "search"]

#: How much a word counts in each field, relative to the body.
FIELD_WEIGHTS = {"lead": 3.0, "tags": 3.0, "category": 2.0, "body": 1.0}
K1 = 1.2
B = 0.75
#: Longest word looked for inside a query word the library does not use whole.
LONGEST_WORD = 8
#: Characters of a snippet's lead or body cut into words and kept for excerpts. A snippet
#: is a paragraph (the bundled ones are under 500 characters); a longer text, such as a
#: whole document pasted into one snippet, is indexed by its beginning: cutting ten
#: megabytes into words would take most of a minute and a gigabyte of memory.
MAX_INDEXED = 20_000
_FORMAT = 6
_HERE = Path(__file__).resolve().parent
_SPACE = re.compile(r"\s+")
# ``{{ plenums }}`` (with or without a filter) shown as {plenums} in excerpts, not left out
_VARIABLE = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)[^}]*?-?\}\}")


@dataclass(frozen=True)
class Hit:
    """A snippet found by a search: what to show of it, and its score."""

    id: str
    category: str
    kind: str
    genres: tuple[str, ...]
    lead: str  # the lead, or the beginning of the body for snippets without one
    score: float
    excerpt: str  # the body around the first query word
    origin: str


def _plain(source: str) -> str:
    """A snippet source as a reader sees its words: Jinja tags left out, one line."""
    return _SPACE.sub("", plain(source))


def _shown(source: str) -> str:
    """A snippet source as an excerpt shows it: parameters as {name}, other tags left out."""
    return _plain(_VARIABLE.sub(r"{\1}", source))  # single braces are no Jinja tag: they stay


def _fields(snippet: Snippet) -> dict[str, str]:
    return {
        "lead": _plain((snippet.lead or "")[:2 * MAX_INDEXED])[:MAX_INDEXED],
        "tags": " ".join(snippet.tags),
        "category": snippet.category,
        "body": _plain("".join([snippet.body, *snippet.points])[:2 * MAX_INDEXED])[:MAX_INDEXED],
    }


def _too_long(snippet: Snippet) -> bool:
    """Whether only the beginning of ``snippet`` is indexed (see ``MAX_INDEXED``)."""
    return sum(len(t) for t in (snippet.lead or "", snippet.body, *snippet.points)) > MAX_INDEXED


def _key(fields: dict[str, str]) -> str:
    return hashlib.sha1("\x1f".join(fields.values()).encode("utf-8")).hexdigest()[:16]


class Index:
    """Weighted word frequencies of every snippet, by word: a BM25 inverted index.

    Kept in flat arrays (a word's postings are ``docs[starts[w]:starts[w + 1]]``
    with their ``weights``) so that reading it back from the cache is a few large
    copies instead of half a million small objects.
    """

    def __init__(self, *, rows: list[tuple], keys: list[str], words: list[str], starts: array,
                 docs: array, weights: array, lengths: array, bodies: list[str], terms: tuple[str, ...],
                 dictionary: tuple[dict[str, int], int], partial: tuple[str, ...] = ()) -> None:
        #: per snippet: id, category, kind, genres, lead, origin
        self.rows = rows
        self.keys = keys  # per snippet: a hash of its texts, to reuse its words when rebuilding
        self.words = words
        self.starts = starts
        self.docs = docs
        self.weights = weights
        self.lengths = lengths
        self.bodies = bodies  # per snippet: the plain body, for excerpts
        #: the domain terms the texts were cut with, and the dictionary queries are cut with
        self.terms = terms
        self.dictionary = dictionary
        self._number: dict[str, int] | None = None
        #: ids of the snippets longer than ``MAX_INDEXED``, indexed by their beginning only
        self.partial = partial

    def number(self, word: str) -> int | None:
        """The word's place in ``words``, or None if no snippet uses it."""
        if self._number is None:
            self._number = dict(zip(self.words, range(len(self.words))))
        return self._number.get(word)

    def categories(self) -> list[str]:
        """Category names in library order."""
        return list(dict.fromkeys(row[1] for row in self.rows))

    def frequencies(self) -> dict[str, dict[str, float]]:
        """Each text's weighted word frequencies, by text key (to reuse when rebuilding)."""
        out: dict[str, dict[str, float]] = {}
        for n, word in enumerate(self.words):
            for i in range(self.starts[n], self.starts[n + 1]):
                out.setdefault(self.keys[self.docs[i]], {})[word] = self.weights[i]
        return out

    def query_words(self, words: Sequence[str]) -> list[str]:
        """The query's words as the index knows them: unknown words become the known words inside them."""
        out: list[str] = []
        for word in words:
            word = word.lower()
            if self.number(word) is not None:
                out.append(word)
                continue
            i = 0
            while i < len(word):  # longest known word first, left to right
                for size in range(min(LONGEST_WORD, len(word) - i), 1, -1):
                    if self.number(word[i:i + size]) is not None:
                        out.append(word[i:i + size])
                        i += size
                        break
                else:
                    i += 1
        return list(dict.fromkeys(out))

    def search(self, words: Sequence[str], *, category: str | None = None, genre: str | None = None,
               limit: int = 10) -> list[Hit]:
        """The best ``limit`` snippets for the (already cut) query ``words``, best first."""
        words = self.query_words(words)
        if not words or not self.rows:
            return []
        n = len(self.rows)
        average = sum(self.lengths) / n or 1.0
        scores: dict[int, float] = {}
        for word in words:
            w = self.number(word)
            lo, hi = self.starts[w], self.starts[w + 1]
            idf = math.log(1 + (n - (hi - lo) + 0.5) / ((hi - lo) + 0.5))
            for doc, tf in zip(self.docs[lo:hi], self.weights[lo:hi]):
                norm = K1 * (1 - B + B * self.lengths[doc] / average)
                scores[doc] = scores.get(doc, 0.0) + idf * tf * (K1 + 1) / (tf + norm)
        hits = []
        for doc, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            sid, cat, kind, genres, lead, origin = self.rows[doc]
            if (category is not None and cat != category) or (genre is not None and genre not in genres):
                continue
            hits.append(Hit(sid, cat, kind, genres, lead, round(score, 3), _excerpt(self.bodies[doc], words),
                            origin))
            if len(hits) >= limit:
                break
        return hits


def _excerpt(body: str, words: Sequence[str], before: int = 12, width: int = 40) -> str:
    """The body around the first query word it contains (its beginning if none)."""
    lowered = body.lower()
    found = [p for p in (lowered.find(w) for w in words) if p >= 0]
    start = max(0, min(found) - before) if found else 0
    text = body[start:start + width]
    return ("……" if start else "") + text + ("……" if start + width < len(body) else "")


def build(lib: Library, segmenter: Segmenter, previous: Index | None = None) -> Index:
    """Index every snippet of ``lib``; texts unchanged since ``previous`` are not cut again."""
    known = previous.frequencies() if previous is not None else {}
    rows, keys, bodies = [], [], []
    partial: list[str] = []
    lengths = array("f")
    postings: dict[str, list[tuple[int, float]]] = {}
    for doc, snippet in enumerate(lib.snippets.values()):
        fields = _fields(snippet)
        key = _key(fields)
        tf = known.get(key)
        if tf is None:
            counts: Counter[str] = Counter()
            for name, text in fields.items():
                for word in segmenter.cut(text) if text else ():
                    counts[word.lower()] += FIELD_WEIGHTS[name]
            tf = dict(counts)
        for word, weight in tf.items():
            postings.setdefault(word, []).append((doc, weight))
        origin = str(snippet.origin) if snippet.origin else ""
        # a text longer than what is indexed is kept only as far as an excerpt can reach
        shown = _shown("".join([snippet.body, *snippet.points])[:2 * MAX_INDEXED])[:MAX_INDEXED + 64]
        if _too_long(snippet):
            partial.append(snippet.id)
        rows.append((snippet.id, snippet.category, snippet.kind, tuple(sorted(snippet.genres)),
                     _shown(snippet.lead or "") or shown[:24], origin))
        keys.append(key)
        bodies.append(shown)
        lengths.append(sum(tf.values()))
    words = list(postings)
    starts, docs, weights = array("I", [0]), array("I"), array("f")
    for word in words:
        for doc, weight in postings[word]:
            docs.append(doc)
            weights.append(weight)
        starts.append(len(docs))
    return Index(rows=rows, keys=keys, words=words, starts=starts, docs=docs, weights=weights, lengths=lengths,
                 bodies=bodies, terms=segmenter.terms, dictionary=segmenter.restricted(words),
                 partial=tuple(partial))


# -- the cache ----------------------------------------------------------------------


def _signature(folders: Sequence[Path]) -> tuple[str, str]:
    """The key of the folders' index (the folders, this code) and the checksum of their files."""
    code = [f"{name}:{(_HERE / name).stat().st_mtime_ns}" for name in ("search.py", "segment.py", "cache.py", "plaindata.py")]
    # arrays are kept as this machine's bytes
    machine = f"{sys.byteorder}:{array('I').itemsize}:{array('f').itemsize}"
    key = "\n".join([str(_FORMAT), machine, *code, *(str(f.resolve()) for f in folders)])
    sums = hashlib.sha256()
    for folder in folders:
        for path in library_files(folder):
            try:
                data = path.read_bytes()
            except OSError:  # the library's own loading reports it
                data = b""
            sums.update(f"{path}\0{cache.digest(data)}\0".encode("utf-8"))
    return key, sums.hexdigest()


def _cache_file(folders: Sequence[Path]) -> Path | None:
    root = cache.cache_root()
    if root is None:
        return None
    key = "|".join(str(f.resolve()) for f in folders)
    return root / f"search-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}.json"


def _plain_array(values: array) -> str:
    """An array as its bytes in base64: a few large copies to read back, not a number at a time."""
    import base64

    return base64.b64encode(values.tobytes()).decode("ascii")


def _array(typecode: str, text: object) -> array:
    """The array ``_plain_array`` stored; ValueError if it is not one."""
    import base64
    import binascii

    if type(text) is not str:
        raise ValueError("not an array")
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base64") from None
    values = array(typecode)
    values.frombytes(data)  # ValueError unless a whole number of items
    return values


def _plain_index(index: Index) -> dict:
    from .segment import dictionary_plain

    return {
        "rows": cache.plain(index.rows), "keys": index.keys, "words": index.words,
        **{name: _plain_array(getattr(index, name)) for name in ("starts", "docs", "weights", "lengths")},
        "bodies": index.bodies, "terms": list(index.terms), "dictionary": dictionary_plain(index.dictionary),
        "partial": list(index.partial),
    }


_ROW = tuple[str, str, str, tuple[str, ...], str, str]


def _index_from_plain(data: object) -> Index | None:
    """The index ``_plain_index`` stored, when every part has its shape and every posting its snippet."""
    from .segment import dictionary_from_plain

    if type(data) is not dict:
        return None
    try:
        rows = cache.decoder(list[_ROW])(data.get("rows"))
        keys, words, bodies = (cache.decoder(list[str])(data.get(k)) for k in ("keys", "words", "bodies"))
        terms, partial = (cache.decoder(tuple[str, ...])(data.get(k)) for k in ("terms", "partial"))
        starts, docs = _array("I", data.get("starts")), _array("I", data.get("docs"))
        weights, lengths = _array("f", data.get("weights")), _array("f", data.get("lengths"))
    except (cache.Invalid, ValueError):
        return None
    dictionary = dictionary_from_plain(data.get("dictionary"))
    n = len(rows)
    consistent = (
        dictionary is not None and len(keys) == len(bodies) == len(lengths) == n
        and len(starts) == len(words) + 1 and starts[0] == 0 and starts[-1] == len(docs) == len(weights)
        and all(a <= b for a, b in zip(starts, starts[1:])) and (not docs or max(docs) < n)
        # BM25 divides by tf + a length norm: both must be positive and finite (a sum
        # is finite only when no value is infinite or NaN)
        and (not weights or (math.isfinite(sum(weights)) and min(weights) > 0))
        and (not lengths or (math.isfinite(sum(lengths)) and min(lengths) >= 0))
    )
    if not consistent:
        return None
    return Index(rows=rows, keys=keys, words=words, starts=starts, docs=docs, weights=weights, lengths=lengths,
                 bodies=bodies, terms=terms, dictionary=dictionary, partial=partial)


def cached_index(folders: Sequence[Path], load: Callable[[], Library]) -> Index:
    """The index of the library in ``folders``: from the cache while no file changed, else rebuilt.

    ``load`` loads (and validates) the library; it is called only to rebuild, so a
    library with a broken file fails here with that file's error.
    """
    from .segment import segmenter  # jieba only for the jobs that cut text into words

    key, source = _signature(folders)
    cache_file = _cache_file(folders)
    found = cache.read(cache_file, "search-index", key) if cache_file is not None else None
    cached = _index_from_plain(found[1]) if found is not None else None
    if cached is not None and found[0] == source:
        return cached
    lib = load()
    cues = [w for c in lib.keywords.values() for w in (*c.heading, *c.words)]
    index = build(lib, segmenter(lib.terms + tuple(cues)), cached)
    if cache_file is not None:
        try:
            data = _plain_index(index)
        except TypeError:
            data = None
        if data is not None:
            cache.write(cache_file, "search-index", key, source, data)
    return index


def search(index: Index, query: str, **options) -> tuple[list[str], list[Hit]]:
    """Cut ``query`` as the library was cut and search; the words searched for, and the hits.

    The query is cut with the index's own dictionary: jieba's frequencies of the
    words the library uses (``Segmenter.restricted``), which loads in milliseconds
    where jieba's full list takes a tenth of a second.
    """
    from .segment import Segmenter

    words = index.query_words(Segmenter(index.terms, dictionary=index.dictionary).cut(query))
    return words, index.search(words, **options)
