"""Governance fields of a snippet: owner, review dates, source, replaced_by — validated, linted, shown, cached."""

from __future__ import annotations

import datetime as _dt

import pytest

from drafting import cache
from drafting.cli import main
from drafting.errors import DataError
from drafting.library import load_repository
from drafting.lint import lint
from drafting.stats import stats

from helpers import write_library

# Line numbers below count from the first line of this text (write_library dedents it).
GOVERNED = """
    category: 组织建设
    snippets:
      - id: g-late
        genre: plan
        lead: 规范组织生活
        body: 按期召开支部党员大会和党小组会。
        owner: 组织科
        reviewed: 2024-03-01
        review_every: 1年
        source: 某某党支部工作条例
      - id: g-month
        genre: plan
        lead: 加强党员教育
        body: 分期分批组织党员参加集中轮训。
        owner: 组织科
        reviewed: "2025-06"
        review_every: 半年
      - id: g-never
        genre: plan
        lead: 做好发展党员工作
        body: 严格程序，把好入口关。
        review_every: 6个月
      - id: g-old
        genre: plan
        lead: 开展主题党日
        body: 每月固定一天开展主题党日活动。
        owner: 宣传科
        replaced_by: g-new
      - id: g-new
        genre: plan
        lead: 开展主题党日活动
        body: 每月固定时间开展主题党日，做到内容鲜活、形式多样。
        owner: 宣传科
        reviewed: 2025-12-01
        review_every: 2年
      - id: g-gone
        genre: plan
        lead: 抓好党费收缴
        body: 按时足额交纳党费。
        replaced_by: 没有这个片段
    """

RECIPE = """
    plans:
      - name: 治理测试配方
        title: "{{ year }}年{{ org }}测试"
        sections:
          - category: 组织建设
            items: [g-new, g-old]
    """

TODAY = _dt.date(2025, 12, 2)


def _repo(tmp_path, extra=None):
    files = {"组织.yaml": GOVERNED}
    files.update(extra or {})
    return write_library(tmp_path / "repo", files)


def _snippets(tmp_path):
    _, own = load_repository(_repo(tmp_path))
    return {s.id: s for s in own}


# -- validation ---------------------------------------------------------------


def test_good_fields_are_read(tmp_path):
    got = _snippets(tmp_path)
    late = got["g-late"]
    assert (late.owner, late.reviewed, late.review_every, late.source) == ("组织科", "2024-03-01", 12, "某某党支部工作条例")
    assert (got["g-month"].reviewed, got["g-month"].review_every) == ("2025-06", 6)
    assert got["g-never"].review_every == 6 and got["g-never"].reviewed is None
    assert got["g-old"].replaced_by == "g-new" and got["g-new"].review_every == 24


def _one(tmp_path, key_line: str):
    text = f"""
        category: 组织建设
        snippets:
          - id: bad-1
            genre: plan
            lead: 小标题
            body: 正文一句。
            {key_line}
        """
    return load_repository(write_library(tmp_path / "bad", {"坏.yaml": text}))


@pytest.mark.parametrize("line, words", [
    ("reviewed: 2025-13-01", ["reviewed", "2025-13-01", "2025-03-01", "2025-03"]),
    ("reviewed: 去年春天", ["reviewed", "去年春天", "年-月-日"]),
    ("reviewed: 2025-02-30", ["2025-02-30"]),
    ("reviewed: [2025-01-01]", ["reviewed"]),
    ("review_every: 经常", ["review_every", "经常", "1年", "半年", "6个月"]),
    ("review_every: 0年", ["review_every", "0年"]),
    ("review_every: 年", ["review_every"]),
    ("review_every: 20年", ["review_every", "20年", "10年"]),
    ("replaced_by: bad-1", ["replaced_by", "自己"]),
    ("replaced_by: 有 空格", ["replaced_by"]),
    ("owner: ''", ["owner"]),
])
def test_bad_fields_fail_with_file_and_line(tmp_path, line, words):
    with pytest.raises(DataError) as caught:
        _one(tmp_path, line)
    message = str(caught.value)
    assert "坏.yaml" in message and "第 7 行" in message, message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("text, months", [
    ("1年", 12), ("2年", 24), ("半年", 6), ("6个月", 6), ("18个月", 18), ("两年", 24), ("三个月", 3),
    ("每年", 12), ("一年半", 18),
])
def test_periods_written_in_chinese(tmp_path, text, months):
    _, own = _one(tmp_path, f"review_every: {text}")
    assert own[0].review_every == months


def test_a_yaml_date_and_a_quoted_date_are_the_same(tmp_path):
    _, own = _one(tmp_path / "a", "reviewed: 2025-03-01")
    _, quoted = _one(tmp_path / "b", 'reviewed: "2025-3-1"')
    _, chinese = _one(tmp_path / "c", "reviewed: 2025年3月1日")
    _, month = _one(tmp_path / "d", "reviewed: 2025年3月")
    assert own[0].reviewed == quoted[0].reviewed == chinese[0].reviewed == "2025-03-01"
    assert month[0].reviewed == "2025-03"


# -- lint ----------------------------------------------------------------------


def _codes(report):
    return {(p.code, p.error.snippet, p.line) for p in report.problems if p.code in {
        "review-overdue", "never-reviewed", "replaced-by-unknown", "replaced-in-recipe"}}


def test_lint_warns_on_each_governance_problem(tmp_path):
    report = lint(_repo(tmp_path, {"plans.yaml": RECIPE}), today=TODAY)
    assert _codes(report) == {
        ("review-overdue", "g-late", 8),
        ("never-reviewed", "g-never", 22),
        ("replaced-by-unknown", "g-gone", 40),
        ("replaced-in-recipe", "g-old", 6),
    }
    governance = [p for p in report.problems if p.code in {c for c, _, _ in _codes(report)}]
    assert all(p.severity == "warning" for p in governance)
    assert not report.errors
    late = next(p for p in governance if p.code == "review-overdue")
    assert "组织.yaml" in str(late) and "2025-03-01" in str(late)
    in_recipe = next(p for p in governance if p.code == "replaced-in-recipe")
    assert in_recipe.path.endswith("plans.yaml") and "g-new" in str(in_recipe)


def test_a_review_due_today_is_on_time(tmp_path):
    # g-late: reviewed 2024-03-01 every year → due 2025-03-01
    repo = _repo(tmp_path)
    assert not {c for c in _codes(lint(repo, today=_dt.date(2025, 3, 1))) if c[0] == "review-overdue"}
    assert {c[1] for c in _codes(lint(repo, today=_dt.date(2025, 3, 2))) if c[0] == "review-overdue"} == {"g-late"}


def test_a_month_review_counts_to_the_months_end(tmp_path):
    # g-month: reviewed 2025-06 every half year → due 2025-12-31
    repo = _repo(tmp_path)
    late = lambda day: {c[1] for c in _codes(lint(repo, today=day)) if c[0] == "review-overdue"}
    assert "g-month" not in late(_dt.date(2025, 12, 31))
    assert "g-month" in late(_dt.date(2026, 1, 1))


def test_a_recipe_using_the_replacement_only_is_clean(tmp_path):
    recipe = RECIPE.replace("[g-new, g-old]", "[g-new]")
    assert not {c for c in _codes(lint(_repo(tmp_path, {"plans.yaml": recipe}), today=TODAY))
                if c[0] == "replaced-in-recipe"}


def test_a_replaced_heading_in_a_recipe_is_found(tmp_path):
    headings = """
        category: 组织建设
        snippets:
          - id: h-old
            kind: heading
            genre: plan
            body: 夯实基层组织
            replaced_by: h-new
          - id: h-new
            kind: heading
            genre: plan
            body: 建强基层组织
        """
    recipe = RECIPE.replace("items: [g-new, g-old]", "heading: h-old\n            items: [g-new]")
    found = _codes(lint(_repo(tmp_path, {"标题.yaml": headings, "plans.yaml": recipe}), today=TODAY))
    assert ("replaced-in-recipe", "h-old", 6) in found
    assert not {c for c in found if c[0] == "replaced-in-recipe" and c[1] != "h-old"}


def test_governance_warnings_do_not_fail_the_lint(tmp_path, capsys):
    repo = _repo(tmp_path, {"plans.yaml": RECIPE})
    assert main(["snippets", "lint", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "警告：" in out and "已逾期" in out and "从未审核" in out


# -- stats and show ----------------------------------------------------------------


def test_stats_lists_overdue_snippets_per_owner(tmp_path):
    _, own = load_repository(_repo(tmp_path))
    st = stats(own, 2026, _dt.date(2026, 1, 5))
    assert [(owner, [s.id for s in group]) for owner, group in st.overdue] == [("组织科", ["g-late", "g-month"])]
    assert st.unowned == 2  # g-never, g-gone
    assert stats(own, 2026, _dt.date(2025, 3, 1)).overdue == ()


def test_stats_command_prints_owners(tmp_path, capsys):
    assert main(["snippets", "stats", str(_repo(tmp_path)), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "复审逾期的片段" in out and "组织科" in out and "g-late" in out
    assert "没有写负责人（owner）的片段：2 个" in out


def test_show_prints_every_governance_field(tmp_path, capsys):
    repo = _repo(tmp_path)
    assert main(["snippets", "show", "g-late", "--library", str(repo), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    for words in ("负责人：组织科", "上次审核：2024-03-01", "复审周期：1年", "下次复审：2025-03-01", "已逾期",
                  "依据：某某党支部工作条例"):
        assert words in out, out
    assert main(["snippets", "show", "g-old", "--library", str(repo), "--year", "2026"]) == 0
    assert "已被取代：请改用“g-new”" in capsys.readouterr().out
    assert main(["snippets", "show", "g-never", "--library", str(repo), "--year", "2026"]) == 0
    assert "从未审核" in capsys.readouterr().out


# -- the parse cache ----------------------------------------------------------------


def test_the_cache_carries_the_fields(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    first = {s.id: s for s in load_repository(repo)[1]}
    import drafting.library as library

    def refuse(path, *a, **k):
        raise AssertionError(f"{path} parsed again: not read from the cache")

    monkeypatch.setattr(library, "parse_file", refuse)
    second = {s.id: s for s in load_repository(repo)[1]}
    assert second == first
    assert second["g-late"].reviewed == "2024-03-01" and second["g-old"].replaced_by == "g-new"


def test_a_cache_of_snippets_without_the_fields_is_rebuilt(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    load_repository(repo)
    path, _ = cache._library_entry(repo)
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    # An entry as the code before the governance fields wrote it: five fields fewer per snippet.
    text = json.dumps(data, ensure_ascii=False)
    assert "组织科" in text

    def strip(value):
        if isinstance(value, list) and len(value) == 17 and isinstance(value[0], str) and value[0].startswith("g-"):
            return value[:12]
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        return value
    old = strip(data)
    assert old != data
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    again = {s.id: s for s in load_repository(repo)[1]}
    assert again["g-late"].owner == "组织科"


# -- drafting --------------------------------------------------------------------------------


DRAWN = """
    plans:
      - name: 按类别抽取
        title: "{{ year }}年{{ org }}测试"
        sections:
          - category: 组织建设
            count: 50
    """


def test_a_replaced_snippet_is_not_drawn_when_its_replacement_can_stand_in(tmp_path):
    from drafting.assemble import picks

    lib, _ = load_repository(_repo(tmp_path, {"plans.yaml": DRAWN}))
    [pick] = picks(lib, lib.plan("按类别抽取"), 2026)
    assert "g-new" in pick.items and "g-old" not in pick.items
    # a replacement that does not exist (g-gone) or is not valid yet leaves the old one in use
    assert "g-gone" in pick.items
    later = _repo(tmp_path / "later", {"plans.yaml": DRAWN})
    path = later / "组织.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "- id: g-new")
    lines.insert(n + 1, lines[n].replace("- id: g-new", "  since: 2027"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lib, _ = load_repository(later)
    [pick] = picks(lib, lib.plan("按类别抽取"), 2026)
    assert "g-old" in pick.items and "g-new" not in pick.items
    # a recipe listing the old one by id still gets it (lint warns there)
    lib, _ = load_repository(_repo(tmp_path / "listed", {"plans.yaml": RECIPE}))
    [pick] = picks(lib, lib.plan("治理测试配方"), 2026)
    assert pick.items == ("g-new", "g-old")
