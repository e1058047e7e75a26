"""The 更新去年文稿 page: upload last year's document, see every expression decided, download the copy."""

from __future__ import annotations

import zipfile

from drafting import jobs
from drafting.web.renew import counts, rows


def test_renew_shows_every_expression_and_gives_the_tracked_changes_copy(server, browser, seed):
    doc = seed(0)  # a 2016 plan (read from ../shared/seeds)
    browser.open(f"{server.url}/renew")
    browser.upload("input[name=document]", doc)
    browser.find("input[name=year]").send_keys("2027")
    browser.screenshot("renew-form")
    browser.find("#renew-form button[type=submit]").click()
    result = browser.wait_for("#renew-result")
    browser.screenshot("renew-result")
    assert "已生成2027年初稿（修订模式）" in result.text
    assert f"原文：{doc.name}（2016年）" in result.text
    badges = [b.text for b in browser.find_all("#renew-table .badge")]
    assert "改" in badges and "问" in badges
    changed = browser.find("#renew-table tr.act-changed")
    assert changed.find_element("css selector", "mark").text  # the expression, marked in its words
    assert "→" in changed.text and "第" in changed.text and "段" in changed.text
    asked = browser.find("#renew-table tr.act-commented")
    assert "请" in asked.find_element("css selector", ".why").text  # what the reviewer is asked
    assert "原文年份按2016年识别" in browser.find("#renew-notes").text

    got = browser.download("#renew-download")
    assert got.name == f"{doc.stem}-2027年.docx"  # as draft renew would name it
    with zipfile.ZipFile(got) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in body and "<w:del " in body
    assert [p.read_bytes() for p in (server.folder / "上传的文件").iterdir()] == [doc.read_bytes()]

    # the same document again: a second copy beside the first, nothing overwritten
    browser.open(f"{server.url}/renew")
    browser.upload("input[name=document]", doc)
    browser.find("input[name=year]").send_keys("2027")
    browser.find("#renew-form button[type=submit]").click()
    browser.wait_for("#renew-result")
    assert browser.find("#renew-download").text.endswith(f"（{doc.stem}-2027年(2).docx）")
    assert sorted(p.name for p in (server.folder / "更新").iterdir()) == [
        f"{doc.stem}-2027年(2).docx", f"{doc.stem}-2027年.docx"]


def test_a_document_without_a_year_gets_the_clis_hint_and_then_renews_with_the_source_year(server, browser, tmp_path):
    plain = tmp_path / "支部工作安排.txt"
    plain.write_text("支部工作安排\n一、加强理论学习\n每月组织一次集中学习，交流心得体会。\n", encoding="utf-8")
    browser.open(f"{server.url}/renew")
    browser.upload("input[name=document]", plain)
    browser.find("#renew-form button[type=submit]").click()
    problem = browser.wait_for("#problem")
    assert "文件 支部工作安排.txt：无法从原文判断它是哪一年的文稿" in problem.text
    assert "请用 --from-year 指定，如 --from-year 2025" in problem.text
    assert "Traceback" not in browser.driver.page_source
    assert not any((server.folder / "上传的文件").iterdir())  # nothing of the refused request is kept

    browser.upload("input[name=document]", plain)
    browser.find("input[name=from_year]").send_keys("2025")
    browser.find("#renew-form button[type=submit]").click()
    result = browser.wait_for("#renew-result")
    assert "已生成2026年初稿" in result.text and "未指定目标年份（--year），按2026年更新。" in result.text
    assert server.alive


def test_a_target_year_not_after_the_source_is_refused_in_the_clis_words(server, browser, seed):
    browser.open(f"{server.url}/renew")
    browser.upload("input[name=document]", seed(0))
    browser.find("input[name=year]").send_keys("2016")
    browser.find("#renew-form button[type=submit]").click()
    problem = browser.wait_for("#problem")
    assert "目标年份（2016年）应晚于原文年份（2016年）" in problem.text
    assert "原文年份识别有误时，请用 --from-year 指定" in problem.text
    assert browser.find("input[name=year]").get_attribute("value") == "2016"  # the form keeps what was typed
    assert not (server.folder / "更新").exists() or not any((server.folder / "更新").iterdir())


def test_rows_mark_each_occurrence_of_a_repeated_expression_where_it_stands(tmp_path):
    src = tmp_path / "要点.txt"
    src.write_text("2025年机关党建工作要点\n"
                   "一、思想建设\n"
                   "2025年，是承上启下之年；要在2025年内把学习计划落到实处，并在2025年底前总结。\n",
                   encoding="utf-8")
    done = jobs.renew(src, year=2026, output=tmp_path / "新.docx")
    shown = [r for r in rows(done) if r.where == "第3段" and r.text.startswith("2025年")]
    assert len(shown) >= 2
    assert len({(r.before, r.after) for r in shown}) == len(shown)  # each row shows its own occurrence
    for r in shown:
        assert f"{r.before}{r.text}{r.after}".strip("…") in done.paragraphs[2].text
    assert sum(counts(done).values()) == len(rows(done))


def test_a_word_document_gets_the_new_unit_name_and_the_reviser_asked_for(server, browser, tmp_path):
    from docx import Document

    src = tmp_path / "2025年要点.docx"
    doc = Document()
    doc.add_paragraph("2025年市统计局机关党建工作要点")
    doc.add_paragraph("一、加强政治建设")
    doc.add_paragraph("市统计局机关各支部要在2025年全面完成学习任务，每季度交流一次。")
    doc.save(src)
    browser.open(f"{server.url}/renew")
    browser.upload("input[name=document]", src)
    browser.find("#renew-form details.more summary").click()
    browser.find("input[name=org]").send_keys("市审计局")
    browser.find("input[name=author]").send_keys("李审校")
    browser.find("#renew-form button[type=submit]").click()
    result = browser.wait_for("#renew-result")
    assert "单位名称" in result.text and "市审计局" in result.text
    got = browser.download("#renew-download")
    assert got.name == "2026年要点.docx"  # the year in the name moved on, as draft renew names it
    with zipfile.ZipFile(got) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:author="李审校"' in body and "市审计局" in body
    assert src.read_bytes() == (server.folder / "上传的文件" / src.name).read_bytes()  # the upload is untouched
