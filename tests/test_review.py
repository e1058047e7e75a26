"""The review queue's splicing (``drafting.web.review``): entries cut and appended as text, comments kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafting.errors import DataError, InputError
from drafting.web import review


REVIEW = """\
# draft ingest 从 旧稿.txt 收集的素材，共 3 条，待审核。
# 第二行说明。
snippets:
- id: ingest-组织建设-aaa111
  kind: item
  category: 组织建设
  genre: plan
  lead: 认真落实组织生活制度
  body: 各支部按月开展主题党日，严格执行三会一课制度。
  tags: [三会一课, 主题党日]
  note: 来源：旧稿.txt第1条；请审核
- id: ingest-思想建设-bbb222
  kind: item
  category: 思想建设
  genre: plan
  lead: 加强理论武装
  body: |-
    坚持用党的创新理论武装头脑。
    第二行正文。
  note: 来源：旧稿.txt第2条
- id: ingest-作风建设-ccc333
  kind: heading
  category: 作风建设
  genre: plan
  body: 持续改进机关作风
"""

CATEGORY = """\
# 组织建设：本单位的说明。
# 每个片段写在一行里。
category: 组织建设
snippets:

  # ---- 工作要点 ----

  - id: unit-zz-1
    kind: item
    genre: plan
    lead: 规范换届
    body: 按期完成支部换届。  # 行尾注释
    tags: [换届]

  - id: unit-zz-2
    genre: plan
    lead: 发展党员
    body: 做好党员发展工作。
"""


def _ids(text: str) -> list[str]:
    return [s["id"] for s in (yaml.safe_load(text).get("snippets") or [])]


def test_entries_give_each_item_its_own_lines():
    found = review.entries(REVIEW, Path("x.yaml"))
    assert [e.id for e in found] == ["ingest-组织建设-aaa111", "ingest-思想建设-bbb222", "ingest-作风建设-ccc333"]
    assert [e.line for e in found] == [4, 12, 21]
    assert REVIEW[found[1].start:found[1].end].startswith("- id: ingest-思想建设-bbb222\n")
    assert REVIEW[found[1].start:found[1].end].endswith("  note: 来源：旧稿.txt第2条\n")
    assert found[2].end == len(REVIEW)


def test_cutting_an_entry_keeps_the_header_comments_and_the_others():
    entry = review.entries(REVIEW, Path("x.yaml"))[1]
    rest = review.cut(REVIEW, entry)
    assert rest.startswith("# draft ingest 从 旧稿.txt 收集的素材，共 3 条，待审核。\n# 第二行说明。\nsnippets:\n")
    assert _ids(rest) == ["ingest-组织建设-aaa111", "ingest-作风建设-ccc333"]
    assert "第二行正文" not in rest


def test_cutting_the_last_entry_of_a_blank_separated_list_leaves_no_trailing_blank_line():
    last = review.entries(CATEGORY, Path("c.yaml"))[-1]
    rest = review.cut(CATEGORY, last)
    assert rest.endswith("    tags: [换届]\n")
    assert "# ---- 工作要点 ----" in rest


def test_appending_an_entry_reindents_it_and_keeps_the_comments():
    entry = review.entries(REVIEW, Path("x.yaml"))[0]
    block = REVIEW[entry.start:entry.end]
    new, line = review.append(CATEGORY, "组织建设", block)
    assert new.startswith(CATEGORY)  # nothing of the file changed: the entry is added at the end
    assert "  # ---- 工作要点 ----\n" in new and "# 行尾注释" in new
    assert new[len(CATEGORY):] == "\n" + "".join("  " + l + "\n" for l in block.splitlines())
    assert _ids(new) == ["unit-zz-1", "unit-zz-2", "ingest-组织建设-aaa111"]
    assert new.splitlines()[line - 1] == "  - id: ingest-组织建设-aaa111"


def test_a_block_scalar_moves_whole():
    entry = review.entries(REVIEW, Path("x.yaml"))[1]
    new, _ = review.append(CATEGORY, "思想建设", REVIEW[entry.start:entry.end])
    assert yaml.safe_load(new)["snippets"][-1]["body"] == "坚持用党的创新理论武装头脑。\n第二行正文。"


def test_appending_where_snippets_is_not_the_last_key():
    text = ("category: 组织建设\nsnippets:\n  - id: a1\n    body: 第一条正文。\n"
            "  # 列表后的注释\nplans:\n  - name: 示例\n    sections: []\n")
    new, line = review.append(text, "组织建设", "- id: b2\n  body: 第二条正文。\n")
    data = yaml.safe_load(new)
    assert [s["id"] for s in data["snippets"]] == ["a1", "b2"]
    assert data["plans"] == [{"name": "示例", "sections": []}]
    assert "  # 列表后的注释\nplans:" in new
    assert new.splitlines()[line - 1] == "  - id: b2"


def test_crlf_files_stay_crlf():
    text = CATEGORY.replace("\n", "\r\n")
    new, line = review.append(text, "组织建设", "- id: b2\n  body: 第二条正文。\n")
    assert new.startswith(text) and "\n" not in new.replace("\r\n", "")
    assert _ids(new)[-1] == "b2"
    crlf_review = REVIEW.replace("\n", "\r\n")
    found = review.entries(crlf_review, Path("x.yaml"))
    assert [e.line for e in found] == [4, 12, 21]
    rest = review.cut(crlf_review, found[0])
    assert "\n" not in rest.replace("\r\n", "") and _ids(rest) == ["ingest-思想建设-bbb222", "ingest-作风建设-ccc333"]


def test_an_empty_or_missing_list_and_a_new_file():
    for text in ("category: 组织建设\nsnippets:\n", "category: 组织建设\nsnippets: []\n", "category: 组织建设\n"):
        new, line = review.append(text, "组织建设", "- id: b2\n  body: 第二条正文。\n")
        assert _ids(new) == ["b2"], text
        assert new.splitlines()[line - 1].strip() == "- id: b2"
    new, line = review.append(None, "纪律建设", "- id: b2\n  body: 第二条正文。\n")
    data = yaml.safe_load(new)
    assert data["category"] == "纪律建设" and _ids(new) == ["b2"]
    assert new.startswith("# 纪律建设：") and new.splitlines()[line - 1] == "  - id: b2"


def test_an_edited_entry_is_written_in_ingest_style():
    entry = review.entries(REVIEW, Path("x.yaml"))[0]
    fields = review.edited(entry.fields, {"lead": None, "body": "改写后的正文。", "until": 2025})
    assert list(fields) == ["id", "kind", "category", "genre", "until", "body", "tags", "note"]
    text = review.dumped(fields)
    assert text.startswith("- id: ingest-组织建设-aaa111\n  kind: item\n")
    assert "  tags: [三会一课, 主题党日]\n" in text
    assert yaml.safe_load(text) == [fields]


def _unit(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "素材库"
    (folder / "待审核").mkdir(parents=True)
    (folder / "组织建设.yaml").write_text(CATEGORY, encoding="utf-8")
    queue = folder / "待审核" / "旧稿-1.yaml"
    queue.write_text(REVIEW, encoding="utf-8")
    return folder, queue


def test_accepting_writes_both_files_after_linting_the_library(tmp_path):
    folder, queue = _unit(tmp_path)
    seen = review.digest(REVIEW)
    change = review.prepare_accept(queue, 0, seen, folder)
    review.validate(change, folder, (folder,))
    review.commit(change)
    new = (folder / "组织建设.yaml").read_text(encoding="utf-8")
    assert new.startswith(CATEGORY) and _ids(new)[-1] == "ingest-组织建设-aaa111"
    left = queue.read_text(encoding="utf-8")
    assert left.startswith("# draft ingest 从") and _ids(left) == ["ingest-思想建设-bbb222", "ingest-作风建设-ccc333"]
    from drafting.lint import lint

    assert not lint(folder).errors


def test_a_broken_edit_is_refused_with_file_and_line_and_nothing_is_written(tmp_path):
    folder, queue = _unit(tmp_path)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    change = review.prepare_accept(queue, 2, review.digest(REVIEW), folder, {"body": "{{ year 年的作风"})
    with pytest.raises(review.Refused) as caught:
        review.validate(change, folder, (folder,))
    [problem] = caught.value.problems
    assert "模板写法有误" in problem.error.message
    assert problem.error.path == str(folder / "作风建设.yaml") and problem.error.line == change.line + 4
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before
    assert not (folder / "作风建设.yaml").exists()


def test_an_id_already_in_the_library_is_refused(tmp_path):
    folder, queue = _unit(tmp_path)
    change = review.prepare_accept(queue, 0, review.digest(REVIEW), folder, {"id": "unit-zz-2"})
    with pytest.raises(review.Refused) as caught:
        review.validate(change, folder, (folder,))
    assert "重复" in caught.value.problems[0].error.message
    change = review.prepare_accept(queue, 0, review.digest(REVIEW), folder, {"id": "zj-head-plan-1"})
    with pytest.raises(review.Refused) as caught:
        review.validate(change, folder, (folder,))
    assert "已被素材库中的另一个片段使用" in caught.value.problems[0].error.message


def test_discarding_the_last_entry_removes_the_review_file(tmp_path):
    folder, queue = _unit(tmp_path)
    for _ in range(3):
        text = queue.read_text(encoding="utf-8")
        change = review.prepare_discard(queue, 0, review.digest(text))
        review.validate(change, folder, (folder,))
        review.commit(change)
    assert not queue.exists()
    assert (folder / "组织建设.yaml").read_text(encoding="utf-8") == CATEGORY


def test_a_review_file_changed_since_the_page_was_shown_is_left_alone(tmp_path):
    folder, queue = _unit(tmp_path)
    with pytest.raises(InputError, match="被修改过"):
        review.prepare_discard(queue, 0, review.digest(REVIEW + "# 另一处修改\n"))


def test_a_category_that_cannot_name_a_file_is_refused(tmp_path):
    folder, queue = _unit(tmp_path)
    for bad in ("../外面", "a/b", ""):
        with pytest.raises(InputError):
            review.prepare_accept(queue, 0, review.digest(REVIEW), folder, {"category": bad})
    assert sorted(p.name for p in folder.iterdir()) == ["待审核", "组织建设.yaml"]


def test_an_edited_entry_is_accepted_as_edited_into_a_new_category_file(tmp_path):
    folder, queue = _unit(tmp_path)
    changes = {"category": "机关特色", "lead": "办好读书月", "body": "{{ year }}年继续办好机关读书月活动。",
               "tags": ["读书月"], "since": 2020}
    change = review.prepare_accept(queue, 0, review.digest(REVIEW), folder, changes)
    review.validate(change, folder, (folder,))
    review.commit(change)
    new = (folder / "机关特色.yaml").read_text(encoding="utf-8")
    assert new.startswith("# 机关特色：") and "\ncategory: 机关特色\nsnippets:\n\n  - id: ingest-组织建设-aaa111\n" in new
    assert "    tags: [读书月]\n" in new and "    since: 2020\n" in new
    [s] = yaml.safe_load(new)["snippets"]
    assert s["body"] == "{{ year }}年继续办好机关读书月活动。" and s["category"] == "机关特色"
    from drafting.lint import lint

    assert not lint(folder).errors


def test_a_category_file_without_a_final_line_break_and_with_a_bom(tmp_path):
    folder, queue = _unit(tmp_path)
    target = folder / "组织建设.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + CATEGORY.rstrip("\n").encode("utf-8"))
    change = review.prepare_accept(queue, 0, review.digest(REVIEW), folder)
    review.validate(change, folder, (folder,))
    review.commit(change)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + CATEGORY.rstrip("\n").encode("utf-8") + b"\n\n  - id: ingest-")
    assert _ids(raw.decode("utf-8-sig"))[-1] == "ingest-组织建设-aaa111"


def test_nothing_is_ever_filed_into_the_bundled_library(tmp_path):
    from drafting.resources import bundled

    folder, queue = _unit(tmp_path)
    with pytest.raises(InputError, match="只读"):
        review.prepare_accept(queue, 0, review.digest(REVIEW), bundled("snippets"))


def test_the_last_entry_of_a_file_holding_more_than_candidates_leaves_the_file_alone(tmp_path):
    folder, queue = _unit(tmp_path)
    text = "terms: [读书月]\nsnippets:\n- id: only-one\n  genre: plan\n  lead: 小标题\n  body: 唯一的一条。\n"
    queue.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="还有 terms"):
        review.prepare_discard(queue, 0, review.digest(text))
    assert queue.read_text(encoding="utf-8") == text


def test_an_indented_entry_moves_into_an_indentless_list():
    text = ("snippets:\n    - id: deep-1\n      genre: plan\n      lead: 小标题\n      body: |-\n"
            "        第一行。\n        第二行。\n      # 条目内的注释\n      tags: [甲]\n")
    [entry] = review.entries(text, Path("x.yaml"))
    assert entry.column == 4
    target = "category: 组织建设\nsnippets:\n- id: flat-1\n  genre: plan\n  lead: 标题\n  body: 正文。\n"
    block = review.reindented(text[entry.start:entry.end], -entry.column, "\n")
    new, line = review.append(target, "组织建设", block)
    assert new.endswith("- id: deep-1\n  genre: plan\n  lead: 小标题\n  body: |-\n    第一行。\n    第二行。\n"
                        "  # 条目内的注释\n  tags: [甲]\n")
    assert yaml.safe_load(new)["snippets"][1] == entry.fields
