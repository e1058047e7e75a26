"""The 批量起草 page: an organisations list → a progress bar, a zip of the drafts, each failure with its reason."""

from __future__ import annotations

import io
import textwrap
import threading
import zipfile

import pytest

from drafting import jobs
from drafting.model import PLAN
from drafting.web import batch as web_batch
from drafting.web.errors import INTERNAL
from drafting.web.folder import WorkFolder


def _yaml(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _titles(archive) -> dict[str, str]:
    from docx import Document

    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        assert all(i.flag_bits & 0x800 for i in infos)  # UTF-8 names: Windows' unzip and 7-Zip read them
        return {i.filename: Document(io.BytesIO(z.read(i))).paragraphs[0].text for i in infos}


def _submit(browser, shot: str | None = None):
    browser.find("#batch-form button[type=submit]").click()
    task = browser.wait_for("#batch-task")
    if shot and task.get_attribute("data-state") == "running":
        browser.screenshot(shot)
    return browser.wait_for("#batch-task[data-state=finished], #batch-task[data-state=failed]")


def test_an_uploaded_list_with_a_bad_name_drafts_the_others_and_zips_them(server, browser, tmp_path):
    # the second name carries a control character (BEL), as text pasted from another program can
    orgs = _yaml(tmp_path / "单位列表.yaml", """
        superior: 市直机关工委
        orgs:
          - name: 市财政局
          - name: "市审\\a计局"
          - name: 市统计局
            short: 统计局
        """)
    browser.open(f"{server.url}/batch")
    browser.upload("input[name=orgs]", orgs)
    browser.find("input[name=year]").send_keys("2026")
    task = _submit(browser, "batch-progress")
    browser.screenshot("batch-result")
    bar = browser.find("#batch-progress")
    assert bar.get_attribute("value") == bar.get_attribute("max") == "3"
    assert "已生成 2 份文稿，1 个单位没有生成" in task.text
    failures = browser.find("#batch-failures")
    assert "第 4 行" in failures.text and "控制字符" in failures.text
    got = browser.download("#batch-zip", suffix=".zip")
    titles = _titles(got)
    assert sorted(titles) == ["2026年市统计局党的建设工作要点.docx", "2026年市财政局党的建设工作要点.docx"]
    for name, title in titles.items():
        assert title == name[:-len(".docx")]  # each draft's title carries its organisation
    assert sorted(p.name for p in (server.folder / "批量起草").iterdir()) == ["2026年工作要点", "2026年工作要点.zip"]
    assert server.alive


def test_a_list_chosen_in_the_work_folder_reports_the_org_whose_library_is_broken(server, browser):
    # 市统计局 has its own library folder beside the list, with a broken snippet in it
    _yaml(server.folder / "统计局素材" / "坏.yaml", """
        category: 组织建设
        snippets:
          - id: tj-1
            genre: plan
            lead: 统计特色
            body: 学习{{ plenum }}。
        """)
    _yaml(server.folder / "各单位.yaml", """
        orgs:
          - name: 市发展改革委
          - name: 市统计局
            library: 统计局素材
          - name: 市审计局
            speaker: 王五
        """)
    for run in (1, 2):
        browser.open(f"{server.url}/batch")
        chooser = browser.find("select[name=chosen]")
        assert "各单位.yaml" in chooser.text and "坏.yaml" not in chooser.text
        chooser.find_element("css selector", "option[value='各单位.yaml']").click()
        browser.find("input[name=genre][value=speech]").click()
        browser.find("select[name=meeting] option[value=党建工作会议]").click()
        browser.find("input[name=year]").send_keys("2026")
        task = _submit(browser)
        row = browser.find("#batch-failures tbody tr")
        assert "市统计局" in row.text and "第 3 行" in row.text
        assert "坏.yaml" in row.text and "第 6 行" in row.text and "plenum" in row.text
        assert "已生成 2 份文稿" in task.text
    # each run its own folder and zip; the first run's are kept as they were
    assert sorted(p.name for p in (server.folder / "批量起草").iterdir()) == [
        "2026年党建工作会议", "2026年党建工作会议(2)", "2026年党建工作会议(2).zip", "2026年党建工作会议.zip"]
    got = browser.download("#batch-zip", suffix=".zip")
    assert got.name == "2026年党建工作会议(2).zip"
    assert sorted(_titles(got).values()) == ["在2026年市发展改革委党建工作会议上的讲话", "在2026年市审计局党建工作会议上的讲话"]


def test_a_broken_list_shows_its_file_and_line_and_leaves_nothing_behind(server, browser, tmp_path):
    orgs = _yaml(tmp_path / "单位.yaml", """
        orgs:
          - name: 市财政局
            spekaer: 李四
        """)
    browser.open(f"{server.url}/batch")
    browser.upload("input[name=orgs]", orgs)
    task = _submit(browser)
    assert task.get_attribute("data-state") == "failed"
    browser.screenshot("batch-error")
    problem = browser.find("#problem")
    assert "单位.yaml" in problem.text and "第 3 行" in problem.text and "spekaer" in problem.text
    assert "Traceback" not in browser.driver.page_source
    assert not any((server.folder / "批量起草").iterdir())
    assert not any((server.folder / "上传的文件").iterdir())


def test_nothing_to_draft_from_is_said_on_the_form(server, browser):
    browser.open(f"{server.url}/batch")
    browser.find("#batch-form button[type=submit]").click()
    assert "请上传单位列表，或从工作目录中选择一个" in browser.wait_for("#problem").text


def _task(tmp_path):
    work = WorkFolder(tmp_path / "工作目录")
    work.prepare()
    req = jobs.Request(genre=PLAN, year=2026)
    return work, req, web_batch.Task("t", web_batch.output_folder(work, req, 2026))


def test_a_crash_in_the_run_becomes_the_internal_message(tmp_path, monkeypatch):
    work, req, task = _task(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of ours")

    monkeypatch.setattr(jobs, "batch", broken)
    web_batch.run(task, work, {}, tmp_path / "orgs.yaml", req)
    assert task.state == web_batch.FAILED and task.problem == INTERNAL


def test_runs_never_share_a_folder(tmp_path):
    work, req, first = _task(tmp_path)
    made, lock = [], threading.Lock()

    def one():
        folder = web_batch.output_folder(work, req, 2026)
        with lock:
            made.append(folder)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 8 and first.folder not in made  # every run a folder of its own
    assert all(folder.is_dir() and not any(folder.iterdir()) for folder in made)


@pytest.mark.parametrize("text, offered", [("orgs:\n  - name: 市财政局\n", True), ("一、加强学习\n", False)])
def test_only_organisations_lists_are_offered(tmp_path, text, offered):
    (tmp_path / "清单.txt").write_text(text, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text("org: 市财政局\n", encoding="utf-8")
    assert [p.name for p in web_batch.org_lists(tmp_path)] == (["清单.txt"] if offered else [])
