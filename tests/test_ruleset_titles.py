"""The regulation-title list (``regulations:``), the document-level checkers, and the profile's ordinal mark."""

from __future__ import annotations

from functools import lru_cache

import pytest

from drafting.check import check_paragraphs
from drafting.errors import DataError
from drafting.library import load_library
from drafting.model import Paragraph
from helpers import write_library


@lru_cache(maxsize=1)
def bundled():
    return load_library()


def _found(text: str, *, year: int | None = 2024, prefix: str = "title-") -> list:
    paras = [Paragraph(i, line) for i, line in enumerate(text.splitlines())]
    found = check_paragraphs(paras, year=year, rules=bundled().checks, grouped=False)
    return [f for f in found if (f.rule or "").startswith(prefix)]


# --- regulation titles -------------------------------------------------------------------------


def test_every_listed_regulation_is_a_sourced_rule_of_a_regulation():
    rules = {r.id: r for r in bundled().checks.rules if r.id.startswith("title-")}
    assert {"title-jilv-chufen", "title-lianjie-zilv", "title-neidang-jiandu", "title-xunshi", "title-dangzu",
            "title-gongwen-chuli", "title-zhibu-trial", "title-jiguan-jiceng-exact"} <= set(rules)
    assert all(r.level == "条例" and r.source and r.fire and r.quiet for r in rules.values())
    assert all(r.origin and r.origin.path.endswith("检查规则-法规.yaml") for r in rules.values())


def test_a_superseded_title_is_stale_only_after_the_change():
    text = "认真贯彻《中国共产党党组工作条例（试行）》"
    [f] = _found(text, year=2024)
    assert f.code == "stale-reference" and f.suggestion == "《中国共产党党组工作条例》"
    assert _found(text, year=2018) == []


def test_a_dated_or_retired_former_title_is_history_not_a_finding():
    assert _found("2010年印发的《中国共产党党员领导干部廉洁从政若干准则》同时废止") == []
    assert _found("原《中国共产党党内监督条例（试行）》的规定") == []
    assert _found("1980年党的十一届五中全会通过的《关于党内政治生活的若干准则》") == []


def test_a_title_one_character_off_is_flagged_with_the_exact_name():
    [f] = _found("认真学习《关于新形式下党内政治生活的若干准则》")
    assert f.rule == "title-zhengzhi-shenghuo-exact" and f.suggestion == "《关于新形势下党内政治生活的若干准则》"
    [f] = _found("深入学习《中国共产党纪律处分条列》")
    assert f.suggestion == "《中国共产党纪律处分条例》"
    # no year needed: a misquoted title is wrong in any document
    assert len(_found("深入学习《中国共产党纪律处分条列》", year=None)) == 1


def test_a_dropped_or_wrongly_added_trial_is_flagged():
    [f] = _found("执行《中国共产党支部工作条例》")
    assert f.rule == "title-zhibu-trial" and f.suggestion == "《中国共产党支部工作条例（试行）》"
    [f] = _found("执行《中国共产党问责条例（试行）》")
    assert f.rule == "title-wenze-trial" and f.suggestion == "《中国共产党问责条例》"


def test_exact_titles_short_forms_and_other_regulations_are_quiet():
    text = ("学习《中国共产党纪律处分条例》《中国共产党党和国家机关基层组织工作条例》《中国共产党支部工作条例（试行）》"
            "《中国共产党党组工作条例》《中国共产党组织工作条例》《中国共产党党校工作条例》《纪律处分条例》《条例》"
            "《中国共产党党务公开条例》《中国共产党党内监督条例(试行)》的沿革")
    assert _found(text, year=2016) == []


def test_a_superseded_title_gets_one_finding_not_a_near_miss_too():
    found = _found("执行《中国共产党纪律处分条例（试行）》", year=2024)
    assert [f.rule for f in found] == ["title-jilv-chufen"]


def _load(tmp_path, text: str):
    return load_library([write_library(tmp_path / "unit", {"法规.yaml": text})])


def test_a_unit_may_list_its_own_regulations(tmp_path):
    lib = _load(tmp_path, "regulations:\n  - id: demo\n    name: 某某单位党建工作规定\n    since: 2020\n"
                          "    source: 本单位2019年印发\n    formerly:\n      - {name: 某某单位党建工作办法, until: 2019}\n")
    ids = {r.id for r in lib.checks.rules}
    assert {"title-demo", "title-demo-exact", "title-demo-trial"} <= ids
    found = check_paragraphs([Paragraph(0, "落实《某某单位党建工作办法》")], year=2021, rules=lib.checks)
    assert [f.rule for f in found if f.rule == "title-demo"] == ["title-demo"]


@pytest.mark.parametrize("text, line, words", [
    ("regulations:\n  - id: demo\n    name: 某某规定\n    since: 2020\n", 2, "source"),
    ("regulations:\n  - id: demo\n    name: 某某单位规定\n    since: 2020\n    source: x\n"
     "    formerly:\n      - {name: 某某单位办法, until: 2021}\n", 7, "晚于"),
    ("regulations:\n  - id: Demo\n    name: 某某单位规定\n    since: 2020\n    source: x\n", 2, "id"),
    ("regulations:\n  - id: demo\n    name: 某某 规定\n    since: 2020\n    source: x\n", 3, "空格"),
])
def test_a_bad_regulation_entry_is_refused_with_file_and_line(tmp_path, text, line, words):
    with pytest.raises(DataError) as info:
        _load(tmp_path, text)
    assert info.value.line == line and words in str(info.value)


# --- document-level rules (checker) ----------------------------------------------------------------


def _doc(text: str, rule_id: str) -> list:
    paras = [Paragraph(i, line) for i, line in enumerate(text.splitlines())]
    found = check_paragraphs(paras, year=2024, rules=bundled().checks, grouped=False)
    return [f for f in found if f.rule == rule_id]


def test_a_checker_rule_is_data_with_a_source_and_examples():
    rules = {r.id: r for r in bundled().checks.rules if r.checker}
    assert {"first-mention-congress", "range-mark-mixed"} <= set(rules)
    assert all(r.source and r.fire and r.quiet and r.pattern == "" for r in rules.values())


def test_only_the_first_mention_of_the_congress_needs_the_party():
    [f] = _doc("2024年工作要点\n深入学习二十大精神\n贯彻党的二十大部署", "first-mention-congress")
    assert f.paragraph == 1 and f.excerpt == "二十大" and f.suggestion == "党的二十大" and f.severity == "info"
    assert _doc("2024年工作要点\n深入学习党的二十大精神\n贯彻二十大部署", "first-mention-congress") == []


def test_mixed_range_marks_in_one_document_report_the_fewer():
    found = _doc("2024年工作要点\n落实2021—2025年规划\n完成3～5个项目\n2023—2027年任期", "range-mark-mixed")
    assert [(f.paragraph, f.excerpt, f.suggestion) for f in found] == [(2, "～", "—")]
    assert _doc("2024年工作要点\n落实2021—2025年规划——这是大事\n日期2021-09-30", "range-mark-mixed") == []


def test_a_checker_rule_naming_no_function_is_refused_with_file_and_line(tmp_path):
    text = ("rules:\n  - id: demo-checker\n    code: punctuation-usage\n    severity: info\n    level: 实务\n"
            "    source: x\n    checker: no-such-check\n    message: m\n    fire: [a]\n    quiet: [b]\n")
    with pytest.raises(DataError) as info:
        load_library([write_library(tmp_path / "unit", {"规则.yaml": text})])
    assert info.value.line == 7 and "first-mention-congress" in info.value.hint


def test_large_numbers_grouped_two_ways_report_the_fewer():
    found = _doc("2024年工作要点\n投入资金12,500元\n培训干部38000人次\n慰问困难党员46,800元", "thousands-separator-mixed")
    assert [(f.paragraph, f.excerpt) for f in found] == [(2, "38000")]
    # years, codes and phone numbers are not counted numbers
    assert _doc("2024年工作要点\n2021年投入12,500元\n电话12345678\n编号20240001", "thousands-separator-mixed") == []


def test_the_documents_own_year_before_a_former_title_does_not_hide_it():
    [f] = _found("2024年，认真贯彻《中国共产党党组工作条例（试行）》，坚持原则")
    assert f.rule == "title-dangzu"
