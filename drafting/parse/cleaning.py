"""Cleaning: reseller and site lines (advertising), a pasted second copy of the text."""

from __future__ import annotations

import re

from ..model import Finding
from .common import _CLOSING, _SALUTATION, _excerpt, _is_title_text, _Line, _where
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
#: A site's keyword written over a word of the text: over the salutation, 某某关键词们：某某关键词，
#: (for 同志们：), the keyword twice around 们：.
_KEYWORD_OVER = re.compile(r"([\u4e00-\u9fff]{4,12})们\s*[:：]\s*\1\s*[，,]")
_BRAND = re.compile(r"^(.{2,12}?)整理")
#: Lines up to this long may be advertising; body paragraphs are longer.
_AD_MAX = 60
#: A web page's lines around the text: a compilation's header (……(精选8篇), ……第1篇), an outline
#: (【提纲】……), the publication date and source, buttons and counters standing alone (举报, 评论0),
#: page marks (—PAGE1—, 第1页共5页, 约3.9千字), the note where the site cut the text.
_SITE_LINE = re.compile(
    r"^(?:版权声明|免责声明|联系客服|在线客服|举报|收藏|打印|打印本页|关闭|关闭窗口|返回顶部|评论\s*\d*|点赞\s*\d*|"
    r"朗读|听全文|语音播报|分享|纠错|我要纠错|复制链接|"
    r"【\s*(?:打印|关闭|收藏|返回顶部)\s*】(?:\s*【\s*(?:打印|关闭|收藏|返回顶部)\s*】)*|"
    r"[【\[]?\s*字[号体]\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]*|分享到\s*[:：]?.{0,20}|作者\s*[:：]\s*\S{1,10}|"
    r"(?:点击)?(?:查看|阅读|展开)全文|(?:立即|点击|免费)下载(?:全文|文档|本文)?|"
    r"docx?\s*VIP|VIP|[—－-]*\s*PAGE\s*\d+\s*[—－-]*|[—－-]\s*\d{1,3}\s*[—－-]|"
    r"第\s*\d+\s*页\s*[，,/]?\s*共\s*\d+\s*页|"
    r"约\s*[\d.]+\s*[千万]?字|[^，。,：:]{0,30}[（(【]\s*(?:精选|通用|推荐|优秀|热门|最新|实用|精品)?\s*\d+\s*篇\s*[）)】]|"
    r"[^，。,：:]{0,30}[（(【]\s*(?:合集|汇总|大全|精选)\s*[）)】]|[^，。,：:]{0,30}\s第\s*\d+\s*篇)$"
    r"|^(?:发布时间|发布日期|发表时间|更新时间|浏览次数|点击次数|本文标题|本文链接|链接地址|原文链接|原文地址|"
    r"来源|文章来源|责任编辑|上一篇|下一篇)\s*[:：]"
    r"|^(?:相关推荐|相关文章|猜你喜欢|推荐阅读|延伸阅读|热门文章)$"
    r"|^(?:当前位置|您的位置|您现在的位置)\s*[:：]|^首页\s*[>›»/]"
    r"|(?:发布|来源|作者|浏览|阅读|点击|编辑)[^，。]{0,6}[:：].{0,30}\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{4}-\d{1,2}-\d{1,2}.{0,30}(?:发布|来源|作者|浏览|阅读|点击|编辑)[^，。]{0,6}[:：]"
    r"|^[…。.]*\s*[（(]\s*(?:开头|前面|以下|以上|中间|结尾|后面)?部分(?:内容)?已省略\s*\d*\s*字?\s*[）)]$"
)
#: A reseller's note on the piece (下面是小编为大家整理的……), a members-only or login prompt, the
#: site's keywords (推荐访问：……), its counters (共计1799个字, 预计阅读时长6分钟, 695次浏览, 加入收藏), a
#: date written the way a web page writes it (2025-04-27, 2019/3/15 10:12), alone or after 时间：(an
#: office document writes 2025年4月27日). Only on a line that starts with no number (an item may
#: speak of 阅读, 登录 or 收藏).
_CHROME = re.compile(
    r"小编|(?:阅读|查看|浏览|下载)(?:全部|全文|完整|剩余).{0,12}(?:登录|登陆|注册|会员|VIP)|您需要先?(?:登录|登陆|注册)"
    r"|^推荐(?:访问|搜索|关注)\s*[:：]"
    r"|共计?\s*\d+\s*个字|预计阅读|阅读时长\s*[:：]?\s*约?\s*\d+\s*分"
    r"|(?<![\d.])\d+\s*次(?:浏览|阅读|点击)\s*(?:$|[|｜])|(?:浏览|阅读|点击)(?:量|次数)\s*[:：]\s*\d+"
    r"|加入收藏|收藏本(?:站|页|文)|设为首页"
    r"|^(?:时间|日期|发布于|更新于)?\s*[:：]?\s*\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
#: A document-selling site's furniture, each on a line of its own: counters and dashes (- 0- 0-),
#: the page count (约 9页), the upload date and place (2026-02-27 发布于四川), and its header of
#: name, timestamp and category (某某网 2021-07-22 14:27:46 党史教育): an office document writes
#: neither ISO dates nor clock times.
_FURNITURE = re.compile(
    r"^(?=.*[-—－])[-—－\s]*\d{1,2}(?:[-—－\s]+\d{1,2})*[-—－\s]*$"
    r"|^约\s*\d+\s*页$|^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*发布于\s*\S{1,10}$"
    r"|^\S{2,10}\s+\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+\S{1,12})?$"
)
#: A list bullet a page put before its furniture (- 举报).
_BULLET = re.compile(r"^(?:[-*•·]\s+)+")
#: The traditional characters of the site phrases above (小編, 歡迎閱讀, 下載, 會員 …), so a page
#: converted to traditional characters is read like its simplified original.
_SIMPLIFIED = str.maketrans(
    "編歡閱讀載會員給為與瀏覽註冊錄陸費資權轉詢訂號掃碼鋪網舉報評論讚點擊頁數時間發佈來責輯鏈薦關熱門當現選優實匯總藝術這裡請聯繫計劃",
    "编欢阅读载会员给为与浏览注册录陆费资权转询订号扫码铺网举报评论赞点击页数时间发布来责辑链荐关热门当现选优实汇总艺术这里请联系计划",
)
#: A reseller's note on the piece names the piece's whole title, so it may run longer.
_RESELLER_NOTE = re.compile(r"小编.{0,120}?(?:为大家|供大家|与大家|给大家)|(?:为大家|给大家).{0,6}整理.{0,120}?小编")
_NOTE_MAX = 160
#: The same note glued to the end of a paragraph after its last sentence (……特征。以下是小编整理的……，欢迎阅读).
_TAIL_NOTE = re.compile(r"(?<=[。！？!?])\s*(?:以下|下面)(?:是|为)?小编.{0,60}?(?:整理|大家|欢迎|分享).{0,60}$")
#: A site's navigation bar or byline: three or more short fields between | (文秘之友|原创|范文|……).
_FIELDS = re.compile(r"[|｜]")
_FIELD_MAX = 24
#: A site's slogan: ◆ inside a short line (a bullet ◆ starts one), or a line ending in ~.
_SLOGAN = re.compile(r"^[^◆。]{1,30}◆|[~～]\s*$")
#: A site's outline of the text (the headings run together), however long.
_OUTLINE_MARKS = ("【提纲】", "【目录】", "【导读】", "【摘要】")
#: A compilation's label before a piece's title: 篇一：……, 第2篇：…….
_PIECE_LABEL = re.compile(r"^(?:篇\s*[一二三四五六七八九十\d]{1,3}|第\s*[一二三四五六七八九十\d]{1,3}\s*篇)\s*[:：]\s*")
#: A clause with the punctuation after it: an injected phrase stands alone between two marks.
_CLAUSE = re.compile(r"(?<=[，,；;。：:])([^，,；;。：:]{2,30})([，,；;])")


def _is_ad(text: str, brands: set[str]) -> bool:
    text = text.translate(_SIMPLIFIED)
    if len(text) > _AD_MAX or classify(text)[0] != TEXT:
        return False
    if _AD_STRONG.search(text) or any(b in text for b in brands):
        return True
    return len(set(_AD_WEAK.findall(text))) >= 2


def _strong_ad(text: str, ads: tuple[str, ...]) -> bool:
    text = text.translate(_SIMPLIFIED)
    return bool(_AD_STRONG.search(text)) or any(a in text for a in ads)


def _document_start(lines: list[_Line], site: list[bool]) -> int:
    """Index of the first line that belongs to the document proper (title or body)."""
    for i, line in enumerate(lines):
        text = line.text
        if site[i]:
            continue
        if classify(text)[0] != TEXT or _SALUTATION.match(text) or _CLOSING.match(text):
            return i
        if _is_title_text(text) or (len(text) > _AD_MAX and "。" in text):
            return i
    return len(lines)


def _remove_ads(lines: list[_Line], findings: list[Finding], ads: tuple[str, ...] = ()) -> list[_Line]:
    brands = {m.group(1) for line in lines if _strong_ad(line.text, ads)
              for m in [_BRAND.match(line.text)] if m}
    brands.update(ads)
    flags = [_is_ad(line.text, brands) for line in lines]
    site = [not flag and _is_site_line(line.text) for line, flag in zip(lines, flags)]
    start = _document_start(lines, site)
    if any(flags[:start]):
        # The block before the title is the reseller's banner as a whole.
        flags[:start] = [not s for s in site[:start]]
    banner: list[_Line] = []
    kept: list[_Line] = []
    for n, (line, flag, chrome) in enumerate(zip(lines, flags, site)):
        if chrome:
            findings.append(Finding(
                "extra-text", f"{_where(line.index)}是网页附带的文字（栏目、日期来源、页码、省略说明等），不属于文稿，应删去",
                paragraph=line.index, excerpt=_excerpt(line.text), severity="info",
            ))
            continue
        if flag:
            if n < start:
                banner.append(line)
            else:
                findings.append(Finding(
                    "ad-text", f"{_where(line.index)}是广告或转载信息，正式文稿中应删去",
                    paragraph=line.index, excerpt=_excerpt(line.text),
                ))
            continue
        line = _remove_inline(_without_piece_label(line, findings), findings, ads)
        if line is not None:
            kept.append(line)
    for first, last in _runs(banner):
        where = _where(first.index) if first is last else f"第{first.index + 1}—{last.index + 1}段"
        findings.append(Finding(
            "ad-text", f"{where}是广告或转载信息，正式文稿中应删去",
            paragraph=first.index, excerpt=_excerpt(first.text),
        ))
    return kept


def _remove_inline(line: _Line, findings: list[Finding], ads: tuple[str, ...]) -> _Line | None:
    """The line without a QQ number, a URL or an advertising phrase standing as a clause of its own."""
    found: list[str] = []
    text = line.text
    tail = _TAIL_NOTE.search(text.translate(_SIMPLIFIED)) if "小" in text else None
    if tail:
        found.append(text[tail.start():].strip())
        text = text[:tail.start()]
    match = _AD_INLINE.search(text)
    if match:
        found.append(match.group().strip())
        text = _AD_INLINE.sub("", text).strip()
    keyword = _KEYWORD_OVER.search(text)
    if keyword:
        found.append(keyword.group())
        text = text.replace(keyword.group(), "", 1).strip()
    if ads and len(text) > _AD_MAX:
        # An injected phrase stands alone between two marks (……为抓手，某某广告，深化……):
        # the phrase is dropped with the mark after it; a phrase inside a clause is left alone.
        for clause in _CLAUSE.finditer(text):
            if clause.group(1) in ads:
                found.append(clause.group(1) + clause.group(2))
        for piece in found[(1 if tail else 0) + (1 if match else 0) + (1 if keyword else 0):]:
            text = text.replace(piece, "", 1)
    if not found:
        return line
    # one finding a paragraph, as for placeholders; the outline loses every piece
    more = f"（共 {len(found)} 处）" if len(found) > 1 else ""
    # every piece's place, so the report's tally counts them as the message does
    spots = tuple(sorted(at for at in (line.text.find(piece) for piece in found) if at >= 0)) if more else ()
    findings.append(Finding(
        "ad-text", f"{_where(line.index)}中夹有广告、联系方式或网址{more}，应删去", paragraph=line.index,
        excerpt=found[0], suggestion="", positions=spots,
    ))
    if not text.strip():
        return None
    return _Line(line.index, text.strip(), line.style)


def _without_piece_label(line: _Line, findings: list[Finding]) -> _Line:
    """A compilation's label in front of a piece's title (篇一：, 第2篇：) taken off."""
    match = _PIECE_LABEL.match(line.text)
    if not match or not line.text[match.end():].strip():
        return line
    findings.append(Finding(
        "extra-text", f"{_where(line.index)}开头的“{match.group().strip()}”是网页合集的篇目编号，不属于文稿，应删去",
        paragraph=line.index, excerpt=match.group(), suggestion="", severity="info",
    ))
    return _Line(line.index, line.text[match.end():].strip(), line.style)


def _is_site_line(text: str) -> bool:
    """A web page's own line: a compilation header, an outline, a date/source line, a page mark."""
    text = text.translate(_SIMPLIFIED)
    if len(text) <= _AD_MAX and _FURNITURE.search(text):
        return True
    text = _BULLET.sub("", text).strip()
    if len(text) <= _AD_MAX and _FURNITURE.search(text):
        return True
    if text.startswith(_OUTLINE_MARKS):
        return True
    tail = _TAIL_NOTE.search(text)
    if tail and tail.start() > 0:
        return False  # the text's own sentences with the note glued on: the note alone goes
    if len(text) <= _NOTE_MAX and _RESELLER_NOTE.search(text):
        return True
    if len(text) > _AD_MAX:
        return False
    if _SITE_LINE.search(text):
        return True
    if classify(text)[0] != TEXT:
        return False
    if _CHROME.search(text) or ("。" not in text and len(text) <= 40 and _SLOGAN.search(text)):
        return True
    fields = [f.strip() for f in _FIELDS.split(text)]
    return len([f for f in fields if f]) >= 3 and all(len(f) <= _FIELD_MAX for f in fields) and "。" not in text


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
