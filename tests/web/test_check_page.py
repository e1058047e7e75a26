"""The 检查 page in a real browser: upload a document, see its findings, download the copies."""

from __future__ import annotations

import zipfile

import pytest


def test_check_shows_the_findings_of_a_seed_grouped_by_severity(server, browser, seed):
    doc = seed(2)  # a seed that still holds placeholder marks
    browser.open(f"{server.url}/check")
    browser.upload("input[name=document]", doc)
    browser.find("#check-form button[type=submit]").click()
    result = browser.wait_for("#check-result")
    browser.screenshot("check-seed")
    text = result.text
    assert "占位符" in text and "错误" in text
    marks = [m.text for m in browser.find_all("#check-result mark")]
    assert marks and all(m for m in marks)
    assert server.alive


def test_check_writes_an_annotated_copy_with_word_comments(server, browser, seed):
    doc = seed(0)
    browser.open(f"{server.url}/check")
    browser.upload("input[name=document]", doc)
    browser.find("input[name=annotate]").click()
    browser.find("#check-form button[type=submit]").click()
    browser.wait_for("#check-result .downloads a")
    got = browser.download("#check-result .downloads a")
    with zipfile.ZipFile(got) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "防微杜渐" in comments or "错别字" in comments
    assert doc.read_bytes()  # the seed itself is untouched (it is read from ../shared)
    uploaded = list((server.folder / "上传的文件").iterdir())
    assert [p.read_bytes() for p in uploaded] == [doc.read_bytes()]


def test_a_pdf_renamed_docx_gets_the_clis_chinese_message_and_nothing_is_kept(server, browser, tmp_path):
    fake = tmp_path / "去年的要点.docx"
    fake.write_bytes(b"%PDF-1.4\n% not a word document\n")
    browser.open(f"{server.url}/check")
    browser.upload("input[name=document]", fake)
    browser.find("#check-form button[type=submit]").click()
    problem = browser.wait_for("#problem")
    browser.screenshot("check-pdf-error")
    assert "文件 去年的要点.docx：不是有效的 Word 文档（.docx）：文件内容是 PDF 文件" in problem.text
    assert "Traceback" not in browser.driver.page_source
    assert not any((server.folder / "上传的文件").iterdir())
    assert server.alive


@pytest.mark.parametrize("name", ["说明.pdf", "旧稿.doc"])
def test_a_file_of_another_kind_is_refused_by_name(server, browser, tmp_path, name):
    other = tmp_path / name
    other.write_bytes(b"something")
    browser.open(f"{server.url}/check")
    browser.upload("input[name=document]", other)
    browser.find("#check-form button[type=submit]").click()
    assert "只能上传 .docx、.txt 文件" in browser.wait_for("#problem").text


def test_the_org_field_says_whose_document_it_is_as_check_org_does(server_with, browser, tmp_path):
    # the unit library (素材库) names 江城市商务局 and a neighbour; the document is the neighbour's own
    def prepare(folder):
        (folder / "素材库").mkdir()
        (folder / "素材库" / "名称.yaml").write_text(
            "names:\n  org: 江城市商务局\n  others: [江城市财政局]\n", encoding="utf-8")

    server = server_with(prepare)
    doc = tmp_path / "要点.txt"
    doc.write_text("2026年江城市财政局党建工作要点\n一、加强政治建设\n1．江城市财政局党组抓好学习。认真组织学习。\n"
                   "2．落实责任。江城市商务局提供的材料已经收到。\n", encoding="utf-8")

    def flagged(org: str | None) -> str:
        browser.open(f"{server.url}/check")
        browser.upload("input[name=document]", doc)
        if org:
            browser.find("input[name=org]").send_keys(org)
        browser.find("#check-form button[type=submit]").click()
        return browser.wait_for("#check-result").text

    assert "“江城市财政局”可能是照搬的其他单位名称" in flagged(None)  # the library's unit by default
    text = flagged("江城市财政局")
    browser.screenshot("check-org")
    assert "“江城市商务局”可能是照搬的其他单位名称" in text and "“江城市财政局”可能" not in text
    assert browser.find("input[name=org]").get_attribute("value") == "江城市财政局"  # kept for the next check
    assert server.alive
