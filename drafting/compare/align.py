"""Sentence alignment of two documents of one genre: what of the new one was carried over from the old.

A document's body (preamble or opening, section headings, items, closing; never
the title, speaker and date lines or signature, which change every year anyway)
is cut into sentences at 。！？； and line ends. Each sentence of the new document
is matched against all of the old one's, wherever they stand, so an item moved,
renumbered, split or merged still finds its sentences:

1. unchanged (``SAME``): equal once numbering (1．（一）一是), spaces and
   punctuation are left out — a hash lookup;
2. lightly edited (``LIGHT``): equal once the year-bound expressions ``yearrefs``
   finds (years, plenum lists, the five-year-plan phase, anniversaries, numbered
   events, campaigns) are masked on both sides;
3. edited (``EDITED``): a near-duplicate, the character shingles of the masked
   texts at least ``NEAR`` alike (``similar.ShingleIndex``, never all pairs);
4. otherwise new (``NEW``).

Pure: no I/O, no Word XML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Calendar, Outline, Paragraph

SAME = "same"
LIGHT = "light"
EDITED = "edited"
NEW = "new"
STATUSES = (SAME, LIGHT, EDITED, NEW)

#: Shingle similarity of two masked sentences at which the new one counts as an edit of the old.
NEAR = 0.5

# Units of a document's body.
PREAMBLE = "preamble"
HEADING = "heading"
ITEM = "item"
CLOSING = "closing"

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’\"」』）)]*|\n|$)")
# Numbering a sentence may start with: 1． （一） (1) 一是 二要 第一，
_NUMBERING = re.compile(
    r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、是要]"
    r"|第[一二三四五六七八九十]{1,3}\s*[，,、是])\s*")
_NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\x00]+")
#: Ｆｕｌｌ-width forms (U+FF01–FF5E) as their ASCII: what NFKC does to them, at a fraction of its cost
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_MASK = "\x00"
_MASKS = re.compile("\x00(?:精神|\x00)*")


@dataclass(frozen=True)
class Unit:
    """A block of a document's body: a preamble paragraph, a section heading, an item, a closing paragraph."""

    kind: str
    part: int  # which part of the document: 0 preamble, 1… the sections in order, then the closing
    text: str
    source: str | None = None  # "paragraph N", as parse recorded it
    lead: str | None = None
    number: int | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a unit: its text as written, its comparison keys and its size in characters."""

    unit: int  # index into the document's units
    text: str
    key: str  # numbering, spaces and punctuation left out
    masked: str  # the key with year-bound expressions masked
    size: int  # characters, spaces left out


@dataclass(frozen=True)
class Text:
    """A document ready to compare: its outline's units and their sentences, and the names of its parts."""

    outline: Outline
    units: tuple[Unit, ...]
    sentences: tuple[Sentence, ...]
    parts: tuple[str, ...]  # part names: 总体要求/开场, 一、……, 结尾


@dataclass(frozen=True)
class Pair:
    """A sentence of the new document and the old one it matches (``None`` for a new sentence)."""

    new: int  # index into the new document's sentences
    old: int | None
    status: str
    similarity: float = 1.0


def units(outline: Outline) -> tuple[list[Unit], list[str]]:
    """The body of ``outline`` as units, and the names of its parts (preamble, sections, closing)."""
    from ..numerals import section_label

    out: list[Unit] = []
    parts = ["总体要求" if outline.genre == "plan" else "开场"]
    out.extend(Unit(PREAMBLE, 0, text) for text in outline.preamble)
    for n, section in enumerate(outline.sections, 1):
        label = section_label(section.number) if 1 <= section.number <= 99 else ""
        parts.append(f"{label}{section.heading or '（无标题部分）'}")
        if section.heading:
            out.append(Unit(HEADING, n, section.heading, section.source))
        for item in section.items:
            text = f"{item.lead}。{item.text}" if item.lead else item.text
            out.append(Unit(ITEM, n, text, item.source, item.lead, item.number))
    parts.append("结尾")
    out.extend(Unit(CLOSING, len(parts) - 1, text) for text in outline.closing)
    return out, parts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends: cut after 。！？； (and closing quotes) and at line ends."""
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def key_of(text: str) -> str:
    """A sentence as compared: full-width letters and digits as ASCII, numbering at its start, spaces and
    punctuation left out."""
    return _NOT_TEXT.sub("", _NUMBERING.sub("", text.translate(_FULLWIDTH), count=1))


def prepare(outline: Outline, calendar: Calendar,
            memo: dict[str, tuple[tuple[int, int], ...]] | None = None) -> Text:
    """Cut ``outline``'s body into sentences with their keys, year-bound expressions masked.

    ``memo`` keeps the expressions found in each unit's text between calls: the
    documents of ten years share most of their paragraphs.
    """
    from ..yearrefs import find_references

    found, parts = units(outline)
    memo = {} if memo is None else memo
    for text in dict.fromkeys(u.text for u in found if u.text not in memo):
        memo[text] = tuple((r.start, r.end) for r in find_references([Paragraph(0, text)], calendar))
    sentences = []
    for n, u in enumerate(found):
        masks = memo[u.text]
        for start, end in split_sentences(u.text):
            raw = u.text[start:end]
            key = key_of(raw)
            if not key:
                continue
            masked = key
            inside = [(max(a, start) - start, min(b, end) - start) for a, b in masks if a < end and b > start]
            if inside:
                chars = list(raw)
                for a, b in sorted(inside, reverse=True):
                    chars[a:b] = [_MASK]
                masked = key_of("".join(chars))
                # one expression for another: 十九大和十九届六中全会精神 (精神 inside the plenum list) for 二十大精神
                masked = _MASKS.sub(_MASK, masked)
            sentences.append(Sentence(n, raw, key, masked, len("".join(raw.split()))))
    return Text(outline, tuple(found), tuple(sentences), tuple(parts))


def align(old: Text, new: Text, near: float | None = NEAR) -> list[Pair]:
    """Each sentence of ``new`` with the sentence of ``old`` it matches best, in ``new``'s order.

    An old sentence may match more than one new one (a sentence written twice is
    carried twice); among equal candidates the first not yet matched is taken.
    With ``near`` None near-duplicates are not looked for: a sentence not carried
    over is new.
    """
    exact: dict[str, list[int]] = {}
    masked: dict[str, list[int]] = {}
    for n, s in enumerate(old.sentences):
        exact.setdefault(s.key, []).append(n)
        masked.setdefault(s.masked, []).append(n)
    used: set[int] = set()
    pairs: list[Pair | None] = []
    for s in new.sentences:
        status, found = SAME, exact.get(s.key)
        if not found:
            status, found = LIGHT, masked.get(s.masked)
        if found:
            pick = next((n for n in found if n not in used), found[0])
            used.add(pick)
            pairs.append(Pair(len(pairs), pick, status))
        else:
            pairs.append(None)
    if near is None:
        return [p or Pair(n, None, NEW, 0.0) for n, p in enumerate(pairs)]
    if any(p is None for p in pairs):
        from ..similar import ShingleIndex

        index = ShingleIndex()
        for n, s in enumerate(old.sentences):
            index.add(str(n), s.masked.replace(_MASK, ""))
        for n, p in enumerate(pairs):
            if p is None:
                key, score = index.match(new.sentences[n].masked.replace(_MASK, ""), near)
                pairs[n] = Pair(n, int(key), EDITED, round(score, 3)) if key is not None else Pair(n, None, NEW, 0.0)
    return pairs  # type: ignore[return-value]
