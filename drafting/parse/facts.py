"""Facts of a parsed document: the year it is for and the organisation it is from."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from typing import NamedTuple

from ..model import PLAN, SPEECH, Finding, Section
from .common import PLACEHOLDER, _Line

_YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s*年)")
_TITLE_YEAR = re.compile(r"(?<!\d)\d{4}\s*年度?")
_YEAR_START = re.compile(r"^\s*(\d{4})\s*年")
_YEAR_IS = re.compile(r"(?<!\d)(\d{4})\s*年\s*[，,]?\s*是")
_YEAR_PLANNED = re.compile(r"(?:安排部署|部署|谋划|安排)\s*(\d{4})\s*年")
_YEAR_REVIEWED = re.compile(r"(?:总结|回顾)\s*(\d{4})\s*年")
_PLANS_THIS_YEAR = re.compile(r"(?:安排部署|部署|谋划|安排)\s*(?:今年|本年度|新的一年|新一年)")
_YEAR_SPAN = re.compile(r"\d{4}\s*年")
_ORG_STOP = re.compile(r"党的建设|机关党建|基层党建|党建|党支部|工作要点|要点|工作计划|计划|工作安排")
_SPEECH_ORG_STOP = re.compile(
    r"全面从严治党|党风廉政建设|党的建设|党建|群团|机关党的工作|全体会议|工作会议|推进会|座谈会|大会|会议"
)
_GENERIC_ORG = frozenset({
    "机关", "本单位", "单位", "我委", "我局", "我单位", "本部门", "本机关", "我们", "部门", "学校", "支部", "党支部",
    "党委", "党组", "机关党委", "基层",
})
_ABOUT = re.compile(r"^关于")
#: How the name of an organisation ends; a topic (精神文明建设, 意识形态, 基层) does not end so.
_ORG_NAME_END = re.compile(
    r"(委员会|党委|党组|支部|总支|工委|机关|委|局|厅|办|中心|院|部|会|处|室|所|站|队|公司|集团|政府|"
    r"学校|大学|学院|中学|小学|医院|银行|街道|社区|镇|乡|村|区|县|州|市|省|团|政协|人大|单位)$"
)
_NOT_NAME = re.compile(r"[—－\-，,。；;：:！？!?“”\"《》]|.{21}")
_NOT_ORG_START = re.compile(r"[全各这那本此该我的]|.*的")
_ORG_CHARS = r"[^，,。；;：:、！？!?“”\"《》（）()\s]"
#: An opening sentence that names the organisation: 结合某机关（工作）实际, 召开某区……党建……会.
_OPENING_ORG = (
    re.compile(rf"结合({_ORG_CHARS}{{2,14}}?)(?:工作)?实际"),
    re.compile(
        rf"召开(?:\d{{4}}\s*年度?)?({_ORG_CHARS}{{2,14}}?)"
        r"(?:基层党建|机关党建|党建|党的建设|党风廉政建设|全面从严治党|党群工作|群团工作|宣传思想|组织工作|"
        r"纪检监察|意识形态|精神文明|工作会议|全体会议)"
    ),
    # a plan's preamble states its subject: 某某机关党的建设工作总体要求是, 某某党建工作要以……为指导
    re.compile(
        rf"(?:^|[。；;])\s*(?:做好)?(?:\d{{4}}\s*年度?)?({_ORG_CHARS}{{2,14}}?)(?:党的建设|基层党建|党建)工作[，,]?\s*"
        r"(?:的\s*)?(?:总体要求|指导思想|总体思路|主要目标|要以|要坚持|必须)"
    ),
)
#: How a name that is surely an organisation ends (市总工会, 市政协, 某某县委): the first such name
#: after 在 in a speech's title, when the meeting's name gives none.
_STRONG_ORG_END = re.compile(
    r"(工会|政协|人大|委员会|党委|党组|党工委|工委|[省市县区镇乡]委|政府|机关|局|厅|公司|集团|学校|医院|法院|检察院)$"
)

def find_year(genre: str, title_lines: list[_Line], head_date: _dt.date | None, preamble: list[_Line],
              sections: tuple[Section, ...], closing: list[_Line], asked: int | None,
              findings: list[Finding], signed: _dt.date | None = None) -> int | None:
    """The year the document is for; a stated year that disagrees is added to ``findings``."""
    title = next(filter(None, (_stated(line, _YEAR.search(line.text)) for line in title_lines)), None)
    opening = None
    if preamble:
        first = preamble[0]
        opening = _stated(first, _YEAR_START.match(first.text) or _YEAR_IS.search(first.text))
    title_year = title.year if title else None
    preamble_year = opening.year if opening else None
    # The year asked for is authoritative; without one, the title's is.
    expected = asked if asked is not None else title_year
    for stated, where in ((title, "标题"), (opening, _PREAMBLE_NAME[genre])):
        if stated is None or expected is None or stated.year == expected:
            continue
        against = f"与指定的{expected}年不符" if asked is not None else f"而标题中的年份是{expected}年，请核对"
        findings.append(Finding(
            "year-mismatch", f"{where}中写的是{stated.year}年，{against}",
            paragraph=stated.line.index, excerpt=stated.text, suggestion=f"{expected}年",
        ))
    if title_year:
        return title_year
    if head_date is not None:
        return head_date.year
    if preamble_year:
        return preamble_year
    # An opening that reviews last year and plans this one (总结2024年……安排部署2025年……) is
    # for the year it plans, however often the review names the other.
    opening_lines = [line.text for line in preamble[:3]]
    planned = {int(y) for text in opening_lines for y in _YEAR_PLANNED.findall(text)}
    if not planned:
        # 总结2024年工作，部署今年（新一年）工作: the year after the one reviewed
        planned = {int(m.group(1)) + 1 for text in opening_lines if _PLANS_THIS_YEAR.search(text)
                   for m in [_YEAR_REVIEWED.search(text)] if m}
    planned = {y for y in planned if 1949 <= y <= 2100}
    if len(planned) == 1:
        return planned.pop()
    texts = [line.text for line in preamble] + [line.text for line in closing]
    for s in sections:
        texts.append(s.heading)
        texts.extend(f"{i.lead or ''}{i.text}" for i in s.items)
    counts = Counter(y for t in texts for y in map(int, _YEAR.findall(t)) if 1949 <= y <= 2100)
    if not counts:
        # the only year is the signature's date (……2020年6月10日 at the end)
        return signed.year if signed is not None else None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def find_org(genre: str, title: str | None, signature: str | None,
             opening: list[str] = ()) -> tuple[str | None, str | None]:
    """The organisation the document is from and where it was read: "title", "opening" (a text
    without a title: its first sentences), "signature"; (None, None) when redacted, generic or absent."""
    if title:
        org = _clean_org(_title_org(genre, title))
        if org:
            return org, "title"
    patterns = _OPENING_ORG if not title else _OPENING_ORG[-1:] if genre == PLAN else ()
    if patterns:
        for text in opening[:3]:
            for pattern in patterns:
                for match in pattern.finditer(text):
                    org = _clean_org(match.group(1))
                    if org:
                        return org, "opening"
    org = _clean_org(signature, suffix=False)
    return (org, "signature") if org else (None, None)


def _title_org(genre: str, title: str) -> str | None:
    """The name between the year and the subject of a title (2020年省直机关党建工作要点 → 省直机关)."""
    title = _ABOUT.sub("", title)
    if genre == SPEECH:
        # the meeting is named after the last 在 (某某同志在……会议上的讲话, 主题——在……会议上的讲话)
        at = title.rfind("在")
        if at < 0:
            return None
        rest = re.sub(r"^\s*(?:\d{4}\s*年度?)?", "", title[at + 1:])
        match = _SPEECH_ORG_STOP.search(rest)
        org = rest[: match.start() + _kept(match)] if match else None
        if _clean_org(org):
            return org
        # 在市总工会元旦……谈话会上, 在市政协“……”主题教育工作会议上: the name the meeting starts with
        for end in range(3, min(len(rest), 16) + 1):
            if _STRONG_ORG_END.search(rest[:end]):
                return rest[:end] if _clean_org(rest[:end]) else None
        return None
    match = _TITLE_YEAR.search(title)
    if not match:
        return None
    after = title[match.end():].strip()
    stop = _ORG_STOP.search(after)
    org = after[: stop.start() + _kept(stop)] if stop else None
    if not _clean_org(org):
        org = title[: match.start()]
    return org


def _kept(stop: re.Match) -> int:
    # 机关党建 ends the name with its 机关 (市直机关党建 → 市直机关, not 市直)
    return 2 if stop.group().startswith("机关") else 0


def _clean_org(org: str | None, *, suffix: bool = True) -> str | None:
    """``org`` when it names an organisation: not generic, not redacted, ending like one (局, 机关 …)."""
    org = (org or "").strip()
    if not org or org in _GENERIC_ORG or PLACEHOLDER.search(org):
        return None
    if _NOT_NAME.search(org):
        return None  # a phrase, not a name (新征程上建新功——……)
    if suffix and (not _ORG_NAME_END.search(org) or _NOT_ORG_START.match(org)):
        return None  # a topic (精神文明建设, 基层, 意识形态) or a scope (全市), not a name
    return org


class _Stated(NamedTuple):
    """A year a line states: the year, the line and the year as written (``2022年``)."""

    year: int
    line: _Line
    text: str


_PREAMBLE_NAME = {PLAN: "总体要求", SPEECH: "开场"}


def _stated(line: _Line, match: re.Match | None) -> _Stated | None:
    year = _plausible(match)
    if year is None or match is None:
        return None
    span = _YEAR_SPAN.match(line.text, match.start(1))
    return _Stated(year, line, span.group() if span else match.group(1))


def _plausible(match: re.Match | None) -> int | None:
    if not match:
        return None
    year = int(match.group(1))
    return year if 1949 <= year <= 2100 else None