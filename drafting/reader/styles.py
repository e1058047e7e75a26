"""styles.xml and numbering.xml: style names and outline levels, and the numbers Word draws.

Word's automatic list numbers (``一、``, ``（一）``) are not in the text: they live
in numbering.xml and are counted as Word counts them, per abstract definition,
with restarts, overrides and styles that carry a list.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..numerals import cn_digits, cn_number
from .wordml import Tags, is_on, to_int

# --- styles -----------------------------------------------------------------

# Word writes some built-in style names in lower case; show them as Word's UI does.
_BUILTIN_NAMES = {
    name.lower(): name
    for name in ("Normal", "Title", "Subtitle", "Caption", "Header", "Footer",
                 *(f"Heading {n}" for n in range(1, 10)))
}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


class _Style(NamedTuple):
    name: str | None
    based_on: str | None
    outline: int | None  # as stored: 0-based, 9 = body text
    num_id: str | None
    ilvl: int | None


class _Resolved(NamedTuple):
    name: str | None
    outline_level: int | None  # 1-based
    num_id: str | None
    ilvl: int | None
    style_id: str | None


class Styles:
    """styles.xml: paragraph style names, outline levels and numbering, with inheritance."""

    def __init__(self, root, t: Tags) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_id: str | None = None
        self._cache: dict[str | None, _Resolved] = {}
        if root is None:
            return
        for el in root.iterchildren(t.style):
            sid = el.get(t.styleId)
            if sid is None or sid in self.styles:
                continue
            name_el = el.find(t.name)
            based = el.find(t.basedOn)
            ppr = el.find(t.pPr)
            outline = num_id = ilvl = None
            if ppr is not None:
                lvl = ppr.find(t.outlineLvl)
                outline = to_int(lvl.get(t.val)) if lvl is not None else None
                num_id, ilvl = num_pr(ppr, t)
            name = name_el.get(t.val) if name_el is not None else None
            if name is not None:
                name = _BUILTIN_NAMES.get(name.lower(), name)
            self.styles[sid] = _Style(
                name, based.get(t.val) if based is not None else None, outline, num_id, ilvl
            )
            if (
                self.default_id is None
                and el.get(t.type, "paragraph") == "paragraph"
                and el.get(t.default) in ("1", "true", "on")
            ):
                self.default_id = sid

    def _chain(self, sid: str | None) -> list[tuple[str, _Style]]:
        chain: list[tuple[str, _Style]] = []
        seen: set[str] = set()
        while sid is not None and sid in self.styles and sid not in seen and len(chain) < 32:
            seen.add(sid)
            style = self.styles[sid]
            chain.append((sid, style))
            sid = style.based_on
        return chain

    def resolve(self, sid: str | None) -> _Resolved:
        """A paragraph style with what it inherits; unknown or absent ids mean the default."""
        if sid not in self.styles:
            sid = self.default_id
        if sid in self._cache:
            return self._cache[sid]
        chain = self._chain(sid)
        outline_level = None
        for _, style in chain:
            if style.outline is not None:
                outline_level = style.outline + 1 if 0 <= style.outline <= 8 else None
                break
        else:
            for _, style in chain:
                m = _HEADING_NAME.match(style.name or "")
                if m:
                    outline_level = int(m.group(1))
                    break
        num_id = ilvl = None
        for _, style in chain:
            if style.num_id is not None:
                num_id, ilvl = style.num_id, style.ilvl
                break
        name = chain[0][1].name if chain else None
        resolved = _Resolved(name, outline_level, num_id, ilvl, sid)
        self._cache[sid] = resolved
        return resolved

    def num_id_of(self, sid: str) -> str | None:
        """The numbering a (numbering) style points to, for numStyleLink."""
        for _, style in self._chain(sid):
            if style.num_id is not None:
                return style.num_id
        return None


def num_pr(ppr, t: Tags) -> tuple[str | None, int | None]:
    """The (numId, ilvl) a w:pPr names, each None when absent."""
    num_pr = ppr.find(t.numPr)
    if num_pr is None:
        return None, None
    num_id = num_pr.find(t.numId)
    ilvl = num_pr.find(t.ilvl)
    return (
        num_id.get(t.val) if num_id is not None else None,
        to_int(ilvl.get(t.val)) if ilvl is not None else None,
    )


# --- automatic numbering ----------------------------------------------------


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str | None
    restart: int | None
    legal: bool
    style: str | None


class _Num(NamedTuple):
    abstract_id: str | None
    starts: dict[int, int]  # startOverride per level
    levels: dict[int, _Level]  # whole-level overrides


_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")


class Numbering:
    """numbering.xml, and the running counters that give each paragraph its number.

    As in Word, counters belong to the abstract definition: several ``w:num``
    instances of one abstractNum continue one sequence, and an instance with a
    ``startOverride`` restarts its level the first time it is used.
    """

    def __init__(self, root, t: Tags, styles: Styles) -> None:
        self.t = t
        self.styles = styles
        self.abstracts: dict[str, tuple[dict[int, _Level], str | None]] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.applied: set[tuple[str, int]] = set()
        if root is None:
            return
        for el in root.iterchildren(t.abstractNum):
            aid = el.get(t.abstractNumId_attr)
            if aid is None or aid in self.abstracts:
                continue
            link = el.find(t.numStyleLink)
            levels = {}
            for lvl in el.iterchildren(t.lvl):
                ilvl = to_int(lvl.get(t.ilvl_attr))
                if ilvl is not None and 0 <= ilvl < _LEVELS and ilvl not in levels:
                    levels[ilvl] = self._level(lvl)
            self.abstracts[aid] = (levels, link.get(t.val) if link is not None else None)
        for el in root.iterchildren(t.num):
            nid = el.get(t.numId_attr)
            if nid is None or nid in self.nums:
                continue
            aid = el.find(t.abstractNumId)
            starts: dict[int, int] = {}
            overrides: dict[int, _Level] = {}
            for ov in el.iterchildren(t.lvlOverride):
                ilvl = to_int(ov.get(t.ilvl_attr))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                start = ov.find(t.startOverride)
                if start is not None and to_int(start.get(t.val)) is not None:
                    starts[ilvl] = to_int(start.get(t.val))
                lvl = ov.find(t.lvl)
                if lvl is not None:
                    overrides[ilvl] = self._level(lvl)
            self.nums[nid] = _Num(aid.get(t.val) if aid is not None else None, starts, overrides)

    def _level(self, el) -> _Level:
        t = self.t

        def val(tag):
            child = el.find(tag)
            return child.get(t.val) if child is not None else None

        text_el = el.find(t.lvlText)
        text = None
        if text_el is not None and not is_on(text_el.find(t.null), t):
            text = text_el.get(t.val)
        return _Level(
            start=to_int(val(t.start)) or 0,
            fmt=val(t.numFmt) or "decimal",
            text=text,
            restart=to_int(val(t.lvlRestart)),
            legal=is_on(el.find(t.isLgl), t),
            style=val(t.pStyle),
        )

    def _abstract(self, num: _Num) -> tuple[str, dict[int, _Level]] | None:
        """The abstract definition behind ``num``, following numStyleLink to its style."""
        aid = num.abstract_id
        for _ in range(4):
            if aid not in self.abstracts:
                return None
            levels, link = self.abstracts[aid]
            if link is None:
                return aid, levels
            linked_num = self.nums.get(self.styles.num_id_of(link) or "")
            if linked_num is None or linked_num.abstract_id == aid:
                return aid, levels
            aid = linked_num.abstract_id
        return None

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level a style-linked list gives a paragraph that names no ilvl."""
        num = self.nums.get(num_id)
        found = self._abstract(num) if num is not None else None
        if found is not None and style_id is not None:
            for ilvl, level in sorted(found[1].items()):
                if level.style == style_id:
                    return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph; the number Word shows."""
        num = self.nums.get(num_id)
        found = self._abstract(num) if num is not None else None
        if found is None:
            return None
        aid, abstract_levels = found
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        levels = {**abstract_levels, **num.levels}
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, [None] * _LEVELS)
        if ilvl in num.starts and (num_id, ilvl) not in self.applied:
            self.applied.add((num_id, ilvl))
            counters[ilvl] = num.starts[ilvl]
        elif counters[ilvl] is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            # lvlRestart names the (1-based) level after which this one restarts;
            # 0 means never; absent or not above this level means "any higher level".
            if restart is None or restart > deeper or ilvl < restart:
                counters[deeper] = None
        if level.fmt == "bullet" or not level.text:
            return None

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            ref = levels.get(k)
            value = counters[k] if counters[k] is not None else (ref.start if ref else 0)
            fmt = "decimal" if level.legal else (ref.fmt if ref else "decimal")
            return _format_number(value, fmt)

        return _PLACEHOLDER.sub(number, level.text).strip() or None


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百千", "壹貳參肆伍陸柒捌玖拾佰仟")
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CN_COUNTING = frozenset({
    "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
    "taiwaneseCountingThousand", "koreanCounting", "japaneseDigitalTenThousand",
})
_CN_DIGITAL = frozenset({"ideographDigital", "taiwaneseDigital", "koreanDigital", "koreanDigital2"})


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def _format_number(n: int, fmt: str) -> str:
    """``n`` as a Word ST_NumberFormat shows it; unknown formats fall back to decimal."""
    if fmt == "none":
        return ""
    if fmt in _CN_COUNTING:
        return cn_number(n) if 0 <= n <= 9999 else str(n)
    if fmt in _CN_DIGITAL:
        return cn_digits(n) if n >= 0 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        if not 0 <= n <= 9999:
            return str(n)
        table = _LEGAL_SIMPLIFIED if fmt == "chineseLegalSimplified" else _LEGAL_TRADITIONAL
        return cn_number(n).translate(table)
    if n < 1:
        return str(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "ideographZodiacTraditional":
        return _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_WIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3280, 10)
    if fmt in ("upperLetter", "lowerLetter") and n <= 26 * 50:
        letters = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman") and n < 4000:
        roman = ""
        for value, symbol in _ROMAN:
            count, n = divmod(n, value)
            roman += symbol * count
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)
