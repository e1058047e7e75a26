"""Cleaning: reseller and site lines (advertising), a pasted second copy of the text."""

from __future__ import annotations

import re

from ..model import Finding
from .common import _excerpt, _is_title_text, _Line, _where, _CLOSING, _SALUTATION
from .markers import TEXT, classify

# Advertising: strong marks are enough alone; weak ones need company.
_AD_STRONG = re.compile(
    r"(?:QQ|ＱＱ|qq)\s*群|(?:QQ|ＱＱ|qq)\s*[:：]?\s*\d{5,}|会员群|仅供学习|仅供参考学习|禁止外传|请勿外传|"
    r"严禁倒卖|倒卖|https?://|www\.|公众号|微信号|扫码|加微信|淘宝|店铺"
)
_AD_WEAK = re.compile(r"整理|咨询|订阅|会员|下载|客服|免费|资料|权益|转载|版权|VIP|vip")
_AD_INLINE = re.compile(
    r"(?:[^，。；\s]{0,12}整理[，,]?\s*)?(?:咨询|联系)?\s*(?:QQ|ＱＱ|qq|微信)\s*群?\s*[:：]?\s*\d{5,}"
    r"|https?://[\x21-\x7e]+|www\.[\x21-\x7e]+"
)
_BRAND = re.compile(r"^(.{2,12}?)整理")
#: Lines up to this long may be advertising; body paragraphs are longer.
_AD_MAX = 60



def _is_ad(text: str, brands: set[str]) -> bool:
    if len(text) > _AD_MAX or classify(text)[0] != TEXT:
        return False
    if _AD_STRONG.search(text) or any(b in text for b in brands):
        return True
    return len(set(_AD_WEAK.findall(text))) >= 2


def _strong_ad(text: str, ads: tuple[str, ...]) -> bool:
    return bool(_AD_STRONG.search(text)) or any(a in text for a in ads)


def _document_start(lines: list[_Line]) -> int:
    """Index of the first line that belongs to the document proper (title or body)."""
    for i, line in enumerate(lines):
        text = line.text
        if classify(text)[0] != TEXT or _SALUTATION.match(text) or _CLOSING.match(text):
            return i
        if _is_title_text(text) or (len(text) > _AD_MAX and "。" in text):
            return i
    return len(lines)


def _remove_ads(lines: list[_Line], findings: list[Finding], ads: tuple[str, ...] = ()) -> list[_Line]:
    brands = {m.group(1) for line in lines if _strong_ad(line.text, ads)
              for m in [_BRAND.match(line.text)] if m}
    brands.update(ads)
    removed: list[_Line] = []
    flags = [_is_ad(line.text, brands) for line in lines]
    start = _document_start(lines)
    if any(flags[:start]):
        # The block before the title is the reseller's banner as a whole.
        flags[:start] = [True] * start
    kept: list[_Line] = []
    for line, flag in zip(lines, flags):
        if flag:
            removed.append(line)
            continue
        cleaned = _AD_INLINE.sub("", line.text).strip()
        if cleaned != line.text:
            match = _AD_INLINE.search(line.text)
            findings.append(Finding(
                "ad-text", f"{_where(line.index)}中夹有广告、联系方式或网址，应删去", paragraph=line.index,
                excerpt=match.group().strip() if match else "", suggestion="",
            ))
            if not cleaned:
                continue
            line = _Line(line.index, cleaned, line.style)
        kept.append(line)
    for first, last in _runs(removed):
        where = _where(first.index) if first is last else f"第{first.index + 1}—{last.index + 1}段"
        findings.append(Finding(
            "ad-text", f"{where}是广告或转载信息，正式文稿中应删去",
            paragraph=first.index, excerpt=_excerpt(first.text),
        ))
    return kept


def _runs(lines: list[_Line]) -> list[tuple[_Line, _Line]]:
    """Runs of lines with consecutive paragraph indexes: (first, last) of each."""
    runs: list[tuple[_Line, _Line]] = []
    for line in lines:
        if runs and line.index == runs[-1][1].index + 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


# --- duplicate text ---------------------------------------------------------------

#: A repeated tail counts as a pasted copy from this many characters ...
_DUP_MIN = 50
#: ... and when it is at least this share of the whole text.
_DUP_SHARE = 1 / 3


def _repeated_tail(text: str) -> int:
    """Length of the longest tail of ``text`` that also occurs earlier, not overlapping it."""
    n = len(text)
    lo, hi = 0, n // 2
    while lo < hi:  # the property is monotone: a shorter tail of a repeated tail repeats too
        k = (lo + hi + 1) // 2
        found = text.find(text[n - k:])
        if 0 <= found and found + k <= n - k:
            lo = k
        else:
            hi = k - 1
    return lo


def _remove_duplicate(lines: list[_Line], findings: list[Finding]) -> list[_Line]:
    if len(lines) < 2:
        return lines
    joined = "\n".join(line.text for line in lines)
    k = _repeated_tail(joined)
    if k < _DUP_MIN or k < _DUP_SHARE * len(joined):
        return lines
    cut = len(joined) - k
    kept: list[_Line] = []
    offset = 0
    copy_at: int | None = None
    copy_start = ""
    mid_paragraph = False
    for line in lines:
        end = offset + len(line.text)
        if end <= cut:
            kept.append(line)
        else:
            if copy_at is None:
                copy_at = line.index
                copy_start = line.text[max(0, cut - offset):].lstrip()
            head = line.text[: max(0, cut - offset)].strip()
            if head:
                kept.append(_Line(line.index, head, line.style))
                mid_paragraph = True
                cut = -1  # everything after this line is the copy
        offset = end + 1
    where = _where(copy_at or 0) + ("中间" if mid_paragraph else "")
    findings.append(Finding(
        "duplicate-text",
        f"从{where}起，全文又粘贴了一遍，应删去重复的部分（请核对保留的第一份是否完整）",
        paragraph=copy_at, excerpt=_excerpt(copy_start, 20),
    ))
    return kept
