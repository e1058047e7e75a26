"""The sourced rule set: loading and validating rule files, the overlay's limits, the detector, the command."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from drafting.check import check_paragraphs, group_findings
from drafting.cli import main
from drafting.errors import DataError
from drafting.library import load_library
from drafting.model import CheckRules, Paragraph, Rule
from drafting.parse import parse_paragraphs
from helpers import write_library

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@lru_cache(maxsize=1)
def bundled():
    return load_library()


def _year(rule: Rule) -> int:
    """A year the rule holds for."""
    return rule.since or rule.until or 2024


def _check(text: str, rule: Rule, *, year: int | None = None) -> list:
    paras = [Paragraph(0, text)]
    found = check_paragraphs(paras, year=_year(rule) if year is None else year, rules=CheckRules(rules=(rule,)),
                             grouped=False)
    return [f for f in found if f.rule == rule.id]


def _fixed(text: str, found: list) -> str:
    for f in sorted(found, key=lambda f: -f.start):
        text = text[:f.start] + f.suggestion + text[f.start + len(f.excerpt):]
    return text


# --- every bundled rule's examples, through the detector as check runs it ---------------------


def _examples(kind: str):
    for rule in bundled().checks.rules:
        for example in getattr(rule, kind):
            yield pytest.param(rule, example, id=f"{rule.id}:{example.line}")


def test_the_bundled_rule_set_is_large_and_sourced():
    rules = bundled().checks.rules
    assert len(rules) >= 30
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.source and r.fire and r.quiet for r in rules)
    assert {r.code for r in rules} >= {"punctuation-usage", "number-usage", "standard-wording"}


#: a clause number right after the standard: 4.2.3, 5.1.4, A.9.2, B.3.4
_CLAUSE = r"GB/T 1583[45]—2011 (?:[AB]\.)?\d+(?:\.\d+)*(?![\d.])"


def test_every_rule_of_the_punctuation_and_numbers_standards_cites_its_clause():
    import re

    cited = [r for r in bundled().checks.rules if r.level == "国标" and re.search("GB/T 1583[45]", r.source)]
    assert len(cited) >= 25
    # a rule the standard states in no one clause says so in its note
    assert [r.id for r in cited if not re.search(_CLAUSE, r.source) and "条款" not in r.note] == []


def test_the_ellipsis_with_deng_rule_is_sourced_to_its_clause():
    rule = next(r for r in bundled().checks.rules if r.id == "ellipsis-with-deng")
    assert rule.level == "国标" and "A.9.2" in rule.source


@pytest.mark.parametrize("rule, example", list(_examples("fire")))
def test_a_fire_example_is_flagged(rule, example):
    found = _check(example.text, rule)
    assert found, example.text
    assert all(f.severity == rule.severity and f.code == rule.code for f in found)
    if example.fixed is not None:
        assert _fixed(example.text, found) == example.fixed


@pytest.mark.parametrize("rule, example", list(_examples("quiet")))
def test_a_quiet_example_is_not_flagged(rule, example):
    assert _check(example.text, rule) == []


def test_a_dated_rule_holds_only_for_its_years_and_not_for_an_unknown_one():
    rule = next(r for r in bundled().checks.rules if r.id == "quote-two-establishments")
    text = "深刻领悟两个确立的决定性意义"
    assert _check(text, rule, year=2022)
    assert _check(text, rule, year=2019) == []
    paras = [Paragraph(0, text)]  # no year given, none stated: only the undated rules
    assert [f for f in check_paragraphs(paras, year=None, rules=CheckRules(rules=(rule,))) if f.rule] == []


def test_findings_of_one_rule_in_a_paragraph_are_grouped():
    rule = next(r for r in bundled().checks.rules if r.id == "dunhao-between-titles")
    spots = _check("学习《党章》、《准则》、《条例》", rule)
    assert len(spots) == 2
    [grouped] = group_findings(spots)
    assert grouped.positions == tuple(f.start for f in spots) and "本段共 2 处" in grouped.message
    assert grouped.rule == rule.id


# --- validation at the edge, with file and line ----------------------------------------------

GOOD = """\
rules:
  - id: demo-rule
    code: punctuation-usage
    severity: warning
    level: 实务
    source: 本单位公文惯例
    pattern: '甲乙'
    message: 不写“甲乙”
    suggestion: 丙
    mechanical: true
    fire:
      - {text: 写了甲乙, fixed: 写了丙}
    quiet:
      - 写了甲丙
"""


def _load(tmp_path, text: str):
    folder = write_library(tmp_path / "unit", {"规则.yaml": text})
    return load_library([folder])


def _error(tmp_path, text: str) -> DataError:
    with pytest.raises(DataError) as info:
        _load(tmp_path, text)
    assert info.value.path is not None and Path(str(info.value.path)).name == "规则.yaml"
    return info.value


def test_a_unit_rule_loads_and_fires(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    lib = _load(tmp_path, GOOD)
    rule = next(r for r in lib.checks.rules if r.id == "demo-rule")
    assert rule.origin.line == 2 and rule.mechanical
    assert _check("他写了甲乙。", rule)[0].suggestion == "丙"
    again = load_library([tmp_path / "unit"])  # from the cache, same rule
    assert next(r for r in again.checks.rules if r.id == "demo-rule") == rule


@pytest.mark.parametrize("old, new, line, words", [
    ("pattern: '甲乙'", "pattern: '甲(乙'", 7, "不是有效的正则表达式"),
    ("    message: 不写“甲乙”\n", "    message: 不写“甲乙”\n    colour: red\n", 9, "未知的键“colour”"),
    ("level: 实务", "level: 惯例", 5, "level（依据层级）应为"),
    ("    source: 本单位公文惯例\n", "    source: 本单位公文惯例\n    since: 2024\n    until: 2020\n", 8, "早于"),
    ("      - {text: 写了甲乙, fixed: 写了丙}", "      - {text: 写了甲乙, fixed: 写了丙}\n      - 写了乙甲", 13,
     "应当被标出，却没有标出"),
    ("      - 写了甲丙", "      - 写了甲丙\n      - 也写了甲乙", 15, "不应被标出"),
    ("fixed: 写了丙}", "fixed: 写了丁}", 12, "改正后应为“写了丁”"),
    ("- id: demo-rule", "- id: Demo Rule", 2, "规则 id"),
    ("    pattern: '甲乙'", "    pattern: '(?:x)?'", 7, "能匹配空文字"),
])
def test_a_bad_rule_is_refused_with_file_and_line(tmp_path, old, new, line, words):
    assert old in GOOD
    error = _error(tmp_path, GOOD.replace(old, new))
    assert error.line == line and words in str(error), str(error)


def test_lint_reports_a_rule_whose_example_fails_with_file_and_line(tmp_path):
    from drafting.lint import lint

    write_library(tmp_path / "repo", {"规则.yaml": GOOD.replace("      - 写了甲丙", "      - 写了甲丙\n      - 也写了甲乙")})
    report = lint(tmp_path / "repo")
    [problem] = [p for p in report.errors if "不应被标出" in str(p.error)]
    assert Path(str(problem.error.path)).name == "规则.yaml" and problem.error.line == 15


# --- a unit's overlay may weaken only the weak levels --------------------------------------------


def test_a_unit_may_turn_off_or_lower_a_rule_of_practice(tmp_path):
    lib = _load(tmp_path, "rules:\n  - id: xi-informal\n    off: true\n  - id: six-disciplines-order\n"
                          "    severity: info\n")
    by_id = {r.id: r for r in lib.checks.rules}
    assert by_id["xi-informal"].off and by_id["six-disciplines-order"].severity == "info"
    found = check_paragraphs([Paragraph(0, "认真学习习总书记重要讲话")], year=2024, rules=lib.checks)
    assert [f for f in found if f.rule == "xi-informal"] == []


@pytest.mark.parametrize("text, line", [
    ("rules:\n  - id: dunhao-between-titles\n    off: true\n", 2),
    ("rules:\n  - id: title-xunshi\n    severity: info\n", 2),
    ("rules:\n  - {id: xi-informal, off: true}\n  - id: repeated-full-stop\n    off: true\n", 3),
])
def test_a_unit_may_not_weaken_a_rule_of_a_standard_or_regulation(tmp_path, text, line):
    error = _error(tmp_path, text)
    assert error.line == line and "不能把它" in str(error) and "只有依据为政策、实务、单位制度、待核" in error.hint


def test_a_unit_may_not_redefine_a_standards_rule_more_loosely(tmp_path):
    loose = GOOD.replace("demo-rule", "dunhao-between-titles").replace("level: 实务", "level: 国标")
    error = _error(tmp_path, loose)
    assert error.line == 2 and "国标" in str(error)


def test_an_adjustment_of_an_unknown_rule_is_refused(tmp_path):
    error = _error(tmp_path, "rules:\n  - id: no-such-rule\n    off: true\n")
    assert error.line == 2 and "no-such-rule" in str(error)


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


DRAFT = ("2024年市统计局机关党建工作要点\n2024年是关键之年。总体要求是：坚持稳中求进。\n一、加强政治建设\n"
         "1．学习《党章》、《准则》。落实中央8项规定精神，于2024年03月召开会议，坚持“四个自信”。\n")


def test_rules_lists_the_rule_set_as_a_table(capsys):
    assert main(["check", "--rules"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split("\t") == ["id", "级别", "依据", "出处", "适用年份", "机械修改"]
    row = next(line for line in out.splitlines() if line.startswith("dunhao-between-titles\t")).split("\t")
    assert row[2] == "国标" and "4.5.3.5" in row[3] and row[4] == "不限" and row[5] == "是"
    assert next(line for line in out.splitlines() if line.startswith("quote-two-establishments\t")).split("\t")[4] \
        == "2021—"
    assert "条规则" in out


def test_json_names_each_findings_rule_level_and_source(in_tmp, capsys):
    (in_tmp / "d.txt").write_text(DRAFT, encoding="utf-8")
    main(["check", "d.txt", "--json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    titles = next(f for f in findings if f["rule"] == "dunhao-between-titles")
    assert titles["level"] == "国标" and titles["source"].startswith("GB/T 15834—2011")
    assert titles["code"] == "punctuation-usage" and titles["suggestion"] == "》"
    assert all({"rule", "level", "source"} <= f.keys() for f in findings)
    assert all(f["level"] == "" for f in findings if not f["rule"])


def test_only_and_skip_filter_by_code_or_rule_id(in_tmp, capsys):
    (in_tmp / "d.txt").write_text(DRAFT, encoding="utf-8")

    def rules(*argv):
        main(["check", "d.txt", "--json", *argv])
        return sorted({f["rule"] or f["code"] for f in json.loads(capsys.readouterr().out)["findings"]})

    every = rules()
    assert {"dunhao-between-titles", "term-digits-eight-rules", "month-leading-zero", "verb-four-confidences"} \
        <= set(every)
    assert rules("--only", "number-usage") == ["month-leading-zero", "term-digits-eight-rules"]
    assert rules("--only", "dunhao-between-titles,verb-four-confidences") == ["dunhao-between-titles",
                                                                               "verb-four-confidences"]
    assert rules("--skip", "number-usage，standard-wording") == sorted(
        set(every) - {"month-leading-zero", "term-digits-eight-rules", "verb-four-confidences"})


def test_an_unknown_code_is_refused_with_the_list_of_codes(in_tmp, capsys):
    (in_tmp / "d.txt").write_text(DRAFT, encoding="utf-8")
    assert main(["check", "d.txt", "--only", "typo,no-such-code"]) == 2
    err = capsys.readouterr().err
    assert "未知的问题代码：no-such-code" in err and "punctuation-usage（标点用法）" in err and "typo（错别字）" in err


def test_fix_writes_only_mechanical_rules_as_tracked_changes(tmp_path, capsys):
    from test_formats import plain_docx
    from test_revise import accept_all, comments, reject_all, revisions, texts

    from drafting.reader import read_paragraphs

    src = plain_docx(tmp_path / "d.docx", DRAFT.splitlines())
    out = tmp_path / "修正.docx"
    main(["check", str(src), "--fix", "--explain", "-o", str(out)])
    changes = sorted((d, i) for _, d, i in revisions(out))
    # 》、《 → 》《, 8 → 八, 03 → 3; 坚持“四个自信” needs judgement: no change
    assert changes == sorted([("》、", "》"), ("8", "八"), ("03", "3")])
    notes = [n for _, n in comments(out)]
    assert any(n.startswith("［term-digits-eight-rules］依据：国标，GB/T 15835—2011") for n in notes)
    assert "其中 3 处按检查规则" in capsys.readouterr().err
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(src)
    fixed = read_paragraphs(accept_all(out, tmp_path / "a.docx"))
    assert "学习《党章》《准则》。落实中央八项规定精神，于2024年3月召开会议" in fixed[3].text
    lib = bundled()
    mechanical = {r.id for r in lib.checks.rules if r.mechanical}
    again = check_paragraphs(fixed, year=2024, rules=lib.checks)
    assert [f.rule for f in again if f.rule in mechanical] == []
    assert [f.rule for f in again if f.rule] == ["verb-four-confidences"]


def test_explain_needs_fix(in_tmp, capsys):
    (in_tmp / "d.txt").write_text(DRAFT, encoding="utf-8")
    assert main(["check", "d.txt", "--explain"]) == 2
    assert "--fix" in capsys.readouterr().err


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_fix_on_a_seed_rejects_to_the_original_and_accepts_to_no_mechanical_finding(tmp_path, prefix):
    """The seeds are third-party text: read here, never copied."""
    from test_formats import plain_docx, source_lines
    from test_revise import accept_all, reject_all, texts

    from drafting.reader import read_paragraphs

    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    src = plain_docx(tmp_path / "s.docx", source_lines(found[0].read_text(encoding="utf-8")))
    out = tmp_path / "修正.docx"
    main(["check", str(src), "--fix", "-o", str(out)])
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(src)
    lib = bundled()
    mechanical = {r.id for r in lib.checks.rules if r.mechanical}
    # what check read as the document proper (not a pasted second copy, which it leaves alone)
    proper = {i for i, _ in parse_paragraphs(read_paragraphs(src), ads=lib.checks.ads).lines}
    again = check_paragraphs(read_paragraphs(accept_all(out, tmp_path / "a.docx")), year=None, rules=lib.checks)
    assert [f for f in again if f.rule in mechanical and f.paragraph in proper] == []


def test_a_rule_keeps_its_severity_over_its_codes(tmp_path):
    rule = next(r for r in bundled().checks.rules if r.id == "title-xunshi")
    assert rule.code == "stale-reference" and rule.severity == "warning"
    [f] = _check("依据《中国共产党巡视工作条例（试行）》", replace(rule, severity="info"), year=2024)
    assert f.severity == "info"


def test_the_report_and_a_comment_cite_the_rules_source(in_tmp, capsys):
    from test_formats import plain_docx
    from test_revise import comments

    (in_tmp / "d.txt").write_text(DRAFT, encoding="utf-8")
    main(["check", "d.txt", "--only", "dunhao-between-titles"])
    out = capsys.readouterr().out
    assert "［punctuation-usage dunhao-between-titles］并列的书名号之间不用顿号" in out
    assert "依据：国标 GB/T 15834—2011 4.5.3.5" in out
    src = plain_docx(in_tmp / "d.docx", DRAFT.splitlines())
    main(["check", str(src), "--annotate", str(in_tmp / "批注.docx"), "--only", "verb-four-confidences"])
    [(anchor, note)] = comments(in_tmp / "批注.docx")
    assert anchor == "坚持" and note.startswith("［规范提法］固定提法是坚定“四个自信”")
    assert "依据：政策，《中国共产党章程》（2017年修正）总纲" in note and "verb-four-confidences" in note


def test_a_rules_triggers_are_in_every_text_it_fires_on():
    """Triggers let check skip a rule on a document that cannot make it fire: they must never skip a spot."""
    from drafting.rules.ruleset import compiled, spots

    rules = bundled().checks.rules
    texts = [e.text for r in rules for e in (*r.fire, *r.quiet)]
    texts += [a + b for a in texts[::7] for b in texts[::11]]
    # a document-level rule (checker) has no pattern, so no triggers: its function decides
    assert sum(1 for r in rules if r.triggers or r.checker) >= len(rules) - 2
    for rule, pattern, guards in compiled(rules):
        for text in texts:
            if rule.triggers and list(spots(rule, pattern, guards, text)):
                assert any(t in text for t in rule.triggers), (rule.id, text)


def test_a_document_without_a_rules_triggers_does_not_compile_it():
    from drafting.rules import ruleset

    rule = next(r for r in bundled().checks.rules if r.id == "core-formulation")
    ruleset._compile.cache_clear()
    check_paragraphs([Paragraph(0, "全年工作圆满完成。")], year=2024, rules=CheckRules(rules=(rule,)))
    assert ruleset._compile.cache_info().currsize == 0
    check_paragraphs([Paragraph(0, "团结在以习近平总书记为核心的党中央周围")], year=2024, rules=CheckRules(rules=(rule,)))
    assert ruleset._compile.cache_info().currsize == 1


def test_snippets_lint_refuses_a_unit_turning_off_a_standards_rule(tmp_path, capsys):
    folder = write_library(tmp_path / "repo", {"规则.yaml": "rules:\n  - id: dunhao-between-titles\n    off: true\n"})
    assert main(["snippets", "lint", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "规则.yaml，第 2 行" in err and "依据是国标" in err and "不能把它关闭" in err


def test_a_suggestion_with_its_own_quotation_marks_is_shown_after_a_colon(in_tmp, capsys):
    (in_tmp / "q.txt").write_text("一、总体要求\n\n1．全体党员要增强四个意识，做好本职工作。\n", encoding="utf-8")
    main(["check", "q.txt", "--year", "2026"])
    out = capsys.readouterr().out
    assert "改为：“四个意识”" in out and "““" not in out
