"""An existing document as read, and what the readers find in it: paragraphs, findings, references, edits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an existing document as read, before any structure is recovered.

    ``text`` is what a reader of the document sees, including a number that Word's
    automatic list numbering draws in front of it (``label``, kept for reference).
    """

    index: int  # 0-based position among the document's paragraphs, in reading order
    text: str
    label: str | None = None  # the automatic list number Word shows, e.g. "一、", "1."
    style: str | None = None  # the paragraph style's name in a .docx ("Heading 1", "Title")
    outline_level: int | None = None  # 1-based outline level from the style or paragraph
    in_table: bool = False
    #: where the text sits in the source: the ordinal of its ``w:p`` in reading order
    #: (a .txt line's paragraph number), and where ``text`` after the label starts in
    #: that paragraph's visible text (None when it could not be placed exactly)
    block: int | None = None
    offset: int | None = None
    #: where the paragraph lives: "body" (tables included), "header", "footer",
    #: "footnote", "endnote" or "textbox"; ``story`` is the package part holding it
    #: when that is not the body ("word/footer1.xml"; the main document for a text
    #: box in the body), and ``block`` then counts the w:p of that kind in that part.
    #: Body paragraphs come first in ``index`` order, the other parts after them.
    part: str = "body"
    story: str | None = None


#: ``Paragraph.part`` → how a user calls it.
PART_NAMES = {"body": "正文", "header": "页眉", "footer": "页脚", "footnote": "脚注", "endnote": "尾注",
              "textbox": "文本框"}


#: Severities of a ``Finding``.
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """Something a careful reader would mark: a parse warning or a check result."""

    code: str  # stable, documented: "numbering-gap", "placeholder", …
    message: str  # Chinese, for the user
    paragraph: int | None = None  # ``Paragraph.index`` it is about
    excerpt: str = ""
    severity: str = "warning"
    suggestion: str | None = None
    #: where ``excerpt`` starts in the paragraph's text (None: its first occurrence);
    #: ``suggestion``, when given, replaces exactly the excerpt
    start: int | None = None
    #: a finding about many spots of one paragraph (half-width punctuation): where each
    #: one starts in the paragraph's text, ``start`` being the first; () for one spot
    positions: tuple[int, ...] = ()
    #: the id of the rule-set rule it comes from (``Rule.id``); "" for the built-in checks
    rule: str = ""


@dataclass(frozen=True)
class Reference:
    """A year-bound expression found in a paragraph: something that may go stale.

    ``kind`` says what it is (see ``drafting.yearrefs``); the other fields hold what
    was read from it, each meaningful for some kinds only.
    """

    kind: str
    paragraph: int  # ``Paragraph.index``
    start: int  # offsets into ``Paragraph.text``
    end: int
    text: str
    number: int | None = None  # a year, an anniversary's count, an event's ordinal, a congress
    term: int | None = None  # the Central Committee / CDIC term of a plenum
    sessions: tuple[int, ...] = ()  # plenum sessions, in the order written
    name: str = ""  # five-year plan, campaign, 普法 plan or anniversary name
    context: str = ""  # how it is used: "since", "range", "doc", "welcome", "past", a phase word
    role: str = ""  # what it does in its sentence (``drafting.years.roles``): "study", "report", …


@dataclass(frozen=True)
class Edit:
    """One change or question for a reviewer, anchored on text of a source paragraph.

    ``new`` None leaves the text as it is (a comment only); ``comment`` None makes a
    change without a comment. ``start``/``end`` index ``Paragraph.text``.
    """

    paragraph: int  # ``Paragraph.index``
    start: int
    end: int
    old: str
    new: str | None = None
    comment: str | None = None
    kind: str = ""  # the ``Reference.kind`` (or finding code) it comes from
