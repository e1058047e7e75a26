"""Plain text files: their encoding guessed from the bytes, their lines as paragraphs.

An office PC writes .txt as UTF-8 with or without BOM, UTF-16 with or without
BOM, or GB18030 (a superset of GBK); a guessed decoding is only accepted when the
text it yields looks like a Chinese office document; valid UTF-8 full of control
characters is refused for them, not for its encoding. ``clean`` (what is stripped
from a paragraph's ends and removed inside it) is shared with the Word reader.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from ..model import Paragraph

_ENCODING = "无法识别文件的文字编码（已尝试 UTF-8、UTF-16、GB18030），它可能不是文本文件"
_ENCODING_HINT = "请在记事本或 WPS 中把文件另存为 UTF-8 编码的 .txt 后再试"
_CONTROLS = "文件中有 {n} 个控制字符（不可见的特殊字符，如 {first}），不像是文稿，已拒绝读取"
_CONTROLS_HINT = ("如果这确实是文稿，可能是从其他程序导出时带入了这些字符：请在记事本或 WPS 中打开，"
                  "复制文字到新文件，另存为 UTF-8 编码的 .txt 后再试")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Characters no document text contains: C0/C1 controls (tab, line and page breaks
# aside), replacement and non-characters. Many of them mean the encoding is wrong.
_BAD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff]")
# Characters a Chinese office document is made of. A guessed decoding (GB18030,
# UTF-16 without BOM) that yields many others (rare CJK extensions, private use,
# Hangul from misread bytes) is taken as wrong. Compiled on first use: the big
# ranges cost a millisecond, and only guessed decodings need it.
_COMMON_CHARS = (
    "[\\s\x21-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u27bf\u3000-\u33ff"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+"
)
# Stripped at both ends of a paragraph besides Python's whitespace (which covers
# tabs, U+3000 and no-break spaces): zero-width spaces and stray BOMs.
_EDGE = "\u200b\ufeff"
# Removed inside a paragraph: controls other than tab, and the characters above
# that XML cannot hold anyway.
_STRAY = re.compile("[\x00-\x08\x0a-\x1f\x7f\ufffe\uffff]")


def _plausible(text: str, guessed: bool) -> bool:
    size = len(text)
    if size and len(_BAD.findall(text)) * 50 > size:
        return False
    return not guessed or len(re.sub(_COMMON_CHARS, "", text)) * 10 <= size


def decode(data: bytes, path: Path) -> str:
    """The text of a .txt's bytes, in the encoding they were written in (or an ``InputError``)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            data = data[len(bom):]
            attempts = [(encoding, False, False), (encoding, True, False)]
            break
    else:
        attempts = _guesses(data)
    for encoding, lenient, guessed in attempts:
        text = _lenient(data, encoding) if lenient else _strict(data, encoding)
        if text is not None and _plausible(text, guessed):
            return text
    # Valid UTF-8 is rarely an accident: its encoding is known, its content is what is wrong.
    text = _strict(data, attempts[0][0]) if attempts[0][0] == "utf-8" else None
    controls = _BAD.findall(text) if text is not None else []
    if controls:
        raise InputError(_CONTROLS.format(n=len(controls), first=f"U+{ord(controls[0]):04X}"),
                         path=path, hint=_CONTROLS_HINT)
    raise InputError(_ENCODING, path=path, hint=_ENCODING_HINT)


def _guesses(data: bytes) -> list[tuple[str, bool, bool]]:
    """(encoding, lenient, guessed) in the order to try them, for data without a BOM."""
    guesses = [("utf-8", False, False)]
    if b"\x00" in data and len(data) % 2 == 0:
        guesses += [(order, False, True) for order in _utf16_orders(data)]
    # A UTF-8 file with a damaged byte (cut off mid-character) must not become
    # GB18030 mojibake, so UTF-8 is tried leniently before GB18030 strictly.
    guesses += [("utf-8", True, False), ("gb18030", False, True), ("gb18030", True, True)]
    return guesses


def _utf16_orders(data: bytes) -> tuple[str, str]:
    """UTF-16's two byte orders, the likelier first, for data without a BOM.

    Chinese text read in the wrong order gives other characters that are just as
    valid (一、 becomes Nİ), so the order whose sample has more characters of a
    Chinese document (GB2312: ASCII, common hanzi, CJK punctuation) wins. ASCII
    read in the wrong order scores about as well, but puts its NUL in the high
    byte (odd offsets in LE): that decides a tie.
    """
    sample = data[:8192]
    scores = {}
    for order in ("utf-16-le", "utf-16-be"):
        text = sample.decode(order, "replace")
        common = text.encode("gb2312", "ignore").decode("gb2312")
        scores[order] = len(common) + sum(c.isspace() for c in text) - common.count("\x00")
    nul_le = data[1::2].count(0) >= data[0::2].count(0)
    if scores["utf-16-le"] != scores["utf-16-be"]:
        nul_le = scores["utf-16-le"] > scores["utf-16-be"]
    return ("utf-16-le", "utf-16-be") if nul_le else ("utf-16-be", "utf-16-le")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, encoding: str) -> str | None:
    """The text with a few undecodable bytes replaced, if it is clearly this encoding."""
    text = data.decode(encoding, "replace")
    damaged = text.count("\ufffd")
    # Mostly-ASCII text in another encoding decodes with few errors too: require
    # far more well-decoded non-ASCII characters than damaged ones.
    decoded = len(text) - len(text.encode("ascii", "ignore")) - damaged
    return text if damaged * 100 <= len(text) and decoded >= 20 * damaged else None


def clean(text: str) -> str:
    """A paragraph without stray controls inside and without blanks at either end."""
    text = _STRAY.sub("", text)
    while True:
        stripped = text.strip().strip(_EDGE)
        if stripped == text:
            return text
        text = stripped


def text_paragraphs(text: str) -> list[Paragraph]:
    """The non-empty lines of a text, one paragraph each."""
    out: list[Paragraph] = []
    # splitlines: CRLF, CR, LF, and the Unicode line/paragraph separators.
    for line in text.splitlines():
        line = clean(line)
        if line:
            out.append(Paragraph(index=len(out), text=line, block=len(out), offset=0))
    return out
