"""What ``draft renew`` proposed, recorded in the copy's custom properties so ``draft learn`` can tell later.

When a reviewer accepts or rejects a tracked change in Word, its revision marks
vanish: accepted, the inserted text stays; rejected, the deleted text comes back.
To know afterwards what renew proposed, the renewed copy records each change it
made — paragraph, offset, old and new text, the kind of expression, and a few
characters of unchanged text on either side to find the spot again — together
with the years and the revision author, as compact JSON in the custom property
``draft.renew``.

Word's binary formats cut a property's text at 255 characters, and other editors
are not known to do better, so the JSON is split into pieces of ``CHUNK``
characters: ``draft.renew``, ``draft.renew.2``, ``draft.renew.3`` … A record with
a piece missing or garbled reads back as damaged, never as a wrong record. Pure:
no XML here (``revise`` writes the properties, ``reader.properties`` reads them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..model import Edit

#: Name of the first piece; the others are ``RENEW.2``, ``RENEW.3`` …
RENEW = "draft.renew"
#: Characters of JSON per property, under the 255 that binary Office formats keep.
CHUNK = 240
#: Most pieces written: a renewal's changes fit many times over (about 9,000 characters).
MAX_CHUNKS = 40
#: Unchanged characters kept on either side of a change to find it again.
CONTEXT = 8
VERSION = 1


@dataclass(frozen=True)
class Change:
    """One change renew wrote as a tracked revision."""

    paragraph: int  # ``Paragraph.index`` in the document renew read
    start: int  # offset in that paragraph's text
    old: str
    new: str
    kind: str  # ``Reference.kind`` it came from (year, plenums …)
    before: str = ""  # unchanged text right before it (at most CONTEXT characters)
    after: str = ""  # unchanged text right after it


@dataclass(frozen=True)
class RenewRecord:
    """What a renewed copy says renew did: the years, who wrote the revisions, and the changes."""

    source_year: int
    target_year: int
    author: str
    changes: tuple[Change, ...]
    title: int | None = None  # the paragraph renew took for the title
    dropped: int = 0  # changes left out of the record (it would have grown too long)


@dataclass(frozen=True)
class RenewRecorder:
    """Turns the changes placed in the copy into its properties (``revise`` calls it when writing)."""

    source_year: int
    target_year: int
    author: str
    texts: Mapping[int, str]  # paragraph index → text renew read
    title: int | None = None

    def owns(self, name: str) -> bool:
        """Whether a property of this name is (a piece of) a renew record, to be replaced."""
        return owns(name)

    def properties(self, placed: Sequence[Edit]) -> list[tuple[str, str]]:
        """(name, value) pieces of the record of ``placed`` (the changes among them, not the comments)."""
        changes = [e for e in placed if e.new is not None]
        return record_properties(RenewRecord(self.source_year, self.target_year, self.author,
                                             tuple(_change(e, changes, self.texts) for e in changes), self.title))


def owns(name: str) -> bool:
    """Whether a custom property name is a piece of the renew record."""
    return name == RENEW or (name.startswith(RENEW + ".") and name[len(RENEW) + 1:].isdigit())


def _change(edit: Edit, all_edits: Sequence[Edit], texts: Mapping[int, str]) -> Change:
    """``edit`` with the unchanged text around it, cut where a neighbouring change begins."""
    text = texts.get(edit.paragraph, "")
    others = [e for e in all_edits if e.paragraph == edit.paragraph and e is not edit]
    left = max([e.end for e in others if e.end <= edit.start] + [0])
    right = min([e.start for e in others if e.start >= edit.end] + [len(text)])
    before = text[max(left, edit.start - CONTEXT):edit.start]
    after = text[edit.end:min(right, edit.end + CONTEXT)]
    return Change(edit.paragraph, edit.start, edit.old, edit.new or "", edit.kind, before, after)


def record_properties(record: RenewRecord) -> list[tuple[str, str]]:
    """The record as (name, value) pieces of at most ``CHUNK`` characters; trailing changes dropped to fit."""
    changes = list(record.changes)
    dropped = record.dropped
    while True:
        data = {"v": VERSION, "from": record.source_year, "to": record.target_year, "by": record.author,
                "c": [[c.paragraph, c.start, c.old, c.new, c.kind, c.before, c.after] for c in changes]}
        if record.title is not None:
            data["title"] = record.title
        if dropped:
            data["more"] = dropped
        text = _safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        if len(text) <= CHUNK * MAX_CHUNKS or not changes:
            break
        cut = max(1, len(changes) // 10)
        changes, dropped = changes[:-cut], dropped + cut
    pieces = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    return [(RENEW if n == 0 else f"{RENEW}.{n + 1}", piece) for n, piece in enumerate(pieces)]


#: Characters written as JSON escapes: blanks a program may trim at a piece's ends, and what XML cannot hold.
_ESCAPED = re.compile("[ \u3000\ufffe\uffff\ud800-\udfff]")


def _safe(text: str) -> str:
    """Compact JSON with blanks and non-XML characters escaped (outside strings it has neither)."""
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Damaged(ValueError):
    """A renew record that is there but cannot be read (a piece lost or changed)."""


def read_record(props: Mapping[str, str]) -> RenewRecord | None:
    """The renew record in custom properties ``props``; None if there is none, ``Damaged`` if unreadable."""
    if RENEW not in props:
        return None
    pieces = [props[RENEW]]
    n = 2
    while f"{RENEW}.{n}" in props:
        pieces.append(props[f"{RENEW}.{n}"])
        n += 1
    try:
        data = json.loads("".join(pieces))
        if not isinstance(data, dict) or data.get("v") != VERSION:
            raise Damaged("unknown version")
        changes = tuple(Change(int(p), int(s), str(o), str(nw), str(k), str(b), str(a))
                        for p, s, o, nw, k, b, a in data["c"])
        title = data.get("title")
        return RenewRecord(int(data["from"]), int(data["to"]), str(data["by"]), changes,
                           int(title) if title is not None else None, int(data.get("more", 0)))
    except (ValueError, TypeError, KeyError) as exc:
        raise Damaged(str(exc)) from None
