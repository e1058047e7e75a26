"""The GB/T 9704 layout rules ``draft check`` can see in a document's text, without rendering it.

A 公文 is recognised by its parts, found by their text and order (real offices'
documents carry no style ids for them): the 发文字号 line near the top
(〔2026〕3号, 某发〔2026〕3号, 签发人 on the same line for 上行文), the 发文机关标志
above it, the 附件说明 (附件：…) after the body, the 附件 / 附件1 labels of the
attachments, the 成文日期 line under the signature and the 版记's 印发 line
(某某机关 2026年3月5日印发). Each rule fires only when the document clearly has
the parts it is about; a document without a 版头 gets no 版头 or 版记 findings,
and one whose attachments are not in it gets no attachment findings.

Codes:

``docnumber-format``
    a 发文字号 written 〔2026〕03号, [2026]3号, (2026)3号, 【2026】3号, 2026年3号 or
    〔2026〕第3号 (GB/T 9704—2012 7.2.4); the suggestion is the right form.
``attachment-note``
    the 附件说明 against the attachments in the document: a different number of
    them, a name that is not the attachment's title, labels not numbered 附件1,
    附件2 … in the note's order (7.3.4, 8), a mark after a name.
``date-form``
    the 成文日期 (the line under the signature, or the date under a title)
    written in Chinese numerals, 二〇二六年三月五日 (7.3.5.2 wants Arabic numerals),
    or a date anywhere in the body written 2026.1.5, 2026/1/5 or 2026-1-5.
``imprint-missing``
    a 版头 (发文机关标志 and 发文字号) and a signed, dated body, but no 版记 with the
    印发机关 and 印发日期 (7.4).

Pure: Paragraph values in, Finding values out. The 发文字号 pattern is a small
local copy; ``gongwen.docnumber`` (the notice's validation) is the one to share.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding, Paragraph
from ..numerals import cn_to_int
from ..rules.base import CheckContext

__all__ = ["CODE_NAMES", "gongwen_layout"]

#: the codes as a reader sees them (merged into ``check.CODE_NAMES``)
CODE_NAMES = {
    "docnumber-format": "发文字号格式",
    "attachment-note": "附件说明",
    "date-form": "日期写法",
    "imprint-missing": "缺少版记",
}

# How far down a 发文字号 can stand: 发文机关标志 (one or two lines), 发文字号.
_HEAD = 5
_HAN = r"\u4e00-\u9fff"
#: 〔2026〕3号, with an optional 机关代字 before it
_DOCNUMBER = re.compile(rf"([{_HAN}]{{1,15}})?〔((?:19|20)\d\d)〕([1-9]\d{{0,3}})号")
#: anything people write for one: other brackets, a 年, a leading zero, a 第
_LOOSE = re.compile(
    rf"(?P<code>[{_HAN}]{{0,15}}?)\s*"
    r"(?:(?P<open>[〔\[［(（【〖﹝［{])\s*(?P<year>(?:19|20)\d\d)\s*[〕\]］)）】〗﹞］}]|(?P<yyear>(?:19|20)\d\d)年)"
    r"\s*(?P<di>第)?\s*(?P<num>\d{1,4})\s*号"
)
_SIGNER = re.compile(r"\s*签\s*发\s*人\s*[:：].*$")
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_DATE = re.compile(rf"([{_CN_DIGIT}○O]{{4}})年([一二三四五六七八九十]{{1,3}})月([一二三四五六七八九十]{{1,3}})日")
_DATE = re.compile(r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日")
#: 2026.1.5, 2026/1/5, 2026-1-5 — not inside a longer number, a version or a web address
_DOTTED = re.compile(r"(?<![A-Za-z0-9_./\-])((?:19|20)\d\d)([./\-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![A-Za-z0-9_./\-])")
#: a 发文机关标志: "…文件", or a body's name (…委员会, …局, …党组 …)
_LETTERHEAD = re.compile(r"(?:文件|委员会|[党工]委|党组|机关|政府|办公室|办公厅|[局厅部处室院会]|[总]?支部|总支)$")
_IMPRINT = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$")
_NOTE = re.compile(r"^附\s*件\s*[:：]\s*")
_LABEL = re.compile(r"^附\s*件\s*(\d{0,2})$")
_ITEM = re.compile(r"^(\d{1,2})\s*[．.、]\s*")
_NAME_END = "。，；、,.;"
_IGNORED = str.maketrans("", "", "《》“”\"'‘’ \u3000\t")


def gongwen_layout(ctx: CheckContext) -> Iterator[Finding]:
    """The 发文字号, 附件说明, 成文日期 and 版记 findings of a 公文 (nothing for a document that is not one)."""
    body = [p for p in ctx.paragraphs if p.part == "body" and p.text.strip()]
    number = _docnumber_line(body)
    if number is not None:
        yield from _docnumber_format(number)
    yield from _attachments(body)
    yield from _dates(body, ctx)
    if number is not None:
        # a 版记 may stand in a footer, as draft plan --notice puts it on its even last page
        footers = [p for p in ctx.paragraphs if p.part == "footer"]
        yield from _imprint(body, number, footers)


# --- 发文字号 -------------------------------------------------------------------------------


def _docnumber_line(body: list[Paragraph]) -> tuple[Paragraph, re.Match] | None:
    """The paragraph near the top that is a 发文字号 and nothing else (but a 签发人), with its match."""
    for p in body[:_HEAD]:
        text = _SIGNER.sub("", p.text).strip()
        m = _LOOSE.fullmatch(text)
        if m is not None:  # a table's cell too: 版头 are often laid out in one
            return p, m
    return None


def _docnumber_format(found: tuple[Paragraph, re.Match]) -> Iterator[Finding]:
    from .docnumber import parse_doc_number, suggest_doc_number  # the one reading of a 发文字号

    p, m = found
    excerpt = m.group(0)
    if parse_doc_number(excerpt) is not None or _DOCNUMBER.fullmatch(excerpt):
        return
    right = suggest_doc_number(excerpt)
    if right is None:
        return
    yield Finding("docnumber-format",
                  f"发文字号应写作“{right}”：年份用六角括号〔〕，序号不编虚位（不加 0）、不加“第”字"
                  "（GB/T 9704—2012 7.2.4）",
                  paragraph=p.index, excerpt=excerpt, start=p.text.find(excerpt), suggestion=right)


# --- 附件说明 and the attachments -----------------------------------------------------------


def _attachments(body: list[Paragraph]) -> Iterator[Finding]:
    at = next((n for n, p in enumerate(body) if _NOTE.match(p.text.strip())), None)
    if at is None:
        return
    note = body[at]
    items = _note_items(body, at)
    labels = [(n, p) for n, p in enumerate(body) if n > at and _LABEL.fullmatch(p.text.strip())]
    for p, name in items:
        if name and name[-1] in _NAME_END:
            yield Finding("attachment-note", "附件名称后不加标点符号（GB/T 9704—2012 7.3.4）",
                          paragraph=p.index, excerpt=name[-1], start=p.text.rfind(name[-1]), suggestion="")
    if not labels:  # the attachments are sent as separate files: nothing here to compare with
        return
    if len(labels) != len(items):
        yield Finding("attachment-note",
                      f"附件说明列了 {len(items)} 个附件，文中有 {len(labels)} 个附件：请核对附件说明与附件是否一致",
                      paragraph=note.index, excerpt=note.text.strip()[:10])
        return
    for k, ((p, name), (n, label)) in enumerate(zip(items, labels), 1):
        want = "附件" if len(items) == 1 else f"附件{k}"
        shown = label.text.strip()
        if shown.replace(" ", "").replace("\u3000", "") != want and len(items) > 1:
            yield Finding("attachment-note", f"附件说明的第 {k} 个附件，标注应为“{want}”（GB/T 9704—2012 8）",
                          paragraph=label.index, excerpt=shown, start=label.text.find(shown))
        title = _title_after(body, n, name)
        if title is not None and _plain(title) != _plain(name.rstrip(_NAME_END)):
            yield Finding("attachment-note",
                          f"附件说明写“{name.rstrip(_NAME_END)}”，附件标题是“{title}”：附件名称应与附件标题一致"
                          "（GB/T 9704—2012 7.3.4）",
                          paragraph=p.index, excerpt=name, start=p.text.find(name))


def _note_items(body: list[Paragraph], at: int) -> list[tuple[Paragraph, str]]:
    """(paragraph, attachment name) for each name the 附件说明 lists: one, or 1．… 2．… on aligned lines."""
    first = body[at]
    rest = _NOTE.sub("", first.text.strip())
    m = _ITEM.match(rest)
    if m is None or m.group(1) != "1":
        return [(first, rest)] if rest else []
    items = [(first, rest[m.end():].strip())]
    for p in body[at + 1:]:
        m = _ITEM.match(p.text.strip())
        if m is None or int(m.group(1)) != len(items) + 1:
            break
        items.append((p, p.text.strip()[m.end():].strip()))
    return items


def _title_after(body: list[Paragraph], n: int, name: str) -> str | None:
    """The attachment's title under its label at ``n``: one line, or as many as make up ``name``."""
    if n + 1 >= len(body):
        return None
    title = body[n + 1].text.strip()
    want = _plain(name.rstrip(_NAME_END))
    k = n + 2
    # a title broken over lines: take the next ones while they go on spelling the name
    while _plain(title) != want and want.startswith(_plain(title)) and k < len(body):
        longer = title + body[k].text.strip()
        if not want.startswith(_plain(longer)):
            break
        title, k = longer, k + 1
    return title


def _plain(text: str) -> str:
    return text.translate(_IGNORED)


# --- dates -----------------------------------------------------------------------------------


def _dates(body: list[Paragraph], ctx: CheckContext) -> Iterator[Finding]:
    for n, p in enumerate(body):
        text = p.text.strip()
        core = text.strip("（）()")
        m = _CN_DATE.fullmatch(core)
        if m is not None and _is_date_line(body, n):
            right = _arabic(m)
            if right is not None:
                yield Finding("date-form",
                              f"成文日期用阿拉伯数字，应写作“{right}”（GB/T 9704—2012 7.3.5.2）",
                              paragraph=p.index, excerpt=m.group(0), start=p.text.find(m.group(0)), suggestion=right)
    in_table = {p.index for p in body if p.in_table}
    for line in ctx.lines:
        for m in _DOTTED.finditer(line.text):
            if m.group(2) == "-" and line.index in in_table:
                continue  # GB/T 15835 allows 2026-1-5 where space is short; running text writes 年月日
            right = f"{int(m.group(1))}年{int(m.group(3))}月{int(m.group(4))}日"
            yield line.finding("date-form", f"公文正文中的日期应写作“{right}”", m.start(), m.end(), right)


def _is_date_line(body: list[Paragraph], n: int) -> bool:
    """Whether paragraph ``n``, a date alone, is the 成文日期: under a signature, or under the title."""
    if n <= 3:
        return True
    before = body[n - 1].text.strip()
    # a signature: a short line naming the issuer, not a sentence
    return 2 <= len(before) <= 40 and before[-1] not in "。；;：:，,！？!?" and not _ITEM.match(before)


def _arabic(m: re.Match) -> str | None:
    year = cn_to_int(m.group(1).replace("○", "〇").replace("O", "〇"))
    month, day = cn_to_int(m.group(2)), cn_to_int(m.group(3))
    if year is None or month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}年{month}月{day}日"


# --- 版记 ------------------------------------------------------------------------------------


def _imprint(body: list[Paragraph], found: tuple[Paragraph, re.Match], footers: list[Paragraph]) -> Iterator[Finding]:
    number, _ = found
    before = [p for p in body if p.index < number.index]
    if not before or any(len(p.text.strip()) > 40 for p in before) \
            or not any(_LETTERHEAD.search(p.text.strip()) for p in before):
        return  # no 发文机关标志 above the number (a web page's 朗读 is none): no 版头 to go by
    after = [p for p in body if p.index > number.index]
    dated = any(_DATE.fullmatch(p.text.strip()) or _CN_DATE.fullmatch(p.text.strip()) for p in after)
    if not dated:
        return  # no 成文日期: the body may be cut short, the 版记 not reached
    if any(_IMPRINT.search(p.text) for p in after + footers):
        return
    yield Finding("imprint-missing",
                  "有版头（发文机关标志和发文字号），却没有版记：末页下端应有印发机关和印发日期"
                  "（如“某某机关 2026年3月5日印发”），有抄送机关的写在其上（GB/T 9704—2012 7.4）",
                  paragraph=number.index, excerpt=number.text.strip(), start=number.text.find(number.text.strip()))

