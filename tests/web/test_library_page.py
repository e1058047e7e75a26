"""The 素材库 page in a real browser: browse, search, a snippet for a year, lint, and the review queue."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FILE_LINE = re.compile(r"\.yaml:\d+")


def _draft(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real ``draft`` command of this checkout, run in ``cwd``."""
    return subprocess.run([sys.executable, "-m", "drafting", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_browse_search_and_a_snippet_for_a_chosen_year(server, browser):
    browser.open(f"{server.url}/library")
    categories = [a.text for a in browser.find_all("#categories a")]
    assert any(c.startswith("组织建设") for c in categories)
    rows = browser.find_all("#library-list tbody tr")
    assert rows and all(FILE_LINE.search(r.find_element("css selector", "td.where").text) for r in rows)
    browser.screenshot("library-browse")

    browser.open(f"{server.url}/library/search")
    box = browser.find("#search-form input[name=q]")
    box.send_keys("三会一课")
    browser.find("#search-form button[type=submit]").click()
    hits = browser.wait_for("#search-result").find_elements("css selector", "li.hit")
    assert len(hits) >= 3
    scores = [float(re.search(r"得分 ([\d.]+)", h.text)[1]) for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert "三会一课" in hits[0].text
    wheres = [h.find_element("css selector", ".where code").text for h in hits]
    assert all(re.fullmatch(r"内置素材库/.+\.yaml:\d+", w) for w in wheres)
    # the file and line are right: that line of the bundled file holds the snippet's id
    name, line = re.fullmatch(r"内置素材库/(.+\.yaml):(\d+)", wheres[0]).groups()
    first_id = hits[0].find_element("css selector", "code.id").text
    assert f"id: {first_id}" in (ROOT / "snippets" / name).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    browser.screenshot("library-search")

    browser.open(f"{server.url}/library?category=总体要求")
    browser.find("#library-list tbody td.label a").click()
    year = browser.wait_for("#rendered input[name=year]")
    year.clear()
    year.send_keys("2025")
    browser.follow("#rendered button[type=submit]")  # the next page, not this one (it has a #rendered too)
    rendered = browser.wait_for("#rendered")
    assert "按2025年" in rendered.text
    assert browser.find("#rendered .reading p").text.startswith("2025年是")
    assert FILE_LINE.search(browser.find("#snippet-where").text)
    assert "{{ year }}" in browser.find("#snippet .source").text  # the source with its parameters
    browser.screenshot("library-snippet")
    assert server.alive


BROKEN = """\
# 本单位的组织建设素材（测试用）。
category: 组织建设
snippets:
  - id: unit-zz-ok
    kind: item
    genre: plan
    lead: 规范支部换届
    body: 各支部按期完成换届选举。
  - id: unit-zz-bad
    kind: item
    genre: plan
    lead: 开展主题党日
    body: 每月开展一次主题党日，{{ yeer }}年全面推开。
"""


def test_lint_lists_each_problem_of_the_unit_library_with_file_and_line(server_with, browser):
    def prepare(work: Path) -> None:
        (work / "素材库").mkdir()
        (work / "素材库" / "组织建设.yaml").write_text(BROKEN, encoding="utf-8")

    server = server_with(prepare)
    browser.open(f"{server.url}/library/lint")
    result = browser.wait_for("#lint-result")
    browser.screenshot("library-lint")
    assert "1 个错误" in result.text
    finding = browser.find("#lint-result .finding.sev-error")
    assert browser.find("#lint-result .finding code.fileline").text == "素材库/组织建设.yaml:13"
    assert "未定义的参数：yeer" in finding.text and "unit-zz-bad" in finding.text
    assert server.alive


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def _ids(path: Path) -> list[str]:
    return [s["id"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["snippets"]]


#: distinct headings for the unit's own files (alike ones would be near-duplicates, which lint reports)
OWN = ("抓实青年理论小组学习", "办好机关读书月活动", "推行支部工作积分管理", "建好党员志愿服务队",
       "完善谈心谈话记录台账", "开展廉政家访", "组织季度作风明察暗访", "修订议事规则汇编",
       "编印党务工作手册", "举办职工运动会", "设立党员示范岗")


def test_the_review_queue_accepts_refuses_and_discards_one_entry_at_a_time(server_with, browser, seed):
    heads: dict[str, str] = {}

    def prepare(work: Path) -> None:
        done = _draft("ingest", str(seed(0)), "--into", str(work / "素材库"), cwd=work)
        assert done.returncode == 0, done.stderr
        [queued] = (work / "素材库" / "待审核").glob("*.yaml")
        # each category the candidates were filed in already has a file of the unit's, with its own comments
        for category in {s["category"] for s in yaml.safe_load(queued.read_text(encoding="utf-8"))["snippets"]}:
            text = (f"# {category}：本单位素材。\n# 第二行注释，收入后应当还在。\ncategory: {category}\nsnippets:\n\n"
                    f"  # ---- 本单位原有 ----\n\n  - id: unit-{len(heads)}\n    kind: heading\n    genre: plan\n"
                    f"    body: {OWN[len(heads)]}\n")
            (work / "素材库" / f"{category}.yaml").write_text(text, encoding="utf-8")
            heads[category] = text

    server = server_with(prepare)
    library = server.folder / "素材库"
    [queued] = (library / "待审核").glob("*.yaml")
    header = queued.read_text(encoding="utf-8").split("snippets:")[0]
    browser.open(f"{server.url}/library/review")
    browser.wait_for("#entry-form")
    # to the first entry the check before accepting finds nothing wrong with
    for _ in range(30):
        if browser.find_all("#check-ok"):
            break
        browser.follow("#next")
        browser.wait_for("#entry-form")
    browser.screenshot("library-review")
    entry_id = browser.find("#entry-form input[name=id]").get_attribute("value")
    category = browser.find("#entry-form input[name=category]").get_attribute("value")
    queued_text = queued.read_text(encoding="utf-8")
    block = queued_text[queued_text.index(f"- id: {entry_id}\n"):].split("\n- id: ")[0].rstrip("\n")
    browser.find("#accept").click()
    done = browser.wait_for("#done")
    assert f"素材库/{category}.yaml:" in done.text and entry_id in done.text
    # no draft.yaml names 素材库: the page says the CLI needs it there
    assert "library: [素材库]" in browser.find("#draft-yaml-note").text
    target = library / f"{category}.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith(heads[category])  # its comments and its own snippet, as they were
    assert _ids(target)[-1] == entry_id
    # accepted as it was: its own lines, indented as the file's list is
    assert text.endswith("\n" + "".join(f"  {line}\n" for line in block.split("\n")))
    linted = _draft("snippets", "lint", str(library), cwd=server.folder)
    assert linted.returncode == 0, linted.stdout  # no error (warnings, if any, do not count)
    assert entry_id not in _ids(queued) and queued.read_text(encoding="utf-8").startswith(header)
    browser.screenshot("library-review-accepted")

    # an edit that would break the library is refused with the message, and nothing is written
    before = _files(library)
    body = browser.wait_for("#entry-form textarea[name=body]")
    body.clear()
    body.send_keys("{{ year 年各支部要认真落实")
    browser.find("#accept").click()
    refused = browser.wait_for("#refused")
    browser.screenshot("library-review-refused")
    assert "模板写法有误" in refused.text and FILE_LINE.search(refused.text)
    assert _files(library) == before
    assert browser.find("#entry-form textarea[name=body]").get_attribute("value") == "{{ year 年各支部要认真落实"

    # the same entry, mended and filed under a new category: a new file with its header
    edited_id = browser.find("#entry-form input[name=id]").get_attribute("value")
    body = browser.find("#entry-form textarea[name=body]")
    body.clear()
    body.send_keys("{{ year }}年各支部要认真落实组织生活制度。")
    category = browser.find("#entry-form input[name=category]")
    category.clear()
    category.send_keys("机关特色")
    browser.find("#accept").click()
    assert "素材库/机关特色.yaml:" in browser.wait_for("#done").text
    created = (library / "机关特色.yaml").read_text(encoding="utf-8")
    assert created.startswith("# 机关特色：") and "\ncategory: 机关特色\nsnippets:\n" in created
    [filed] = yaml.safe_load(created)["snippets"]
    assert filed["id"] == edited_id and filed["body"] == "{{ year }}年各支部要认真落实组织生活制度。"
    assert edited_id not in _ids(queued)
    linted = _draft("snippets", "lint", str(library), cwd=server.folder)
    assert linted.returncode == 0, linted.stdout

    # discarding: the entry shown goes from the review file, nothing else changes
    before = _files(library)
    browser.open(f"{server.url}/library/review")
    shown_id = browser.wait_for("#entry-form input[name=id]").get_attribute("value")
    count = len(_ids(queued))
    browser.find("#discard").click()
    browser.driver.switch_to.alert.accept()
    assert "已放弃" in browser.wait_for("#done").text
    assert shown_id not in _ids(queued) and len(_ids(queued)) == count - 1
    assert queued.read_text(encoding="utf-8").startswith(header)
    assert {p: b for p, b in _files(library).items() if p != queued} == \
        {p: b for p, b in before.items() if p != queued}
    assert server.alive
