"""draft snippets show: a snippet's source, where it is, and its text for a year."""

from __future__ import annotations

from drafting.cli import main

from helpers import plan_item, write_library


def test_show_a_bundled_snippet_rendered_for_a_year(capsys):
    assert main(["snippets", "show", "zt-general", "--year", "2026", "--org", "市审计局"]) == 0
    out = capsys.readouterr().out
    assert "id：zt-general" in out and "类别：总体要求" in out and "总体要求.yaml:" in out
    assert "{{ year }}年" in out  # the source, with its parameters
    assert "按2026年、市审计局填好参数后：" in out
    assert "2026年是“十五五”规划开局之年" in out and "市审计局党的建设工作的总体要求是" in out


def test_show_an_item_with_points_and_years(tmp_path, capsys):
    lib = write_library(tmp_path / "lib", {"a.yaml": {"category": "组织建设", "snippets": [
        plan_item("my-item", "严格落实制度", "{{ org_short }}按期召开支委会。", points=["会前定议题。", "会后抓落实。"],
                  since=2027, tags=["三会一课"]),
    ]}})
    assert main(["snippets", "show", "my-item", "--library", str(lib), "--year", "2026", "--org", "市财政局"]) == 0
    out = capsys.readouterr().out
    assert "适用年份：2027—" in out and "标签：三会一课" in out and "a.yaml:3" in out
    assert "严格落实制度。市财政局按期召开支委会。一是会前定议题。二是会后抓落实。" in out
    assert "此片段不适用于2026年" in out


def test_unknown_id_suggests_close_ones(capsys):
    assert main(["snippets", "show", "zj-item-three"]) == 2
    err = capsys.readouterr().err
    assert "没有 id 为“zj-item-three”的片段" in err and "zj-item-three-meetings" in err
