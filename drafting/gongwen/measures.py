"""GB/T 9704 layout measured on rendered pages (pure: ``Page`` rows in, ``Measure`` results out).

Each measure reads the rows of the pages as printed (``gongwen.pages``) and
compares them with the standard's numbers (``Standard``, GB/T 9704-2012 clause
named on each field). A measure that finds nothing to measure — no 版记 in a bare
plan, no full page in a two-page document — is ``NA`` (不适用), never a pass.

The parts of a 公文 are found by their text and place, as a reader sees them,
never by style: the 发文字号 line by its 〔年份〕N号, the 成文日期 as a date alone on
a line right of the centre, the 版记 by 抄送 / …印发, the title as the large
centred lines at the top of the first page (below the 发文字号 when there is one).

Sizes: pdftotext's line box is the font's ascent plus descent, about 1.3 × the
font size for the CJK fonts LibreOffice uses; the measures compare rows with
each other (the body's row height, the text block's edges) rather than rely on
that ratio, except where noted.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .pages import Page, Row

__all__ = ["FAIL", "NA", "PASS", "UNVERIFIED", "Measure", "Standard", "measure_pages", "title_shape"]

PASS, FAIL, UNVERIFIED, NA = "通过", "不通过", "未核验", "不适用"
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Standard:
    """The GB/T 9704-2012 numbers the measures compare with (lengths in mm)."""

    margin_top: float = 37.0  # 5.2.1 天头（上白边）37 mm ± 1 mm
    margin_left: float = 28.0  # 5.2.1 订口（左白边）28 mm ± 1 mm
    block_width: float = 156.0  # 5.2.1 版心尺寸 156 mm × 225 mm
    block_height: float = 225.0
    lines_per_page: int = 22  # 5.2.2 一般每面排 22 行
    chars_per_line: int = 28  # 5.2.2 每行排 28 个字
    letterhead_gap: float = 35.0  # 7.2.2 发文机关标志上边缘至版心上边缘 35 mm（平行文、下行文）
    letterhead_gap_up: float = 80.0  # 7.2.2 上行文 80 mm
    letterhead_tolerance: float = 3.0  # see _letterhead
    page_number_gap: float = 7.0  # 7.5 页码一字线上距版心下边缘 7 mm
    page_number_tolerance: float = 5.0  # see _page_numbers
    page_number_size: float = 14.0  # 7.5 4 号半角宋体（pt）


@dataclass(frozen=True)
class Measure:
    """One measure: its code and Chinese name, what was measured, the target and the verdict."""

    code: str
    name: str
    value: str
    target: str
    status: str  # PASS, FAIL, UNVERIFIED or NA
    pages: tuple[int, ...] = ()  # the pages where it fails
    metric: bool = True  # depends on the fonts' metrics (line breaks, page breaks)


@dataclass(frozen=True)
class _Frame:
    """The text block in points, and what the document's own rows say about its body text."""

    top: float
    bottom: float
    left: float
    right: float
    body_height: float  # the most common row height: the body text's
    char: float  # the width of one body character on a standard line

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


# 〔2026〕3号 and the wrong forms a drafter types for it ([2026]3号, (2026)3号, 【2026】03号).
_DOCNUMBER = re.compile(r"[〔\[(（【]\d{4}[〕\])）】]\d+号")
_DATE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
                   r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日")
_ISSUED = re.compile(_DATE.pattern + "印发$")
_PAGE_NUMBER = re.compile(r"^[—－-]*(\d+)[—－-]*$")
# Characters one em wide in every CJK font: ideographs, CJK punctuation, full-width forms.
# Not “ ” ‘ ’ — …: they are shared with Latin fonts and their width depends on the run's font hint.
_FULL_WIDTH = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]+$")


def _content(page: Page, frame: _Frame) -> list[Row]:
    """The rows in the text block (above its lower edge: not the footer)."""
    return [r for r in page.rows if r.top < frame.bottom - 1]


def _footer(page: Page, frame: _Frame) -> list[Row]:
    return [r for r in page.rows if r.top >= frame.bottom - 1]


def _frame(pages: tuple[Page, ...], std: Standard) -> _Frame:
    top = std.margin_top * PT_PER_MM
    left = std.margin_left * PT_PER_MM
    bottom = top + std.block_height * PT_PER_MM
    right = left + std.block_width * PT_PER_MM
    heights = Counter(round(r.height * 2) / 2 for p in pages for r in p.rows if r.top < bottom - 1)
    body = heights.most_common(1)[0][0] if heights else 0.0
    return _Frame(top, bottom, left, right, body, (right - left) / std.chars_per_line)


def _body_size(row: Row, frame: _Frame) -> bool:
    return abs(row.height - frame.body_height) <= 0.1 * frame.body_height


def _lines_per_page(pages: tuple[Page, ...], frame: _Frame, std: Standard) -> Measure:
    """Rows on each full page: not the last page, body-size rows only, from the block's top to its foot.

    The rows are counted on the grid their own spacing makes (the median distance
    between neighbours), so an empty paragraph counts as the line it takes.
    """
    name, target = "每页行数", f"{std.lines_per_page} 行"
    counts: dict[int, int] = {}
    for page in pages[:-1]:
        rows = _content(page, frame)
        if len(rows) < 3 or not all(_body_size(r, frame) for r in rows):
            continue
        pitch = statistics.median(b.top - a.top for a, b in zip(rows, rows[1:]))
        if pitch <= 0 or rows[0].top - frame.top > pitch or frame.bottom - rows[-1].bottom > pitch:
            continue  # a page that ends early (a heading kept with its text, a page break)
        counts[page.number] = round((rows[-1].top - rows[0].top) / pitch) + 1
    if not counts:
        return Measure("lines-per-page", name, "没有排满正文的整页", target, NA)
    wrong = tuple(n for n, c in counts.items() if c != std.lines_per_page)
    common = Counter(counts.values()).most_common(1)[0][0]
    value = f"{common} 行（{len(counts)} 个整页）" if not wrong else \
        "、".join(f"第 {n} 页 {counts[n]} 行" for n in wrong[:3]) + ("等" if len(wrong) > 3 else "")
    # metric all the same: a paragraph spaced 单倍 or 最小值 (not 固定值) is as high as its font makes it
    return Measure("lines-per-page", name, value, target, FAIL if wrong else PASS, wrong)


def _chars_per_line(pages: tuple[Page, ...], frame: _Frame, std: Standard) -> Measure:
    """Characters on a full line: a body-size row of full-width characters from the left edge to the right.

    The edges are the document's own (the left edge most body rows start at, the
    right edge most of those end at), so the count does not depend on its margins; a line whose last mark
    hangs past the right edge is not a full line here. A line
    can hold one character fewer where 标点避头尾 moves a character down, so the
    most common count is the document's.
    """
    name, target = "每行字数", f"{std.chars_per_line} 字"
    body = [r for p in pages for r in _content(p, frame) if _body_size(r, frame)]
    if not body:
        return Measure("chars-per-line", name, "没有正文行", target, NA)
    left = Counter(round(r.left) for r in body).most_common(1)[0][0]
    rights = [r.right for r in body if abs(r.left - left) <= 1.5]
    # justified lines end together (within the odd compressed mark): the edge most lines share
    right = max(rights, key=lambda x: (sum(abs(x - y) <= 1.5 for y in rights), x))
    full = [r for r in body if abs(r.left - left) <= 1.5 and abs(right - r.right) <= 0.5 * frame.char
            and _FULL_WIDTH.match(r.text)]
    if not full:
        return Measure("chars-per-line", name, "没有排满一行的正文", target, NA)
    counts = Counter(len(r.text) for r in full)
    common = counts.most_common(1)[0][0]
    return Measure("chars-per-line", name, f"{common} 字（{len(full)} 个满行）", target,
                   PASS if common == std.chars_per_line else FAIL)


def _is_docnumber(row: Row) -> bool:
    return bool(_DOCNUMBER.search(row.text))


def _body_line(row: Row, frame: _Frame) -> bool:
    """A line of the body: body size, starting at the left edge or the first-line indent, not the 发文字号."""
    return (_body_size(row, frame) and row.left <= frame.left + 2.5 * frame.char and not _is_docnumber(row)
            and not row.text.endswith(("：", ":")))


def _first_page_body(pages: tuple[Page, ...], frame: _Frame) -> Measure:
    name, target = "首页正文", "首页有正文"
    if not pages:
        return Measure("first-page-body", name, "没有页面", target, FAIL, (1,))
    lines = [r for r in _content(pages[0], frame) if _body_line(r, frame)]
    if lines:
        return Measure("first-page-body", name, f"首页有 {len(lines)} 行正文", target, PASS)
    return Measure("first-page-body", name, "首页没有正文", target, FAIL, (1,))


def title_shape(widths: list[float], tolerance: float) -> str:
    """The shape of a title's lines from their widths: 单行, 长方形, 沙漏形, 正梯形, 倒梯形 or 菱形."""
    if len(widths) < 2:
        return "单行"
    if max(widths) - min(widths) <= tolerance:
        return "长方形"
    for before, middle, after in zip(widths, widths[1:], widths[2:]):
        if middle < before - tolerance and middle < after - tolerance:
            return "沙漏形"
    steps = [b - a for a, b in zip(widths, widths[1:])]
    if all(s >= -tolerance for s in steps):
        return "正梯形"
    if all(s <= tolerance for s in steps):
        return "倒梯形"
    return "菱形"


def _title_rows(pages: tuple[Page, ...], frame: _Frame) -> tuple[int, list[Row]]:
    """The title on the first page with text: the first run of large centred lines (below the 发文字号)."""
    for page in pages:
        rows = _content(page, frame)
        if not rows:
            continue
        numbers = [i for i, r in enumerate(rows) if _is_docnumber(r)]
        start = numbers[0] + 1 if numbers else 0
        title: list[Row] = []
        for row in rows[start:]:
            large = row.height > 1.15 * frame.body_height and abs(row.centre - frame.centre) <= frame.char
            if large and (not title or row.top - title[-1].bottom < title[-1].height):
                title.append(row)
            elif title or _body_line(row, frame):
                break
        return page.number, title
    return 0, []


def _title(pages: tuple[Page, ...], frame: _Frame) -> Measure:
    name, target = "标题形状", "单行，或梯形、菱形（不用长方形、沙漏形）"
    number, rows = _title_rows(pages, frame)
    if not rows:
        return Measure("title-shape", name, "没有找到标题", target, NA)
    widths = [r.right - r.left for r in rows]
    # Half a character of the title's size: lines of one length up to the odd half-width digit.
    shape = title_shape(widths, 0.4 * statistics.mean(r.height for r in rows))
    value = shape if len(rows) == 1 else f"{shape}（{len(rows)} 行：" + "／".join(r.text for r in rows) + "）"
    bad = shape in ("长方形", "沙漏形")
    return Measure("title-shape", name, value, target, FAIL if bad else PASS, (number,) if bad else ())


def _is_date(row: Row, frame: _Frame) -> bool:
    return bool(_DATE.fullmatch(row.text)) and row.left > frame.centre


def _signature(pages: tuple[Page, ...], frame: _Frame) -> Measure:
    """The 署名 and 成文日期 (a date alone on a line right of the centre) have body text on their page."""
    name, target = "落款位置", "署名、成文日期不单独成页"
    found = [(page, i) for page in pages for i, r in enumerate(_content(page, frame)) if _is_date(r, frame)]
    if not found:
        return Measure("signature-page", name, "没有成文日期", target, NA)
    alone = []
    for page, i in found:
        rows = _content(page, frame)
        above = rows[:i]
        if above and above[-1].centre > frame.centre:  # the 署名 over the date
            above = above[:-1]
        if not any(_body_line(r, frame) for r in above):
            alone.append(page.number)
    if alone:
        return Measure("signature-page", name, "、".join(f"第 {n} 页只有落款" for n in alone), target, FAIL,
                       tuple(alone))
    pages_with = "、".join(str(p.number) for p, _ in found)
    return Measure("signature-page", name, f"落款与正文同页（第 {pages_with} 页）", target, PASS)


def _page_numbers(pages: tuple[Page, ...], frame: _Frame, std: Standard) -> Measure:
    """Each page with text has “— N —” (N its page number) under the block, odd pages right, even pages left.

    The side: 空一字 from the block's edge, taken as 0.4–1.8 characters of the
    number's size (the dash's side bearings differ between fonts). The height: the
    standard's 7 mm is to the 一字线 itself; pdftotext gives the line's box (the
    font's ascent above the dash), so the box's top is accepted within ±5 mm of it,
    which still tells the footer from the header or the paper's edge.
    """
    name = "页码位置"
    target = "“— N —”，单页居右空一字、双页居左空一字，版心下约 7 mm"
    em = std.page_number_size
    problems: list[tuple[int, str]] = []
    imprint = {n for n, _ in _imprint_rows(pages, frame)}
    for page in pages:
        if not _content(page, frame):
            continue  # a blank page carries no number (GB/T 9704 7.5)
        numbers = [r for r in _footer(page, frame) if _PAGE_NUMBER.match(r.text)]
        if not numbers:
            after_blank = page.number > 1 and not _content(pages[page.number - 2], frame)
            if not (page.number in imprint and after_blank):  # 7.5: nor does a 版记 page after a blank one
                problems.append((page.number, "没有页码"))
            continue
        row = numbers[0]
        n = page.number
        if row.words != ("—", str(n), "—"):
            problems.append((n, f"页码为“{' '.join(row.words)}”"))
        if n % 2:
            indent = frame.right - row.right
            if not (row.centre > frame.centre and 0.4 * em <= indent <= 1.8 * em):
                problems.append((n, "单页页码不在右侧空一字处"))
        else:
            indent = row.left - frame.left
            if not (row.centre < frame.centre and 0.4 * em <= indent <= 1.8 * em):
                problems.append((n, "双页页码不在左侧空一字处"))
        gap = (row.top - frame.bottom) / PT_PER_MM
        if abs(gap - std.page_number_gap) > std.page_number_tolerance:
            problems.append((n, f"页码距版心下边缘 {gap:.0f} mm"))
    if not problems:
        return Measure("page-numbers", name, f"{len(pages)} 页均符合", target, PASS, metric=False)
    value = "；".join(f"第 {n} 页{what}" for n, what in problems[:3]) + ("等" if len(problems) > 3 else "")
    return Measure("page-numbers", name, value, target, FAIL, tuple(dict.fromkeys(n for n, _ in problems)),
                   metric=False)


def _imprint_rows(pages: tuple[Page, ...], frame: _Frame) -> list[tuple[int, Row]]:
    return [(p.number, r) for p in pages for r in _content(p, frame)
            if r.text.startswith("抄送") or _ISSUED.search(r.text)]


def _imprint(pages: tuple[Page, ...], frame: _Frame, std: Standard) -> tuple[Measure, Measure]:
    """The 版记 (抄送, …印发) on the last page, its last line at the block's foot; and that page even."""
    name, target = "版记位置", "版记在最后一页版心下端"
    even_name, even_target = "版记页", "最后一页为偶数页"
    rows = _imprint_rows(pages, frame)
    if not rows:
        return (Measure("imprint-position", name, "没有版记", target, NA),
                Measure("imprint-even-page", even_name, "没有版记", even_target, NA))
    last = pages[-1].number
    elsewhere = tuple(dict.fromkeys(n for n, _ in rows if n != last))
    lowest = rows[-1][1]
    # the 印发 line stands between the last two rules, the last one on the block's lower edge: within a line of it
    line = (frame.bottom - frame.top) / std.lines_per_page
    gap = (frame.bottom - lowest.bottom) / PT_PER_MM
    if elsewhere:
        position = Measure("imprint-position", name, "版记不在最后一页（第 " + "、".join(map(str, elsewhere)) + " 页）",
                           target, FAIL, elsewhere)
    elif not (-2 <= frame.bottom - lowest.bottom <= 1.5 * line):
        position = Measure("imprint-position", name, f"版记末行距版心下边缘 {gap:.0f} mm", target, FAIL, (last,))
    else:
        position = Measure("imprint-position", name, f"第 {last} 页下端（距版心下边缘 {max(gap, 0):.0f} mm）",
                           target, PASS)
    even = Measure("imprint-even-page", even_name, f"共 {last} 页", even_target,
                   PASS if last % 2 == 0 else FAIL, () if last % 2 == 0 else (last,))
    return position, even


def _letterhead(pages: tuple[Page, ...], frame: _Frame, std: Standard) -> Measure:
    """The 发文机关标志's upper edge 35 mm (上行文 80 mm) below the block's top, on a page with a 发文字号.

    The 标志 is the first line of the first page when a 发文字号 line follows it.
    Its upper edge is estimated from the line's box: CJK glyphs start about 0.08 of
    the box's height below its top (measured on LibreOffice's PDFs of the stand-in
    fonts). The ±3 mm allowed covers that estimate across fonts (0.1 em of a 36 pt
    标志 is 1.3 mm) beside the standard's own ±1 mm of the 版心.
    """
    name = "发文机关标志位置"
    rows = _content(pages[0], frame) if pages else []
    numbers = [i for i, r in enumerate(rows) if _is_docnumber(r)]
    if not numbers or numbers[0] == 0:
        # no 发文字号, or nothing above it: no 版头, or one left blank for pre-printed letterhead paper
        value = "没有版头" if not numbers else "发文字号上方没有发文机关标志（预印版头纸）"
        return Measure("letterhead-position", name, value, "上边缘距版心上边缘 35 mm", NA, metric=False)
    upward = "签发人" in rows[numbers[0]].text
    wanted = std.letterhead_gap_up if upward else std.letterhead_gap
    target = f"上边缘距版心上边缘 {wanted:.0f} mm（{'上行文，' if upward else ''}距纸张上边缘 " \
             f"{wanted + std.margin_top:.0f} mm）"
    head = rows[0]
    edge = (head.top + 0.08 * head.height) / PT_PER_MM
    gap = edge - std.margin_top
    ok = abs(gap - wanted) <= std.letterhead_tolerance
    return Measure("letterhead-position", name, f"{gap:.1f} mm（“{head.text}”）", target, PASS if ok else FAIL,
                   () if ok else (1,), metric=False)


def measure_pages(pages: tuple[Page, ...], std: Standard = Standard()) -> tuple[Measure, ...]:
    """Every layout measure of the rendered ``pages``, in the order they are reported."""
    frame = _frame(pages, std)
    position, even = _imprint(pages, frame, std)
    return (
        _lines_per_page(pages, frame, std),
        _chars_per_line(pages, frame, std),
        _first_page_body(pages, frame),
        _title(pages, frame),
        _signature(pages, frame),
        _page_numbers(pages, frame, std),
        position,
        even,
        _letterhead(pages, frame, std),
    )
