"""What a detector sees: the document proper as ``Line`` values, in a ``CheckContext``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..model import Calendar, CheckRules, Finding, Paragraph

if TYPE_CHECKING:
    from ..parse import Parsed


@dataclass(frozen=True)
class Line:
    """A paragraph as the checks read it: the part parsing kept as the document proper.

    ``text`` is a substring of the paragraph's text starting at ``offset``, so any
    substring of it is an exact excerpt of the paragraph.
    """

    index: int  # Paragraph.index
    text: str
    offset: int = 0

    def finding(self, code: str, message: str, start: int, end: int,
                suggestion: str | None = None) -> Finding:
        """A finding about ``text[start:end]`` of this line."""
        return Finding(code, message, paragraph=self.index, excerpt=self.text[start:end],
                       suggestion=suggestion, start=self.offset + start)


@dataclass(frozen=True)
class CheckContext:
    """Everything a detector may look at."""

    paragraphs: tuple[Paragraph, ...]  # the document as read
    lines: tuple[Line, ...]  # the document proper: no advertising, no pasted copy
    parsed: Parsed  # its outline and the parser's findings
    year: int | None  # the year the document is for, when the user gave it (--year)
    rules: CheckRules
    calendar: Calendar | None = None  # the political calendar, for checks against the year's facts
    #: the 下脚点 the unit's layout writes after an item's number (．or .); None: the document's own majority
    ordinal_mark: str | None = None

    @property
    def document_year(self) -> int | None:
        """The year the document states (title, date line, preamble), else its most cited one."""
        return self.parsed.outline.year


Detector = Callable[[CheckContext], Iterable[Finding]]


def is_han(ch: str) -> bool:
    """A Han character (CJK unified ideographs and extension A)."""
    o = ord(ch) if ch else 0
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def is_chinese(ch: str) -> bool:
    """Han characters and the punctuation of Chinese text (full-width forms, “” ‘’ …—·)."""
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3001 <= o <= 0x303F
            or (0xFF01 <= o <= 0xFF65 and not ch.isalnum()) or ch in "“”‘’…—·")


def excepted(text: str, start: int, part: str, phrases: Iterable[str]) -> bool:
    """Whether ``part`` at ``start`` stands inside one of ``phrases`` (each holding ``part``)."""
    for phrase in phrases:
        at = phrase.find(part)
        while at >= 0:
            if start >= at and text.startswith(phrase, start - at):
                return True
            at = phrase.find(part, at + 1)
    return False
