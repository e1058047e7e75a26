"""Placeholders: wording a person was meant to fill in, or left empty.

``PLACEHOLDER`` is shared with parsing (an organisation that is a placeholder is
no organisation) and renewal (every placeholder gets a question), so it is
compiled here, cheaply, with no library: its forms are built in. A unit adds
literal forms of its own (``placeholders`` in a rule file); ``draft check`` looks
for those too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from ..model import Finding
from .base import CheckContext

# 某 + a one-character unit (某县, 某局); not when the unit character starts a word of
# its own (某市场, 某区域, 某局部, 某县级, 某局长, 某院士: words or a person, not a blank).
_SOME_UNIT = r"某[省市县区镇乡村局委厅办室科校院站队厂街](?![场域份庄面点伍家间民托法学技目长员内园士友研头部级])"
# A single X before 同志 or a unit: X同志, X局, X 县.
_X_UNIT = (r"(?<![A-Za-z0-9])[XxＸ](?=\s?(?:同志|书记|单位|部门|公司|学校|街道|社区|[省市县区镇乡村局委厅办处科]))")
# A single X standing for a number before a counter or a date unit (每月X日, X次, X名, X月X日,
# 增长X%), after 第 (第X条), or ending a year (202X年): not after a letter, a digit or a +
# (English, model names: iPhone X, 3x5, 1+X), nor before 光, 射线, 型 and the like (X光, X射线,
# X型), which no unit here starts.
_X_NUMBER = (r"(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９+＋])(?<![A-Za-z]\s)[XxＸ](?![A-Za-z0-9])"
             r"(?=\s?(?:[日月年次人名个条项天周期批届位家所元万亿倍岁篇件户轮场%％]|小时|分钟))"
             r"|(?<=第)[XxＸ](?=[\u4e00-\u9fff])|(?<=(?<![0-9])[12][09][0-9])[Xx](?=\s?年)")
# A single * for a redacted name or number: the issuer of a 文号 (*发〔2022〕25号, *办字〔2022〕),
# its number (〔2022〕*号), a person (请*同志) or a unit (*市, *局; not after a Han character, where
# a * ends a term as a footnote mark). Not a footnote mark (党组织*，, *注), multiplication (2*3)
# or a markdown bullet (* 加强……), which stands before a blank.
_STAR = (r"(?<![A-Za-z0-9*＊])[*＊](?=[\u4e00-\u9fff]{1,4}[〔［\[]\s*\d{4}\s*[〕］\]])"
         r"|(?<=[〕］\]])[*＊](?=\s*号)"
         r"|(?<![A-Za-z0-9*＊])[*＊](?=同志|书记)"
         r"|(?<![A-Za-z0-9*＊\u4e00-\u9fff])[*＊](?=[省市县区镇乡村局委厅办处科](?![场域份庄面点伍家间民托法学技目长员内园士友研头部级理]))")
# A redaction: one underscore for a removed name, beside Chinese (以_同志为核心, _总书记,
# 机关_建设); not in identifiers or file names (detail_id) nor a fill-in line (____).
_REDACTION = r"(?<=[\u4e00-\u9fff])_(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])_(?=[\u4e00-\u9fff])"

#: Placeholders left for a person to fill in: ×, XX, **, 【待补】, 某某, 某县, X同志, X日, *发〔〕, _.
PLACEHOLDER = re.compile(
    r"(?<![0-9])×+|×+(?![0-9])|Ｘ{2,}|X{2,}|x{2,}|\*{2,}|＊{2,}|○{2,}|□{2,}"
    r"|【\s*待[补填定][^】]*】|【\s*】|\[\s*待[补填定][^\]]*\]|[（(]\s*略\s*[）)]|〔\s*[*＊]*\s*〕"
    rf"|某某+|{_SOME_UNIT}|{_X_UNIT}|{_X_NUMBER}|{_STAR}|{_REDACTION}"
)


@lru_cache(maxsize=8)
def _pattern(extra: tuple[str, ...]) -> re.Pattern:
    if not extra:
        return PLACEHOLDER
    forms = "|".join(re.escape(f) for f in sorted(extra, key=len, reverse=True))
    return re.compile(f"{forms}|{PLACEHOLDER.pattern}")


# Every form of PLACEHOLDER has one of these characters (or a bracket before 略):
# a paragraph without any cannot hold one, and is not searched with the long
# pattern and its look-behinds (a third of lint's time on a large library).
_CUE = r"[×ＸXx*＊○□【\[〔某_]|[（(]\s*略"


@lru_cache(maxsize=8)
def _cue(extra: tuple[str, ...]) -> re.Pattern:
    forms = "|".join(re.escape(f) for f in extra if f)
    return re.compile(f"{forms}|{_CUE}" if forms else _CUE)


def hidden_name(text: str, start: int, form: str) -> bool:
    """Whether ``form`` at ``start`` of a case paragraph is a name hidden on purpose (某某, 某县, 原校长**)."""
    if form.startswith("某"):
        return True
    return bool(_CASE_STARS.fullmatch(form)) and bool(
        _CASE_TITLE.search(text, max(0, start - 4), start) or _CASE_AFTER.match(text, start + len(form)))


# stars stand for a person's name in a case told when they follow an office (原副校长**, 科长**)
# or precede 等人, 案 or another hidden name (**、**案); elsewhere (**已经具备条件) they are blanks
_CASE_STARS = re.compile(r"[*＊]{2,3}")
_CASE_TITLE = re.compile(r"(?:长|书记|主任|经理|主席|委员|干部|会计|出纳)$")
_CASE_AFTER = re.compile(r"等人|等\d|案|、[*＊]{2}")


def placeholders(ctx: CheckContext) -> Iterator[Finding]:
    """Placeholders left in the text: one finding per paragraph and form, with every spot.

    In a paragraph telling a case (its ``case_words``: 违纪, 受贿 …) 某某 and 某县 name
    people and places on purpose, as a warning-education speech does, and so do stars
    after an office (原校长**) or before 等人/案: not reported. XX stays a placeholder there,
    and so do other stars (**已经具备条件, 习近平***).
    """
    pattern = _pattern(ctx.rules.placeholders)
    cue = _cue(ctx.rules.placeholders)
    for line in ctx.lines:
        if not cue.search(line.text):
            continue
        spots: dict[str, list[int]] = {}
        case = any(word in line.text for word in ctx.rules.case_words)
        for match in pattern.finditer(line.text):
            if case and hidden_name(line.text, match.start(), match.group()):
                continue
            spots.setdefault(match.group(), []).append(match.start())
        for text, starts in spots.items():
            count = f" {len(starts)} 处" if len(starts) > 1 else ""
            if text == "_":
                message = f"有{count}“_”：像是删去了几个字（常见的是“习近平”“党中央”“党的”）后留下的，请补全"
            else:
                message = f"有{count}未填写的占位符“{text}”，请填入实际内容"
            finding = line.finding("placeholder", message, starts[0], starts[0] + len(text))
            if len(starts) > 1:
                finding = replace(finding, positions=tuple(line.offset + s for s in starts))
            yield finding


_EMPTY_PAIR = re.compile(r"“\s*”|‘\s*’|《\s*》|（\s*）|\(\s*\)")
_PAIR_NAMES = {"“": "引号", "‘": "引号", "《": "书名号", "（": "括号", "(": "括号"}
# 贯彻 takes an object (精神, 部署 …): an adverb, 贯彻, then a stop means the object is missing
_DANGLING = re.compile(r"(?:全面|深入|认真|坚决)贯彻(?=[，。；,;])")


def empty_wording(ctx: CheckContext) -> Iterator[Finding]:
    """Empty quotation marks, title marks or brackets, and 贯彻 with no object: wording left out."""
    for line in ctx.lines:
        text = line.text
        for match in _EMPTY_PAIR.finditer(text):
            yield line.finding(
                "placeholder", f"{_PAIR_NAMES[match.group()[0]]}中间是空的：这里缺了文字（可能是提法没有填上），请补全",
                match.start(), match.end(),
            )
        for match in _DANGLING.finditer(text):
            yield line.finding(
                "placeholder", f"“{match.group()}”后面缺了要贯彻的内容（可能是提法没有填上），请补全",
                match.start(), match.end(),
            )
