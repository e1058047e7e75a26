"""Punctuation and spacing: half-width marks in Chinese text, unpaired quotes, stray spaces."""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding
from .base import CheckContext, Line, is_chinese, is_han

_FULLWIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_PUNCT_NAMES = {",": "逗号", ":": "冒号", ";": "分号", "(": "括号", ")": "括号", "?": "问号", "!": "叹号",
                '"': "引号"}
_HALFWIDTH = re.compile(r'[,:;()?!"]')
# Where ASCII punctuation belongs: web and mail addresses.
_ADDRESS = re.compile(
    r"(?:https?|ftp)://[\x21-\x7e]+|www\.[\x21-\x7e]+|[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_BLANKS = " \t\u3000\u00a0"
# Pinyin a converting site left in ASCII brackets after a character (學(xué), 党(dǎng)): not
# punctuation to make full-width (学（xué）is no better); the reading is left alone.
_PINYIN_SYLLABLE = (r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
                    r"(?:i(?:ang|ong|ao|an|ng|a|e|u|n)?|u(?:ang|eng|ai|an|a|o|i|n|e)?|ü(?:an|e|n)?|v"
                    r"|a(?:ng|i|o|n)?|o(?:ng|u)?|e(?:ng|r|i|n)?)")
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü]{{1,6}}(?:[ '][a-zü]{{1,6}})*\))"
                     rf"(?:{_PINYIN_SYLLABLE})+(?:[ '](?:{_PINYIN_SYLLABLE})+)*\)")
_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")
# A full stop written "." after Chinese, ending the sentence (not 1.5, a.docx, ……, nor 一. a number)
_FULL_STOP = re.compile(r"(?<=[\u4e00-\u9fff”’）》])\.(?=$|[ \t\u3000\u00a0]|[\u4e00-\u9fff“‘（《])")
_NUMBER_MARK = re.compile(r"^\s*[一二三四五六七八九十百]+\.")


def _neighbours(text: str, pos: int) -> tuple[str, str]:
    """The nearest non-blank characters before and after ``pos`` ('' at the ends)."""
    before = text[:pos].rstrip(_BLANKS)
    after = text[pos + 1:].lstrip(_BLANKS)
    return before[-1:], after[:1]


def _beside_chinese(text: str, pos: int) -> bool:
    before, after = _neighbours(text, pos)
    return bool(before and is_chinese(before)) or bool(after and is_chinese(after))


def _pairs(text: str, positions: list[int]) -> dict[int, int]:
    """Matching ASCII parentheses and straight quotes among ``positions``: each one's partner."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    quote: int | None = None
    for pos in positions:
        if text[pos] == "(":
            stack.append(pos)
        elif text[pos] == ")" and stack:
            opening = stack.pop()
            partner[opening], partner[pos] = pos, opening
        elif text[pos] == '"':
            if quote is None:
                quote = pos
            else:
                partner[quote], partner[pos] = pos, quote
                quote = None
    return partner


def _quote_suggestion(pos: int, partner: dict[int, int]) -> str | None:
    """“ for the first straight quote of a pair, ” for the second; none when it has no partner."""
    other = partner.get(pos)
    if other is None:
        return None
    return "“" if pos < other else "”"


def _full_stops(line: Line) -> Iterator[Finding]:
    """A "." ending a Chinese sentence: a full stop, 。."""
    marker = _NUMBER_MARK.match(line.text)
    for match in _FULL_STOP.finditer(line.text):
        if marker and match.start() == marker.end() - 1:
            continue  # 一.培养……: a first-level number, reported as numbering-style
        yield line.finding("halfwidth-punctuation", "中文句末的半角句点“.”应为句号“。”",
                           match.start(), match.end(), "。")


def _spread(text: str, positions: list[int], flagged: set[int]) -> None:
    """Add the marks whose nearest neighbour is a flagged mark: in 党支部): the colon is Chinese too."""
    grown = True
    while grown:
        grown = False
        for pos in positions:
            if pos in flagged:
                continue
            before = len(text[:pos].rstrip(_BLANKS)) - 1
            after = len(text) - len(text[pos + 1:].lstrip(_BLANKS))
            if before in flagged or after in flagged:
                flagged.add(pos)
                grown = True


def halfwidth_punctuation(ctx: CheckContext) -> Iterator[Finding]:
    """ASCII , : ; ( ) ? ! " beside Chinese text, a pair of parentheses or quotes both or neither;
    a "." ending a Chinese sentence."""
    for line in ctx.lines:
        text = line.text
        if "." in text:
            yield from _full_stops(line)
        if not _HALFWIDTH.search(text):
            continue
        addresses = [m.span() for m in _ADDRESS.finditer(text)]
        if "(" in text:
            # a lone a/o/e without a tone mark is as likely a list letter as a reading
            addresses += [m.span() for m in _PINYIN.finditer(text.translate(_TONELESS))
                          if m.end() - m.start() > 3 or not text[m.start() + 1].isascii()]
        positions = [m.start() for m in _HALFWIDTH.finditer(text)
                     if not any(a <= m.start() < b for a, b in addresses)]
        partner = _pairs(text, positions)
        flagged = set()
        for pos in positions:
            other = partner.get(pos)
            inside = text[min(pos, other) + 1:max(pos, other)] if other is not None else ""
            if _beside_chinese(text, pos) or (other is not None and (
                    _beside_chinese(text, other) or any(map(is_chinese, inside)))):
                flagged.add(pos)
        _spread(text, positions, flagged)
        for pos in positions:
            if pos not in flagged:
                continue
            ch = text[pos]
            if ch == '"':
                right = _quote_suggestion(pos, partner)
                message = f"中文里的直引号“\"”应为“{right}”" if right else "中文里的直引号“\"”应为中文引号（“或”）"
            else:
                right = _FULLWIDTH[ch]
                message = f"中文里的半角{_PUNCT_NAMES[ch]}“{ch}”应为全角“{right}”"
            yield line.finding("halfwidth-punctuation", message, pos, pos + 1, right)


_OPENERS = {"“": "”", "‘": "’", "《": "》", "（": "）"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MARK_NAMES = {"“": "前引号", "”": "后引号", "‘": "单引号的前引号", "’": "单引号的后引号",
               "《": "书名号的前半", "》": "书名号的后半", "（": "左括号", "）": "右括号"}
_QUOTES = re.compile("[“”‘’《》（）]")
# "1）", "a）", "一）" starting an enumeration: a closing bracket without an opening one
_ENUM_BRACKET = re.compile(r"(?:^|(?<=[\s：:；;，,。]))(?:\d{1,2}|[A-Za-z]|[一二三四五六七八九十])）")


def unbalanced_quotes(ctx: CheckContext) -> Iterator[Finding]:
    """Quotation marks, title marks and brackets without their partner in the paragraph."""
    for line in ctx.lines:
        text = line.text
        if not _QUOTES.search(text):
            continue
        enum_brackets = {m.end() - 1 for m in _ENUM_BRACKET.finditer(text)}
        open_at: dict[str, list[int]] = {ch: [] for ch in _OPENERS}
        unmatched: list[int] = []
        for match in _QUOTES.finditer(text):
            ch, pos = match.group(), match.start()
            if ch in "‘’" and pos and text[pos - 1:pos].isascii() and text[pos + 1:pos + 2].isascii():
                continue  # an apostrophe in English: don’t
            if ch in _OPENERS:
                open_at[ch].append(pos)
            elif open_at[_CLOSERS[ch]]:
                open_at[_CLOSERS[ch]].pop()
            elif pos not in enum_brackets:
                unmatched.append(pos)
        unmatched.extend(pos for stack in open_at.values() for pos in stack)
        for pos in sorted(unmatched):
            ch = text[pos]
            partner = _OPENERS.get(ch) or _CLOSERS[ch]
            where = "后面" if ch in _OPENERS else "前面"
            yield line.finding(
                "unbalanced-quote",
                f"{_MARK_NAMES[ch]}{ch}{where}没有与之配对的{_MARK_NAMES[partner]}{partner}",
                pos, pos + 1,
            )


# --- stray spaces ----------------------------------------------------------------------

#: A space is only judged inside running text: a paragraph at least this long, with
#: sentence punctuation. Titles, bylines, contact lines and name lists align and
#: separate with spaces on purpose.
_PROSE_MIN = 40
_SENTENCE_MARKS = re.compile(r"[，。；,;]")
_STRAY = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")
# A numbered heading run into its text on one line (一、指导思想 坚持……; 三、加强领导，强化
# 措施 党支部要……; 第一条 为了……): a lost paragraph break, or the space a regulation
# writes after its article number, not a space to delete. A section heading (一、 （一）)
# is what comes before the line's first blank, of any shape but a sentence's (no 。；！？);
# an item (1． （1）) is often one long sentence, so its heading has no comma either.
_HEADING_RUN_IN = re.compile(
    r"^\s*(?:(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)])\s*[^。；;！？!?\s]{0,40}"
    r"|(?:\d+[.．、]|[（(]\d+[）)])[^，。；,;]*|第[一二三四五六七八九十百零〇]+[条章节部分篇]\s*)$"
)
# A title run into its text (在……会议上的讲话 同志们：……): a lost paragraph break too.
_TITLE_RUN_IN = re.compile(
    r"^\s*[^，。；,;：:！？!?\s]{6,60}(?:讲话|讲话稿|发言|致辞|要点|计划|方案|安排|意见|通知|报告|总结)$"
)


def _parallel(text: str, start: int, end: int) -> bool:
    """Whether the space separates parts set apart on purpose: halves of one length (守正创新
    勇于担当), or a list of short names or terms.

    The clause is the run of Han characters and blanks around the space; a slogan
    or a title set apart on purpose splits into parts of one length, a PDF's break
    splits a clause anywhere.
    """
    left = start
    while left > 0 and (is_han(text[left - 1]) or text[left - 1] in _BLANKS):
        left -= 1
    right = end
    while right < len(text) and (is_han(text[right]) or text[right] in _BLANKS):
        right += 1
    parts = text[left:right].split()
    if len(parts) >= 3 and max(map(len, parts)) <= 3:
        return True  # a list of names or short terms: 张三 李小四 王五
    return len(parts) >= 2 and len({len(part) for part in parts}) == 1


def _inside_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside “…”, 《…》 or "…" (a slogan or a title set apart on purpose)."""
    before = text[:pos]
    return (before.count("“") > before.count("”") or before.count("《") > before.count("》")
            or before.count('"') % 2 == 1)


def stray_spaces(ctx: CheckContext) -> Iterator[Finding]:
    """A space between two Han characters in running text (a PDF copy's line break, a slip)."""
    in_table = {p.index for p in ctx.paragraphs if p.in_table}
    for line in ctx.lines:
        text = line.text
        if len(text) < _PROSE_MIN or not _SENTENCE_MARKS.search(text) or line.index in in_table:
            continue
        for match in _STRAY.finditer(text):
            start, end = match.span()
            head = text[:start]
            if _HEADING_RUN_IN.match(head) or _TITLE_RUN_IN.match(head) or _inside_quotes(text, start):
                continue
            if _parallel(text, start, end):
                continue
            yield line.finding("stray-space", "汉字之间多了空格（可能是从PDF复制时带入的），应删去",
                               start, end, "")
