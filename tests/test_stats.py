"""Repository figures: counts per category and kind, expiring snippets, near-duplicates, parameter use."""

from __future__ import annotations

from drafting.cli import main
from drafting.library import load_repository
from drafting.stats import stats, table, width

from helpers import plan_item, speech_item, write_library

FILES = {
    "组织建设.yaml": {"category": "组织建设", "snippets": [
        {"id": "zz-head", "kind": "heading", "genre": "plan", "body": "夯实基层基础"},
        plan_item("zz-1", "落实三会一课", "按期召开支部党员大会、支部委员会和党小组会，上好党课。", until=2026),
        plan_item("zz-2", "落实三会一课", "按期召开支部党员大会、支部委员会和党小组会，上好专题党课。"),
        speech_item("zz-3", "组织生活", "{{ org }}的组织生活要开出质量。", genre="both"),
    ]},
    "纪律建设.yaml": {"category": "纪律建设", "snippets": [
        plan_item("jl-1", "警示教育", "学习{{ plenums }}，开展警示教育。", since=2030),
        plan_item("jl-2", "廉政谈话", "开展廉政谈话。", until=2020),
    ]},
}


def test_counts_expiring_and_clusters(tmp_path):
    _, own = load_repository(write_library(tmp_path / "repo", FILES))
    st = stats(own, 2026)
    rows = dict(st.rows)
    # plan items, speech paragraphs, headings, other kinds, total, valid in 2026, expiring in 2026
    assert rows["组织建设"] == (3, 1, 1, 0, 4, 4, 1)
    assert rows["纪律建设"] == (2, 0, 0, 0, 2, 0, 0)
    assert st.total == (5, 1, 1, 0, 6, 4, 1)
    assert [s.id for s in st.expiring] == ["zz-1"]
    assert (st.expired, st.pending) == (1, 1)
    assert [[s.id for s in group] for group in st.clusters] == [["zz-1", "zz-2"]]
    assert dict(st.parameters) == {"org": 1, "plenums": 1}
    assert "year" in st.unused and "org" not in st.unused


def test_table_aligns_chinese_columns():
    lines = table(("类别", "数量"), [("组织建设", 12), ("党风廉政建设", 3)])
    assert len({width(line) for line in lines}) == 1
    assert lines[1].startswith("组织建设") and lines[1].endswith("12")


def test_cli_prints_the_table_and_lists(tmp_path, capsys):
    repo = write_library(tmp_path / "repo", FILES)
    assert main(["snippets", "stats", str(repo), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "工作要点条目" in out and "2026年到期" in out
    assert "合计" in out and "zz-1" in out
    assert "近似重复的片段（1 组）" in out and "zz-2" in out
    assert "没有用到的参数：" in out


def test_cli_broken_repository_is_an_error(tmp_path, capsys):
    repo = write_library(tmp_path / "repo", {"坏.yaml": "category: x\nsnippets:\n  - id: a\n    genre: plann\n"})
    assert main(["snippets", "stats", str(repo)]) == 2
    assert "坏.yaml" in capsys.readouterr().err


def test_default_year_is_the_one_plan_and_show_use(tmp_path):
    import datetime as dt

    from drafting import jobs

    repo = write_library(tmp_path / "repo", FILES)
    for today, year in ((dt.date(2026, 11, 20), 2027), (dt.date(2026, 12, 31), 2027), (dt.date(2026, 3, 1), 2026)):
        assert jobs.default_year(today) == year
        assert jobs.stats(repo, today=today).year == year
        assert jobs.show("zz-2", (repo,), today=today).year == year
