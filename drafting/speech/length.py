"""How long a speech reads: the characters spoken aloud, and the minutes at a speaker's rate.

The spoken text is what the speaker reads from the page: the salutation 同志们：,
the opening, every section heading with its number (一、…), every paragraph with
its 一是、二是, and the closing. The title, the speaker's name and the date line are
not read out and do not count. A character is any character but white space,
punctuation included, as Word's and WPS's 字数 count Chinese text.
"""

from __future__ import annotations

from ..model import SPEECH, Outline
from ..numerals import item_marker, section_label

#: The salutation before the opening; ``render.SALUTATION`` (render imports docxtpl, this stays light).
SALUTATION = "同志们："
_SENTENCE_END = ("。", "！", "？")


def characters(text: str) -> int:
    """The characters of ``text`` a reader counts: all but white space."""
    return sum(1 for ch in text if not ch.isspace())


def spoken_paragraphs(outline: Outline) -> list[str]:
    """The paragraphs of a speech the speaker reads aloud, numbered as the document shows them."""
    found = [SALUTATION, *outline.preamble]
    for section in outline.sections:
        found.append(section_label(section.number) + section.heading)
        for item in section.items:
            label = item_marker(SPEECH, item.number) if item.number is not None else ""
            lead = (item.lead or "").strip()
            if lead and not lead.endswith(_SENTENCE_END):
                lead += "。"
            found.append(label + lead + item.text)
    return [*found, *outline.closing]


def spoken_length(outline: Outline) -> int:
    """The characters a speaker reads aloud in ``outline`` (see the module docstring)."""
    return sum(characters(p) for p in spoken_paragraphs(outline))


def about(chars: int) -> str:
    """A character count as a person says it: 4,400 (to the hundred), 860 (to the ten)."""
    rounded = round(chars, -2) if chars >= 1000 else round(chars, -1)
    return f"{max(rounded, 10):,}" if chars else "0"


def minutes_of(chars: int, rate: int) -> str:
    """Reading time of ``chars`` at ``rate`` characters a minute, to the half minute: 20, 19.5."""
    halves = max(1, round(chars * 2 / rate))
    return str(halves // 2) if halves % 2 == 0 else f"{halves / 2:.1f}"


def describe(chars: int, rate: int) -> str:
    """The report line on a speech's length: 全文约 4,400 字，按每分钟 220 字约 20 分钟."""
    return f"全文约 {about(chars)} 字，按每分钟 {rate} 字约 {minutes_of(chars, rate)} 分钟"
