"""Wrong words: known typos, 的 for 得 or 地, a word written twice.

All three read their data from the library's rule files (``CheckRules``): the
typo lists, the 的/得/地 patterns and the words rightly written twice.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import DePattern, Finding, Typo
from .base import CheckContext, excepted, is_han

# --- typos -------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _typo_pattern(typos: tuple[Typo, ...]) -> re.Pattern | None:
    if not typos:
        return None
    # longest first, so that 截止目前 wins over a shorter entry it contains
    return re.compile("|".join(re.escape(t.wrong) for t in sorted(typos, key=lambda t: -len(t.wrong))))


def _alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a phrase of its own: no Han character right before or after."""
    return not (start and is_han(text[start - 1])) and not (end < len(text) and is_han(text[end]))


def typos(ctx: CheckContext) -> Iterator[Finding]:
    """Known wrong forms from the library's ``typos`` lists."""
    pattern = _typo_pattern(ctx.rules.typos)
    if pattern is None:
        return
    by_wrong = {t.wrong: t for t in ctx.rules.typos}
    for line in ctx.lines:
        for match in pattern.finditer(line.text):
            typo = by_wrong[match.group()]
            if typo.alone and not _alone(line.text, match.start(), match.end()):
                continue
            if not excepted(line.text, match.start(), typo.wrong, typo.unless):
                yield line.finding("typo", _typo_message(typo), match.start(), match.end(), typo.right)


def _typo_message(typo: Typo) -> str:
    """“错 应为 对”; for a character typed twice (六中中全会), which one."""
    wrong, right = typo.wrong, typo.right
    for i in range(1, len(wrong)):
        if wrong[i] == wrong[i - 1] and wrong[:i] + wrong[i + 1:] == right:
            return f"“{wrong}”中的“{wrong[i]}”多写了一个，应为“{right}”"
    return f"“{wrong}”应为“{right}”"


# --- 的, 得, 地 -------------------------------------------------------------------------

# After a verb taken as a noun (在…的推动下, …的加强中, …的提高和…): no 地 before it.
_NOUN_AFTER = "下中上和与及的"
# A verb with its complement or object (认识到, 做好, 扛起, 落到实处) is never a noun: 地 before
# it holds at the end of a clause too (有计划的落到实处。).
_COMPLEMENTS = tuple("到好起牢处")
# Where a clause ends: a complement standing here is complete (做的实，).
_CLAUSE_END = "，。；：、！？,.;:!?）)”’》 \t\u3000"


def _words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def _de_patterns(patterns: tuple[DePattern, ...]) -> tuple[tuple[DePattern, re.Pattern], ...]:
    out = []
    for p in patterns:
        degree = rf"(?P<degree>{_words(p.degree)})?" if p.degree else ""
        out.append((p, re.compile(rf"(?:{_words(p.before)})的{degree}(?P<after>{_words(p.after)})")))
    return tuple(out)


def de_misuse(ctx: CheckContext) -> Iterator[Finding]:
    """的 written for 得 (讲的很好) or 地 (清醒的认识到), in the library's fixed patterns."""
    compiled = _de_patterns(ctx.rules.de)
    if not compiled:
        return
    for line in ctx.lines:
        text = line.text
        if "的" not in text:
            continue
        for rule, pattern in compiled:
            for match in pattern.finditer(text):
                de = text.index("的", match.start())
                end = match.end()
                if rule.degree and match.group("degree") is None and end < len(text) and text[end] not in _CLAUSE_END:
                    continue  # 做的实事: 的 before a noun
                if match.start() and text[match.start() - 1] == "所":
                    continue  # 所讲的: always a noun phrase
                if (rule.right == "地" and not match.group("after").endswith(_COMPLEMENTS)
                        and (end >= len(text) or not is_han(text[end]) or text[end] in _NOUN_AFTER)):
                    continue  # 离不开持续的推动。在有效的推动下: the verb is a noun there
                if excepted(text, de, "的", rule.unless) or _after_light_verb(text, match.start(), rule):
                    continue
                phrase = text[match.start():end]
                right = phrase[:de - match.start()] + rule.right + phrase[de - match.start() + 1:]
                yield line.finding("typo", f"“{phrase}”中的“的”应为“{rule.right}”（{_DE_WHY[rule.right]}）",
                                   match.start(), end, right)


def _after_light_verb(text: str, start: int, rule: DePattern) -> bool:
    """Whether one of the rule's ``not_after`` words (得到, 进行 …, perhaps with 了) stands before ``start``."""
    if not rule.not_after:
        return False
    before = text[:start]
    before = before[:-1] if before.endswith("了") else before
    return before.endswith(rule.not_after)


_DE_WHY = {"得": "动词后面接补语用“得”", "地": "修饰动词的状语后面用“地”"}


# --- doubled words ---------------------------------------------------------------------

_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,8})\1")
# 一个一个, 一步一步, 两年两年: a numeral and a measure word, repeated on purpose
_NUMERAL = "一二两三四五六七八九十百千万几每"


def repeated_words(ctx: CheckContext) -> Iterator[Finding]:
    """A word of two or more characters written twice in a row (总书记总书记)."""
    allowed = set(ctx.rules.reduplications)
    for line in ctx.lines:
        text = line.text
        pos = 0
        while True:
            match = _DOUBLED.search(text, pos)
            if match is None:
                break
            word = match.group(1)
            pos = match.start() + 1
            if (word[0] in _NUMERAL or (len(word) == 2 and word[1] == "一")  # 想一想一次: V一V, then 一
                    or match.group() in allowed or _allowed_within(text, match, allowed)):
                continue
            pos = match.end()
            yield line.finding("repeated-word", f"“{word}”连写了两遍，应删去一个", match.start() + len(word),
                               match.end(), "")


def _allowed_within(text: str, match: re.Match, allowed: set[str]) -> bool:
    """Whether the doubling is part of an allowed one around it (研究研究生 holds 研究研究)."""
    for word in allowed:
        at = text.find(word, max(0, match.start() - len(word)), match.end() + len(word))
        if at >= 0 and at < match.end() and at + len(word) > match.start():
            return True
    return False
