"""Find the year-bound expressions of a text: what may go stale from one year to the next.

Pure functions over paragraph text (DOMAIN.md §3): explicit years, five-year-plan
phases, plenum lists and single plenums, congresses, CDIC plenary sessions,
anniversaries, recurring numbered events, education campaigns, 普法 plans and
local references. Each is returned as a ``Reference`` saying what was read. Whether a reference is
current for a document of a given year is judged in ``drafting.years.stale``
(used by the checks); how to move a document from one year to the next is for
``renew`` to decide.

Calendar-named things (campaigns and their short names, goals, 普法 plans,
anniversaries) are matched from the calendar the library loaded, so a unit that
adds an entry gets it recognised too. Each congress, plenum and campaign carries
its ``role`` in the sentence (``drafting.years.roles``): the checks judge only
those cited as a task, never history (党的十八大以来, ……提出, a campaign recalled).
Relative dates and positioning claims come from ``drafting.years.claims``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .model import Calendar, Paragraph, Reference, Span
from .numerals import cn_to_int
from .years import roles
from .years.claims import DATELINE_DAY, GARBLED, PHASE, RELATIVE, SUPERSEDED, find_claims

__all__ = [
    "ANNIVERSARY", "CAMPAIGN", "CONGRESS", "DATE", "DATELINE_DAY", "DOCNO", "DISCIPLINE", "EVENT", "FYP", "GARBLED",
    "GOAL", "LEGAL", "LOCAL", "PHASE", "PLENUM", "PLENUMS", "RELATIVE", "SUPERSEDED", "THEME", "YEAR", "campaign_span",
    "find_references",
]

# Kinds of reference.
YEAR = "year"  # 2020年; context "doc" (the document's own year), "since", "range", "" (other)
DATE = "date"  # 2020年1月10日, 2020.1.10, 2020/1/10: number the year; context "line" on a date line (signature, byline)
FYP = "fyp"  # “十三五”规划收官之年; name 十三五, context the phase word or ""
PLENUMS = "plenums"  # 党的十九大和十九届二中、三中、四中全会: number congress, term, sessions; context
#                      "short" (十九届二、三、四中全会) or "all" (十九届历次全会, sessions empty)
PLENUM = "plenum"  # 十九届四中全会 cited alone: term, sessions (one)
CONGRESS = "congress"  # 党的十九大, 中共十九大, 第十九次全国代表大会: number (None for 党的XX大); context
#                         "welcome", "spirit", "held" (今年是……召开之年)
DISCIPLINE = "discipline"  # 十八届中央纪委六次全会: term, sessions (one)
ANNIVERSARY = "anniversary"  # 建党95周年: name (calendar name, "" for any other N周年), number (the count);
#                               context "named" for a name carrying the count (党的百年华诞)
EVENT = "event"  # 第十六届“读书月”: number (the ordinal), context "cn" or "arabic"
CAMPAIGN = "campaign"  # “两学一做”学习教育: name (calendar name), context "past" if cited as done
LEGAL = "legal"  # “七五”普法: name (calendar name)
LOCAL = "local"  # 市委十二届八次全会, 市第十三次党代会: cannot be known from the calendar
THEME = "theme"  # “制度落实年”: a year's theme, set anew each year
GOAL = "goal"  # 决战脱贫攻坚: a time-bound goal of the calendar, name (calendar name)
DOCNO = "docno"  # 某委〔2017〕48号: number the year; context "line" when the number stands on a line of its own
# RELATIVE, PHASE, DATELINE_DAY, GARBLED, SUPERSEDED (number: the congress): see ``drafting.years.claims``.

_CN = "〇零一二三四五六七八九十百"
_N = f"[{_CN}]+"
_Q = "[“”\"‘’'「」]"  # quotation marks people put around names, or leave out

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?:\s*)年(?!\d)")
_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
# 2021.3.16, 2021/3/16: year, month and day all three, one separator, nothing numeric glued on either side,
# so a version (1.5.2, v2021.3.1), a decimal (2021.5亿元) or a web timestamp (2021/3/16 10:20) is not a date.
_DOTTED = re.compile(r"(?<![0-9A-Za-z.．/])((?:19|20)\d\d)([./])(\d{1,2})\2(\d{1,2})(?![0-9A-Za-z%]|[./．]\d|\s*\d{1,2}\s*[:：]\d)")
#: A paragraph this short holding a date is a date line: a signature's, a speech's byline.
_DATE_LINE = 30
_DOCNO = re.compile(r"[〔［\[【﹝(（]\s*((?:19|20)\d\d)\s*[〕］\]】﹞)）]\s*第?\s*\d{1,4}\s*号")
_RANGE_AFTER = re.compile(r"\s*(?:[—–\-~～至到]|年\s*[—–\-~～至到])\s*(?:19|20)?\d\d")
_RANGE_BEFORE = re.compile(r"(?:19|20)\d\d\s*年?\s*[—–\-~～至到]\s*$")
_SINCE_BEFORE = re.compile(r"(?:从|自|于|自从|早在|截至|截止到?)\s*$")
_SINCE_AFTER = re.compile(r"^\s*(?:以来|起|开始|来|以前|之前|前|底以前)")
# Where a year is the document's own: the title, "2020年是……", "2020年……工作的总体要求".
_DOC_START = re.compile(r"\s*(?:19|20)\d\d\s*年\s*[，,]?\s*是")
_DOC_AIM = re.compile(r"\s*(?:19|20)\d\d\s*年[^。；]{0,40}?(?:总体要求|工作要点|总体思路|指导思想)")

# A five-year plan's name and the phase or claim after it; the claims are the calendar's (``_Patterns``).
_FYP = (rf"{_Q}?(?P<name>十[一二三四五六七八九]五){_Q}?(?P<tail>(?:规划|时期)?(?:的)?"
        r"(?:(?P<phase>开局|收官|决胜|关键|攻坚|起步|冲刺|承上启下|中期|谋篇布局)(?:之年|的?(?:关键|重要)一年)?"
        r"|(?P<claim>{claims}))?)")
# 二中、三中、四中 or, abbreviated, 二、三、四中; 历次全会 for all of a term's.
_SESSIONS = r"(?:[一二三四五六七八九]中?[、和及])*[一二三四五六七八九]中"
_PLENUMS = re.compile(
    rf"(?P<congress>(?:党的)?(?P<cn>[十二三四五六七八九]{{1,3}})大)?"
    rf"(?P<sep>和|、|及|以及|，)?\s*"
    rf"(?P<term>[十二三四五六七八九]{{1,3}})届(?:中央)?"
    rf"(?:(?P<sessions>{_SESSIONS})中?|(?P<all>历次))全会"  # 六中中全会: a doubled 中 typed by mistake
)
_BARE_PLENUM = re.compile(r"(?<![届、和及中])(?P<s>[一二三四五六七八九])中全会(?:精神)?")
_CONGRESS = re.compile(r"(?P<welcome>(?:喜迎|迎接|迎来|召开)\s*)?(?:党的|中共)(?P<cn>[十二三四五六七八九]{1,3}|[Xx×ＸＸ*＊]{1,3})大(?!会|学|厦|队|型)")
# The long form: 党的第十九次全国代表大会; other bodies' congresses (共青团, 妇女, 工会) are not the Party's.
_CONGRESS_LONG = re.compile(r"第(?P<cn>[十二三四五六七八九]{1,3})次全国代表大会")
#: 党的二十大召开之年: a claim about the year the congress meets, true of that year only.
_HELD_YEAR = re.compile(r"\s*(?:胜利)?召开(?:的)?(?:之年|年份)")
_THIS_YEAR = re.compile(r"今年|本年")
_OTHER_BODY = re.compile(r"团|妇|工会|侨|青|科协|文联|作协|学联|民革|民盟|民建|民进|农工|致公|九三|台盟")
_DISCIPLINE = re.compile(rf"(?P<term>[十二三四五六七八九]{{1,3}})届中央纪委(?P<s>{_N})次全(?:体)?会")
_EVENT = re.compile(
    rf"第(?P<n>{_N}|\d{{1,3}})(?P<unit>届|个)"
    rf"(?P<what>{_Q}?[^，。；、：！？\s“”]{{0,14}}?{_Q}?(?:月|节|周|季|运动会|大赛|竞赛|比赛|论坛|活动|座谈会|研讨会|读书会|评选|征文|联赛|展演){_Q}?)"
)
_LOCAL = re.compile(
    rf"(?:[省市区县州]委|[省市区县州])(?:第?{_N}届{_N}次全(?:体)?会|第(?:{_N}|[×X＊*]+)次党代会|{_N}届{_N}次全(?:体)?会议?)"
)
_THEME = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8}年)[”\"]")


def find_references(paragraphs: list[Paragraph], calendar: Calendar,
                    title_index: int | None = None) -> list[Reference]:
    """Every year-bound expression in ``paragraphs``, in reading order.

    ``title_index`` is the paragraph holding the document's title, whose year is the
    document's own.
    """
    patterns = _named_patterns(calendar)
    out: list[Reference] = []
    for n, p in enumerate(paragraphs):
        refs = _paragraph_references(p, patterns, p.index == title_index)
        if refs and n + 1 < len(paragraphs):
            refs = _continued(refs, p.text, paragraphs[n + 1].text, patterns)
        out.extend(refs)
    return out


def _continued(refs: list[Reference], text: str, following: str, patterns) -> list[Reference]:
    """A campaign name ending a line and continued on the next (a title broken in two) as the longer name.

    ……推进“两学一做”学习教育 / 常态化制度化的实施方案 names the later campaign, not the first.
    """
    last = refs[-1]
    if last.kind != CAMPAIGN or last.end != len(text.rstrip()):
        return refs
    head = _bare(text[last.start:last.end])
    m = patterns.campaign.match(head + _bare(following.lstrip()[:40]))
    if m is None or m.end() <= len(head):
        return refs
    name = patterns.campaign_names[_which(m)]
    return refs[:-1] + [replace(last, name=name)]


def _paragraph_references(p: Paragraph, patterns, is_title: bool) -> list[Reference]:
    text = p.text
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []

    def add(ref: Reference) -> None:
        if any(ref.start < e and s < ref.end for s, e in taken):
            return  # inside a longer expression already read
        taken.append((ref.start, ref.end))
        refs.append(ref)

    def ref(kind: str, m: re.Match, group: int | str = 0, **fields) -> Reference:
        return Reference(kind, p.index, m.start(group), m.end(group), m.group(group), **fields)

    # Longest and most specific first: plenum lists before single plenums and congresses.
    for m in _LOCAL.finditer(text):
        add(ref(LOCAL, m))
    for m in _DISCIPLINE.finditer(text):
        term, session = cn_to_int(m["term"]), cn_to_int(m["s"])
        if term and session:
            add(ref(DISCIPLINE, m, term=term, sessions=(session,)))
    for m in _PLENUMS.finditer(text):
        term = cn_to_int(m["term"])
        sessions = tuple(cn_to_int(s) or 0 for s in re.findall(r"[一二三四五六七八九]", m["sessions"] or ""))
        # "short": 二、三、四中 (one 中 for the list); "all": 历次全会
        form = "all" if m["all"] else "short" if len(re.findall("中", m["sessions"])) < len(sessions) else ""
        congress = cn_to_int(m["cn"]) if m["cn"] else None
        if not term or (congress is not None and congress != term):
            # 党的十八大、十九届……: the congress belongs to another phrase
            congress = None
        start = m.start("congress") if congress is not None else m.start("term")
        end = m.end()
        if text.startswith("精神", end):
            end += 2
        kind = PLENUMS if congress is not None or len(sessions) != 1 else PLENUM
        add(Reference(kind, p.index, start, end, text[start:end], number=congress, term=term,
                      sessions=sessions, context=form))
    for m in _BARE_PLENUM.finditer(text):
        add(ref(PLENUM, m, sessions=(cn_to_int(m["s"]) or 0,)))
    for m in _CONGRESS_LONG.finditer(text):
        before = text[max(0, m.start() - 8):m.start()]
        number = cn_to_int(m["cn"])
        if number and not _OTHER_BODY.search(before) and re.search(r"党|召开|迎接|喜迎", before):
            add(ref(CONGRESS, m, number=number))
    for m in _CONGRESS.finditer(text):
        placeholder = m["cn"][0] not in _CN  # 党的XX大: number None
        number = None if placeholder else cn_to_int(m["cn"])
        if number or placeholder:
            welcome = bool(m["welcome"]) and m["welcome"].strip() in ("喜迎", "迎接")
            start, end = m.start("cn") - 2, m.end()
            # 今年是党的二十大召开之年: a claim about this year, true in the congress's year only
            held = _HELD_YEAR.match(text, end) and _THIS_YEAR.search(roles.clause_before(text, start))
            context = "welcome" if welcome else "spirit" if text.startswith("精神", end) else "held" if held else ""
            if number is None and text.startswith("召开", end):
                end += 2  # 迎接党的XX大召开: the placeholder asked about with the welcome
            add(Reference(CONGRESS, p.index, start, end, text[start:end], number=number, context=context))
    for m in patterns.fyp.finditer(text):
        phase = m["phase"] or m["claim"] or ""
        add(ref(FYP, m, name=m["name"], context=phase))
    bare, where = _unquoted(text)

    def named(kind: str, m: re.Match, **fields) -> Reference:
        start, end = _span(text, where, m)
        return Reference(kind, p.index, start, end, text[start:end], **fields)

    for m in patterns.anniversary.finditer(bare):
        count = int(m["n"]) if m["n"].isdigit() else cn_to_int(m["n"])
        if count:
            add(named(ANNIVERSARY, m, name=patterns.anniversary_names[_which(m)], number=count))
    for m in patterns.counted.finditer(bare):
        name, count = patterns.counted_names[_which(m)]
        add(named(ANNIVERSARY, m, name=name, number=count, context="named"))
    for m in _ANY_ANNIVERSARY.finditer(text):
        count = int(m["n"]) if m["n"].isdigit() else cn_to_int(m["n"])
        if count:
            add(ref(ANNIVERSARY, m, number=count))  # no calendar name: its base is the document's year
    for m in _EVENT.finditer(text):
        n = m["n"]
        number = int(n) if n.isdigit() else cn_to_int(n)
        if number:
            add(Reference(EVENT, p.index, m.start(), m.end("unit"), text[m.start():m.end("unit")],
                          number=number, context="arabic" if n.isdigit() else "cn", name=m["what"]))
    for m in patterns.campaign.finditer(bare):
        name = patterns.campaign_names[_which(m)]
        if name in patterns.aliases and _qualified(bare, m.start(), patterns):
            continue  # 政治交接主题教育: a unit's own campaign, not the central one the short name stands for
        found = named(CAMPAIGN, m, name=name)
        role = roles.campaign_role(text, found.start, found.end, patterns.cues)
        add(replace(found, context="past" if role == roles.PAST else "", role=role))
    for m in patterns.goal.finditer(bare):
        found = named(GOAL, m, name=patterns.goal_names[_which(m)])
        add(replace(found, role=roles.campaign_role(text, found.start, found.end, patterns.cues)))
    for m in patterns.legal.finditer(bare):
        add(named(LEGAL, m, name=patterns.legal_names[_which(m)]))
    for m in _THEME.finditer(text):
        add(ref(THEME, m, name=m[1]))
    for m in _DOCNO.finditer(text):
        add(ref(DOCNO, m, number=int(m[1]), context="line" if len(text.strip()) <= _DATE_LINE else ""))
    for m in _DATE.finditer(text):
        add(ref(DATE, m, number=int(m[1]), context="line" if len(text) <= _DATE_LINE else ""))
    for m in _DOTTED.finditer(text):
        if 1 <= int(m[3]) <= 12 and 1 <= int(m[4]) <= 31:
            add(ref(DATE, m, number=int(m[1]), context="line" if len(text) <= _DATE_LINE else ""))
    for m in _YEAR.finditer(text):
        context = _year_context(text, m, is_title)
        role = "title" if is_title else "aim" if context == "doc" and _DOC_AIM.match(text, m.start()) else ""
        add(ref(YEAR, m, number=int(m[1]), context=context, role=role))
    for kind, start, end, fields in find_claims(text, patterns.cues):
        add(Reference(kind, p.index, start, end, text[start:end], **fields))
    refs = [replace(r, role=roles.institution_role(text, r.start, r.end, patterns.cues, yearly=r.kind == DISCIPLINE))
            if r.kind in INSTITUTIONS and not r.role else r for r in refs]
    refs.sort(key=lambda r: r.start)
    return refs


#: The kinds that are a congress or a plenary session.
INSTITUTIONS = (PLENUMS, PLENUM, CONGRESS, DISCIPLINE)
_ANY_ANNIVERSARY = re.compile(rf"(?<![\d.])(?P<n>\d{{1,3}}|{_N})\s*周年")


#: What may stand right before a campaign's short name without making it another campaign's name
#: (全市主题教育, 第二批主题教育, 本单位主题教育: the central campaign as a unit conducts it).
_LEAD_IN = re.compile(r"(?:[的和与及同暨次项此本这该好在对将把了入到届、以为是于从按由批轮]|进行|围绕|结合|聚焦|借助|利用|搞好"
                      r"|[全我本][党国省市区县州镇乡局委部厅院校所]|全系统|本单位|本系统|本部门|单位|部门|系统)$")


def _qualified(bare: str, start: int, patterns) -> bool:
    """Whether the short name at ``bare[start:]`` is the tail of a longer name (某某主题教育)."""
    if start == 0 or not "\u4e00" <= bare[start - 1] <= "\u9fff":
        return False
    before = bare[max(0, start - 8):start]
    return not (_LEAD_IN.search(before) or patterns.lead_in.search(before))


def _year_context(text: str, m: re.Match, is_title: bool) -> str:
    before, after = text[:m.start()], text[m.end():]
    if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(text, m.end(1)):
        return "range"
    if _SINCE_BEFORE.search(before) or _SINCE_AFTER.match(after):
        return "since"
    if is_title:
        return "doc"
    # At the start of the paragraph or of a sentence: "2020年是……", "2020年……总体要求是".
    lead = before.rstrip()
    if (not lead or lead[-1] in "。！？；;") and (_DOC_START.match(text, m.start()) or _DOC_AIM.match(text, m.start())):
        return "doc"
    return ""


def _which(m: re.Match) -> int:
    """The index of the alternative that matched, from the group named ``gN``."""
    return next(int(name[1:]) for name, value in m.groupdict().items() if value and name[0] == "g")


class _Patterns:
    """Regexes of the calendar's names, matched on text with its quotation marks taken out.

    Names are written with or without quotation marks (“两学一做”学习教育, 两学一做学习
    教育); matching both on the bare text keeps the regexes plain and quick to build.
    """

    def __init__(self, calendar: Calendar) -> None:
        self.campaign, self.campaign_names = _alternatives(_names(calendar.campaigns))
        self.goal, self.goal_names = _alternatives(_names(calendar.goals))
        full = {_bare(c.name) for c in calendar.campaigns}
        self.aliases = {n for n in self.campaign_names if _bare(n) not in full}
        verbs = sorted({w for k in ("task", "study", "recalled_before", "report") for w in calendar.cue(k)}, key=len, reverse=True)
        self.lead_in = re.compile("(?:" + ("|".join(map(re.escape, verbs)) or "(?!)") + ")$")
        self.cues = roles.Cues(calendar)
        self.fyp = re.compile(_FYP.replace("{claims}", self.cues.claims))
        self.legal, self.legal_names = _alternatives(p.name for p in calendar.legal_plans)
        owner: dict[str, str] = {}
        for a in calendar.anniversaries:
            for alias in (a.name, *a.aliases, a.text.split("{n}")[0]):
                if alias:
                    owner.setdefault(_bare(alias), a.name)
        names = list(owner)
        body = "|".join(f"(?P<g{i}>{re.escape(n)})" for i, n in enumerate(names)) or "(?!)"
        self.anniversary_names = [owner[n] for n in names]
        self.anniversary = re.compile(rf"(?:{body})\s*(?P<n>\d{{1,3}}|{_N})\s*周年")
        counted = [(_bare(text), (a.name, n)) for a in calendar.anniversaries for text, n in a.named]
        counted.sort(key=lambda c: len(c[0]), reverse=True)
        self.counted_names = [c[1] for c in counted]
        self.counted = re.compile("|".join(f"(?P<g{i}>{re.escape(t)})" for i, (t, _) in enumerate(counted)) or "(?!)")


def _names(spans) -> list[str]:
    """Every name and alias of ``spans``: an alias shared by two spans stands for itself (see ``campaign_span``)."""
    owners: dict[str, set[str]] = {}
    for span in spans:
        for alias in span.aliases:
            owners.setdefault(alias, set()).add(span.name)
    return [s.name for s in spans] + list(owners)


def campaign_span(spans, name: str, year: int | None) -> Span | None:
    """The span a name read from a document stands for: by name, else by alias.

    A short name several campaigns share (主题教育) is the latest one begun by
    ``year``, the document's year; without a year, or when none had begun, None.
    """
    name = _bare(name)  # with or without its quotation marks
    exact = next((s for s in spans if _bare(s.name) == name), None)
    if exact is not None:
        return exact
    holders = [s for s in spans if name in map(_bare, s.aliases)]
    if len(holders) == 1:
        return holders[0]
    if year is None:
        return None
    begun = [s for s in holders if s.start <= year]
    return max(begun, key=lambda s: s.start) if begun else None


_QUOTE_CHARS = "“”\"‘’'「」"
_OPENING = "“‘「\"'"


def _bare(text: str) -> str:
    return text.translate({ord(c): None for c in _QUOTE_CHARS})


def _unquoted(text: str) -> tuple[str, list[int]]:
    """``text`` without quotation marks, and where each of its characters stands in ``text``."""
    where = [i for i, c in enumerate(text) if c not in _QUOTE_CHARS]
    return "".join(text[i] for i in where), where


def _span(text: str, where: list[int], m: re.Match) -> tuple[int, int]:
    """A match on the bare text as a span of ``text``, with the quotation marks that belong to it."""
    start, end = where[m.start()], where[m.end() - 1] + 1
    if start > 0 and text[start - 1] in _OPENING:
        start -= 1
    if sum(text[i] in _QUOTE_CHARS for i in range(start, end)) % 2 and end < len(text) and text[end] in _QUOTE_CHARS:
        end += 1
    return start, end


def _alternatives(names) -> tuple[re.Pattern, list[str]]:
    # Longest first, so 常态化制度化 wins over the campaign it continues.
    ordered = sorted(dict.fromkeys(names), key=lambda n: len(_bare(n)), reverse=True)
    body = "|".join(f"(?P<g{i}>{re.escape(_bare(n))})" for i, n in enumerate(ordered)) or "(?!)"
    return re.compile(body), ordered


@lru_cache(maxsize=8)
def _named_patterns(calendar: Calendar) -> _Patterns:
    return _Patterns(calendar)
