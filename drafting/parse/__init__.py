"""Parsing: recover an ``Outline`` from the paragraphs of an existing document.

Pure: it takes the ``Paragraph`` values a reader produced (automatic numbering
already in the text), does no I/O and never sees Word XML. The stages, in order:

1. clean (``cleaning``): strip each paragraph, drop empty ones;
2. advertising: drop reseller lines (QQ numbers, 会员群, 仅供学习 禁止外传, 整理
   credits, URLs, the library's ``ads`` phrases: download, preview and share notices)
   and, when such lines stand before the title, everything before it; drop a web
   page's own lines wherever they stand (a compilation's header ``……(精选8篇)``,
   ``【提纲】……``, ``发布时间:…``, ``本文标题:…``, buttons such as ``举报``, page marks,
   the note where the site cut the text; a reseller's 小编 note, a login prompt, 推荐访问：,
   counters such as 共计1799个字 or 695次浏览, 加入收藏, a date written 2025-04-27, a bar of
   ``|``-separated fields, a slogan with ◆ or ending in ~, a lone button such as 朗读); take
   out an ``ads`` phrase standing as a clause of its own inside a long paragraph (words a
   site injected) and a keyword written over the salutation (某词们：某词，);
3. duplicate: when the whole text, or a long tail of it, was pasted a second time
   (the copy may start in the middle of a paragraph), keep the first copy;
4. head (``structure``): a forwarding notice (主送：, 现将《…》印发给你们, signature,
   date) is passed over to the forwarded title; the title (possibly split over two
   or three lines, or run into the first paragraph: 在……会议上的讲话今年，……; a genre
   label 交流发言： stays part of it; written again right after it, even behind a mark
   such as 〔*〕, the repeat is a copy; a 发文字号 right above it is the masthead), a speech's
   speaker and date lines (a parenthesised line with the meeting's time or place is
   not part of the title) and its salutation 同志们：;
5. body (a page that lost its line breaks, the whole text one paragraph, is first cut
   before its markers, counted in sequence: 一、 二、, and （一） 1. under each): the
   preamble (plan) or opening (speech), sections 一、 with their items, a
   speech's closing 同志们，…, the signature block (organisation and date lines);
6. facts (``facts``) and checks: year, organisation, item numbering (``numbering``),
   placeholders.

Numbering follows GB/T 9704 (一、 → （一） → 1． → （1）), with ASCII variants
(``1.``, ``(一)``, ``1、``; an item may start with a year, ``2．2026年底前……``, a
decimal ``2.5倍`` starts none; see ``markers``). The highest level present is the
section level; without 一、, headings written ``1、`` over items written ``1.`` are
it. In a plan, ``1．`` items are the items and keep the number as written, so a gap
stays visible; ``（一）`` between sections and items becomes an unnumbered item holding
the sub-heading (numbers may restart under it); deeper levels and ``一是`` paragraphs
continue the item before them. In a speech, every paragraph of a section is an item;
a ``（一）`` sub-heading keeps its number, a 一是 paragraph its ordinal. ``Item.level``
records the marker's level (L2, L3, L4, enum). A section heading inline with its body
(``一、思想引领强根基，着力提高政治站位。推进……``) is split at the first 。. An item's
lead is its first sentence when that is at most ``LEAD_MAX`` characters. Items
that come before any heading go to an unnamed section numbered 0.

The year is the title's (``2020年……工作要点``), else a speech's date line's, else
the one the preamble starts with (``2020年是……``), else the one the opening plans
(``总结2024年……安排部署2025年……``), else the most frequent year in the text, else
the signature's date's. A site's publication date is never read. The organisation
is read from the title: between the year and 党的建设/机关党建/党支部/工作要点 (or
before the year, ``**机关党支部2018年工作要点``; 关于 dropped), or between 在 and the
meeting's name in a speech (else the name the meeting starts with: 在市总工会……谈话会上);
a text without a title, from its opening sentence (``结合某机关工作实际``,
``召开某区……党建……会``); a plan whose title names none, from its preamble's subject
(``某机关党的建设工作总体要求是``); else from the signature (a forwarding notice's too).
A title naming a speech's genre or the meeting (在……会上, even cut off) makes a speech.
``Parsed.org_source`` says which. None when redacted, generic (机关) or a topic
(精神文明建设, 基层): the name must end like one (局, 机关, 区 …).

Finding codes (stable: tests and other tools rely on them):

``ad-text``
    advertising or reseller lines, or a QQ number, a URL or an injected phrase inside a paragraph;
    removed from the outline entirely (the message does not quote them; the
    excerpt marks where they are). Phrases from the library's ``ads`` lists
    (``ads=``) mark a line as advertising too.
``duplicate-text``
    the text, or a long tail of it, pasted twice, or the title written again; the copy is removed.
``placeholder``
    a placeholder left in the text: ×, XX, **, ○○, □□, 【待补】, （略）.
``numbering-gap``
    an item (or section) number skipped: 11 followed by 13.
``numbering-duplicate``
    an item (or section) number used twice.
``numbering-order``
    a number lower than the one before it that was not used yet.
``year-mismatch``
    the year in the title differs from the one the preamble starts with, or
    (when a year is given: ``year=``) either differs from that year.
``no-sections`` (info)
    a plan without first-level headings (its title names a plan: 要点, 计划, 方案, 意见
    …, or it has no title and has numbered items); the text is kept as preamble or in
    one unnamed section. Speeches often run without 一、 and notices have no parts:
    a reviewer would not mark those, so they get none.
``extra-text`` (info)
    lines before the title that belong to no part (a document number, 附件), and a
    web page's own lines (see 2. above); dropped.

Every finding about a paragraph has an ``excerpt`` that is an exact substring of
that paragraph's text: the offending text itself (the placeholder, the stated year,
the item's number as written), so a comment can be anchored on it; a
``suggestion`` that is plain text replaces exactly the excerpt.
"""
from __future__ import annotations

from ..model import PLAN, Finding, Paragraph
from ..numerals import cn_number
from .cleaning import _remove_ads, _remove_duplicate
from .common import PLACEHOLDER, Parsed, _Line
from .markers import ENUM, L1, L2, L3, L4, LEAD_MAX, TEXT, classify, level_marker, split_lead, split_marker
from .numbering import source_index
from .structure import _Parser, title_index, title_lines

__all__ = [
    "ENUM", "L1", "L2", "L3", "L4", "LEAD_MAX", "PLACEHOLDER", "Parsed", "TEXT", "classify", "level_marker",
    "parse_paragraphs",
    "source_index", "split_lead", "split_marker", "title_index", "title_lines", "to_json",
]


def parse_paragraphs(paragraphs: list[Paragraph], *, year: int | None = None,
                     ads: tuple[str, ...] = ()) -> Parsed:
    """Recover the outline of a plan or speech from its paragraphs, with findings.

    ``year`` is the year the document should be for (its stated years are checked
    against it); ``ads`` are further phrases that mark a line as advertising.
    """
    findings: list[Finding] = []
    # Headers, footers, notes and text boxes are read too, but never make the outline.
    lines = [_Line(p.index, p.text.strip(), p.style) for p in paragraphs
             if p.text and p.text.strip() and p.part == "body"]
    lines = _remove_ads(lines, findings, ads)
    lines = _remove_duplicate(lines, findings)
    return _Parser(lines, findings, year).run()


def to_json(parsed: Parsed) -> dict:
    """The parse result as plain JSON data (the shape ``draft parse --json`` prints)."""
    outline = parsed.outline
    plan = outline.genre == PLAN
    return {
        "kind": outline.genre,
        "title": outline.title,
        "year": outline.year,
        "org": outline.org,
        "org_source": parsed.org_source,
        "speaker": outline.speaker,
        "date": outline.date.isoformat() if outline.date else None,
        "preamble": "\n".join(outline.preamble) or None,
        "sections": [
            {
                "number": cn_number(s.number) if 1 <= s.number <= 9999 else None,
                "heading": s.heading,
                "items": [
                    {"number": item.number if plan or item.level not in (None, ENUM) else None,
                     "level": item.level, "lead": item.lead, "text": item.text}
                    for item in s.items
                ],
            }
            for s in outline.sections
        ],
        "closing": "\n".join(outline.closing) or None,
        "signature": outline.signature,
        "warnings": [
            {"code": f.code, "message": f.message, "severity": f.severity, "paragraph": f.paragraph}
            for f in parsed.findings
        ],
    }
