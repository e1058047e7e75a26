"""The values ``draft learn`` passes between its stages: a reviewed document as read, and what it teaches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Paragraph
from .record import Change, RenewRecord

# Segment kinds: text as it was, inserted and deleted by a tracked revision.
TEXT = "text"
INS = "ins"
DEL = "del"


@dataclass(frozen=True)
class Segment:
    """A stretch of a paragraph's text: unchanged, or inserted or deleted by one author's revision."""

    kind: str  # TEXT, INS or DEL
    text: str
    author: str = ""
    date: str = ""  # as Word writes it (2026-03-01T09:30:00Z), "" when not given


@dataclass(frozen=True)
class Block:
    """One ``w:p`` of the reviewed document: its segments, and the paragraphs the reader made of it."""

    segments: tuple[Segment, ...]
    #: (Paragraph.index, offset in the accepted text) of each paragraph read from this w:p
    paragraphs: tuple[tuple[int, int], ...] = ()
    part: str = "body"

    def accepted(self) -> str:
        """The text with every revision accepted (what the reader sees)."""
        return "".join(s.text for s in self.segments if s.kind != DEL)

    def paragraph_at(self, pos: int) -> int | None:
        """The index of the paragraph holding position ``pos`` of the accepted text."""
        found = None
        for index, offset in self.paragraphs:
            if offset <= pos or found is None:
                found = index
        return found


@dataclass(frozen=True)
class Comment:
    """A comment of the reviewed document."""

    id: str
    author: str
    date: str
    text: str
    paragraph: int | None = None  # where its range starts (Paragraph.index), None if not found
    parent: str | None = None  # the comment it replies to
    anchor: str = ""  # the commented words


@dataclass(frozen=True)
class Reviewed:
    """A reviewed document as read: paragraphs (revisions accepted), revisions, comments, renew's record."""

    path: Path
    paragraphs: tuple[Paragraph, ...]
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...] = ()
    record: RenewRecord | None = None
    damaged: bool = False  # a renew record is there but cannot be read


@dataclass(frozen=True)
class Replacement:
    """A reviewer's replacement: ``old`` deleted and ``new`` inserted at one place."""

    old: str
    new: str
    before: str  # the accepted text before it in its paragraph
    after: str  # the accepted text after it
    paragraph: int | None
    author: str
    date: str
    source: str = ""  # the document's file name


@dataclass(frozen=True)
class Proposal:
    """A typo or wording rule suggested by recurring replacements, or why it is not proposed."""

    wrong: str
    right: str
    evidence: tuple[Replacement, ...]
    #: why it is not proposed ("" when it is): already a rule, fires on our own drafts …
    withheld: str = ""


# What became of one of renew's changes.
ACCEPTED = "accepted"
REJECTED = "rejected"
PENDING = "pending"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Judged:
    """One of renew's recorded changes, and what the reviewer did with it."""

    change: Change
    verdict: str  # ACCEPTED, REJECTED, PENDING or UNKNOWN
    paragraph: int | None = None  # where it was found in the reviewed document
    #: the paragraph as renew read it (other accepted changes turned back), for a case
    original: str = ""
    start: int | None = None  # the change's offset in ``original``


@dataclass(frozen=True)
class Lesson:
    """What one reviewed document teaches."""

    source: Path
    replacements: tuple[Replacement, ...]
    judged: tuple[Judged, ...] = ()
    comments: tuple[Comment, ...] = ()  # the reviewer's
    answered: tuple[Comment, ...] = ()  # our questions the reviewer answered
    record: RenewRecord | None = None
    damaged: bool = False
    skipped: tuple[tuple[str, int], ...] = ()  # replacements left out: (reason, how many)

    def count(self, verdict: str) -> int:
        """How many of renew's changes ended as ``verdict``."""
        return sum(1 for j in self.judged if j.verdict == verdict)
