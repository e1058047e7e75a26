"""Search the snippet library by relevance (``draft snippets search``): BM25 over words.

Snippet texts are cut into words by ``segment`` (jieba with the library's domain
terms, so 三会一课 stays one word) and indexed by field: a word in the lead or the
tags weighs ``FIELD_WEIGHTS`` times a word of the body, the category's own name
counts too. Queries are scored with Okapi BM25 (k1 = 1.2, b = 0.75) on those
weighted frequencies. A query word the library never uses whole (jieba may cut a
query differently from a sentence) is replaced by the library's words inside it.

Cutting 5,000 snippets into words takes seconds, so the index is kept in the
cache folder (``cache.cache_root``), keyed by the library's folders and checked
against every file's size and modification time: while nothing has changed a
search reads the index and never loads the library. When something has, the
index is rebuilt from the validated library, and only texts that changed are cut
again.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .cache import cache_root, write_bytes
from .library import Library, library_files
from .model import Snippet

__all__ = ["FIELD_WEIGHTS", "Hit", "Index", "build", "cached_index"]

#: How much a word counts in each field, relative to the body.
FIELD_WEIGHTS = {"lead": 3.0, "tags": 3.0, "category": 2.0, "body": 1.0}
K1 = 1.2
B = 0.75
#: Longest word looked for inside a query word the library does not use whole.
LONGEST_WORD = 8
_FORMAT = 1
_HERE = Path(__file__).resolve().parent
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_SPACE = re.compile(r"\s+")


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
    return _SPACE.sub("", _JINJA.sub("", source))


def _fields(snippet: Snippet) -> dict[str, str]:
    return {
        "lead": _plain(snippet.lead or ""),
        "tags": " ".join(snippet.tags),
        "category": snippet.category,
        "body": _plain("".join([snippet.body, *snippet.points])),
    }


def _key(fields: dict[str, str]) -> str:
    return hashlib.sha1("\x1f".join(fields.values()).encode("utf-8")).hexdigest()[:16]


class Index:
    """Weighted word frequencies of every snippet, by word (a BM25 inverted index)."""

    def __init__(self, rows: list[tuple], keys: list[str], postings: dict[str, tuple[tuple[int, float], ...]],
                 lengths: list[float], terms: tuple[str, ...]) -> None:
        #: per snippet: id, category, kind, genres, lead, plain body, origin
        self.rows = rows
        self.keys = keys
        self.postings = postings
        self.lengths = lengths
        #: the domain terms the texts were cut with: queries must be cut the same way
        self.terms = terms

    def categories(self) -> list[str]:
        """Category names in library order."""
        return list(dict.fromkeys(row[1] for row in self.rows))

    def frequencies(self) -> dict[str, dict[str, float]]:
        """Each text's weighted word frequencies, by text key (to reuse when rebuilding)."""
        out: dict[str, dict[str, float]] = {}
        for word, posting in self.postings.items():
            for doc, tf in posting:
                out.setdefault(self.keys[doc], {})[word] = tf
        return out

    def query_words(self, words: Sequence[str]) -> list[str]:
        """The query's words as the index knows them: unknown words become the known words inside them."""
        out: list[str] = []
        for word in words:
            word = word.lower()
            if word in self.postings:
                out.append(word)
                continue
            i = 0
            while i < len(word):  # longest known word first, left to right
                for size in range(min(LONGEST_WORD, len(word) - i), 1, -1):
                    if word[i:i + size] in self.postings:
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
        scores: Counter[int] = Counter()
        for word in words:
            posting = self.postings[word]
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for doc, tf in posting:
                norm = K1 * (1 - B + B * self.lengths[doc] / average)
                scores[doc] += idf * tf * (K1 + 1) / (tf + norm)
        hits = []
        for doc, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            sid, cat, kind, genres, lead, body, origin = self.rows[doc]
            if (category is not None and cat != category) or (genre is not None and genre not in genres):
                continue
            hits.append(Hit(sid, cat, kind, genres, lead, round(score, 3), _excerpt(body, words), origin))
            if len(hits) >= limit:
                break
        return hits


def _excerpt(body: str, words: Sequence[str], before: int = 12, width: int = 40) -> str:
    """The body around the first query word it contains (its beginning if none)."""
    found = [p for p in (body.lower().find(w) for w in words) if p >= 0]
    start = max(0, min(found) - before) if found else 0
    text = body[start:start + width]
    return ("……" if start else "") + text + ("……" if start + width < len(body) else "")


def build(lib: Library, cut: Callable[[str], list[str]], terms: tuple[str, ...],
          previous: Index | None = None) -> Index:
    """Index every snippet of ``lib``; texts unchanged since ``previous`` are not cut again."""
    known = previous.frequencies() if previous is not None else {}
    rows, keys, lengths = [], [], []
    postings: dict[str, list[tuple[int, float]]] = {}
    for doc, snippet in enumerate(lib.snippets.values()):
        fields = _fields(snippet)
        key = _key(fields)
        tf = known.get(key)
        if tf is None:
            counts: Counter[str] = Counter()
            for name, text in fields.items():
                for word in cut(text) if text else ():
                    counts[word.lower()] += FIELD_WEIGHTS[name]
            tf = dict(counts)
        for word, weight in tf.items():
            postings.setdefault(word, []).append((doc, weight))
        lead = fields["lead"] or fields["body"][:24]
        origin = str(snippet.origin) if snippet.origin else ""
        rows.append((snippet.id, snippet.category, snippet.kind, tuple(sorted(snippet.genres)), lead,
                     fields["body"], origin))
        keys.append(key)
        lengths.append(sum(tf.values()))
    return Index(rows, keys, {w: tuple(p) for w, p in postings.items()}, lengths, terms)


# -- the cache ----------------------------------------------------------------------


def _signature(folders: Sequence[Path]) -> tuple:
    """Everything the index depends on: this code, and each library file's size and time."""
    code = tuple((name, (_HERE / name).stat().st_mtime_ns) for name in ("search.py", "segment.py"))
    files = []
    for folder in folders:
        for path in library_files(folder):
            st = path.stat()
            files.append((str(path), st.st_mtime_ns, st.st_size))
    return (_FORMAT, code, tuple(files))


def _cache_file(folders: Sequence[Path]) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    key = "|".join(str(f.resolve()) for f in folders)
    return root / f"search-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}.pickle"


def _read(path: Path) -> tuple | None:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except Exception:  # missing, damaged or foreign: rebuilt
        return None
    return data if isinstance(data, tuple) and len(data) == 2 and isinstance(data[1], Index) else None


def cached_index(folders: Sequence[Path], load: Callable[[], Library]) -> Index:
    """The index of the library in ``folders``: from the cache while no file changed, else rebuilt.

    ``load`` loads (and validates) the library; it is called only to rebuild, so a
    library with a broken file fails here with that file's error.
    """
    from .segment import segmenter  # jieba: only for searching

    signature = _signature(folders)
    cache_file = _cache_file(folders)
    cached = _read(cache_file) if cache_file is not None else None
    if cached is not None and cached[0] == signature:
        return cached[1]
    lib = load()
    cues = [w for c in lib.keywords.values() for w in (*c.heading, *c.words)]
    terms = tuple(dict.fromkeys(lib.terms + tuple(cues)))
    index = build(lib, segmenter(terms).cut, terms, cached[1] if cached is not None else None)
    if cache_file is not None:
        write_bytes(cache_file, pickle.dumps((signature, index), protocol=pickle.HIGHEST_PROTOCOL))
    return index


def search(index: Index, query: str, **options) -> tuple[list[str], list[Hit]]:
    """Cut ``query`` as the library was cut and search; the words searched for, and the hits."""
    from .segment import segmenter

    words = index.query_words(segmenter(index.terms).cut(query))
    return words, index.search(words, **options)
