"""The data model: frozen values shared by every stage. Imports nothing of the package.

Two families of values live here:

* the library side — ``Snippet``, ``Recipe`` (a plan recipe or a meeting
  profile), ``Calendar`` with the political calendar, and ``YearFacts`` derived
  from it for one year;
* the document side — ``Outline`` with its ``Section`` and ``Item`` values, which
  the assembler produces from snippets, the renderer writes to Word and the
  reader recovers from existing documents.

Anything read from a file remembers where it came from (``Origin``).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

PLAN = "plan"
SPEECH = "speech"
GENRES = (PLAN, SPEECH)
GENRE_NAMES = {PLAN: "工作要点", SPEECH: "讲话"}

# Where a snippet goes in a document.
ITEM = "item"  # a numbered item (plan) or an enumerated paragraph (speech)
HEADING = "heading"  # a first-level section heading
PREAMBLE = "preamble"  # plan: the 总体要求 paragraph(s) before the sections
OPENING = "opening"  # speech: the paragraph(s) after 同志们：
CLOSING = "closing"  # speech: the 同志们，… ending
KINDS = (ITEM, HEADING, PREAMBLE, OPENING, CLOSING)


@dataclass(frozen=True)
class Origin:
    """Where a value was read from: a file and a 1-based line (or paragraph index)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Snippet:
    """A reusable block of text: an item, a heading, a preamble, an opening or a closing.

    ``lead``, ``body`` and ``points`` are Jinja sources; ``points`` are sentences the
    assembler enumerates as 一是……二是…… after the body.
    """

    id: str
    category: str
    kind: str
    genres: frozenset[str]
    body: str
    lead: str | None = None
    points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    origin: Origin | None = None
    #: line of each text field (``lead``/``body``/``points[i]``) for error messages
    field_lines: tuple[tuple[str, int], ...] = ()
    # Governance (``library/governance.py``): who keeps the snippet, when it was last
    # reviewed and how often it should be, what it rests on, what supersedes it.
    owner: str | None = None
    reviewed: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    review_every: int | None = None  # months
    source: str | None = None
    replaced_by: str | None = None  # snippet id

    def valid_for(self, year: int) -> bool:
        """True if the snippet may be used in a document for ``year``."""
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )

    def serves(self, genre: str) -> bool:
        """True if the snippet may be used in documents of ``genre``."""
        return genre in self.genres

    def line_of(self, field_name: str) -> int | None:
        """The file line where ``field_name`` starts, or the snippet's own line."""
        for name, line in self.field_lines:
            if name == field_name:
                return line
        return self.origin.line if self.origin else None


@dataclass(frozen=True)
class Cues:
    """What marks a category's text, for sorting harvested text (``draft ingest``).

    ``heading`` words in a section heading name the category outright (强化组织建设,
    反腐败); ``words`` are evidence in an item's own text (三会一课 → 组织建设).
    ``covers`` are the finer categories a heading naming this one often holds as
    well: documents written before 2017 put 作风 and 纪律 items under a
    党风廉政建设 heading, which the library files apart.
    """

    category: str
    heading: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    origin: Origin | None = None
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """One first-level section of a recipe: a category and, optionally, chosen snippets."""

    category: str
    heading: str | None = None  # snippet id of the heading; default: first valid one
    items: tuple[str, ...] | None = None  # snippet ids; default: valid items of the category
    count: int | None = None  # how many items when ``items`` is not given
    origin: Origin | None = None


@dataclass(frozen=True)
class Recipe:
    """What goes into a document: a plan recipe, a meeting profile, or a user's spec file.

    Snippet id lists (``preamble``, ``opening``, ``closing``) are candidates: the
    first one valid for the year is used.
    """

    name: str
    genre: str
    title: str  # Jinja source
    sections: tuple[SectionSpec, ...]
    description: str = ""
    aliases: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    signature: bool = False
    origin: Origin | None = None
    #: sections drawn from a category skip snippets with any of these tags (a branch's
    #: plan has no 理论学习中心组 or 机关纪委 items)
    exclude_tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A named period of years: a five-year plan (十四五 2021–2025), an education
    campaign, a 普法 plan."""

    name: str
    start: int
    end: int
    #: shorter names documents use (主题教育); one shared by several spans is read by the document's year
    aliases: tuple[str, ...] = ()

    def covers(self, year: int) -> bool:
        """True if ``year`` lies within the span."""
        return self.start <= year <= self.end


@dataclass(frozen=True)
class Congress:
    """A national Party congress: the 20th (二十大) was held in 2022-10."""

    number: int
    date: str  # "YYYY-MM"


@dataclass(frozen=True)
class Plenum:
    """A plenary session of a Central Committee: term 20, session 4 (二十届四中全会)."""

    term: int
    session: int
    date: str  # "YYYY-MM"


@dataclass(frozen=True)
class Anniversary:
    """A commemorated founding event; only round anniversaries (multiples of 5) are cited."""

    name: str
    base: int
    text: str  # Jinja-free pattern with ``{n}``: "中国共产党成立{n}周年"
    aliases: tuple[str, ...] = ()  # other ways documents name it: 建党, 党的生日
    named: tuple[tuple[str, int], ...] = ()  # names that carry the count: (党的百年华诞, 100)


@dataclass(frozen=True)
class Superseded:
    """A formula a congress replaced: since the 十九大, 习近平总书记系列重要讲话 are studied as
    习近平新时代中国特色社会主义思想."""

    old: str
    congress: int  # the congress after which ``new`` is said
    new: str


@dataclass(frozen=True)
class Calendar:
    """The political calendar: the facts from which ``YearFacts`` are derived."""

    five_year_plans: tuple[Span, ...] = ()
    congresses: tuple[Congress, ...] = ()
    plenums: tuple[Plenum, ...] = ()
    anniversaries: tuple[Anniversary, ...] = ()
    campaigns: tuple[Span, ...] = ()
    legal_plans: tuple[Span, ...] = ()
    #: plenary sessions of the Central Commission for Discipline Inspection (中央纪委全会)
    discipline_plenums: tuple[Plenum, ...] = ()
    #: time-bound goals of a few years (决战脱贫攻坚 2020): stale once their end year is past
    goals: tuple[Span, ...] = ()
    #: words that tell an expression's role in its sentence (study verbs, report verbs, …),
    #: by cue name: ((study, (学习贯彻, …)), …); see ``drafting.years.roles``
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: formulas replaced after a congress (系列重要讲话 → 新时代中国特色社会主义思想)
    superseded: tuple[Superseded, ...] = ()

    def cue(self, name: str) -> tuple[str, ...]:
        """The words listed under cue ``name``, or none."""
        return next((words for key, words in self.cues if key == name), ())


@dataclass(frozen=True)
class AnniversaryFact:
    """A round anniversary falling in the year: 建党 105 → "中国共产党成立105周年"."""

    name: str
    count: int
    text: str


@dataclass(frozen=True)
class YearFacts:
    """Everything that follows from the year, as snippet parameters.

    Strings are empty when the calendar has nothing for the year, so a snippet can
    test them with ``{% if campaign %}``.
    """

    year: int
    year_cn: str  # 二〇二六
    fyp: str  # 十五五
    fyp_span: str  # 2026—2030年
    fyp_index: int  # 1–5: which year of the plan
    fyp_phase: str  # 开局之年 / 收官之年 / ""
    congress: str  # 党的二十大
    plenum_list: str  # 二十届二中、三中、四中全会 / ""
    plenums: str  # 党的二十大和二十届二中、三中、四中全会精神
    latest_plenum: str  # 二十届四中全会 / ""
    campaign: str  # the current education campaign / ""
    legal_plan: str  # 八五普法 / ""
    party_age: int  # years since 1921
    anniversaries: tuple[AnniversaryFact, ...] = ()
    #: things the user should know: the calendar may not cover this year, …
    notes: tuple[str, ...] = ()

    def params(self) -> dict[str, object]:
        """The facts as the parameter names snippets use."""
        return {name: getattr(self, name) for name in FACT_PARAMS}


#: Parameters derived from the year: every field of ``YearFacts`` but the notes.
FACT_PARAMS = tuple(name for name in YearFacts.__dataclass_fields__ if name != "notes")
#: Parameters every snippet may use besides the year facts; values come from the
#: command line, ``draft.yaml`` or the recipe.
USER_PARAMS = ("org", "org_short", "superior", "speaker", "meeting")
#: Every parameter name a snippet may reference.
PARAM_NAMES = frozenset(USER_PARAMS + FACT_PARAMS)


@dataclass(frozen=True)
class Item:
    """A numbered item (plan) or an enumerated paragraph (speech).

    ``number`` is the item's place: plan items run on across sections (1．…20．),
    speech paragraphs count within their section (一是, 二是); ``None`` means the
    item is written without a number. ``lead`` is the short first sentence without
    its closing 。; ``text`` is the rest of the paragraph.
    """

    text: str
    lead: str | None = None
    number: int | None = None
    source: str | None = None  # snippet id or "paragraph N"
    #: a parsed item's numbering level: "L2" （一）, "L3" 1．, "L4" （1）, "enum" 一是; None unnumbered
    level: str | None = None


@dataclass(frozen=True)
class Section:
    """A first-level section: 一、heading, then its items."""

    number: int
    heading: str
    items: tuple[Item, ...] = ()
    category: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Outline:
    """A whole document, independent of Word: what is assembled, rendered and parsed."""

    genre: str
    title: str | None
    sections: tuple[Section, ...]
    year: int | None = None
    org: str | None = None
    #: plan: the 总体要求 paragraphs; speech: the opening paragraphs after 同志们：
    preamble: tuple[str, ...] = ()
    #: speech: the closing paragraphs (同志们，…)
    closing: tuple[str, ...] = ()
    speaker: str | None = None
    #: the speech's date line, or the plan's signature date
    date: _dt.date | None = None
    #: plan: the signing organisation
    signature: str | None = None
    #: messages for the user about the draft (calendar gaps, omitted parts)
    notes: tuple[str, ...] = field(default=(), compare=False)
    #: assembled: the ids of the snippets used, in document order (a parsed outline has none)
    snippets: tuple[str, ...] = field(default=(), compare=False)

    def items(self) -> list[Item]:
        """All items of all sections, in order."""
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Provenance:
    """Where a draft the tool wrote came from, as recorded in its custom properties."""

    #: snippet ids in document order
    snippets: tuple[str, ...] = ()
    #: (git commit, folder) of each library folder that lies in a git checkout
    libraries: tuple[tuple[str, str], ...] = ()
    tool: str = ""
    year: int | None = None
    recipe: str = ""


@dataclass(frozen=True)
class Occasion:
    """Who a draft is for and when: the values the user gives on the command line."""

    year: int
    org: str
    org_short: str | None = None
    superior: str | None = None
    speaker: str | None = None
    date: _dt.date | None = None

    def params(self) -> dict[str, object]:
        """The user parameters as snippets see them (defaults filled in)."""
        return {
            "org": self.org,
            "org_short": self.org_short or self.org,
            "superior": self.superior or "上级党组织",
            "speaker": self.speaker or "",
        }


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


@dataclass(frozen=True)
class Typo:
    """A known wrong form and its correction (防微社渐 → 防微杜渐), from a library file.

    ``unless`` are longer phrases, each containing ``wrong``, in which the wrong form
    is in fact correct (尤其它们 holds 其它 but is not a typo).
    """

    wrong: str
    right: str
    unless: tuple[str, ...] = ()
    origin: Origin | None = None
    #: wrong only as a phrase of its own, between punctuation marks (、用于担当、): inside
    #: a longer clause the same characters can be right (精力用于担当作为)
    alone: bool = False


@dataclass(frozen=True)
class DePattern:
    """的 written for 得 or 地 in a fixed pattern: ``before`` 的 [``degree``] ``after``.

    讲的很好 → 讲得很好 (before 讲, degree 很, after 好); 清醒的认识到 → 清醒地认识到.
    With ``degree`` words, a complement without one must end its clause (做的实，but
    not 做的实事); ``unless`` are phrases holding the 的 in which it is right.
    ``not_after``: words before ``before`` that make the phrase a noun (得到充分的发挥).
    """

    right: str  # "得" or "地"
    before: tuple[str, ...]
    after: tuple[str, ...]
    degree: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    origin: Origin | None = None
    #: verbs that, just before ``before``, make ``after`` a noun: 得到充分的发挥 is right
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class CarryOver:
    """What share of last year's text a unit considers too much (``draft compare``).

    ``unchanged``: percent of a document (or a section) unchanged or changed only in
    year-bound expressions above which the report warns; ``years``: items unchanged
    this many years in a row (the current one counted) are warned about.
    """

    unchanged: int = 60
    years: int = 3
    origin: Origin | None = None


@dataclass(frozen=True)
class CheckRules:
    """What ``draft check`` looks for that a unit can extend: typos and advertising phrases."""

    typos: tuple[Typo, ...] = ()
    #: phrases that mark a short line as a reseller's advertising or a watermark
    ads: tuple[str, ...] = ()
    #: 的 that should be 得 or 地, in fixed patterns
    de: tuple[DePattern, ...] = ()
    #: words rightly written twice in a row (研究研究): not a doubled word
    reduplications: tuple[str, ...] = ()
    #: placeholder forms besides the built-in ones (××, 某某, X同志 …)
    placeholders: tuple[str, ...] = ()
    #: words of a case report (违纪, 受贿 …): a paragraph holding one writes 某某, 某县 on purpose
    case_words: tuple[str, ...] = ()
    #: the shares of carried-over text ``draft compare`` warns about
    carry_over: CarryOver = CarryOver()
