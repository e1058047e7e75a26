"""Linting a snippet repository: every kind of problem found, each with its file and line, in one run."""

from __future__ import annotations

import json

import pytest

from drafting.cli import main
from drafting.lint import lint
from drafting.resources import bundled

from helpers import write_library

GOOD = """
    category: 组织建设
    snippets:
      - id: ok-1
        genre: plan
        lead: 严格落实组织生活制度
        body: 按期召开支部党员大会、支部委员会和党小组会，按规定上好党课。
      - id: ok-2
        genre: speech
        body: |-
          同志们要把{{ year }}年的学习教育抓紧抓实，做到学思用贯通、知信行统一。
    """

# One broken input per kind of problem: (file, text, line, words the message has).
BROKEN = {
    "yaml": ("语法.yaml", """
        category: 组织建设
        snippets:
          - id: y-1
            genre: plan
            lead: 小标题
            body: [没有闭合
        """, 6, ["YAML 格式错误", "方括号"]),
    "schema": ("键名.yaml", """
        category: 组织建设
        snippets:
          - id: k-1
            genre: plan
            lead: 小标题
            bdy: 键名写错了
        """, 6, ["未知的键“bdy”"]),
    "jinja": ("模板.yaml", """
        category: 组织建设
        snippets:
          - id: j-1
            genre: speech
            body: |-
              第一行没有问题。
              第二行{% if campaign %}少了结束标记。
        """, 7, ["模板写法有误"]),
    "parameter": ("参数.yaml", """
        category: 组织建设
        snippets:
          - id: p-1
            genre: plan
            lead: 小标题
            body: 深入学习{{ plenum }}。
        """, 6, ["未定义的参数：plenum"]),
    "years": ("年份.yaml", """
        category: 组织建设
        snippets:
          - id: n-1
            genre: plan
            lead: 小标题
            body: 开展专题学习。
            since: 2024
            until: 2020
        """, 8, ["until（2020）早于 since（2024）"]),
    "punctuation": ("标点.yaml", """
        category: 组织建设
        snippets:
          - id: b-1
            genre: speech
            body: |-
              第一段完全规范。

              第二段写了半角逗号, 还有半角冒号:都要改。
        """, 8, ["半角逗号“,”应为全角“，”"]),
    "stale-reference": ("过时.yaml", """
        category: 组织建设
        snippets:
          - id: st-1
            genre: plan
            lead: 学习全会精神
            body: |-
              持续深化理论武装。
              深入学习贯彻党的二十大和二十届二中、三中全会精神。
            since: 2025
        """, 8, ["按2026年等 5 个年份渲染后", "提法不全", "三中、四中全会"]),
    "placeholder": ("占位.yaml", """
        category: 组织建设
        snippets:
          - id: ph-1
            genre: speech
            body: 今年要重点抓好××工作，确保取得实效。
        """, 5, ["占位符“××”"]),
    "typo": ("错字.yaml", """
        category: 组织建设
        snippets:
          - id: ty-1
            genre: speech
            body: 坚持防微社渐，警钟长鸣，把纪律挺在前面。
        """, 5, ["“防微社渐”应为“防微杜渐”"]),
    "render": ("渲染.yaml", """
        category: 组织建设
        snippets:
          - id: r-1
            genre: plan
            lead: 小标题
            body: 今年是{{ anniversaries[0].text }}。
        """, 6, ["按2017年渲染失败"]),  # the first year drafts may be for (2013) without a round anniversary
    "duplicate-id": ("重复.yaml", """
        category: 组织建设
        snippets:
          - id: ok-1
            genre: plan
            lead: 另一条
            body: 另外一件不相干的事情，写得与前面完全不同。
        """, 3, ["片段 id“ok-1”重复", "好.yaml:3"]),
    "near-duplicate": ("相似.yaml", """
        category: 组织建设
        snippets:
          - id: s-1
            genre: plan
            lead: 严格落实组织生活制度
            body: 按期召开支部党员大会、支部委员会和党小组会，按规定认真上好党课。
        """, 3, ["“s-1”与“ok-1”", "几乎相同"]),
    "reference": ("配方.yaml", """
        plans:
          - name: 测试配方
            title: "{{ year }}年{{ org }}测试"
            preamble: [没有这个片段]
            sections:
              - {category: 组织建设, count: 1}
        """, 4, ["引用了不存在的片段“没有这个片段”"]),
}


@pytest.fixture
def repo(tmp_path):
    files = {"好.yaml": GOOD}
    files.update({name: text for name, text, _, _ in BROKEN.values()})
    return write_library(tmp_path / "repo", files)


def test_every_kind_of_problem_is_found_with_file_and_line(repo):
    report = lint(repo)
    assert report.files == len(BROKEN) + 1
    for kind, (name, _, line, words) in BROKEN.items():
        found = [p for p in report.problems if p.path.endswith(name)]
        assert found, f"{kind}: nothing reported in {name}"
        assert found[0].line == line, f"{kind}: line {found[0].line}, expected {line}"
        for word in words:
            assert word in str(found[0]), f"{kind}: “{word}” not in {found[0]}"
    assert not [p for p in report.problems if p.path.endswith("好.yaml")]
    warnings = {p.code for p in report.warnings}  # as draft check rates them
    assert warnings == {"halfwidth-punctuation", "typo"}


def test_cli_exit_code_and_every_message_names_file_and_line(repo, capsys):
    assert main(["snippets", "lint", str(repo)]) == 1
    out = capsys.readouterr().out
    problems = [line for line in out.splitlines() if line.startswith(("错误：", "警告："))]
    assert len(problems) >= len(BROKEN)
    assert all(line[3:].startswith("文件 ") and "第 " in line for line in problems)
    assert f"检查了 {len(BROKEN) + 1} 个文件" in out


def test_json_output(repo, capsys):
    assert main(["snippets", "lint", str(repo), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    codes = {p["code"] for p in data["problems"]}
    assert {"schema", "duplicate-id", "near-duplicate", "halfwidth-punctuation", "render", "reference",
            "stale-reference", "placeholder", "typo"} <= codes
    assert all(p["path"] and p["line"] for p in data["problems"])


def test_all_problems_of_one_file_are_reported(tmp_path):
    repo = write_library(tmp_path / "repo", {"多.yaml": """
        category: 组织建设
        snippets:
          - id: m-1
            genre: plan
            lead: 小标题
            body: 深入学习{{ plenum }}。
          - id: m-2
            genre: plann
            body: 写错了文种。
          - id: m-3
            genre: plan
            lead: 规范
            body: 这一条没有问题，组织开展主题党日活动。
        """})
    report = lint(repo)
    assert [(p.line, p.code) for p in report.errors] == [(6, "schema"), (8, "schema")]
    assert report.snippets == 1  # the valid one is still checked


def test_the_message_is_the_one_drafting_stops_with(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name, text, line, _ = BROKEN["parameter"]
    repo = write_library(tmp_path / "repo", {"好.yaml": GOOD, name: text})
    assert main(["snippets", "lint", str(repo)]) == 1
    lint_lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("错误：")]
    assert main(["plan", "--year", "2026", "--org", "局", "--library", str(repo), "-o", "x.docx"]) == 2
    plan_lines = capsys.readouterr().err.splitlines()
    assert lint_lines == [plan_lines[0]] and f"第 {line} 行" in plan_lines[0]
    assert not (tmp_path / "x.docx").exists()


def test_a_clean_repository_passes(tmp_path, capsys):
    repo = write_library(tmp_path / "repo", {"好.yaml": GOOD})
    assert main(["snippets", "lint", str(repo)]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_the_bundled_library_passes(capsys):
    assert main(["snippets", "lint", str(bundled("snippets"))]) == 0


def test_same_text_for_different_years_is_not_a_duplicate(tmp_path):
    repo = write_library(tmp_path / "repo", {"好.yaml": GOOD, "新.yaml": """
        category: 组织建设
        snippets:
          - id: ok-new
            genre: plan
            lead: 严格落实组织生活制度
            body: 按期召开支部党员大会、支部委员会和党小组会，按规定上好党课。
            since: 2031
        """})
    # ok-1 has no years and so overlaps: a duplicate; narrowing ok-1 would separate them
    assert [p.code for p in lint(repo).errors] == ["near-duplicate"]


def test_missing_folder_and_empty_folder(tmp_path, capsys):
    assert main(["snippets", "lint", str(tmp_path / "没有")]) == 2
    assert "素材库目录不存在" in capsys.readouterr().err
    (tmp_path / "空").mkdir()
    assert main(["snippets", "lint", str(tmp_path / "空")]) == 2
    assert "没有素材文件" in capsys.readouterr().err


def test_pre_commit_hook_runs_the_lint(capsys):
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    [hook] = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    command, *args = hook["entry"].split()
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf"^\[project\.scripts\]\n{command} = ", pyproject, re.M)  # the console script
    assert main([*args, str(bundled("snippets"))]) == 0


def test_the_spirit_of_a_single_earlier_plenum_is_stale_in_later_years(tmp_path):
    repo = write_library(tmp_path / "repo", {"旧.yaml": """
        category: 思想建设
        snippets:
          - id: old-1
            genre: plan
            lead: 深化理论武装
            body: 深入学习十九届六中全会精神和党的十九大精神，回顾党的十八大以来的成就。
            since: 2022
        """})
    found = [(p.code, str(p)) for p in lint(repo).errors]
    assert [code for code, _ in found] == ["stale-reference", "stale-reference"]
    assert "十九届六中全会精神" in found[0][1] and "党的十九大" in found[1][1]
    assert all("第 6 行" in text and "按2023年等 8 个年份" in text for _, text in found)


def test_the_new_paragraph_rules_of_check_apply_to_snippets(tmp_path):
    # a doubled word, 的 for 地, and a 某某 left in: what draft check now finds in a paragraph
    repo = write_library(tmp_path / "repo", {"新规则.yaml": """
        category: 思想建设
        snippets:
          - id: nr-1
            genre: speech
            body: 要巩固学习教育教育成果，清醒的认识到差距，向某某同志学习。
        """})
    found = {p.code: str(p) for p in lint(repo).problems}
    assert {"repeated-word", "typo", "placeholder"} <= found.keys()
    assert "清醒地认识到" in found["typo"] and "某某" in found["placeholder"]
    assert all("第 5 行" in text for text in found.values())
