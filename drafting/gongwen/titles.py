"""Title line breaking (GB/T 9704 7.3.1): where a title too long for one line is broken, and its shape.

GB/T 9704 7.3.1 centres a long title over several lines, broken so that each line
keeps its words whole (词意完整), the lines sit symmetrically, are of fitting
lengths, and together form a trapezoid (梯形) or a diamond (菱形). The standard
names no orientation for the trapezoid; training texts mostly show it narrow on
top (上短下长, ``TRAPEZOID``), and a wide top (``INVERTED``) is accepted as well,
with a slight preference for the first. A rectangle (every line as long) and an
hourglass (a line shorter than one above and one below it) are the shapes it
rules out.

Pure: no I/O. Where a title may be broken is judged from its text alone, cheaply,
so that ``draft plan`` and ``draft check`` pay nothing for it: brackets (《》 “” （）
…), 第×届 / 第×次 and other counted ordinals, years and dates, numbers, the names
the caller asks to keep whole (the organisation's), the domain terms it passes (the
library's ``terms``), and the grammar of a 公文 title (发文机关 + 关于 + 事由 + 的 +
文种, the 文种 of the 条例's article 8, the tool's genres, the endings of a Party or
government body's name; inside a kept name longer than a line, the end of a place or a body). Only when no breaking is possible at such boundaries does
``break_title`` ask the ``words`` callable it may be given (a segmenter) where the
words of the rest lie.

Widths are in characters of the title's size: a Han character or full-width mark
is 1, an ASCII letter, digit or space ½ (the title's Latin font sets them at
about half an em).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Sequence

__all__ = [
    "DIAMOND", "GOOD_SHAPES", "HOURGLASS", "INVERTED", "RECTANGLE", "SHAPE_NAMES", "SINGLE", "STANDARD_WIDTH",
    "TRAPEZOID", "Break", "bad_breaks", "break_title", "chars_per_line", "line_width", "shape", "title_width",
]

SINGLE = "single"
TRAPEZOID = "trapezoid"  # 上短下长
INVERTED = "inverted-trapezoid"  # 上长下短
DIAMOND = "diamond"
RECTANGLE = "rectangle"
HOURGLASS = "hourglass"
#: The shapes GB/T 9704 7.3.1 allows.
GOOD_SHAPES = frozenset({SINGLE, TRAPEZOID, INVERTED, DIAMOND})
#: How a user calls each shape.
SHAPE_NAMES = {SINGLE: "一行", TRAPEZOID: "梯形（上短下长）", INVERTED: "梯形（上长下短）", DIAMOND: "菱形",
               RECTANGLE: "长方形", HOURGLASS: "沙漏形"}

_TWIPS_PER_MM = 1440 / 25.4


def chars_per_line(text_width: float, advance: float) -> int:
    """How many characters of ``advance`` (twips: font size plus character spacing) fit in ``text_width`` twips."""
    # A hair of tolerance: 156 mm is 8844.09 twips, and rounding must not lose a character.
    return max(1, math.floor(text_width / advance + 1e-6))


#: Characters per line of a title in GB/T 9704's own numbers: 2号 (22 pt) on the 156 mm 版心.
STANDARD_WIDTH = chars_per_line(156 * _TWIPS_PER_MM, 22 * 20)


def title_width(layout) -> int:
    """Characters per line of the title style of ``layout`` (a ``drafting.layout.Layout``)."""
    style = layout.styles["title"]
    char = style.size * 10  # twips: size is in half-points
    text = layout.width - layout.margin_left - layout.margin_right - (style.left_chars + style.right_chars) * char
    return chars_per_line(text, char + style.char_spacing)


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> float:
    return 0.5 if unicodedata.east_asian_width(ch) in ("Na", "H") else 1.0


def line_width(text: str) -> float:
    """The width of ``text`` in title characters (a Han character 1, an ASCII one ½)."""
    return sum(_char_width(ch) for ch in text)


def shape(lines: Sequence[str]) -> str:
    """The shape ``lines`` make when centred: ``SINGLE``, ``TRAPEZOID``, ``INVERTED``, ``DIAMOND``,
    ``RECTANGLE`` or ``HOURGLASS``."""
    return _shape_of([line_width(line) for line in lines])


def _shape_of(widths: Sequence[float]) -> str:
    if len(widths) <= 1:
        return SINGLE
    if len(set(widths)) == 1:
        return RECTANGLE
    # Anything that does not rise (or stay) and then fall (or stay) has a dip: an hourglass.
    i, n = 0, len(widths)
    while i + 1 < n and widths[i + 1] >= widths[i]:
        i += 1
    peak = i
    while i + 1 < n and widths[i + 1] <= widths[i]:
        i += 1
    if i != n - 1:
        return HOURGLASS
    if peak == n - 1:
        return TRAPEZOID
    if peak == 0 or all(w == widths[0] for w in widths[:peak + 1]):
        return INVERTED
    return DIAMOND


# ---- the grammar of a title -------------------------------------------------------------------

_OPENING = "《“‘（(〔【「『［[〈"
_CLOSING = "》”’）)〕】」』］]〉"
_PAIRS = dict(zip(_OPENING, _CLOSING))
#: Marks a line never starts with (GB/T 15834's 避头 marks) …
_NO_START = _CLOSING + "，,。.、；;：:？?！!…·～~％%"
#: … and never ends with.
_NO_END = _OPENING
#: The 文种 of the 条例 (article 8) and the genres this tool writes: a title's last word.
_GENRES = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "紧急通知", "补充通知", "通报", "报告",
           "请示", "批复", "议案", "函", "复函", "纪要", "讲话", "发言", "致辞", "工作要点", "要点", "工作计划", "计划", "实施方案", "工作方案", "方案",
           "规划", "实施办法", "办法", "实施细则", "细则", "规定", "工作总结", "总结", "工作安排", "安排")
#: A speech's title ends 在……会议上的讲话: the break goes before 上, never between 上 and 的.
_ON_THE = ("上的讲话", "上的发言", "上的致辞", "上的报告", "上的工作报告", "上的总结讲话")
#: What an organisation's name ends with (and the kinds of body it names); kept whole, a break may follow.
_ORG_ENDINGS = ("委员会", "党委", "党组", "党工委", "工委", "纪委", "监委", "党支部", "总支部", "党总支", "支部",
                "机关委员会", "机关党委", "机关纪委", "机关党总支", "机关党支部", "机关", "办公室", "办公厅",
                "人民政府", "人民政府办公室", "人大常委会", "政协")
#: Words a title is built of that must not be split themselves.
_WORDS = ("关于", "印发", "转发", "批转", "印送", "中共", "中共中央", "国务院", "党的", "党的建设", "党建工作", "全面从严治党",
          "党风廉政建设", "工作会议", "全体会议", "推进会", "座谈会", "工作", "学习宣传贯彻", "学习贯彻", "贯彻落实",
          "认真", "进一步", "做好", "开展", "加强", "推进", "深入")
#: Of those, the ones that are one word beyond doubt: a break inside them splits a word (the others are
#: compounds a break between whose parts is poor, not wrong).
_CERTAIN_WORDS = frozenset({"委员会", "党支部", "党总支", "总支部", "办公室", "办公厅", "党工委", "人大常委会",
                            "全面从严治党", "上的讲话"})
#: Inside a unit's name: the last character of a place (北河市) and of a body (税务局), and what after
#: them goes on with the same word (市场, 省委, 市直, 区域, 州市; 局长, 部门). A name is only broken
#: inside when it is longer than a line, so a guess here never splits a name that would fit.
_PLACE_ENDS = "省市区县州盟旗"
_PLACE_GOES_ON = "委直场域属级长政府辖内外" + _PLACE_ENDS  # 杭州市: not 杭州|市
_BODY_ENDS = "局厅部院"
_BODY_GOES_ON = "长门级属内外署队系"
#: Verbs introducing a document named in 《》: the break before 《 is a good one.
_FORWARDING = ("印发", "转发", "批转", "印送")

# Costs of a break before text[i]: lower is better. A break at no known boundary between
# two Han characters may split a word: it is taken only when nothing else fits.
_BEST, _GOOD, _FAIR, _WEAK, _POOR, _UNKNOWN, _INSIDE = 0.0, 1.0, 2.0, 4.0, 8.0, 20.0, 200.0
_INF = math.inf

_NUM = "0-9０-９〇零一二三四五六七八九十百千两"
_CN4 = "〇零一二三四五六七八九"
_CN2 = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    # Compiled on first use: importing this module costs nothing on the paths that never break a title.
    return {
        "date": re.compile(
            r"[0-9０-９]{4}(?:\s*[—–\-－~～至]\s*[0-9０-９]{4})?\s*年度?(?:[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?)?"
            rf"|[{_CN4}]{{4}}年(?:[{_CN2}]{{1,3}}月(?:[{_CN2}]{{1,3}}日)?)?"
            r"|[0-9０-９]{1,2}月[0-9０-９]{1,2}日"),
        "ordinal": re.compile(
            rf"第[{_NUM}]+(?:届|次|个|批|轮|期|号|条|款|章|节|季度|周年|年|部分|阶段|书记)?"
            rf"|(?:党的)?[{_NUM}]+(?:届|次|周年)(?:[{_NUM}]+中全会)?|(?:党的)?[{_NUM}]+中全会|党的[{_NUM}]+大"),
        "number": re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ][0-9A-Za-z０-９Ａ-Ｚａ-ｚ.．%％]*"),
    }


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each closed bracket or quotation pair, end exclusive, outermost and inner alike."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if _PAIRS[stack[depth][0]] == ch:
                    spans.append((stack[depth][1], i + 1))
                    del stack[depth:]
                    break
    return spans


def _occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for word in words:
        if not word:
            continue
        at = text.find(word)
        while at >= 0:
            out.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return out


class _Gaps:
    """The cost of a break before each character of a title, and why a break is forbidden there."""

    def __init__(self, text: str, width: float, keep: Sequence[str], terms: Sequence[str]) -> None:
        self.text = text
        n = len(text)
        prefix = _prefix(text)
        cost = [_INF] * (n + 1)
        for i in range(1, n):
            cost[i] = self._base(text[i - 1], text[i])
        self.cost = cost
        #: where a break would cut something whole: break position → (what, the span's text)
        self.inside: dict[int, tuple[str, str]] = {}
        p = _patterns()

        def boundary(at: int, value: float) -> None:
            if 0 < at < n and cost[at] < _INF:  # a mark that may not end or start a line stays so
                cost[at] = min(cost[at], value)

        # boundaries first, then what is whole overrides them
        names = _occurrences(text, keep)
        for start, end in names:
            boundary(start, _BEST)
            boundary(end, _BEST)
            if prefix[end] - prefix[start] > width:
                for i in range(start + 2, end - 1):
                    if self._inner_boundary(text[i - 1], text[i]):
                        boundary(i, _FAIR + 1)
        dates = [m.span() for m in p["date"].finditer(text)]
        for start, end in dates:
            boundary(start, _GOOD)
            boundary(end, _GOOD)
        term_spans = _occurrences(text, terms)
        endings = _occurrences(text, _ORG_ENDINGS)
        word_spans = _occurrences(text, _WORDS)
        for start, end in term_spans + word_spans:
            boundary(start, _FAIR)
            boundary(end, _FAIR)
        # 委员会 ends a name, it does not start one: 发展和改革|委员会 splits the body's name
        for _start, end in endings:
            boundary(end, _FAIR)
        for start, end in _occurrences(text, ("关于",)):
            boundary(start, _BEST)
            boundary(end, _GOOD)
        for start, end in _occurrences(text, _FORWARDING):
            if end < n and text[end] == "《":
                boundary(end, _BEST)
        tail = self._tail(text)
        if tail is not None:
            boundary(tail, _BEST)
        brackets = _bracket_spans(text)
        for start, end in brackets:
            boundary(start, _FAIR)
            boundary(end, _FAIR)

        def whole(spans, what: str, fits_only: bool = True) -> None:
            for start, end in spans:
                if fits_only and prefix[end] - prefix[start] > width:
                    continue
                for i in range(start + 1, end):
                    cost[i] = _INF
                    self.inside.setdefault(i, (what, text[start:end]))

        whole(brackets, "bracket")
        whole(dates, "date", fits_only=False)
        whole([m.span() for m in p["ordinal"].finditer(text)], "ordinal", fits_only=False)
        whole([m.span() for m in p["number"].finditer(text)], "number", fits_only=False)
        whole(names, "name")
        whole(term_spans, "term")
        whole(word_spans + endings, "word")
        on_the = _occurrences(text, _ON_THE)
        whole(on_the, "word")
        for start, _end in on_the:
            boundary(start, _BEST)

    @staticmethod
    def _base(a: str, b: str) -> float:
        if b in _NO_START or a in _NO_END or b.isspace() or (a == b == "—"):
            return _INF
        if a.isspace() or (b == "—" and a != "—"):
            return _GOOD  # two phrases set apart by a space; a subtitle's ——
        if _is_han(a) and _is_han(b):
            return _UNKNOWN
        if a in _CLOSING or a in "、，；":
            return _WEAK
        return _POOR

    @staticmethod
    def _inner_boundary(a: str, b: str) -> bool:
        """Inside a unit's name too long for a line: whether a place (北河市|) or a body (税务局|) ends at ``a``.

        Only where the name is known to be one: 市 starts 市场, 省委 and 市直 go on naming the same body.
        """
        if not (_is_han(a) and _is_han(b)):
            return False
        if a in _PLACE_ENDS:
            return b not in _PLACE_GOES_ON
        return a in _BODY_ENDS and b not in _BODY_GOES_ON

    @staticmethod
    def _tail(text: str) -> int | None:
        """Where the 文种 at the end starts (before its 的, if any)."""
        for genre in sorted(_GENRES, key=len, reverse=True):
            if text.endswith(genre) and len(text) > len(genre):
                at = len(text) - len(genre)
                if text[at - 1] == "的" and at > 1:
                    return at - 1
                if len(genre) > 1:  # 函 is a 文种 only as 的函: in 复函, 公函 it ends a word
                    return at
        return None

    def words(self, tokens: Iterable[str]) -> None:
        """Refine the breaks at no known boundary with a segmentation of the text into ``tokens``."""
        at = 0
        bounds = set()
        for token in tokens:
            at += len(token)
            bounds.add(at)
        for i in range(1, len(self.text)):
            if self.cost[i] == _UNKNOWN:
                self.cost[i] = _WEAK if i in bounds else _INSIDE


def _penalty(widths: Sequence[float], width: float) -> float:
    kind = _shape_of(widths)
    score = {RECTANGLE: 60.0, HOURGLASS: 80.0, INVERTED: 0.5}.get(kind, 0.0)
    if kind not in (RECTANGLE, SINGLE) and max(widths) - min(widths) <= 0.5:
        score += 30.0  # as good as a rectangle to the eye
    short = width * 0.3
    score += sum(2.0 * (short - w) for w in widths if w < short)  # 长短适宜: no line of a word or two
    return score + 0.15 * (max(widths) - min(widths))  # of two breakings as sound, the evener


def _best(text: str, gaps: _Gaps, width: float) -> tuple[float, tuple[int, ...]] | None:
    """The lowest-cost breaking (score, break positions) into the fewest lines, or one more."""
    total = line_width(text)
    fewest = max(2, math.ceil(total / width))
    candidates = [i for i in range(1, len(text)) if gaps.cost[i] < _INF]
    prefix = _prefix(text)
    best: tuple[float, tuple[int, ...]] | None = None
    for count in range(fewest, fewest + 2):
        spots = candidates if len(candidates) <= _MANY else _near_even(candidates, prefix, count)
        for cuts in _cuts(text, prefix, spots, count, width):
            widths = [prefix[b] - prefix[a] for a, b in zip((0, *cuts), (*cuts, len(text)))]
            score = sum(gaps.cost[c] for c in cuts) + _penalty(widths, width) + 6.0 * (count - fewest)
            if best is None or score < best[0]:
                best = (score, cuts)
        if best is not None and not _doubtful(gaps, best[1]) and shape(_split(text, best[1])) in GOOD_SHAPES:
            break  # a sound breaking into the fewest lines: one more line only makes it thinner
    return best


#: More places to break than this, and the breakings are too many to try them all (a long title of
#: unknown words): only the places near an even division are tried.
_MANY = 28


def _near_even(candidates: list[int], prefix: list[float], count: int) -> list[int]:
    """The candidates a few characters from a point dividing the text into ``count`` even lines."""
    total = prefix[-1]
    reach = max(1.5, 6.0 / (count - 1))  # fewer per point the more points there are
    points = [total * k / count for k in range(1, count)]
    # the shape wants lines of different lengths: around each point, not only at it
    return [c for c in candidates if any(abs(prefix[c] - p) <= reach for p in points)]


def _split(text: str, cuts: Sequence[int]) -> tuple[str, ...]:
    return tuple(text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text))))


def _doubtful(gaps: _Gaps, cuts: Sequence[int]) -> bool:
    """Whether a break falls at no known boundary between two Han characters (it may split a word)."""
    return any(gaps.cost[c] == _UNKNOWN for c in cuts)


def _prefix(text: str) -> list[float]:
    """The width of each start of ``text``: ``prefix[i]`` is the width of ``text[:i]``."""
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + _char_width(ch))
    return prefix


def _cuts(text: str, prefix: list[float], candidates: list[int], count: int, width: float):
    """Every choice of ``count - 1`` break positions from ``candidates`` whose lines all fit ``width``."""

    def extend(start: int, left: int):
        if left == 0:
            if prefix[len(text)] - prefix[start] <= width:
                yield ()
            return
        for c in candidates:
            if c <= start:
                continue
            if prefix[c] - prefix[start] > width:
                break
            # what is left must still fit on the lines that are left
            if prefix[len(text)] - prefix[c] > width * left:
                continue
            for rest in extend(c, left - 1):
                yield (c, *rest)

    yield from extend(0, count - 1)


def break_title(text: str, width: float, *, keep: Iterable[str] = (), terms: Iterable[str] = (),
                words: Callable[[str], Iterable[str]] | None = None) -> tuple[str, ...]:
    """The lines ``text`` is set in, ``width`` characters a line: one line if it fits.

    Never inside brackets or quotation marks, 第×届, a year or date, a number, a name of
    ``keep`` that fits on a line, a word of ``terms`` or of a title's grammar; a trapezoid
    or a diamond, never a rectangle or an hourglass, where any breaking allows it.
    ``words`` (a segmenter: text → its words) is asked only when no breaking at known
    boundaries exists.
    """
    text = text.strip()
    if not text or line_width(text) <= width:
        return (text,) if text else ()
    keep = tuple(k for k in keep if k and len(k) >= 2)
    gaps = _Gaps(text, width, keep, tuple(t for t in terms if t and len(t) >= 2))
    best = _best(text, gaps, width)
    if words is not None and best is not None and _doubtful(gaps, best[1]):
        gaps.words(words(text))
        best = _best(text, gaps, width) or best
    if best is None:
        return _greedy(text, width)
    return _split(text, best[1])


def _greedy(text: str, width: float) -> tuple[str, ...]:
    """What Word itself would do: fill each line up to ``width``."""
    lines, current, used = [], [], 0.0
    for ch in text:
        w = _char_width(ch)
        if used + w > width and current:
            lines.append("".join(current))
            current, used = [], 0.0
        current.append(ch)
        used += w
    lines.append("".join(current))
    return tuple(lines)


# ---- reading a broken title ---------------------------------------------------------------------

#: What a break may cut, as a user calls it.
_WHAT = {"bracket": "书名号、引号或括号", "date": "年份或日期", "ordinal": "“第×届”“第×次”这类序数",
         "number": "数字或外文", "name": "单位名称", "term": "词语", "word": "词语"}


@dataclass(frozen=True)
class Break:
    """A line break inside something whole: after line ``line`` (0-based), cutting ``span`` (a ``what``)."""

    line: int
    what: str  # "bracket", "date", "ordinal", "number", "name", "term" (the caller's), "word" (the grammar's)
    span: str

    @property
    def described(self) -> str:
        """The user's name for what the break cuts."""
        return _WHAT[self.what]

    @property
    def certain(self) -> bool:
        """Whether the break is wrong beyond doubt (a compound of a title's grammar cut between its words is not)."""
        return self.what != "word" or self.span in _CERTAIN_WORDS


def bad_breaks(lines: Sequence[str], *, keep: Iterable[str] = (), terms: Iterable[str] = (),
               width: float = STANDARD_WIDTH) -> list[Break]:
    """The breaks between ``lines`` that cut a bracket pair, 第×届, a date, a number, a name of ``keep``
    (that fits on a line of ``width``) or a word of ``terms`` or of a title's grammar."""
    text = "".join(lines)
    keep = tuple(k for k in keep if k and len(k) >= 2)
    gaps = _Gaps(text, width, keep, tuple(t for t in terms if t and len(t) >= 2))
    out, at = [], 0
    for n, line in enumerate(lines[:-1]):
        at += len(line)
        if at in gaps.inside:
            what, span = gaps.inside[at]
            out.append(Break(n, what, span))
    return out
