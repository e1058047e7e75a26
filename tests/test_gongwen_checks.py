"""draft check's GB/T 9704 layout rules (gongwen.checks), on small .docx files built here.

Each rule fires on a 公文 that has the fault and stays silent on a correct one and
on a document that is not a 公文 at all (no 版头, attachments sent separately).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from drafting.check import CODE_NAMES, check_paragraphs
from drafting.cli import main
from drafting.library import load_library
from drafting.reader import read_paragraphs

CODES = ("docnumber-format", "attachment-note", "date-form", "imprint-missing")


@pytest.fixture(scope="module")
def rules():
    return load_library().checks


def build(tmp_path: Path, lines: list[str], name: str = "a.docx") -> Path:
    """A .docx of ``lines``, one paragraph each; a line "|a|b" is a table row."""
    document = docx.Document()
    for line in lines:
        if line.startswith("|"):
            cells = line.strip("|").split("|")
            row = document.add_table(rows=1, cols=len(cells)).rows[0]
            for cell, text in zip(row.cells, cells):
                cell.text = text
        else:
            p = document.add_paragraph(line)
            if line in ("附件", "附件1", "附件2") or line.startswith("中共某某"):
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    path = tmp_path / name
    document.save(str(path))
    return path


def found(tmp_path, rules, lines: list[str]):
    paragraphs = read_paragraphs(build(tmp_path, lines))
    return [f for f in check_paragraphs(paragraphs, year=2026, rules=rules) if f.code in CODES]


HEAD = ["中共某某市发展和改革委员会机关委员会", "某发改机党〔2026〕3号", "关于印发《2026年机关党建工作要点》的通知",
        "各党支部："]
BODY = ["现将《2026年机关党建工作要点》印发给你们，请结合实际认真贯彻落实。"]
SIGNED = ["中共某某市发展和改革委员会机关委员会", "2026年3月5日"]
IMPRINT = ["抄送：市直机关工委。", "中共某某市发展和改革委员会机关委员会办公室　　2026年3月5日印发"]
ATTACHMENT = ["附件", "2026年机关党建工作要点", "一、加强政治建设", "1．深入学习贯彻党的创新理论。"]


def notice(*, head=HEAD, note=("附件：2026年机关党建工作要点",), signed=SIGNED, attachment=ATTACHMENT,
           imprint=IMPRINT) -> list[str]:
    return [*head, *BODY, *note, *signed, *attachment, *imprint]


def test_a_correct_notice_has_no_layout_finding(tmp_path, rules):
    assert found(tmp_path, rules, notice()) == []


def test_the_codes_have_chinese_names():
    assert all(CODE_NAMES[code] for code in CODES)


# --- 发文字号 (GB/T 9704—2012 7.2.4) -----------------------------------------------------------


@pytest.mark.parametrize(("written", "right"), [
    ("某发改机党〔2026〕03号", "某发改机党〔2026〕3号"),
    ("某发改机党[2026]3号", "某发改机党〔2026〕3号"),
    ("某发改机党(2026)3号", "某发改机党〔2026〕3号"),
    ("某发改机党（2026）3号", "某发改机党〔2026〕3号"),
    ("某发改机党【2026】3号", "某发改机党〔2026〕3号"),
    ("某发改机党2026年3号", "某发改机党〔2026〕3号"),
    ("某发改机党〔2026〕第3号", "某发改机党〔2026〕3号"),
    ("〔2026〕012号", "〔2026〕12号"),
])
def test_a_wrong_docnumber_is_shown_in_its_right_form(tmp_path, rules, written, right):
    head = [HEAD[0], written, *HEAD[2:]]
    (finding,) = [f for f in found(tmp_path, rules, notice(head=head)) if f.code == "docnumber-format"]
    assert finding.suggestion == right
    assert finding.excerpt == written
    assert right in finding.message and "7.2.4" in finding.message


def test_a_docnumber_with_its_signer_is_read_without_the_signer(tmp_path, rules):
    head = [HEAD[0], "某发改机党[2026]3号　　　　签发人：某某", *HEAD[2:]]
    (finding,) = [f for f in found(tmp_path, rules, notice(head=head)) if f.code == "docnumber-format"]
    assert finding.excerpt == "某发改机党[2026]3号"
    head = [HEAD[0], "某发改机党〔2026〕3号　　　　签发人：某某", *HEAD[2:]]
    assert found(tmp_path, rules, notice(head=head)) == []


def test_a_docnumber_cited_in_the_text_is_not_the_documents_own(tmp_path, rules):
    lines = ["关于做好某项工作的通知", "各党支部：", "一、总体要求", "根据上级部署，现就有关事项通知如下。",
             "二、工作安排", "请按照（2025）8号文件要求抓好落实。", "三、其他事项", "2025年3号文件同时废止。",
             "特此通知。"]
    assert found(tmp_path, rules, lines) == []


# --- 附件说明 (7.3.4) --------------------------------------------------------------------------


def test_a_note_naming_another_title_than_the_attachment(tmp_path, rules):
    (finding,) = found(tmp_path, rules, notice(note=("附件：2026年党建工作要点",)))
    assert finding.code == "attachment-note"
    assert "2026年机关党建工作要点" in finding.message and finding.excerpt == "2026年党建工作要点"


def test_title_marks_and_a_title_broken_over_lines_still_match(tmp_path, rules):
    attachment = ["附件", "2026年机关", "党建工作要点", "一、加强政治建设"]
    assert found(tmp_path, rules, notice(note=("附件：《2026年机关党建工作要点》",), attachment=attachment)) == []


def test_a_note_with_one_name_and_two_attachments(tmp_path, rules):
    attachment = ["附件1", "2026年机关党建工作要点", "一、加强政治建设", "附件2", "2026年学习计划", "一、学习内容"]
    (finding,) = found(tmp_path, rules, notice(attachment=attachment))
    assert finding.code == "attachment-note" and "1 个附件" in finding.message and "2 个附件" in finding.message


def test_several_attachments_numbered_in_the_notes_order(tmp_path, rules):
    note = ("附件：1．2026年机关党建工作要点", "2．2026年学习计划")
    attachment = ["附件1", "2026年机关党建工作要点", "一、加强政治建设", "附件2", "2026年学习计划", "一、学习内容"]
    assert found(tmp_path, rules, notice(note=note, attachment=attachment)) == []
    swapped = ["附件2", "2026年机关党建工作要点", "一、加强政治建设", "附件1", "2026年学习计划", "一、学习内容"]
    wrong = found(tmp_path, rules, notice(note=note, attachment=swapped))
    assert [f.excerpt for f in wrong] == ["附件2", "附件1"]


def test_a_mark_after_an_attachment_name(tmp_path, rules):
    (finding,) = found(tmp_path, rules, notice(note=("附件：2026年机关党建工作要点。",)))
    assert finding.excerpt == "。" and finding.suggestion == ""


def test_attachments_sent_as_separate_files_are_not_looked_for(tmp_path, rules):
    assert found(tmp_path, rules, notice(attachment=())) == []


# --- 成文日期 and dates in the body (7.3.5.2) ---------------------------------------------------


def test_a_date_line_in_chinese_numerals(tmp_path, rules):
    signed = [SIGNED[0], "二〇二六年三月十五日"]
    (finding,) = found(tmp_path, rules, notice(signed=signed))
    assert finding.code == "date-form" and finding.suggestion == "2026年3月15日" and "7.3.5.2" in finding.message


def test_a_date_under_a_title_in_chinese_numerals(tmp_path, rules):
    lines = ["在全市机关党建工作会议上的讲话", "（二〇二六年一月十日）", "同志们：", "今天召开会议，主要任务是总结工作。"]
    (finding,) = found(tmp_path, rules, lines)
    assert finding.suggestion == "2026年1月10日" and finding.excerpt == "二〇二六年一月十日"


def test_a_year_in_chinese_numerals_inside_a_sentence_is_not_a_date_line(tmp_path, rules):
    lines = ["关于做好某项工作的通知", "各党支部：", "一、总体要求", "二〇二六年三月五日召开的会议作出了部署，请抓好落实。",
             "二、工作安排", "回顾二〇二五年，各项工作取得新进展。"]
    assert found(tmp_path, rules, lines) == []


@pytest.mark.parametrize(("written", "right"), [
    ("2026.3.5", "2026年3月5日"), ("2026/3/5", "2026年3月5日"), ("2026-03-05", "2026年3月5日"),
])
def test_a_date_written_with_dots_or_dashes_in_the_body(tmp_path, rules, written, right):
    body = f"会议定于{written}召开，请各支部按时参加。"
    (finding,) = found(tmp_path, rules, notice()[:5] + [body] + notice()[5:])
    assert (finding.code, finding.excerpt, finding.suggestion) == ("date-form", written, right)


def test_numbers_that_only_look_like_dates(tmp_path, rules):
    lines = ["关于做好某项工作的通知", "各党支部：", "一、总体要求",
             "详见 http://www.example.gov.cn/2026/3/5/notice.html 和版本 V2026.3.5.1 的说明。",
             "二、工作安排", "完成投资2026.35万元，同比增长12.5%。", "|2026-3-5|第一次集中学习|"]
    assert found(tmp_path, rules, lines) == []


# --- 版记 (7.4) --------------------------------------------------------------------------------


def test_a_notice_with_a_letterhead_and_no_imprint(tmp_path, rules):
    (finding,) = found(tmp_path, rules, notice(imprint=()))
    assert finding.code == "imprint-missing" and finding.excerpt == "某发改机党〔2026〕3号" and "7.4" in finding.message


def test_an_imprint_in_a_table_counts(tmp_path, rules):
    imprint = ["|抄送：市直机关工委。|", "|中共某某市发展和改革委员会机关委员会办公室 2026年3月5日印发|"]
    assert found(tmp_path, rules, notice(imprint=imprint)) == []


def test_no_imprint_is_asked_of_a_document_without_a_letterhead_or_cut_short(tmp_path, rules):
    assert found(tmp_path, rules, notice(head=HEAD[2:], imprint=())) == []  # no 版头
    cut = notice(imprint=())[:6]  # a web page's opening: the body does not reach the date
    assert found(tmp_path, rules, cut) == []
    # a web page's own word above the number (朗读, 打印) is no 发文机关标志: the page left the 版记 out
    assert found(tmp_path, rules, notice(head=["朗读", *HEAD[1:]], imprint=())) == []


def test_a_docnumber_in_a_letterhead_table_and_a_date_after_a_colon(tmp_path, rules):
    head = [HEAD[0], "|某发改机党[2026]3号|签发人：某某|", *HEAD[2:]]
    lines = notice(head=head)
    lines.insert(5, "报名截止时间:2026.3.20。")  # NFKC-normalised copies have an ASCII colon
    got = {(f.code, f.excerpt, f.suggestion) for f in found(tmp_path, rules, lines)}
    assert got == {("docnumber-format", "某发改机党[2026]3号", "某发改机党〔2026〕3号"),
                   ("date-form", "2026.3.20", "2026年3月20日")}


def test_draft_check_reports_them_and_selects_them_by_code(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    head = [HEAD[0], "某发改机党[2026]3号", *HEAD[2:]]
    build(tmp_path, notice(head=head, imprint=()), "通知.docx")
    assert main(["check", "通知.docx", "--json", "--only", "docnumber-format,imprint-missing"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert sorted(f["code"] for f in findings) == ["docnumber-format", "imprint-missing"]
    assert main(["check", "通知.docx", "--annotate", "批注.docx", "--only", "docnumber-format"]) == 0
    with zipfile.ZipFile(tmp_path / "批注.docx") as z:  # the comment names the code as a reader calls it
        assert "［发文字号格式］" in z.read("word/comments.xml").decode()
