"""The 印发通知: ``draft plan --notice`` and ``draft notice PLAN.docx`` (issue #16).

Positions are checked in the XML, in twips, against GB/T 9704-2012 (the clause in
each test's name or docstring); one LibreOffice run shows the document opens as a
notice followed by its attachment.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafting.cli import main
from drafting.gongwen.docnumber import DocNumber, parse_doc_number, suggest_doc_number
from drafting.gongwen.notice import attachment_notes, seal_indents, text_width
from drafting.layout import TWIPS_PER_MM, load_layout
from drafting.errors import DataError
from helpers import docx_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LAYOUT = load_layout()
PITCH = LAYOUT.line_pitch
CHAR = LAYOUT.styles["body"].size * 10  # one body character, as the indents count it
TEXT_WIDTH = LAYOUT.width - LAYOUT.margin_left - LAYOUT.margin_right
MM = TWIPS_PER_MM

BASE = ["plan", "--notice", "--year", "2026", "--org", "市发展改革委", "--date", "2026-03-05"]
FIELDS = ["--doc-number", "某发改党〔2026〕3号", "--recipients", "各党支部", "--cc", "市直机关工委，市委组织部"]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _a(elem, name: str) -> str | None:
    return elem.get(f"{{{W}}}{name}")


def _styled(doc, style_id: str) -> list:
    return doc.xpath(f"//w:body//w:p[w:pPr/w:pStyle/@w:val='{style_id}']", namespaces=NS)


def _style(styles, style_id: str):
    return styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=NS)[0]


def _text(p) -> str:
    return "".join(p.xpath(".//w:t/text()", namespaces=NS))


def _prop(p, styles, path: str):
    """A paragraph property, direct first, else from its style."""
    found = p.xpath(f"w:pPr/{path}", namespaces=NS)
    if found:
        return found[0]
    sid = p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    found = _style(styles, sid[0]).xpath(f"w:pPr/{path}", namespaces=NS) if sid else []
    return found[0] if found else None


def _notice(in_tmp, *extra: str, name: str = "n.docx") -> Path:
    assert main([*BASE, *FIELDS, *extra, "-o", name]) == 0
    return in_tmp / name


@pytest.fixture
def notice_docx(in_tmp) -> Path:
    return _notice(in_tmp)


# -- the 发文字号 (GB/T 9704 7.2.4) ------------------------------------------------


def test_doc_number_in_the_standard_form_is_accepted():
    assert parse_doc_number("〔2026〕3号") == DocNumber("", 2026, 3)
    assert parse_doc_number("某发改党〔2026〕12号") == DocNumber("某发改党", 2026, 12)
    assert str(parse_doc_number("某发改党〔2026〕12号")) == "某发改党〔2026〕12号"


@pytest.mark.parametrize("wrong", ["〔2026〕03号", "[2026]3号", "(2026)3号", "（2026）3号", "2026年3号",
                                   "【2026】3号", "〔2026〕第3号"])
def test_doc_number_written_the_usual_wrong_ways_gets_the_right_form(wrong):
    assert parse_doc_number(wrong) is None
    assert suggest_doc_number(wrong) == "〔2026〕3号"


def test_doc_number_that_is_no_doc_number_gets_no_suggestion():
    assert suggest_doc_number("三号文件") is None
    assert suggest_doc_number("〔2026〕0号") is None


@pytest.mark.parametrize("wrong", ["〔2026〕03号", "[2026]3号", "2026年3号"])
def test_wrong_doc_number_is_refused_with_the_right_form_and_nothing_written(in_tmp, capsys, wrong):
    assert main([*BASE, "--doc-number", wrong, "--recipients", "各党支部", "-o", "n.docx"]) == 2
    err = capsys.readouterr().err
    assert "〔2026〕3号" in err and "--doc-number" in err
    assert not (in_tmp / "n.docx").exists()


@pytest.mark.parametrize("drop, option, key", [("--doc-number", "--doc-number", "doc_number"),
                                                ("--recipients", "--recipients", "recipients")])
def test_missing_field_names_the_option_and_the_draft_yaml_key(in_tmp, capsys, drop, option, key):
    fields = ["--doc-number", "〔2026〕3号", "--recipients", "各党支部"]
    i = fields.index(drop)
    del fields[i:i + 2]
    assert main([*BASE, *fields, "-o", "n.docx"]) == 2
    err = capsys.readouterr().err
    assert option in err and "draft.yaml" in err and f"{key}:" in err
    assert not (in_tmp / "n.docx").exists()


def test_notice_fields_from_draft_yaml(in_tmp):
    (in_tmp / "draft.yaml").write_text(
        "org: 市发展改革委\nnotice:\n  doc_number: 某发改党〔2026〕7号\n  recipients: 机关各党支部\n"
        "  letterhead: 中共市发展改革委机关委员会文件\n", encoding="utf-8")
    assert main(["plan", "--notice", "--year", "2026", "-o", "n.docx"]) == 0
    text = docx_text(in_tmp / "n.docx")
    assert "某发改党〔2026〕7号" in text and "机关各党支部：" in text
    assert text.startswith("中共市发展改革委机关委员会文件")


def test_wrong_doc_number_in_draft_yaml_is_refused_with_its_line(in_tmp, capsys):
    (in_tmp / "draft.yaml").write_text("org: 市发展改革委\nnotice:\n  recipients: 各党支部\n  doc_number: '[2026]7号'\n",
                                       encoding="utf-8")
    assert main(["plan", "--notice", "--year", "2026", "-o", "n.docx"]) == 2
    err = capsys.readouterr().err
    assert "draft.yaml" in err and "第 4 行" in err and "〔2026〕7号" in err
    assert not (in_tmp / "n.docx").exists()


def test_notice_options_without_notice_are_refused(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "--doc-number", "〔2026〕3号", "-o", "p.docx"]) == 2
    assert "--notice" in capsys.readouterr().err
    assert not (in_tmp / "p.docx").exists()


# -- the 版头 (GB/T 9704 7.2) ------------------------------------------------------


def test_7_2_3_letterhead_35mm_below_the_text_block_red_and_centred(notice_docx):
    doc, styles = _xml(notice_docx, "word/document.xml"), _xml(notice_docx, "word/styles.xml")
    margin = doc.xpath("//w:sectPr/w:pgMar", namespaces=NS)[0]
    assert abs(int(_a(margin, "top")) - 37 * MM) <= 1 * MM  # 天头 37 mm ± 1 mm
    head = _styled(doc, "Letterhead")[0]
    assert _text(head) == "市发展改革委文件"
    spacing = _prop(head, styles, "w:spacing")
    assert abs(int(_a(spacing, "before")) - 35 * MM) <= 1  # 上边缘至版心上边缘 35 mm
    rpr = _style(styles, "Letterhead").find("w:rPr", NS)
    assert _a(rpr.find("w:color", NS), "val") == "FF0000"
    assert _a(rpr.find("w:rFonts", NS), "eastAsia") == "方正小标宋简体"
    assert _a(_prop(head, styles, "w:jc"), "val") == "center"
    # an exact line as high as the type: the line's top is the 标志's top
    assert int(_a(spacing, "line")) == int(_a(rpr.find("w:sz", NS), "val")) * 10


def test_7_2_4_doc_number_two_lines_under_the_letterhead_centred(notice_docx):
    doc, styles = _xml(notice_docx, "word/document.xml"), _xml(notice_docx, "word/styles.xml")
    number = _styled(doc, "DocNumber")[0]
    assert _text(number) == "某发改党〔2026〕3号"
    assert int(_a(_prop(number, styles, "w:spacing"), "before")) == 2 * PITCH  # 空二行
    assert _a(_prop(number, styles, "w:jc"), "val") == "center"


def test_7_2_6_red_rule_4mm_under_the_doc_number_as_wide_as_the_text_block(notice_docx):
    doc, styles = _xml(notice_docx, "word/document.xml"), _xml(notice_docx, "word/styles.xml")
    number = _styled(doc, "DocNumber")[0]
    rule = _prop(number, styles, "w:pBdr").find("w:bottom", NS)
    assert _a(rule, "color") == "FF0000" and _a(rule, "val") == "single"
    assert abs(int(_a(rule, "space")) * 20 - 4 * MM) <= 0.5 * MM
    ind = _prop(number, styles, "w:ind")  # no indent: the paragraph's border spans the 版心
    assert int(_a(ind, "left")) == 0 and int(_a(ind, "right")) == 0


def test_7_2_3_upward_document_letterhead_80mm_and_signer_on_the_number_line(in_tmp):
    path = _notice(in_tmp, "--signer", "张三")
    doc, styles = _xml(path, "word/document.xml"), _xml(path, "word/styles.xml")
    head = _styled(doc, "Letterhead")[0]
    assert abs(int(_a(_prop(head, styles, "w:spacing"), "before")) - 80 * MM) <= 1
    number = _styled(doc, "DocNumber")[0]
    assert _text(number) == "某发改党〔2026〕3号签发人：张三"
    # 7.2.5: 发文字号 居左空一字, 签发人 居右空一字, the name in 楷体
    assert _a(_prop(number, styles, "w:jc"), "val") == "left"
    assert int(_a(_prop(number, styles, "w:ind"), "left")) == CHAR
    tab = _prop(number, styles, "w:tabs").find("w:tab", NS)
    assert _a(tab, "val") == "right" and int(_a(tab, "pos")) == TEXT_WIDTH - CHAR
    name_run = number.xpath("w:r[w:t='张三']", namespaces=NS)[0]
    assert _a(name_run.find("w:rPr/w:rFonts", NS), "eastAsia") == "楷体_GB2312"


def test_long_letterhead_is_narrowed_to_the_text_block_not_shrunk(in_tmp):
    name = "中共某某市发展和改革委员会机关委员会文件"
    path = _notice(in_tmp, "--letterhead", name)
    doc, styles = _xml(path, "word/document.xml"), _xml(path, "word/styles.xml")
    head = _styled(doc, "Letterhead")[0]
    scale = int(_a(head.find("w:r/w:rPr/w:w", NS), "val"))
    size = int(_a(_style(styles, "Letterhead").find("w:rPr/w:sz", NS), "val"))
    assert scale < 100
    assert len(name) * size * 10 * scale / 100 <= TEXT_WIDTH
    assert head.find("w:r/w:rPr/w:sz", NS) is None  # the size stays the style's


def test_short_letterhead_keeps_its_shape(notice_docx):
    head = _styled(_xml(notice_docx, "word/document.xml"), "Letterhead")[0]
    assert head.find("w:r/w:rPr/w:w", NS) is None


def _title_offset(path: Path) -> int:
    """Twips from the 版心's top to the title's line: what the 版头 takes, read from the XML."""
    doc, styles = _xml(path, "word/document.xml"), _xml(path, "word/styles.xml")
    head, number = _styled(doc, "Letterhead")[0], _styled(doc, "DocNumber")[0]
    title = _styled(doc, "Title")[0]
    total = 0
    for p in (head, number):
        spacing = _prop(p, styles, "w:spacing")
        total += int(_a(spacing, "before")) + int(_a(spacing, "line")) + int(_a(spacing, "after"))
    rule = _prop(number, styles, "w:pBdr").find("w:bottom", NS)
    if _a(rule, "val") != "nil":
        total += int(_a(rule, "space")) * 20 + int(_a(rule, "sz")) * 20 // 8
    return total + int(_a(_prop(title, styles, "w:spacing"), "before"))


@pytest.mark.parametrize("signer", [(), ("--signer", "张三")])
def test_preprinted_letterhead_leaves_the_area_blank_with_the_body_in_the_same_place(in_tmp, signer):
    drawn = _notice(in_tmp, *signer, name="drawn.docx")
    blank = _notice(in_tmp, *signer, "--letterhead", "preprinted", name="blank.docx")
    doc, styles = _xml(blank, "word/document.xml"), _xml(blank, "word/styles.xml")
    assert _text(_styled(doc, "Letterhead")[0]) == ""  # no 标志 drawn
    rule = _prop(_styled(doc, "DocNumber")[0], styles, "w:pBdr").find("w:bottom", NS)
    assert _a(rule, "val") == "nil"  # no red rule drawn
    assert _text(_styled(doc, "DocNumber")[0]).startswith("某发改党〔2026〕3号")  # the number is still printed
    assert _title_offset(blank) == _title_offset(drawn)
    assert docx_text(blank).split("\n")[-1] == docx_text(drawn).split("\n")[-1]


# -- the 主体 (GB/T 9704 7.3) ------------------------------------------------------


def test_7_3_1_title_two_lines_under_the_rule_and_7_3_2_recipients_one_line_under_flush_left(notice_docx):
    doc, styles = _xml(notice_docx, "word/document.xml"), _xml(notice_docx, "word/styles.xml")
    title = _styled(doc, "Title")[0]
    assert _text(title) == "关于印发《2026年市发展改革委党的建设工作要点》的通知"
    spacing = _prop(title, styles, "w:spacing")
    assert int(_a(spacing, "before")) == 2 * PITCH and int(_a(spacing, "after")) == PITCH
    recipient = _styled(doc, "Recipient")[0]
    assert _text(recipient) == "各党支部："
    ind = _prop(recipient, styles, "w:ind")
    assert int(_a(ind, "left")) == 0 and int(_a(ind, "firstLine")) == 0
    assert int(_a(_prop(recipient, styles, "w:spacing"), "before")) == 0


def test_notice_body_names_its_attachment_and_follows_the_year(in_tmp):
    text = docx_text(_notice(in_tmp))
    assert "现将《2026年市发展改革委党的建设工作要点》印发给你们" in text
    assert "二十届" in text  # 2026's plenums, from the snippet's {{ plenums }}
    assert main(["plan", "--notice", "--year", "2016", "--org", "市发展改革委", "--date", "2016-03-05",
                 *FIELDS, "-o", "old.docx"]) == 0
    old = docx_text(in_tmp / "old.docx")
    assert "现将《2016年市发展改革委党的建设工作要点》印发给你们" in old and "二十届" not in old


def test_7_3_4_attachment_note_one_line_under_the_body_two_characters_in(notice_docx):
    doc, styles = _xml(notice_docx, "word/document.xml"), _xml(notice_docx, "word/styles.xml")
    notes = _styled(doc, "AttachNote")
    assert [_text(p) for p in notes] == ["附件：2026年市发展改革委党的建设工作要点"]
    ind = _prop(notes[0], styles, "w:ind")
    assert int(_a(ind, "left")) - int(_a(ind, "hanging")) == 2 * CHAR  # 左空二字
    assert int(_a(ind, "left")) == 5 * CHAR  # a long name wraps under its first character
    assert int(_a(_prop(notes[0], styles, "w:spacing"), "before")) == PITCH  # 正文下空一行


def test_7_3_4_several_attachments_numbered_and_aligned(tmp_path):
    from drafting.gongwen.fields import NoticeFields
    from drafting.gongwen.notice import notice_context
    from drafting.gongwen.writer import write_notice
    from drafting.library import load_library
    from drafting.model import PLAN, Item, Occasion, Outline, Section
    from drafting.render import context_for
    import datetime as dt

    def plan(title):
        item = Item(text="认真学习。", lead="学习", number=1)
        return Outline(genre=PLAN, title=title, year=2026, sections=(Section(number=1, heading="加强学习", items=(item,)),))

    assert attachment_notes(["甲", "乙"]) == ["附件：1．甲", "2．乙"]
    fields = NoticeFields(doc_number=parse_doc_number("〔2026〕3号"), recipients="各党支部", signature="某某机关",
                          date=dt.date(2026, 3, 5), issuer="某某机关", letterhead="某某机关文件")
    context = notice_context(fields, [plan("甲工作要点"), plan("乙工作要点")], load_library(),
                             Occasion(year=2026, org="某某机关"), context_for)
    out = write_notice(context, tmp_path / "two.docx")
    doc, styles = _xml(out, "word/document.xml"), _xml(out, "word/styles.xml")
    first, second = _styled(doc, "AttachNote")
    assert (_text(first), _text(second)) == ("附件：1．甲工作要点", "2．乙工作要点")
    ind1, ind2 = _prop(first, styles, "w:ind"), _prop(second, styles, "w:ind")
    start1 = int(_a(ind1, "left")) - int(_a(ind1, "hanging"))
    start2 = int(_a(ind2, "left")) - int(_a(ind2, "hanging"))
    assert start1 == 2 * CHAR and start2 == start1 + 3 * CHAR  # the 2 under the 1, after 附件：
    assert int(_a(ind1, "left")) == int(_a(ind2, "left"))  # names wrap to the same column
    assert [_text(p) for p in _styled(doc, "AttachLabel")] == ["附件1", "附件2"]
    # the title broken as GB/T 9704 7.3.1 asks (gongwen.titles), one paragraph
    assert "关于印发《甲工作要点》和\n《乙工作要点》的通知" in docx_text(out)


def test_7_3_5_2_signature_centred_over_the_date_four_characters_from_the_right(notice_docx):
    doc = _xml(notice_docx, "word/document.xml")
    sign, date = _styled(doc, "Signature")[0], _styled(doc, "Date")[0]
    assert (_text(sign), _text(date)) == ("市发展改革委", "2026年3月5日")
    date_right = int(_a(date.find("w:pPr/w:ind", NS), "rightChars")) / 100
    sign_right = int(_a(sign.find("w:pPr/w:ind", NS), "rightChars")) / 100
    assert date_right == 4  # 成文日期右空四字
    assert sign_right + text_width("市发展改革委") / 2 == date_right + text_width("2026年3月5日") / 2
    # the seal's space: the 署名 two lines under the 附件说明, kept with the date
    spacing = sign.find("w:pPr/w:spacing", NS)
    assert int(_a(spacing, "before")) == 2 * PITCH
    assert sign.find("w:pPr/w:keepNext", NS) is not None


def test_seal_indents_move_the_date_when_the_signature_is_longer():
    assert seal_indents("某某机关", "2026年3月5日", 4) == (5.0, 4)
    sign, date = seal_indents("中共某某市发展和改革委员会机关委员会", "2026年3月5日", 4)
    assert sign == 0 and date > 4
    assert sign + text_width("中共某某市发展和改革委员会机关委员会") / 2 == date + text_width("2026年3月5日") / 2


def test_7_3_5_signature_never_alone_the_last_body_paragraph_is_kept_with_it(notice_docx):
    doc = _xml(notice_docx, "word/document.xml")
    recipient = _styled(doc, "Recipient")[0]
    body = []
    for p in recipient.itersiblings():
        if p.xpath("w:pPr/w:pStyle", namespaces=NS):
            break
        body.append(p)
    assert len(body) >= 2
    assert body[-1].find("w:pPr/w:keepNext", NS) is not None  # the short last one goes with the 署名
    assert body[0].find("w:pPr/w:keepNext", NS) is None  # the first stays on page 1


# -- the attachment (GB/T 9704 8) and the 版记 (7.4) -----------------------------


def test_8_attachment_on_a_new_page_labelled_top_left_then_the_plan_as_draft_plan_writes_it(in_tmp):
    notice = _notice(in_tmp)
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "--date", "2026-03-05", "-o", "p.docx"]) == 0
    doc, styles = _xml(notice, "word/document.xml"), _xml(notice, "word/styles.xml")
    label = _styled(doc, "AttachLabel")[0]
    assert _text(label) == "附件"
    assert _style(styles, "AttachLabel").find("w:pPr/w:pageBreakBefore", NS) is not None
    style = _style(styles, "AttachLabel")
    assert _a(style.find("w:rPr/w:rFonts", NS), "eastAsia") == "黑体"
    assert int(_a(style.find("w:rPr/w:sz", NS), "val")) == 32  # 三号
    ind = style.find("w:pPr/w:ind", NS)
    assert int(_a(ind, "left")) == 0 and int(_a(ind, "firstLine")) == 0 and _a(style.find("w:pPr/w:jc", NS), "val") == "left"
    # the attachment is the plan, paragraph by paragraph and style by style
    plan = _xml(in_tmp / "p.docx", "word/document.xml")
    plan_paras = [( _text(p), p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS))
                  for p in plan.xpath("//w:body/w:p", namespaces=NS)]
    body = doc.xpath("//w:body/w:p", namespaces=NS)
    start = body.index(label) + 1
    attached = [(_text(p), p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS))
                for p in body[start:start + len(plan_paras)]]
    assert attached == plan_paras


def _imprint_table(docx):
    """The 版记 table: in the footer of the last section's even page (the 版记's page)."""
    doc = _xml(docx, "word/document.xml")
    last = doc.xpath("//w:body/w:sectPr", namespaces=NS)[0]
    assert _a(last.find("w:type", NS), "val") == "evenPage"  # 7.4, 7.5: the last page is an even one
    rels = _xml(docx, "word/_rels/document.xml.rels")
    rid = next(ref.get(f"{{{R_NS}}}id") for ref in last.findall("w:footerReference", NS) if _a(ref, "type") == "even")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    footer = _xml(docx, f"word/{target}")
    return footer, footer.find("w:tbl", NS)


def test_7_4_imprint_at_the_foot_with_its_rules(notice_docx):
    footer, table = _imprint_table(notice_docx)
    # the last rule on the 版心's lower edge: the footer grows up from the page number, which keeps its
    # place on every page; the 版记 stands the number's gap (7 mm, 7.5) above it
    number = footer.findall("w:p", NS)[-1]
    assert int(_a(number.find("w:pPr/w:spacing", NS), "before")) == LAYOUT.page_number.gap
    assert "PAGE" in "".join(number.xpath(".//w:instrText/text()", namespaces=NS))
    assert table.find("w:tblPr/w:tblpPr", NS) is None
    assert int(_a(table.find("w:tblPr/w:tblW", NS), "w")) == TEXT_WIDTH  # rules as wide as the 版心
    borders = table.find("w:tblPr/w:tblBorders", NS)
    eighths = {side: int(_a(borders.find(f"w:{side}", NS), "sz")) for side in ("top", "bottom", "insideH")}
    mm = {side: value / 8 * 25.4 / 72 for side, value in eighths.items()}
    assert abs(mm["top"] - 0.35) < 0.02 and abs(mm["bottom"] - 0.35) < 0.02  # 首条、末条 0.35 mm
    assert abs(mm["insideH"] - 0.25) < 0.02  # 中间 0.25 mm
    rows = ["".join(r.xpath(".//w:t/text()", namespaces=NS)) for r in table.findall("w:tr", NS)]
    assert rows == ["抄送：市直机关工委，市委组织部。", "市发展改革委2026年3月5日印发"]
    cc = footer.xpath("//w:p[w:pPr/w:pStyle/@w:val='Imprint']", namespaces=NS)[0]
    ind = cc.find("w:pPr/w:ind", NS)
    # 7.4.2: 左右各空一字, a second line under the first name after 抄送：
    size = LAYOUT.notice.imprint_size * 10
    assert int(_a(ind, "left")) - int(_a(ind, "hanging")) == size and int(_a(ind, "right")) == size
    assert int(_a(ind, "left")) == 4 * size


def test_7_4_imprint_without_cc_has_only_the_issuer_line(in_tmp):
    assert main([*BASE, "--doc-number", "〔2026〕3号", "--recipients", "各党支部", "--issuer", "某某办公室",
                 "-o", "n.docx"]) == 0
    _, table = _imprint_table(in_tmp / "n.docx")
    rows = ["".join(r.xpath(".//w:t/text()", namespaces=NS)) for r in table.findall("w:tr", NS)]
    assert rows == ["某某办公室2026年3月5日印发"]


# -- draft notice PLAN.docx ---------------------------------------------------


def test_draft_notice_on_a_rendered_plan(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "-o", "p.docx"]) == 0
    assert main(["notice", "p.docx", "--org", "市发展改革委", *FIELDS, "--date", "2026-03-05", "-o", "n.docx"]) == 0
    assert "已生成印发通知" in capsys.readouterr().out
    text = docx_text(in_tmp / "n.docx")
    assert "关于印发\n《2026年市发展改革委党的建设工作要点》\n的通知" in text  # broken as 7.3.1 asks
    assert "\n附件\n2026年市发展改革委党的建设工作要点\n" in text


def test_draft_notice_with_two_plans_numbers_its_attachments(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "-o", "a.docx"]) == 0
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "--profile", "党支部工作要点", "-o", "b.docx"]) == 0
    capsys.readouterr()
    assert main(["notice", "a.docx", "b.docx", "--org", "市发展改革委", *FIELDS, "-o", "n.docx"]) == 0
    out = capsys.readouterr().out
    assert "附件1：2026年市发展改革委党的建设工作要点" in out and "附件2：2026年市发展改革委党支部工作要点" in out
    doc = _xml(in_tmp / "n.docx", "word/document.xml")
    assert [_text(p) for p in _styled(doc, "AttachNote")] == ["附件：1．2026年市发展改革委党的建设工作要点",
                                                              "2．2026年市发展改革委党支部工作要点"]
    assert [_text(p) for p in _styled(doc, "AttachLabel")] == ["附件1", "附件2"]


def test_draft_notice_refuses_a_speech_and_a_text_that_is_no_plan(in_tmp, capsys):
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市发展改革委", "-o", "s.docx"]) == 0
    capsys.readouterr()
    assert main(["notice", "s.docx", "--org", "市发展改革委", *FIELDS, "-o", "n.docx"]) == 2
    assert "讲话稿" in capsys.readouterr().err
    (in_tmp / "t.txt").write_text("关于某事的说明\n\n今天天气很好。\n", encoding="utf-8")
    assert main(["notice", "t.txt", "--org", "市发展改革委", *FIELDS, "-o", "n.docx"]) == 2
    assert "工作要点" in capsys.readouterr().err
    assert not (in_tmp / "n.docx").exists()
    _notice(in_tmp, name="sent.docx")
    capsys.readouterr()
    assert main(["notice", "sent.docx", "--org", "市发展改革委", *FIELDS, "-o", "n.docx"]) == 2
    assert "已经是印发通知" in capsys.readouterr().err
    assert not (in_tmp / "n.docx").exists()


# -- the layout file, the plan path ---------------------------------------------


def test_notice_section_of_the_layout_file_is_validated_with_its_line(tmp_path):
    text = (Path(__file__).parents[1] / "styles" / "gbt9704.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "mine.yaml"
    bad.write_text(text.replace("    color: FF0000\n    top: 35mm", "    color: 红色\n    top: 35mm"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_layout(bad)
    line = next(i for i, l in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "color: 红色" in l)
    assert info.value.line == line and "notice.letterhead.color" in info.value.message


def test_draft_plan_without_notice_loads_no_notice_code(tmp_path):
    code = ("import sys; from drafting.cli import main; "
            "assert main(['plan', '--year', '2026', '--org', '某某', '-o', 'p.docx']) == 0; "
            "print(sorted(m for m in sys.modules if m.rsplit('.', 1)[-1] in ('notice', 'writer', 'fields', 'docnumber', 'verify', 'measures') and not m.startswith('drafting.cli')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parents[1])}).stdout
    assert out.strip().splitlines()[-1] == "[]"


# -- one LibreOffice run --------------------------------------------------------


def test_notice_opens_in_libreoffice_with_the_attachment_on_its_own_page(notice_docx, soffice):
    (pdf,) = soffice.convert(notice_docx)
    pages = soffice.pages(pdf)
    assert pages >= 2
    first = soffice.text(pdf, 1).replace(" ", "")
    assert first.startswith("市发展改革委文件") and "某发改党〔2026〕3号" in first
    assert "各党支部：" in first and "现将" in first  # body text on the first page
    labelled = [n for n in range(2, pages + 1) if soffice.text(pdf, n).replace(" ", "").startswith("附件\n")]
    assert len(labelled) == 1
    label_page = soffice.text(pdf, labelled[0]).replace(" ", "")
    assert [line for line in label_page.splitlines() if line][1] == "2026年市发展改革委党的建设工作要点"
    before = soffice.text(pdf, labelled[0] - 1).replace(" ", "")
    assert "2026年3月5日" in before  # the notice ends before the attachment's page
    last = soffice.bbox(pdf, pages)
    issued = [line for line in last.split("<line ") if "印发" in line]
    assert issued, "the 版记 is on the last page"
    y_max = float(issued[-1].split('yMax="')[1].split('"')[0])
    bottom = (LAYOUT.height - LAYOUT.margin_bottom) / 20  # the 版心's lower edge, in points
    assert bottom - 6 * 72 / 25.4 < y_max <= bottom + 1  # 印发 line at the foot (7.4)


def test_saving_the_settings_again_keeps_the_notice_fields(in_tmp):
    from drafting import jobs
    from drafting.config import load_config

    (in_tmp / "draft.yaml").write_text("org: 市发展改革委\nnotice:\n  recipients: 机关各党支部\n  cc: 市直机关工委\n",
                                       encoding="utf-8")
    jobs.save_settings(in_tmp, org="市统计局", org_short=None, superior=None, speaker=None)
    cfg = load_config(in_tmp / "draft.yaml")
    assert cfg.org == "市统计局"
    assert dict(cfg.notice) == {"recipients": "机关各党支部", "cc": "市直机关工委"}


def test_a_units_own_layout_reaches_its_notice_through_draft_yaml(in_tmp):
    from drafting.layout import main as layout_main

    text = (Path(__file__).parents[1] / "styles" / "gbt9704.yaml").read_text(encoding="utf-8")
    mine = in_tmp / "mine.yaml"
    mine.write_text(text.replace("    color: FF0000\n    top: 35mm", "    color: C00000\n    top: 30mm"), encoding="utf-8")
    assert layout_main(["--styles", str(mine), "--out", str(in_tmp / "tpl")]) == 0
    (in_tmp / "draft.yaml").write_text("org: 市发展改革委\ntemplates:\n  notice: tpl/notice.docx\n", encoding="utf-8")
    path = _notice(in_tmp)
    styles = _xml(path, "word/styles.xml")
    head = _style(styles, "Letterhead")
    assert _a(head.find("w:rPr/w:color", NS), "val") == "C00000"
    assert abs(int(_a(head.find("w:pPr/w:spacing", NS), "before")) - 30 * MM) <= 1


def test_parse_and_check_read_the_notice_as_written(notice_docx, capsys):
    # the 版头 (发文机关标志, 发文字号) is neither title nor extra text; the 版记 in the last page's footer
    # counts as the 版记: the tool's own notice gets no finding
    capsys.readouterr()
    assert main(["parse", str(notice_docx)]) == 0
    assert "标题：关于印发《2026年市发展改革委党的建设工作要点》的通知" in capsys.readouterr().out
    assert main(["check", str(notice_docx)]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_a_notice_without_its_imprint_is_told_so(notice_docx, capsys):
    import zipfile

    bare = notice_docx.with_name("bare.docx")
    with zipfile.ZipFile(notice_docx) as src, zipfile.ZipFile(bare, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in ("word/footer3.xml", "word/footer4.xml"):
                data = data.replace("印发".encode("utf-8"), "".encode("utf-8"))
            out.writestr(item, data)
    capsys.readouterr()
    main(["check", str(bare)])
    assert "缺少版记" in capsys.readouterr().out
