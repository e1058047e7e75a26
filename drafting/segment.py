"""Word segmentation (jieba) for sorting harvested text, started as fast as it can be.

jieba is imported here and nowhere else, and only by the jobs that need words
(``draft ingest``): every other command starts without it. Out of the box jieba
costs about a second per process on these machines (2–3 s on an office PC): its
``_compat`` module imports ``pkg_resources`` (~120 ms) only to open its own data
files, and it builds a prefix dictionary of 500,000 entries from its 5 MB word
list (~0.8 s), whose marshal cache takes about as long to load again.

What is done instead (numbers from ``bench/bench_classify.py``):

* ``pkg_resources`` is hidden while jieba is imported, so jieba takes its own
  fallback and opens its files by path;
* the dictionary keeps the words jieba has seen at least ``MIN_FREQ`` times, with
  their frequencies and jieba's total unchanged, so every kept word has the
  probability it has in the full dictionary; the dropped words are rare names and
  phrases that the HMM or the pieces cover. It is built once and kept in the
  cache folder (``cache.cache_root()``) as JSON, with a checksum of jieba's word
  list; what is read back is checked (words, counts ≥ 0) before jieba sees it, and
  anything else is built again (see ``cache``). Without a usable cache it is
  built in memory;
* the domain terms of the library (``terms``, and the category cue words) are
  added to each segmenter with a frequency high enough that they come out whole;
* a corpus cut again on every run (the library's snippets, which the classifier
  learns from) is cut once: ``Segmenter.cut_many`` keeps the words of the texts
  it was last given in the cache folder, keyed by everything that decides the cut
  (jieba's version and dictionary, ``min_freq``, the terms).
"""

from __future__ import annotations

import hashlib
import sys
import threading
from array import array
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from . import cache

if TYPE_CHECKING:
    import jieba

__all__ = ["MIN_FREQ", "Segmenter", "segmenter"]

#: Words of jieba's list seen fewer times than this are left out (136,547 of 349,046 kept).
MIN_FREQ = 5
#: The least frequency a domain term gets: enough to win over the words it overlaps
#: (党风 + 廉政建设 against 党风廉政 + 建设), far below common words.
TERM_FREQ = 50_000
_FORMAT = 1
_lock = threading.Lock()


def _import_jieba():
    """jieba, imported without ``pkg_resources`` (it only needs it to find its own files)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails → fallback
    try:
        import jieba
    finally:
        if hide and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _dict_path(jieba_module) -> Path:
    return Path(jieba_module.__file__).resolve().parent / "dict.txt"


def _build(dict_path: Path, min_freq: int) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary of the words seen at least ``min_freq`` times, and its total."""
    freq: dict[str, int] = {}
    total = 0
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) < 2:
                continue
            word, count = parts[0], int(parts[1])
            total += count  # of every word: kept words keep their full-dictionary probability
            if count < min_freq:
                continue
            freq[word] = count
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)
    return freq, total


@lru_cache(maxsize=None)
def _dictionary_id(min_freq: int) -> tuple[str, str] | None:
    """What a cached dictionary must be for: its key (jieba's version, word list, ``min_freq``) and the
    checksum of the word list; None when the list cannot be read."""
    jieba_module = _import_jieba()
    dict_path = _dict_path(jieba_module)
    try:
        source = cache.digest(dict_path.read_bytes())
    except OSError:
        return None
    return f"{_FORMAT}|{jieba_module.__version__}|{dict_path}|{min_freq}", source


def _cache_file(kind: str, key: str) -> Path | None:
    root = cache.cache_root()
    if root is None:
        return None
    return root / f"{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}.json"


def _load(path: Path, key: str, source: str) -> tuple[dict[str, int], int] | None:
    """A dictionary stored by ``_store`` for ``key`` from ``source``, checked; None for anything else."""
    import gc

    # Reading back half a million strings: the cyclic collector would walk the growing
    # dict again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        found = cache.read(path, "jieba-dictionary", key)
    finally:
        if enabled:
            gc.enable()
    if found is None or found[0] != source:
        return None
    return dictionary_from_plain(found[1])


def dictionary_from_plain(data: object) -> tuple[dict[str, int], int] | None:
    """A dictionary as ``dictionary_plain`` stores it, checked for what jieba needs; None if it is not one."""
    if type(data) is not dict:
        return None
    freq, total = data.get("freq"), data.get("total")
    if type(freq) is not dict or type(total) is not int or total <= 0:
        return None
    try:
        counts = array("q", freq.values())  # TypeError or OverflowError unless every count is an int
    except (TypeError, OverflowError):
        return None
    if counts and min(counts) < 0:  # jieba takes the logarithm of each count
        return None
    return freq, total


def dictionary_plain(dictionary: tuple[dict[str, int], int]) -> dict:
    """A dictionary (``Segmenter.restricted``, ``_base``) as plain data for the cache."""
    return {"freq": dictionary[0], "total": dictionary[1]}


def _store(path: Path, key: str, source: str, data: tuple[dict[str, int], int]) -> None:
    cache.write(path, "jieba-dictionary", key, source, dictionary_plain(data))


@lru_cache(maxsize=None)
def _base(min_freq: int) -> tuple[dict[str, int], int]:
    """The prefix dictionary, loaded (or built and stored) once per process."""
    jieba_module = _import_jieba()
    found = _dictionary_id(min_freq)
    cache_file = _cache_file("jieba", found[0]) if found is not None else None
    data = _load(cache_file, *found) if cache_file is not None else None
    if data is None:
        data = _build(_dict_path(jieba_module), min_freq)
        if cache_file is not None:
            _store(cache_file, *found, data)
    return data


class Segmenter:
    """Cuts Chinese text into words, keeping the given domain terms whole.

    ``dictionary`` (from ``restricted``) replaces jieba's word list with a small one
    of one's own, which loads in a fraction of the time.
    """

    def __init__(self, terms: Iterable[str] = (), *, min_freq: int = MIN_FREQ,
                 dictionary: tuple[dict[str, int], int] | None = None) -> None:
        jieba_module = _import_jieba()
        tokenizer = jieba_module.Tokenizer()
        tokenizer.initialized = True
        self.terms = tuple(dict.fromkeys(t for t in terms if t))
        if dictionary is not None:
            tokenizer.FREQ, tokenizer.total = dictionary
        else:
            freq, total = _base(min_freq)
            # A copy: adding terms must not change the dictionary other segmenters share.
            tokenizer.FREQ, tokenizer.total = dict(freq), total
            for term in sorted(self.terms, key=len):
                tokenizer.add_word(term, max(TERM_FREQ, tokenizer.suggest_freq(term)))
        self._tokenizer: jieba.Tokenizer = tokenizer
        self._min_freq = min_freq

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` in order, punctuation and spaces dropped."""
        return [w for w in self._tokenizer.lcut(text) if w.strip() and _is_word(w)]

    def restricted(self, words: Iterable[str]) -> tuple[dict[str, int], int]:
        """The part of this segmenter's dictionary that holds ``words``: for ``Segmenter(dictionary=…)``.

        Every word keeps its frequency and the total stays the same, so a text made
        of these words is cut as this segmenter would cut it; words outside the list
        are left to jieba's HMM, as unknown words always are.
        """
        full = self._tokenizer.FREQ
        freq: dict[str, int] = {}
        for word in (*words, *self.terms):
            if full.get(word):
                freq[word] = full[word]
        for word in list(freq):
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)
        return freq, self._tokenizer.total

    def cut_many(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """The words of each text, as ``cut`` gives them; the texts cut on an earlier
        run with the same terms are read back from the cache instead."""
        where = self._cuts_file()
        found = cache.read(where[0], "jieba-cuts", where[1]) if where is not None else None
        old = found[1] if found is not None and found[0] == where[2] and type(found[1]) is dict else {}
        new: dict[str, tuple[str, ...]] = {}
        for text in dict.fromkeys(texts):
            words = _words(old.get(text))
            new[text] = words if words is not None else tuple(self.cut(text))
        if where is not None and new.keys() != old.keys():
            # only this corpus: texts no longer given are dropped
            cache.write(where[0], "jieba-cuts", where[1], where[2], {t: list(w) for t, w in new.items()})
        return [new[text] for text in texts]

    def _cuts_file(self) -> tuple[Path, str, str] | None:
        """Where this segmenter's cuts are kept, their key and the checksum of jieba's word list."""
        found = _dictionary_id(self._min_freq)
        if found is None:
            return None
        key = "\n".join((found[0], str(TERM_FREQ), *self.terms))
        path = _cache_file("cuts", key)
        return (path, key, found[1]) if path is not None else None


def _words(value: object) -> tuple[str, ...] | None:
    """Cached words of one text: a list of texts, or None."""
    if type(value) is not list:
        return None
    try:
        "".join(value)  # TypeError unless every item is a str
    except TypeError:
        return None
    return tuple(value)


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def segmenter(terms: Iterable[str] = (), *, min_freq: int = MIN_FREQ) -> Segmenter:
    """A segmenter for these terms, made once per process and term set."""
    key = (tuple(dict.fromkeys(terms)), min_freq)
    with _lock:
        found = _segmenters.get(key)
        if found is None:
            found = _segmenters[key] = Segmenter(key[0], min_freq=min_freq)
    return found


_segmenters: dict[tuple[tuple[str, ...], int], Segmenter] = {}
