"""Half-width punctuation in Chinese text (GB/T 15834): finding it and writing it full-width.

Text pasted from other programs often carries ASCII ``, ; : ? !`` and ``( )``
between Chinese characters. ``draft ingest`` corrects harvested text with
``fullwidth``; ``draft snippets lint`` reports what ``halfwidth`` finds in a
snippet's source. One set of patterns serves both, so what lint reports is
exactly what ingest would have corrected. Pure string functions.
"""

from __future__ import annotations

import re

__all__ = ["FULLWIDTH", "fullwidth", "halfwidth"]

#: Each ASCII mark and the full-width mark Chinese text uses instead.
FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = "\u3400-\u9fff“”‘’（）《》、，。；：？！"
# A mark after a Chinese character, or before one (spaces around it are dropped).
_AFTER = re.compile(rf"(?<=[{_CJK}])\s*([,;:?!])\s*")
_BEFORE = re.compile(rf"([,;:?!])\s*(?=[{_CJK}])")
# Parentheses around text with Chinese in it.
_PARENS = re.compile(rf"\((?=[^()]*[{_CJK}][^()]*\))([^()]*)\)")


def fullwidth(text: str) -> str:
    """``text`` with ASCII punctuation beside Chinese text written as the full-width marks."""

    def mark(m: re.Match) -> str:
        return FULLWIDTH[m.group(1)]

    text = _AFTER.sub(mark, text)
    text = _BEFORE.sub(mark, text)
    return _PARENS.sub(r"（\1）", text)


def halfwidth(text: str) -> list[tuple[int, str]]:
    """Where ``fullwidth`` would change ``text``: (offset, ASCII mark) pairs, in order."""
    found = {m.start(1): m.group(1) for pattern in (_AFTER, _BEFORE) for m in pattern.finditer(text)}
    for m in _PARENS.finditer(text):
        found[m.start()] = "("
        found[m.end() - 1] = ")"
    return sorted(found.items())
