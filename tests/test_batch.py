"""draft batch: one draft per organisation; a failing one is reported and the others still produced."""

from __future__ import annotations

import textwrap

import pytest

from drafting.cli import main

from helpers import docx_text
from helpers import write_library


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def orgs_file(folder, text: str):
    path = folder / "orgs.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_one_plan_per_organisation(here, capsys):
    orgs_file(here, """
        superior: 市直机关工委
        orgs:
          - name: 市发展改革委
            short: 发改委
          - name: 市财政局
          - name: 市审计局
        """)
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "--date", "2026-01-10", "-o", "out"]) == 0
    files = sorted(p.name for p in (here / "out").iterdir())
    assert files == sorted(f"2026年{n}党的建设工作要点.docx" for n in ("市发展改革委", "市财政局", "市审计局"))
    text = docx_text(here / "out" / "2026年市财政局党的建设工作要点.docx")
    assert text.startswith("2026年市财政局党的建设工作要点") and "2026年1月10日" in text
    assert "市发展改革委" not in text
    assert "已生成 3 份文稿" in capsys.readouterr().out


def test_a_failing_organisation_is_reported_and_the_others_produced(here, capsys):
    # 市统计局 has its own library folder, with a broken snippet in it.
    write_library(here / "统计局素材", {"坏.yaml": """
        category: 组织建设
        snippets:
          - id: tj-1
            genre: plan
            lead: 统计特色
            body: 学习{{ plenum }}。
        """})
    orgs_file(here, """
        orgs:
          - name: 市发展改革委
          - name: 市统计局
            library: 统计局素材
          - name: 市审计局
        """)
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out"]) == 1
    written = sorted(p.name for p in (here / "out").iterdir())
    assert written == ["2026年市发展改革委党的建设工作要点.docx", "2026年市审计局党的建设工作要点.docx"]
    captured = capsys.readouterr()
    assert "已生成 2 份文稿" in captured.out
    assert "失败：市统计局" in captured.err and "orgs.yaml:3" in captured.err
    assert "坏.yaml" in captured.err and "第 6 行" in captured.err and "plenum" in captured.err


def test_existing_drafts_are_kept_without_force(here, capsys):
    orgs_file(here, "orgs:\n  - name: 市财政局\n  - name: 市审计局\n")
    (here / "out").mkdir()
    kept = here / "out" / "2026年市审计局党的建设工作要点.docx"
    kept.write_bytes(b"old")
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out"]) == 1
    assert kept.read_bytes() == b"old"
    assert (here / "out" / "2026年市财政局党的建设工作要点.docx").is_file()
    assert "--force" in capsys.readouterr().err
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out", "--force"]) == 0
    assert kept.read_bytes()[:2] == b"PK"


def test_speeches_with_each_speaker(here):
    orgs_file(here, """
        orgs:
          - name: 市财政局
            speaker: 李四
          - name: 市审计局
            speaker: 王五
        """)
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "--meeting", "党建工作会议", "-o", "out"]) == 0
    text = docx_text(here / "out" / "在2026年市审计局党建工作会议上的讲话.docx")
    assert "王五" in text and "李四" not in text and "同志们：" in text


def test_a_spec_without_the_organisation_in_its_title_still_gives_one_file_each(here):
    spec = here / "spec.yaml"
    spec.write_text(textwrap.dedent("""
        genre: plan
        title: "{{ year }}年党建工作要点"
        sections:
          - {category: 思想建设, count: 2}
        """), encoding="utf-8")
    orgs_file(here, "orgs:\n  - name: 市财政局\n  - name: 市审计局\n")
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "--spec", "spec.yaml", "-o", "out"]) == 0
    assert sorted(p.name for p in (here / "out").iterdir()) == [
        "2026年党建工作要点.docx", "市审计局-2026年党建工作要点.docx"]


def test_bad_orgs_file_stops_before_anything_is_written(here, capsys):
    orgs_file(here, "orgs:\n  - name: 市财政局\n    spekaer: 李四\n")
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out"]) == 2
    err = capsys.readouterr().err
    assert "orgs.yaml" in err and "第 3 行" in err and "spekaer" in err
    assert not (here / "out").exists()
