"""The 起草 page in a real browser: arrange the sections, generate, download and open the .docx."""

from __future__ import annotations

import re
import time

import pytest
from docx import Document

from drafting.config import load_config
from drafting.numerals import section_label


def _open(browser, server):
    browser.open(f"{server.url}/draft")
    return browser.wait_for("#draft-form")


def _fill(browser, **values):
    """Type into the form's fields; a new year lists the sections again: wait for them."""
    for name, value in values.items():
        field = browser.find(f"#draft-form input[name={name}]")
        field.clear()
        field.send_keys(value)
    if values.get("year", "").isdigit():
        _listed(browser, f'[data-year="{values["year"]}"]')


def _listed(browser, which):
    """Wait until the sections list matching ``which`` is shown (it is fetched after a change)."""
    end = time.monotonic() + 30
    while time.monotonic() < end:
        if browser.find_all(f"ol.sections{which}") and not browser.find_all("#sections.loading"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the sections {which} were not shown")


def _section(browser, category):
    return browser.find(f'li.section[data-category="{category}"]')


def _categories(browser):
    return [li.get_attribute("data-category") for li in browser.find_all("li.section")]


def _chosen(browser):
    """The ticked sections as the page shows them: (heading text, [item names]) in order."""
    return browser.driver.execute_script("""
        return Array.from(document.querySelectorAll('li.section')).filter(function (li) {
            return li.querySelector('input[name=include]').checked;
        }).map(function (li) {
            const h = li.querySelector('select.heading');
            return [h.selectedOptions[0].textContent.trim(),
                    Array.from(li.querySelectorAll('select.pick')).map(function (s) { return s.value; })];
        });""")


def _submitted(browser, button):
    """Click ``button`` (a submit) and wait for the next page, not the one it was on."""
    browser.driver.execute_script("document.body.dataset.before = '1'")
    browser.find(button).click()
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if browser.driver.execute_script("return document.readyState === 'complete' && !document.body.dataset.before"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{button} led to no new page")


def _generate(browser):
    _submitted(browser, "#generate")
    return browser.wait_for("#draft-result, #problem")


def _headings(doc):
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def _texts(doc):
    return [p.text for p in doc.paragraphs]


def test_a_plan_arranged_in_the_page_is_the_docx_downloaded(server, browser):
    _open(browser, server)
    _fill(browser, org="市审计局", year="2026")
    before = _categories(browser)
    assert len(before) >= 4
    dropped, moved = before[2], before[4]
    _section(browser, dropped).find_element("css selector", "input[name=include]").click()
    _section(browser, moved).find_element("css selector", "button.up").click()
    # swap the first item of the first section for what the library's search finds
    first = _section(browser, before[0])
    replaced = first.find_element("css selector", "select.pick").get_attribute("value")
    replaced_name = first.find_element("css selector", "select.pick option:checked").text
    first.find_element("css selector", "input.query").send_keys("政治生态\n")
    browser.wait_for(f'li.section[data-category="{before[0]}"] .hit')
    hit = next(h for h in first.find_elements("css selector", ".hit")
               if h.find_elements("css selector", "button.swap"))
    new_id = hit.get_attribute("data-id")
    new_name = hit.find_element("css selector", ".hit-head b").text
    hit.find_element("css selector", "button.swap").click()
    assert first.find_element("css selector", "select.pick").get_attribute("value") == new_id
    browser.screenshot("draft-form")
    order = [c for c in _categories(browser) if c != dropped]
    assert order.index(moved) < order.index(before[3])
    chosen = _chosen(browser)
    assert chosen[0][1][0] == new_id and replaced not in chosen[0][1]

    result = _generate(browser)
    assert result.get_attribute("id") == "draft-result", result.text
    got = browser.download("#download")
    assert (server.folder / "起草" / got.name).is_file()
    doc = Document(str(got))
    assert doc.paragraphs[0].text == "2026年市审计局党的建设工作要点"
    assert _headings(doc) == [section_label(n) + heading for n, (heading, _) in enumerate(chosen, 1)]
    body = "\n".join(_texts(doc))
    assert new_name.rstrip("…") in body
    leads = [re.sub(r"^\d+．", "", t) for t in _texts(doc) if re.match(r"\d+．", t)]
    assert leads[0].startswith(new_name.rstrip("…"))
    assert not any(t.startswith(replaced_name.rstrip("…")) for t in leads)
    assert "市审计局" in _texts(doc)[-3:]  # the signature
    # the section left out is not in the document, whatever its heading
    dropped_heading = browser.find(f'li.section[data-category="{dropped}"] select.heading option:checked').text
    assert dropped_heading not in body
    assert server.alive


def test_a_speech_for_the_gongwei_meeting(server, browser):
    _open(browser, server)
    _fill(browser, org="市直机关工委", year="2026", speaker="张三")
    browser.find("input[name=genre][value=speech]").click()
    _listed(browser, '[data-genre="speech"]')
    meeting = browser.find("select[name=meeting]")
    assert meeting.is_displayed() and not browser.find("select[name=profile]").is_displayed()
    assert meeting.get_attribute("value") == "工委会议"
    assert "机关工委" in browser.find("#recipe-description").text
    assert browser.find("li.item .num").text == "一是"
    result = _generate(browser)
    assert result.get_attribute("id") == "draft-result", result.text
    assert "全文约" in result.text and "按每分钟 220 字约" in result.text  # a speech's length, as the CLI says it
    doc = Document(str(browser.download("#download")))
    texts = _texts(doc)
    assert texts[0] == "在2026年市直机关工委全体会议上的讲话"
    assert "张三" in texts and "同志们：" in texts
    assert any(t.startswith("一是") for t in texts)


def test_the_units_names_are_saved_back_to_draft_yaml_with_a_backup(server, browser):
    (server.folder / "素材库").mkdir()
    old = ('# 本单位的设置，手工写的说明\norg: "旧单位"\nsuperior: "市直机关工委"\n'
           'library:\n  - "素材库"\n')
    (server.folder / "draft.yaml").write_text(old, encoding="utf-8")
    _open(browser, server)
    assert browser.find("input[name=org]").get_attribute("value") == "旧单位"
    assert browser.find("input[name=superior]").get_attribute("value") == "市直机关工委"
    _fill(browser, org="市统计局", org_short="统计局")
    _submitted(browser, "#save-settings")
    saved = browser.wait_for("#saved")
    assert "draft.yaml.bak" in saved.text
    settings = load_config(server.folder / "draft.yaml")
    assert (settings.org, settings.org_short, settings.superior) == ("市统计局", "统计局", "市直机关工委")
    assert settings.libraries == (server.folder / "素材库",)
    assert (server.folder / "draft.yaml.bak").read_text(encoding="utf-8") == old
    # the page keeps what was typed, and a second save keeps the first backup
    assert browser.find("input[name=org]").get_attribute("value") == "市统计局"
    _fill(browser, speaker="李四")
    browser.find("input[name=save]").click()
    assert _generate(browser).get_attribute("id") == "draft-result"
    assert (server.folder / "draft.yaml.bak").read_text(encoding="utf-8") == old
    assert "市统计局" in (server.folder / "draft.yaml.2.bak").read_text(encoding="utf-8")
    assert load_config(server.folder / "draft.yaml").speaker == "李四"
    browser.open(f"{server.url}/draft")
    assert browser.wait_for("input[name=speaker]").get_attribute("value") == "李四"


def test_generating_twice_gives_a_second_file_and_keeps_the_first(server, browser):
    _open(browser, server)
    _fill(browser, org="市审计局", year="2026")
    _generate(browser)
    folder = server.folder / "起草"
    first = folder / "2026年市审计局党的建设工作要点.docx"
    data = first.read_bytes()
    # the result page keeps the form as it was: generate again
    _generate(browser)
    assert browser.find("#draft-result h2").text.endswith("2026年市审计局党的建设工作要点(2).docx")
    assert sorted(p.name for p in folder.glob("*.docx")) == [
        "2026年市审计局党的建设工作要点(2).docx", "2026年市审计局党的建设工作要点.docx"]
    assert first.read_bytes() == data


@pytest.fixture
def without_soffice(tmp_path, make_server):
    """A ``draft serve`` on a machine without LibreOffice (PATH lacks soffice)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    return make_server(tmp_path / "无预览工作目录", {"PATH": str(empty), "DRAFT_SOFFICE": ""})


def test_without_libreoffice_the_reading_view_follows_the_document(without_soffice, browser):
    _open(browser, without_soffice)
    _fill(browser, org="市审计局", year="2026")
    result = _generate(browser)
    assert result.get_attribute("id") == "draft-result", result.text
    assert "没有安装 LibreOffice" in browser.find("#no-pages").text
    assert not browser.find_all("#page-images")
    browser.screenshot("draft-reading-view")
    view = browser.find("#reading-view")
    shown = [e.text for e in view.find_elements("css selector", "h1, h2, p")]
    doc = Document(str(browser.download("#download")))
    texts = [t for t in _texts(doc) if t]
    # the same paragraphs in the same order and numbering (the signature is one block on the page)
    assert shown[:-1] == texts[:len(shown) - 1]
    assert shown[-1].split("\n") == texts[len(shown) - 1:]
    assert any(t.startswith("1．") for t in shown) and any(t.startswith("二、") for t in shown)


def test_with_libreoffice_the_pages_are_shown_as_images(server, browser, soffice):
    _open(browser, server)
    _fill(browser, org="市审计局", year="2026")
    assert _generate(browser).get_attribute("id") == "draft-result"
    assert browser.find("#reading-view").is_displayed()  # at once, before the images
    img = browser.wait_for("#page-images img.page", timeout=240)
    end = time.monotonic() + 30
    while time.monotonic() < end and not browser.driver.execute_script(
            "return Array.from(document.querySelectorAll('#page-images img')).every(i => i.naturalWidth > 0)"):
        time.sleep(0.2)
    assert img.get_attribute("alt") == "第1页"
    assert len(browser.find_all("#page-images img.page")) >= 2
    assert browser.driver.execute_script("return document.querySelector('#page-images img').naturalWidth") > 500
    browser.screenshot("draft-result")
    previews = list((server.folder / "起草" / "页面预览").iterdir())
    assert len(previews) == 1 and (previews[0] / "第1页.png").is_file()


@pytest.mark.parametrize("org, year, words", [
    ("", "2026", "请用 --org 指定单位名称"),
    ("市审计局", "2060", "无法按2060年填写党代会和全会精神"),
    ("市审计局", "20x6", "年份“20x6”不是有效的年份"),
])
def test_errors_show_in_the_problem_box_in_the_clis_words(server, browser, org, year, words):
    _open(browser, server)
    _fill(browser, org=org, year=year)
    problem = _generate(browser)
    assert problem.get_attribute("id") == "problem"
    assert words in problem.text
    assert "Traceback" not in browser.driver.page_source
    assert browser.find_all("li.section")  # the form is still there to fix
    assert not list(server.folder.glob("起草/*.docx"))
    assert server.alive


def test_an_unknown_meeting_is_refused_with_the_known_ones(server, browser):
    _open(browser, server)
    _fill(browser, org="市审计局")
    browser.find("input[name=genre][value=speech]").click()
    _listed(browser, '[data-genre="speech"]')
    browser.driver.execute_script("document.querySelector('select[name=meeting] option:checked').value = '不存在的会议'")
    problem = _generate(browser)
    assert "没有名为“不存在的会议”的会议" in problem.text and "工委会议" in problem.text


def test_a_broken_unit_library_is_named_with_file_and_line(server, browser):
    (server.folder / "素材库").mkdir()
    (server.folder / "素材库" / "本单位.yaml").write_text(
        "category: 组织建设\nsnippets:\n  - id: bad\n    kind: nonsense\n    genre: plan\n    body: 文字\n",
        encoding="utf-8")
    _open(browser, server)
    problem = browser.find("#problem")
    browser.screenshot("draft-broken-library")
    assert "本单位.yaml" in problem.text and "4" in problem.text
    assert server.alive


def test_a_section_search_finds_nothing_politely(server, browser):
    _open(browser, server)
    first = browser.find("li.section")
    first.find_element("css selector", "input.query").send_keys("火星探测器\n")
    end = time.monotonic() + 20
    text = ""
    while time.monotonic() < end:
        text = browser.driver.execute_script("return document.querySelector('li.section .hits').textContent")
        if text and "正在搜索" not in text:
            break
        time.sleep(0.1)
    assert "没有找到与“火星探测器”相关" in text


def test_items_removed_and_added_change_what_a_section_holds(server, browser):
    _open(browser, server)
    _fill(browser, org="市审计局", year="2026")
    first, second = browser.find_all("li.section")[:2]
    for button in first.find_elements("css selector", "li.item button.remove"):
        button.click()
    assert "还没有条目" in browser.driver.execute_script(
        "return getComputedStyle(arguments[0].querySelector('ol.items'), '::after').content", first)
    first.find_element("css selector", "button.add-row").click()
    second.find_element("css selector", "button.add-row").click()
    kept = first.find_element("css selector", "select.pick option:checked").text
    numbers = [n.text for n in browser.find_all("li.section:not(.excluded) li.item .num")]
    assert numbers == [f"{n}．" for n in range(1, len(numbers) + 1)]
    added = second.find_elements("css selector", "select.pick")
    assert len({s.get_attribute("value") for s in added}) == len(added)
    result = _generate(browser)
    assert result.get_attribute("id") == "draft-result", result.text
    doc = browser.find("#reading-view")
    sections = doc.find_elements("css selector", "h2")
    assert sections[0].text.startswith("一、") and sections[1].text.startswith("二、")
    items = [p.text for p in doc.find_elements("css selector", "p.doc-item")]
    assert items[0].startswith("1．") and items[1].startswith("2．")  # one item left in the first section
    assert len(items) == len(numbers)
    kept = re.sub(r"（[0-9…]+—[0-9…]+年）$", "", kept).rstrip("…")  # the option's years, its cut
    assert items[0].startswith(f"1．{kept}")


def test_another_year_keeps_the_sections_as_arranged(server, browser):
    _open(browser, server)
    _fill(browser, org="市审计局", year="2026")
    before = _categories(browser)
    _section(browser, before[1]).find_element("css selector", "button.up").click()
    _section(browser, before[3]).find_element("css selector", "input[name=include]").click()
    _fill(browser, year="2025")
    assert _categories(browser) == [before[1], before[0], *before[2:]]
    assert not _section(browser, before[3]).find_element("css selector", "input[name=include]").is_selected()
    assert _section(browser, before[3]).find_element("css selector", ".label").text == "不写入"
    assert browser.find("li.section .label").text == "一、"


def test_a_section_dragged_by_its_grip_moves(server, browser):
    _open(browser, server)
    before = _categories(browser)
    # HTML drag and drop, as the browser sends it (selenium's own drag does not raise these events)
    browser.driver.execute_script("""
        const items = document.querySelectorAll('li.section');
        const grip = items[0].querySelector('.grip'), target = items[2];
        const data = new DataTransfer();
        const fire = (el, type, y) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true,
            dataTransfer: data, clientY: y}));
        const box = target.getBoundingClientRect();
        fire(grip, 'dragstart', 0);
        fire(target, 'dragover', box.bottom - 2);
        fire(target, 'drop', box.bottom - 2);
        fire(grip, 'dragend', 0);""")
    assert _categories(browser) == [before[1], before[2], before[0], *before[3:]]
    assert [e.text for e in browser.find_all("li.section .label")][:3] == ["一、", "二、", "三、"]


def test_a_unit_whose_layout_writes_1_dot_sees_and_gets_1_dot(server, browser):
    from pathlib import Path

    styles = (Path(__file__).resolve().parents[2] / "styles" / "gbt9704.yaml").read_text(encoding="utf-8")
    (server.folder / "版式.yaml").write_text(styles.replace('ordinal_mark: "．"', 'ordinal_mark: "."'),
                                           encoding="utf-8")
    (server.folder / "draft.yaml").write_text('org: "市审计局"\nstyles: "版式.yaml"\n', encoding="utf-8")
    _open(browser, server)
    _fill(browser, year="2026")
    numbers = [n.text for n in browser.driver.find_elements("css selector", "ol.sections .num") if n.text]
    assert numbers and all(re.fullmatch(r"\d+\.", n) for n in numbers)
    assert _generate(browser).get_attribute("id") == "draft-result"
    doc = Document(str(browser.download("#download")))
    items = [t for t in _texts(doc) if re.match(r"\d+[.．]", t)]
    assert items and all(re.match(r"\d+\.", t) for t in items)
    assert server.alive
