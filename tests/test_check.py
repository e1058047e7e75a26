"""Checking drafts: one bad input per code, the seed documents, our own drafts, the command."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.assemble import assemble
from drafting.check import DETECTORS, SEVERITY, check_paragraphs, has_errors, to_json
from drafting.cli import main
from drafting.library import load_library
from drafting.model import SPEECH, CheckRules, Finding, Occasion, Paragraph, Typo
from drafting.reader import read_paragraphs
from drafting.render import render

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def bundled():
    return load_library()


def paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per non-empty line, as the reader gives a .txt file."""
    return [Paragraph(i, line) for i, line in enumerate(l for l in text.splitlines() if l.strip())]


def check(text: str, *, year: int | None = None, rules: CheckRules | None = None,
          grouped: bool = True) -> list[Finding]:
    paras = paragraphs(text)
    found = check_paragraphs(paras, year=year, rules=rules if rules is not None else bundled().checks,
                             grouped=grouped)
    assert_anchored(paras, found)
    return found


def assert_anchored(paras: list[Paragraph], found: list[Finding]) -> None:
    """Every finding names a paragraph and an excerpt standing in its text at ``start``."""
    texts = {p.index: p.text for p in paras}
    for f in found:
        assert f.paragraph in texts, f
        assert f.excerpt and texts[f.paragraph][f.start:f.start + len(f.excerpt)] == f.excerpt, f
        assert f.severity in ("error", "warning", "info")


def only(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


def codes(found: list[Finding]) -> list[str]:
    return [f.code for f in found]


PLAN = "2024年市统计局机关党建工作要点\n2024年是关键之年。总体要求是：坚持稳中求进。\n一、加强政治建设\n"


# --- one bad input per code ----------------------------------------------------------


def test_a_clean_plan_has_no_findings():
    assert check(PLAN + "1．深化理论武装。每月集中学习一次。\n2．抓好专题研讨。组织专题研讨。\n") == []


def test_numbering_gap_and_duplicate():
    found = check(PLAN + "1．甲。正文。\n3．乙。正文。\n3．丙。正文。\n")
    gap, dup = only(found, "numbering-gap"), only(found, "numbering-duplicate")
    assert [(f.paragraph, f.excerpt, f.severity) for f in gap] == [(4, "3．", "error")]
    assert [(f.paragraph, f.excerpt) for f in dup] == [(5, "3．")]


def test_numbering_style_mixed_in_one_level():
    found = check(PLAN + "1．甲。正文。\n2、乙。正文。\n3．丙。正文。\n")
    assert codes(found) == ["numbering-style"]
    f = found[0]
    assert (f.paragraph, f.excerpt, f.suggestion, f.severity) == (4, "2、", "2．", "warning")


def test_the_two_forms_of_the_mark_after_an_items_number_mixed_the_stray_one_is_reported():
    # one 1． among 1.: the stray one is the mistake, whatever the layout writes
    text = PLAN + "1.甲。正文。\n2.乙。正文。\n3．丙。正文。\n"
    for mark in ("．", "."):
        found = only(check_paragraphs(paragraphs(text), year=None, rules=bundled().checks, ordinal_mark=mark),
                     "numbering-style")
        assert [(f.excerpt, f.suggestion) for f in found] == [("3．", "3.")]
        assert "其余多写作" in found[0].message
    # as many of each: the layout's form is kept
    even = PLAN + "1.甲。正文。\n2．乙。正文。\n"
    by_default = only(check_paragraphs(paragraphs(even), year=None, rules=bundled().checks, ordinal_mark="．"),
                      "numbering-style")
    assert [(f.excerpt, f.suggestion) for f in by_default] == [("1.", "1．")]
    assert "版式" in by_default[0].message
    half = only(check_paragraphs(paragraphs(even), year=None, rules=bundled().checks, ordinal_mark="."),
                "numbering-style")
    assert [(f.excerpt, f.suggestion) for f in half] == [("2．", "2.")]


@pytest.mark.parametrize("mark", ["．", "."])
def test_one_form_of_the_mark_after_an_items_number_throughout_is_not_reported(mark):
    # GB/T 15834—2011 B.3.3 asks for the 下脚点, not for its width: "1." throughout is as right as "1．"
    for written in ("．", "."):
        text = PLAN + f"1{written}甲。正文。\n2{written}乙。正文。\n"
        found = check_paragraphs(paragraphs(text), year=None, rules=bundled().checks, ordinal_mark=mark)
        assert not only(found, "numbering-style")


def test_a_first_level_number_is_written_with_a_dunhao():
    found = only(check("2024年工作要点\n2024年是关键之年。\n一.加强政治建设\n1．甲。正文。\n二、加强组织建设\n"),
                 "numbering-style")
    assert [(f.paragraph, f.excerpt, f.suggestion) for f in found] == [(2, "一.", "一、")]
    assert not only(check(PLAN + "1．甲。正文。\n二、加强组织建设\n2．乙。正文。\n"), "numbering-style")


def test_numbering_style_level_under_a_lower_one():
    text = PLAN + "1．甲。正文。\n（一）子项。\n（二）子项。\n2．乙。正文。\n（一）子项。\n3．丙。正文。\n"
    found = only(check(text), "numbering-style")
    assert [(f.paragraph, f.excerpt) for f in found] == [(7, "（一）")]
    assert "层次颠倒" in found[0].message


def test_an_appendix_starting_over_is_not_an_inversion():
    text = PLAN + "1．甲。正文。\n二、加强组织建设\n2．乙。正文。\n附件\n一、说明\n1．丙。正文。\n"
    assert not only(check(text), "numbering-style")


def test_year_mismatch_between_title_and_preamble():
    found = check("2024年机关党建工作要点\n2023年是关键之年。\n一、甲\n1．甲。正文。\n")
    assert [(f.code, f.paragraph, f.excerpt, f.suggestion) for f in found] == [
        ("year-mismatch", 1, "2023年", "2024年")]


def test_year_mismatch_against_the_year_asked_for():
    found = check(PLAN + "1．甲。正文。\n", year=2025)
    assert [(f.paragraph, f.excerpt, f.suggestion) for f in only(found, "year-mismatch")] == [
        (0, "2024年", "2025年"), (1, "2024年", "2025年")]
    assert check(PLAN + "1．甲。正文。\n", year=2024) == []


@pytest.mark.parametrize("mark", ["【待补】", "（略）", "××", "XX", "**"])
def test_placeholder(mark):
    found = check(PLAN + f"1．甲。由{mark}负责落实。\n")
    assert [(f.code, f.paragraph, f.excerpt, f.severity) for f in found] == [("placeholder", 3, mark, "error")]


def test_duplicate_text_pasted_twice():
    body = PLAN + "1．深化理论武装。每月集中学习一次，持续推进，形成制度。\n"
    found = check(body + body)
    assert codes(found) == ["duplicate-text"]
    assert found[0].paragraph == 4 and found[0].excerpt.startswith("2024年")


def test_duplicate_paragraph_and_passage():
    item = "坚持把学习贯彻党的创新理论作为首要政治任务，健全学习制度，落实第一议题制度，推动学习走深走实。"
    found = check(PLAN + f"1．深化理论武装。{item}\n2．抓好专题研讨。组织专题研讨。\n3．深化理论武装。{item}\n")
    assert [(f.code, f.paragraph) for f in found] == [("duplicate-text", 5)]
    assert found[0].excerpt.startswith("深化理论武装") and "第6段与第4段内容相同" in found[0].message
    sentence = "各支部要按月开展主题党日，按季度讲授党课，按年度召开组织生活会并开展民主评议党员工作。"
    found = check(PLAN + f"1．甲。{sentence}\n2．乙。组织研讨。{sentence}后续安排另行通知。\n")
    assert [(f.code, f.paragraph, f.excerpt) for f in found] == [("duplicate-text", 4, sentence)]
    assert "第4段" in found[0].message


def test_ad_text_built_in_and_from_the_unit():
    found = check(PLAN + "1．甲。正文。\n资料整理：星火文库，咨询QQ12345678\n")
    assert [(f.code, f.paragraph) for f in found] == [("ad-text", 4)]
    rules = CheckRules(ads=("星火范文站",))
    found = check(PLAN + "1．甲。正文。\n本文来自星火范文站\n", rules=rules)
    assert [(f.code, f.paragraph, f.severity) for f in found] == [("ad-text", 4, "error")]
    assert check(PLAN + "1．甲。正文。\n本文来自星火范文站\n", rules=CheckRules()) == []


def test_typo_from_the_bundled_list():
    found = check(PLAN + "1．甲。抓早抓小，防微社渐，其它工作同步推进。\n")
    assert [(f.code, f.paragraph, f.excerpt, f.suggestion) for f in found] == [
        ("typo", 3, "防微社渐", "防微杜渐"), ("typo", 3, "其它", "其他")]
    assert found[0].severity == "warning"


@pytest.mark.parametrize("text,expected", [
    ("截止2023年底，共完成12项。", ["截止2"]),
    ("截止目前已完成。", ["截止目前"]),
    ("报名截止日期为3月1日。", []),
    ("截止到2023年底已完成。", []),
    ("截至日期另行通知。", ["截至日期"]),
    ("尤其它们的作用要发挥好。", []),
    ("与其它单位加强协作。", ["其它"]),
    ("依法制定法律法规。", []),
    ("发布署名文章。", []),
])
def test_typo_precision(text, expected):
    assert [f.excerpt for f in only(check(PLAN + f"1．甲。{text}\n"), "typo")] == expected


@pytest.mark.parametrize("text,expected", [
    ("由XX单位牵头，某某负责。", ["XX", "某某"]),
    ("请某县、某局于月底前报送。", ["某县", "某局"]),
    ("刚才，X同志作了讲话。", ["X"]),
    ("会议由× 同志主持。", ["×"]),
    ("以_同志为核心的党中央。", ["_"]),
    ("深入学习_总书记重要讲话。", ["_"]),
    ("推进机关_建设。", ["_"]),
    ("文号为〔*〕号。", ["〔*〕"]),
    # words, not placeholders
    ("某些单位、某种倾向、某个环节、某一方面、某项工作要抓好。", []),
    ("对某市场主体开展检查，某所学校参加，某局部地区、某县级单位和某院士。", []),
    # identifiers, file names, sizes, fill-in lines
    ("文件名为work_plan.docx，链接见detail_id。", []),
    ("展板尺寸为2×3米。", []),
    ("签名：____。", []),
    ("学习Windows X系统操作。", []),
    # a single X for a number before a counter or a date unit, or after 第
    ("每月X日为主题党日。", ["X"]),
    ("全年开展x次，发展Ｘ名党员。", ["x", "Ｘ"]),
    ("依照第X条办理。", ["X"]),
    ("制定202X年工作要点。", ["X"]),
    # X-rays, model names, English, Roman numerals: not a number left out
    ("组织X光检查和X射线防护培训，选用X型展架。", []),
    ("配发iPhone X手机，学习第XIV章，尺寸3x5米。", []),
    ("参加Team X次级赛事，推行“1+X个”模式。", []),
    # a single * for a redacted issuer, number, unit or person
    ("按照《通知》（*发〔2022〕25号）要求执行。", ["*"]),
    ("文号为市委办〔2022〕*号。", ["*"]),
    ("*市委组织部牵头，由*县委配合。", ["*"]),
    ("请*同志负责。", ["*"]),
    # a footnote mark, multiplication: not a redaction
    ("建强基层党组织*，详见*注：按2*3排列。", []),
    ("*市级示范点另行认定。", []),
])
def test_placeholder_forms(text, expected):
    assert [f.excerpt for f in only(check(PLAN + f"1．甲。{text}\n"), "placeholder")] == expected


def test_every_number_left_as_x_is_a_spot():
    found = only(check(PLAN + "1．甲。请于X月X日前报送，全年开展X次。\n"), "placeholder")
    assert [(f.excerpt, len(f.positions)) for f in found] == [("X", 3)]


def test_a_markdown_bullet_is_not_a_redaction():
    found = check(PLAN + "* 市委组织部牵头抓好落实\n*市委组织部牵头抓好落实\n")
    assert [(f.paragraph, f.excerpt) for f in only(found, "placeholder")] == [(4, "*")]


def test_a_case_told_in_a_warning_speech_names_people_with_mou():
    case = "某县原副县长王某某利用职务便利收受贿赂，受到开除党籍处分。"
    assert not only(check(PLAN + f"1．甲。{case}\n"), "placeholder")
    # the same forms elsewhere are placeholders; and XX is one even in a case
    found = only(check(PLAN + f"1．甲。{case}\n2．乙。由某县、某某负责，XX配合。\n3．丙。XX单位违纪问题。\n"),
                 "placeholder")
    assert [(f.paragraph, f.excerpt) for f in found] == [(4, "某县"), (4, "某某"), (4, "XX"), (5, "XX")]


def test_placeholders_of_one_form_are_one_finding_per_paragraph():
    found = only(check(PLAN + "1．甲。由XX牵头，XX配合，某某落实。\n"), "placeholder")
    assert [(f.excerpt, len(f.positions)) for f in found] == [("XX", 2), ("某某", 0)]
    assert "2 处" in found[0].message


def test_the_unit_adds_placeholder_forms():
    rules = CheckRules(placeholders=("〔单位名称〕",))
    found = check(PLAN + "1．甲。由〔单位名称〕负责。\n", rules=rules)
    assert [(f.code, f.excerpt) for f in found] == [("placeholder", "〔单位名称〕")]


@pytest.mark.parametrize("text,expected", [
    ("刚才的发言讲的很好。", [("讲的很好", "讲得很好")]),
    ("这项工作做的实、抓的紧、干的好。", [("做的实", "做得实"), ("抓的紧", "抓得紧"), ("干的好", "干得好")]),
    ("整改落实的不够到位。", [("落实的不够到位", "落实得不够到位")]),
    ("要清醒的认识到差距。", [("清醒的认识到", "清醒地认识到")]),
    ("深刻的认识到问题所在，认真的落实各项部署。", [("深刻的认识到", "深刻地认识到"), ("认真的落实各项", "认真地落实各项")]),
    # 的 as a nominaliser or before a noun: right as written
    ("今天讲的内容很重要，做的工作很扎实。", []),
    ("我们讲的是担当，做的实事很多。", []),
    ("我们做的很多工作群众看得见。", []),
    ("所讲的好处要说清楚。", []),
    ("形成清醒的认识，通过认真的学习提高认识。", []),
    ("你说的很对。", []),
    ("积极性得到了充分的发挥，领导得到全面的加强，在有效的推动下取得进展。", []),
    ("这离不开各级持续的推动。", []),
    # 有计划、有步骤 … + 的 + a verb: 地, even where the clause ends after a verb with its object
    ("确保年度各项任务有计划的落到实处。", [("有计划的落到实处", "有计划地落到实处")]),
    ("要有步骤的推进改革，有针对性的开展培训。", [("有步骤的推进", "有步骤地推进"), ("有针对性的开展", "有针对性地开展")]),
    ("要认真的做好。", [("认真的做好", "认真地做好")]),
    # … + 的 + a noun: right as written
    ("这是有计划的安排，开展有组织的活动，提出有针对性的措施和有针对性的解决方案。", []),
])
def test_de_for_de_or_di(text, expected):
    found = only(check(PLAN + f"1．甲。{text}\n"), "typo")
    assert [(f.excerpt, f.suggestion) for f in found] == expected


def test_de_patterns_come_from_the_rules():
    from drafting.model import DePattern

    rules = CheckRules(de=(DePattern("地", ("悄悄",), ("离开",)),))
    assert [f.suggestion for f in check(PLAN + "1．甲。他悄悄的离开会场。\n", rules=rules)] == ["悄悄地离开"]
    assert check(PLAN + "1．甲。他悄悄的离开会场。\n", rules=CheckRules()) == []


@pytest.mark.parametrize("text,expected", [
    ("为民服务、用于担当、求真务实。", ["用于担当"]),
    ("把更多精力用于担当作为。", []),
    ("推进全面从焉治党向纵深发展。", ["从焉治党"]),
    ("建立工作台帐，发展入党积极份子。", ["台帐", "积极份子"]),
])
def test_more_typos(text, expected):
    assert [f.excerpt for f in only(check(PLAN + f"1．甲。{text}\n"), "typo")] == expected


@pytest.mark.parametrize("text,expected", [
    ("认真学习党的十九届六中中全会精神。", [("中中全会", "中全会")]),
    ("贯彻二十届三中全全会精神。", [("中全全会", "中全会")]),
    ("加强党的的建设。", [("党的的", "党的")]),
    ("学习习近近平总书记重要讲话。", [("习近近平", "习近平")]),
    # the single forms, and real words holding the doubled character
    ("我们党的的确确是为人民服务的党，学习十九届六中全会精神。", []),
    ("中中的常常人人处处都是。", []),
])
def test_a_character_typed_twice_in_a_fixed_term(text, expected):
    found = only(check(PLAN + f"1．甲。{text}\n"), "typo")
    assert [(f.excerpt, f.suggestion) for f in found] == expected
    assert all("多写了一个" in f.message for f in found)



@pytest.mark.parametrize("text,expected", [
    ("学习总书记总书记重要讲话。", [("总书记", "")]),
    ("巩固主题教育教育成果。", [("教育", "")]),
    # legitimate doubling, numbers and enumerations, collisions of two words
    ("大家再研究研究，一个一个解决，层层落实，天天坚持，年年如此。", []),
    ("这件事非常非常重要。", []),
    ("想一想一次失误的代价，看一看一些反面典型。", []),
    ("提升党组织组织力，抓好研究研究生培养。", []),
    ("一是一，二是二，三三两两，2020年2020年", []),
])
def test_repeated_word(text, expected):
    found = only(check(PLAN + f"1．甲。{text}\n"), "repeated-word")
    assert [(f.excerpt, f.suggestion) for f in found] == expected
    assert all(f.severity == "warning" for f in found)


def test_reduplications_from_a_unit_list():
    text = PLAN + "1．甲。大家合计合计再定。\n"
    assert [f.excerpt for f in only(check(text), "repeated-word")] == ["合计"]
    rules = CheckRules(reduplications=("合计合计",))
    assert only(check(text, rules=rules), "repeated-word") == []


def test_straight_quotes_are_paired():
    text = PLAN + '1．甲。增强"四个意识"、坚定"四个自信"，落实"第一议题。\n'
    hw = only(check(text, grouped=False), "halfwidth-punctuation")
    assert [(f.excerpt, f.suggestion) for f in hw] == [
        ('"', "“"), ('"', "”"), ('"', "“"), ('"', "”"), ('"', None)]
    assert "中文引号" in hw[-1].message
    # English between straight quotes, away from Chinese, is left alone
    assert not only(check(PLAN + '1．甲。原文为He said "yes" today。\n'), "halfwidth-punctuation")


LONG = "全面加强机关党的建设，推动各项工作落地见效，"


@pytest.mark.parametrize("text,expected", [
    (LONG + "坚持以人民为中心的发展 思想，不断提高工作水平。", 1),
    (LONG + "党的 建设质量 不断提高，各项 工作有序推进。", 3),
    # parallel halves, quotations, a heading run into its text, short lines
    (LONG + "以“争先创优 示范引领”为主题开展活动，推动工作。", 0),
    (LONG + "坚持守正创新 勇于担当作为，推动工作。", 0),
    (LONG + "参加人员：张三 李小四 王五 赵六，请准时参加。", 0),
    ("邮 箱：a@b.cn", 0),
    ("联系人：张 三 电话：1234", 0),
])
def test_stray_space(text, expected):
    found = only(check(PLAN + f"1．甲。{text}\n" if expected or text.startswith(LONG) else PLAN + text + "\n"),
                 "stray-space")
    assert sum(len(f.positions) or 1 for f in found) == expected
    assert len(found) <= 1 and all(f.severity == "warning" and f.suggestion in ("", None) for f in found)


def test_a_heading_run_into_its_text_is_not_a_stray_space():
    found = check(PLAN + "二、指导思想 坚持以人民为中心的发展思想，推动机关党建工作高质量发展，不断提高工作水平。\n")
    assert not only(found, "stray-space")


@pytest.mark.parametrize("line", [
    "三、加强领导，强化发展党员措施 党支部要严格按程序办事，把好入口关，确保发展质量。",
    "（二）坚持问题导向，突出重点难点 各支部要对照问题清单逐项抓好整改，按时报送整改情况。",
    "第三条 党支部应当按照有关规定开展组织生活，认真落实各项制度，切实加强党员教育管理。",
    "在全市机关党建工作推进会上的讲话 同志们：今天我们召开会议，安排部署全年工作，推动任务落实。",
])
def test_a_heading_or_title_of_any_shape_run_into_its_text_is_not_a_stray_space(line):
    assert not only(check(PLAN + line + "\n"), "stray-space")


def test_a_stray_space_after_the_heading_is_still_reported():
    found = only(check(PLAN + "二、加强领导，强化措施 党支部要严格 按程序办事，把好入口关，确保发展质量，提高工作水平。\n"
                       "三、严格程序。党支部要严格 按程序办事，把好入口关，确保发展质量，提高工作水平。\n"), "stray-space")
    assert [(f.paragraph, f.start) for f in found] == [(3, 18), (4, 13)]
    # an item is often one long sentence: a space in it after a comma is no heading's end
    found = only(check(PLAN + "1．坚持学习，每月集中学习一次，认真组织开展 专题研讨，推动学习走深走实，不断提高工作水平。\n"),
                 "stray-space")
    assert [(f.paragraph, f.excerpt) for f in found] == [(3, " ")]
    # a space after 讲话 within a sentence is no title's end
    found = only(check(PLAN + "会上传达了重要讲话，大家认真领会讲话 精神，结合实际抓好贯彻落实，推动各项工作落地见效。\n"),
                 "stray-space")
    assert [(f.paragraph, f.excerpt) for f in found] == [(3, " ")]


def test_typo_from_a_unit_list():
    rules = CheckRules(typos=(Typo("党建引铃", "党建引领"),))
    found = check(PLAN + "1．甲。强化党建引铃作用。\n", rules=rules)
    assert [(f.paragraph, f.excerpt, f.suggestion) for f in found] == [(3, "党建引铃", "党建引领")]


def test_halfwidth_punctuation():
    text = PLAN + "1．甲。推动党委(党组)落实责任,做到三个到位:一是学习;二是落实?\n"
    hw = only(check(text, grouped=False), "halfwidth-punctuation")
    assert [(f.paragraph, f.excerpt, f.suggestion) for f in hw] == [
        (3, "(", "（"), (3, ")", "）"), (3, ",", "，"), (3, ":", "："), (3, ";", "；"), (3, "?", "？")]
    # reported once for the paragraph, with the count and every spot
    (one,) = only(check(text), "halfwidth-punctuation")
    assert one.paragraph == 3 and one.excerpt == "(" and one.positions == tuple(f.start for f in hw)
    assert "本段有 6 处半角标点" in one.message and "“(”" in one.message
    text = PLAN + "1．甲。" + "".join(f"{p}{c}" for p, c in zip(
        ["8:30召开", "共1,000人", "见http://www.example.com/a?b=1,2", "标注“Hello, world”", "比分3:2"], "。。。。。"
    )) + "\n"
    assert not only(check(text), "halfwidth-punctuation")
    # a full stop written "." after Chinese; not in numbers, file names, an ellipsis or a number mark
    text = PLAN + "1．甲。共有1.5万人参加.详见附件1.docx和通知.docx，等等...\n二.加强组织建设\n"
    found = only(check(text, grouped=False), "halfwidth-punctuation")
    assert [(f.paragraph, f.excerpt, f.suggestion) for f in found] == [(3, ".", "。")]
    assert found[0].start == len("1．甲。共有1.5万人参加")
    # a mark next to one in Chinese text is in Chinese text: 支部):
    found = only(check(PLAN + "1．甲。各党总支(党委、直属党支部):\n", grouped=False), "halfwidth-punctuation")
    assert [f.excerpt for f in found] == ["(", ")", ":"]
    # parentheses are fixed in pairs, even around English
    found = only(check(PLAN + "1．甲。简称WTO (World Trade Organization)。\n", grouped=False),
                 "halfwidth-punctuation")
    assert [f.excerpt for f in found] == ["(", ")"]


def test_unbalanced_quote():
    found = check(PLAN + "1．甲。落实“两个维护，坚持“第一议题”制度。\n2．乙。学习《条例》》精神。\n")
    bad = only(found, "unbalanced-quote")
    assert [(f.paragraph, f.excerpt) for f in bad] == [(3, "“"), (4, "》")]
    assert bad[0].start == len("1．甲。落实")
    balanced = PLAN + "1．甲。做到：1）学习“‘两个维护’”；2）落实（具体）。Let’s go。\n"
    assert not only(check(balanced), "unbalanced-quote")


def test_template_leftover():
    found = check(PLAN + "1．甲。学习{{ plenums }}，落实{% if campaign %}要求。\n2．乙。做好org_short的工作。\n")
    bad = only(found, "template-leftover")
    assert [(f.paragraph, f.excerpt, f.severity) for f in bad] == [
        (3, "{{", "error"), (3, "}}", "error"), (3, "{%", "error"), (3, "%}", "error"),
        (4, "org_short", "error")]


def test_wording_left_empty_is_a_placeholder():
    found = check(PLAN + "1．甲。今年是“”规划实施的重要一年，学习《》，成立（ ）小组。\n"
                         "2．乙。全面贯彻，用科学理论武装头脑。\n")
    assert [(f.code, f.paragraph, f.excerpt, f.severity) for f in found] == [
        ("placeholder", 3, "“”", "error"), ("placeholder", 3, "《》", "error"),
        ("placeholder", 3, "（ ）", "error"), ("placeholder", 4, "全面贯彻", "error")]
    assert "引号中间是空的" in found[0].message and "缺了要贯彻的内容" in found[3].message
    fine = PLAN + "1．甲。深入学习、全面贯彻党的精神，抓好学习贯彻，推进“三会一课”（每月）。\n"
    assert check(fine) == []


def test_document_level_findings_are_anchored_on_the_first_line():
    found = check("机关工作要点\n一段没有任何编号的文字。\n又一段文字。\n")
    assert [(f.code, f.paragraph, f.severity) for f in found] == [("no-sections", 0, "info")]


def test_severities_and_exit_rule():
    assert {code for code, sev in SEVERITY.items() if sev == "error"} >= {
        "year-mismatch", "template-leftover", "placeholder", "numbering-gap", "numbering-duplicate",
        "ad-text", "duplicate-text"}
    assert {code for code, sev in SEVERITY.items() if sev == "warning"} == {
        "typo", "repeated-word", "halfwidth-punctuation", "stray-space", "unbalanced-quote", "numbering-style"}
    assert has_errors(check(PLAN + "1．甲。由××负责。\n"))
    assert not has_errors(check(PLAN + "1．甲。防微社渐。\n"))


def test_a_new_detector_is_one_function():
    def shouting(ctx):
        for line in ctx.lines:
            if "！！" in line.text:
                yield line.finding("shouting", "感叹号连用", line.text.index("！！"), line.text.index("！！") + 2)

    paras = paragraphs(PLAN + "1．甲。一定要做好！！\n")
    found = check_paragraphs(paras, year=None, rules=CheckRules(), detectors=[*DETECTORS, shouting])
    assert [(f.code, f.paragraph, f.excerpt, f.severity) for f in found] == [("shouting", 3, "！！", "warning")]


# --- the seed documents --------------------------------------------------------------


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    return found[0]


def check_seed(prefix: str, year: int | None = None) -> list[Finding]:
    paras = read_paragraphs(seed(prefix))
    found = check_paragraphs(paras, year=year, rules=bundled().checks, calendar=bundled().calendar)
    assert_anchored(paras, found)
    return found


def test_seed_000_pasted_twice_with_a_typo():
    found = check_seed("000")
    assert [(f.paragraph, f.excerpt) for f in only(found, "typo")] == [(14, "防微社渐")]
    dup = only(found, "duplicate-text")
    assert len(dup) == 1 and dup[0].paragraph == 20 and dup[0].excerpt.startswith("2016年是")


def test_seed_001_halfwidth_punctuation():
    found = check_seed("001")
    hw = only(found, "halfwidth-punctuation")
    # one finding per paragraph, every spot kept
    assert len({f.paragraph for f in hw}) == len(hw) > 10
    assert sum(len(f.positions) or 1 for f in hw) > 100
    assert hw[0].paragraph == 1 and hw[0].excerpt == ","
    assert not has_errors(found)  # punctuation is worth fixing, not a reason to stop the draft


def test_seed_002_placeholders():
    found = check_seed("002")
    assert [(f.code, f.paragraph, f.excerpt) for f in found] == [
        ("placeholder", 0, "**"), ("placeholder", 15, "****")]


def test_seed_003_gap_year_and_quote():
    found = check_seed("003")
    assert [(f.code, f.paragraph) for f in found] == [
        ("year-mismatch", 1), ("unbalanced-quote", 14), ("numbering-gap", 16)]
    assert found[0].excerpt == "2022年" and found[0].suggestion == "2023年"
    assert found[1].excerpt == "”" and found[2].excerpt == "13."


def test_seed_004_advertising_and_placeholders():
    found = check_seed("004")
    ads = only(found, "ad-text")
    assert [f.paragraph for f in ads] == [0, 9, 16]
    assert [(f.paragraph, f.excerpt) for f in only(found, "placeholder")] == [(11, "×"), (12, "×")]


def test_seed_001_is_current_for_its_own_year_and_stale_for_the_next():
    assert only(check_seed("001"), "stale-reference") == []
    stale = only(check_seed("001", year=2021), "stale-reference")
    assert [(f.paragraph, f.excerpt) for f in stale] == [
        (1, "“十三五”规划收官之年"), (1, "党的十九大和十九届二中、三中、四中全会精神"), (8, "“七五”普法")]
    assert stale[1].suggestion == "党的十九大和十九届二中、三中、四中、五中全会精神"
    assert all(f.severity == "error" for f in stale)


def test_seed_004_welcomes_a_congress_held_years_before():
    stale = only(check_seed("004"), "stale-reference")
    assert [(f.paragraph, f.excerpt) for f in stale] == [(12, "习近平总书记系列重要讲话精神"), (13, "党的十九大")]
    assert "习近平新时代中国特色社会主义思想" in stale[0].message
    assert "喜迎" in stale[1].message


def test_stale_reference_without_any_year_uses_the_latest_dated_reference():
    paras = paragraphs("工作安排\n一、学习\n1．学习党的十九大和十九届二中、三中、四中全会精神，纪念建党98周年。\n")
    found = check_paragraphs(paras, year=None, rules=CheckRules(), calendar=bundled().calendar)
    # 十九届四中全会 (2019-10) implies a document for 2020: 建党99周年
    assert [f.excerpt for f in only(found, "stale-reference")] == ["建党98周年"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_gives_the_same_findings_in_every_format(tmp_path, prefix):
    """GB18030 .txt, plain .docx, Word-numbered .docx, runs cut inside markers: same findings, same spots."""
    from test_formats import all_formats, source_lines

    path = seed(prefix)
    expected = [(f.code, f.paragraph, f.excerpt, f.start) for f in check_seed(prefix)]
    formats = all_formats(tmp_path, source_lines(path.read_text(encoding="utf-8")), prefix)
    for name, other in formats.items():
        paras = read_paragraphs(other)
        found = check_paragraphs(paras, year=None, rules=bundled().checks, calendar=bundled().calendar)
        assert_anchored(paras, found)
        assert [(f.code, f.paragraph, f.excerpt, f.start) for f in found] == expected, name


# --- our own drafts: no false alarms -----------------------------------------------------


@pytest.mark.parametrize("mark", ["．", "."])
def test_every_bundled_draft_is_clean(tmp_path, mark):
    """Every plan and speech the bundled recipes give, 2016–2030, rendered to Word and read back,
    with either form of the mark after an item's number (the layout's ``ordinal_mark``)."""
    lib = bundled()
    recipes = [*lib.plans.values(), *lib.meetings.values()]
    assert len(recipes) >= 7
    problems = []
    for recipe in recipes:
        for year in range(2016, 2031):
            occasion = Occasion(year=year, org="市发展改革委", speaker="张三", date=dt.date(year, 1, 10))
            outline = assemble(lib, recipe, occasion, meeting=recipe.name if recipe.genre == SPEECH else None)
            path = render(outline, tmp_path / f"{recipe.name}-{year}.docx", ordinal_mark=mark, force=True)
            paras = read_paragraphs(path)
            assert len(paras) > 10
            if recipe.genre != SPEECH:
                assert any(p.text.startswith(f"1{mark}") for p in paras)
            found = check_paragraphs(paras, year=year, rules=lib.checks, calendar=lib.calendar, ordinal_mark=mark)
            problems += [(recipe.name, year, f.code, f.message, f.excerpt)
                         for f in found if f.severity != "info"]
    assert problems == []


# --- arbitrary input -----------------------------------------------------------------------

_FRAGMENTS = [
    "一、", "（一）", "(二)", "1．", "2.", "3、", "（1）", "1）", "一是", "同志们：", "2020年", "2023年是",
    "工作要点", "×", "XX", "【待补】", "（略）", "QQ123456", "会员群", "http://a.b", "。", "，", ",", ":", "(",
    ")", "“", "”", "‘", "’", "《", "》", "（", "）", "{{", "{%", "org", "防微社渐", "其它", "尤其它", "截止2",
    "加强政治建设", "\t", " ", "\u3000",
]
_lines = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=6)), max_size=8).map("".join)
_paragraph = st.builds(
    Paragraph, index=st.integers(min_value=-3, max_value=60), text=st.one_of(_lines, st.text(max_size=60)),
    label=st.none() | st.sampled_from(["一、", "1."]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines, max_size=25))
def test_arbitrary_lines_never_crash(lines):
    paras = paragraphs("\n".join(lines + lines[: len(lines) // 2]))
    found = check_paragraphs(paras, year=2024, rules=bundled().checks)
    assert_anchored(paras, found)
    json.dumps(to_json(found), ensure_ascii=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_paragraph, max_size=30), st.none() | st.integers(min_value=1949, max_value=2100))
def test_arbitrary_paragraphs_never_crash(paras, year):
    found = check_paragraphs(paras, year=year, rules=bundled().checks)
    texts = {p.index: p.text for p in paras}  # with repeated indexes the last paragraph counts
    for f in found:
        assert f.paragraph in texts and texts[f.paragraph][f.start:f.start + len(f.excerpt)] == f.excerpt


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_json_shape_and_exit_code(in_tmp, capsys):
    assert main(["check", str(seed("003")), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["findings"]
    for f in data["findings"]:
        assert list(f) == ["code", "severity", "message", "paragraph", "excerpt", "suggestion", "positions", "count",
                           "rule", "level", "source", "kind"]
        assert f["kind"] in ("规定", "建议")
    assert [(f["code"], f["severity"], f["paragraph"], f["excerpt"], f["suggestion"]) for f in data["findings"]] == [
        ("year-mismatch", "error", 1, "2022年", "2023年"),
        ("unbalanced-quote", "warning", 14, "”", None),
        ("numbering-gap", "error", 16, "13.", None),
    ]


def test_check_report_and_exit_codes(in_tmp, capsys):
    assert main(["check", str(seed("000"))]) == 1
    out = capsys.readouterr().out
    assert "第15段 警告［typo］“防微社渐”应为“防微杜渐”" in out
    assert "【防微社渐】" in out and "→ 改为“防微杜渐”" in out
    assert "第21段 错误［duplicate-text］" in out
    # and five 顿号 between paired title marks or quotes (GB/T 15834—2011 4.5.3.5), from the rule set
    assert "共发现 8 处问题：错误 1 处，警告 7 处。" in out
    assert main(["check", str(seed("001"))]) == 0  # warnings only
    (in_tmp / "ok.txt").write_text(PLAN + "1．深化理论武装。每月集中学习一次。\n", encoding="utf-8")
    assert main(["check", "ok.txt", "--year", "2024"]) == 0
    assert "没有发现问题。" in capsys.readouterr().out
    assert main(["check", "ok.txt", "--year", "2025"]) == 1
    assert "与指定的2025年不符" in capsys.readouterr().out


def test_check_reports_wording_a_draft_left_empty(in_tmp, capsys):
    (in_tmp / "空.txt").write_text(
        "2024年局党的建设工作要点\n2024年是“”规划深入实施的重要一年。总体要求是：全面贯彻，用科学理论武装头脑。\n"
        "一、加强政治建设\n1．深化理论武装。每月集中学习一次。\n", encoding="utf-8")
    assert main(["check", "空.txt"]) == 1
    out = capsys.readouterr().out
    assert "错误［placeholder］引号中间是空的" in out and "【“”】" in out
    assert "错误［placeholder］“全面贯彻”后面缺了要贯彻的内容" in out
    assert "没有发现问题" not in out


@pytest.mark.parametrize("wording, excerpts", [
    ("深入学习党的十九届四中全会精神", ["十九届四中全会精神"]),
    ("深入学习十九届六中全会精神和党的十九大精神", ["十九届六中全会精神", "党的十九大"]),
])
def test_check_finds_the_spirit_of_a_single_earlier_plenum_or_congress(in_tmp, capsys, wording, excerpts):
    (in_tmp / "旧提法.txt").write_text(
        f"2026年局党的建设工作要点\n一、加强理论武装\n1．抓好理论学习。{wording}，推动学习走深走实。\n"
        "2．总结经验。回顾党的十八大以来的成就，学习十九届六中全会通过的历史决议。\n", encoding="utf-8")
    assert main(["check", "旧提法.txt", "--json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["paragraph"], f["excerpt"]) for f in found] == [
        ("stale-reference", 2, e) for e in excerpts]


def test_check_of_a_generated_speech_is_clean(in_tmp, capsys):
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市直机关工委",
                 "--speaker", "张三", "--date", "2026-01-10", "-o", "s.docx"]) == 0
    capsys.readouterr()
    assert main(["check", "s.docx", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": []}


def test_check_refuses_a_document_without_text(in_tmp, capsys):
    # a missing file and a legacy .doc: test_cli.test_reading_commands_refuse_unusable_input
    (in_tmp / "空.txt").write_text("\n  \n", encoding="utf-8")
    assert main(["check", "空.txt"]) == 2
    assert "没有文字" in capsys.readouterr().err


def test_check_uses_the_unit_library(in_tmp, capsys):
    unit = in_tmp / "本单位素材"
    unit.mkdir()
    (unit / "规则.yaml").write_text("typos:\n  党建引铃: 党建引领\nads:\n  - 星火范文站\n", encoding="utf-8")
    (in_tmp / "d.txt").write_text(PLAN + "1．甲。强化党建引铃作用。\n本文来自星火范文站\n", encoding="utf-8")
    assert main(["check", "d.txt", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": []}
    assert main(["check", "d.txt", "--json", "--library", str(unit)]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["paragraph"], f["excerpt"]) for f in found] == [
        ("typo", 3, "党建引铃"), ("ad-text", 4, "本文来自星火范文站")]


def test_check_does_not_load_jieba_or_the_renderer(in_tmp):
    (in_tmp / "a.txt").write_text(PLAN + "1．甲。正文。\n", encoding="utf-8")
    code = (
        "import sys; from drafting.cli import main; code = main(['check', 'a.txt', '--json']); "
        "loaded = [m for m in ('jieba', 'drafting.segment', 'docxtpl', 'docx') if m in sys.modules]; "
        "sys.exit(f'loaded {loaded}' if loaded else code)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=in_tmp, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"findings": []}


# --- annotated and corrected copies ------------------------------------------------------------


def test_annotate_puts_each_finding_as_a_comment_on_its_text(tmp_path, capsys):
    from test_formats import numbered_docx, source_lines
    from test_revise import comments, texts

    path = seed("003")
    src, _ = numbered_docx(tmp_path / "003.docx", source_lines(path.read_text(encoding="utf-8")))
    before = src.read_bytes()
    out = tmp_path / "批注.docx"
    assert main(["check", str(src), "--annotate", str(out)]) == 1
    assert src.read_bytes() == before and texts(out) == texts(src)
    notes = comments(out)
    # each comment opens with what the finding is, in words a reviewer reads: ［年份不一致］…
    anchored = {note.split("］")[0].lstrip("［"): anchor for anchor, note in notes}
    assert {"年份不一致", "引号不配对", "编号跳号"} <= anchored.keys()
    assert not any(name.isascii() for name in anchored)
    assert anchored["年份不一致"] == "2022年" and anchored["引号不配对"] == "”"
    # 13 is Word's automatic number, drawn and not written: the comment sits on the item's first words
    assert anchored["编号跳号"] and "13" not in anchored["编号跳号"]
    assert "已另存" in capsys.readouterr().err


def test_every_code_has_a_name_for_the_comments():
    from drafting.check import CODE_NAMES, SEVERITY

    assert SEVERITY.keys() <= CODE_NAMES.keys()


def test_fix_turns_halfwidth_punctuation_into_tracked_changes(tmp_path):
    from test_formats import plain_docx, source_lines
    from test_revise import accept_all, reject_all, revisions, texts

    src = plain_docx(tmp_path / "001.docx", source_lines(seed("001").read_text(encoding="utf-8")))
    out = tmp_path / "修正.docx"
    assert main(["check", str(src), "--fix", "-o", str(out)]) == 0
    changes = revisions(out)
    full = {",": "，", ":": "：", "(": "（", ")": "）"}
    assert len(changes) > 100  # adjacent ones ("),") read as one change
    assert all(i == "".join(full[c] for c in d) for _, d, i in changes)
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(src)
    fixed = check_paragraphs(read_paragraphs(accept_all(out, tmp_path / "a.docx")), year=None,
                             rules=bundled().checks)
    assert only(fixed, "halfwidth-punctuation") == []


def test_a_grouped_finding_is_one_comment_and_every_spot_a_change(tmp_path, capsys):
    from test_formats import plain_docx
    from test_revise import comments, revisions

    lines = PLAN.splitlines() + ['1．甲。加强学习,推动落实,形成合力;做到"两个维护"。', "2．乙。由XX负责。"]
    src = plain_docx(tmp_path / "d.docx", lines)
    out = tmp_path / "批注.docx"
    assert main(["check", str(src), "--annotate", str(out), "--fix"]) == 1
    changes = revisions(out)
    assert [(d, i) for _, d, i in changes] == [(",", "，"), (",", "，"), (";", "；"), ('"', "“"), ('"', "”")]
    notes = comments(out)
    assert len([n for _, n in notes if n.startswith("［半角标点］")]) == 1
    assert any(anchor == "XX" and n.startswith("［占位符］") for anchor, n in notes)
    assert "5 处半角标点改为修订" in capsys.readouterr().err


def test_the_report_lists_errors_first_and_a_tally_per_code(in_tmp, capsys):
    (in_tmp / "d.txt").write_text(PLAN + "1．甲。加强学习,推动落实,形成合力。\n2．乙。由XX负责，防微社渐。\n",
                                  encoding="utf-8")
    assert main(["check", "d.txt"]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "［" in line]
    assert lines[0].startswith("第5段 错误［placeholder］")
    assert lines[1].startswith("第4段 警告［halfwidth-punctuation］本段有 2 处半角标点")
    assert "共发现 4 处问题：错误 1 处，警告 3 处。" in out
    assert "其中错误 1 处：占位符 1；警告 3 处：半角标点 2、错别字 1。" in out
    assert main(["check", "d.txt", "--json"]) == 1
    hw = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "halfwidth-punctuation"]
    assert [(f["paragraph"], f["excerpt"], f["positions"], f["count"]) for f in hw] == [
        (3, ",", [len("1．甲。加强学习"), len("1．甲。加强学习,推动落实")], 2)]


def test_annotated_copy_opens_in_libreoffice(tmp_path, soffice):
    out = tmp_path / "a.docx"
    assert main(["check", str(seed("004")), "--annotate", str(out)]) == 1
    (pdf,) = soffice.convert(out)
    assert "同志们" in soffice.text(pdf)


# --- the rule files ----------------------------------------------------------------------------


def test_a_unit_extends_every_rule_of_the_check(tmp_path):
    from helpers import write_library

    unit = write_library(tmp_path / "unit", {"规则.yaml": """
        typos:
          用于担当: 勇于担当的
        de_patterns:
          - right: 地
            before: [悄悄]
            after: [离开]
        reduplications: [合计合计]
        placeholders: [〔单位名称〕]
        case_words: [诫勉谈话]
        """})
    checks = load_library([unit]).checks
    base = bundled().checks
    assert len(checks.de) == len(base.de) + 1 and checks.de[-1].origin.line == 4
    assert checks.reduplications[-1] == "合计合计" and checks.placeholders == ("〔单位名称〕",)
    assert checks.case_words[-1] == "诫勉谈话" and "受贿" in checks.case_words
    typo = {t.wrong: t for t in checks.typos}["用于担当"]
    assert typo.right == "勇于担当的" and not typo.alone  # the unit's entry replaces the bundled one
    found = check(PLAN + "1．甲。他悄悄的离开会场，合计合计再由〔单位名称〕定。\n", rules=checks)
    assert [(f.code, f.excerpt) for f in found] == [("typo", "悄悄的离开"), ("placeholder", "〔单位名称〕")]


@pytest.mark.parametrize("text,line,words", [
    ("de_patterns:\n  - right: 的\n    before: [讲]\n    after: [好]\n", 2, ["得", "地"]),
    ("de_patterns:\n  - right: 得\n    before: [讲]\n", 2, ["after"]),
    ("de_patterns:\n  - right: 得\n    before: [讲]\n    after: [好]\n    unless: [讲得好]\n", 5, ["讲得好", "的"]),
    ("de_patterns:\n  - right: 得\n    before: [讲]\n    after: [好]\n    degre: [很]\n", 5, ["degre", "degree"]),
    ("reduplications:\n  - 研究研究\n  - 研究讨论\n", 3, ["研究讨论"]),
    ("placeholders:\n  - 某\n", 2, ["2 到 30 个字"]),
    ("case_words:\n  - 受贿\n  - 诫勉 谈话\n", 3, ["诫勉 谈话"]),
    ("typos:\n  用于担当:\n    right: 勇于担当\n    alone: 是\n", 4, ["true"]),
])
def test_bad_rules_name_the_file_and_line(tmp_path, text, line, words):
    from drafting.errors import DataError
    from drafting.library import parse_file

    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        parse_file(bad)
    err = info.value
    assert err.path.endswith("bad.yaml") and err.line == line, err
    assert all(w in str(err) for w in words), err


# --- the real documents (third-party text, read only) ---------------------------------------------

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def check_real(name: str) -> tuple[list[Paragraph], list[Finding]]:
    path = REAL / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"real document {name} not found in {REAL}")
    paras = read_paragraphs(path)
    found = check_paragraphs(paras, year=None, rules=bundled().checks, calendar=bundled().calendar)
    assert_anchored(paras, found)
    return paras, found


def test_real_documents_show_what_a_reviewer_marks():
    # 03–23 were stored with their full-width punctuation NFKC-normalised to ASCII:
    # the half-width marks there are an artefact, grouped one finding per paragraph.
    _, found = check_real("10")
    assert {f.excerpt for f in only(found, "placeholder")} == {"_"}  # the redacted names
    hw = only(found, "halfwidth-punctuation")
    assert len({f.paragraph for f in hw}) == len(hw) and sum(len(f.positions) or 1 for f in hw) > 20
    _, found = check_real("23")
    assert [f.excerpt for f in only(found, "repeated-word")] == ["总书记"]
    assert "从焉治党" in [f.excerpt for f in only(found, "typo")]
    _, found = check_real("01")
    assert any(f.suggestion and f.suggestion.startswith("清醒地") for f in only(found, "typo"))
    assert not only(found, "stray-space")  # the title's halves and the byline are spaced on purpose


def test_the_tally_counts_every_injected_ad_phrase_the_message_counts(in_tmp, capsys):
    # a site that slips its advertising words in as clauses of a long sentence, three times
    body = ("要以制度建设为抓手，滚动广告灯箱，深化机关党建质量提升工程，阅报栏灯箱，推动各项工作落地见效，"
            "户外滚动灯箱，确保全年目标任务圆满完成。")
    (in_tmp / "d.txt").write_text(PLAN + f"1．甲。{body}\n", encoding="utf-8")
    assert main(["check", "d.txt"]) == 1
    out = capsys.readouterr().out
    assert "（共 3 处）" in out and "其中错误 3 处：广告文字 3" in out


def test_stars_hiding_names_in_a_case_told_are_not_placeholders():
    case = "我县发生的原校长**、原副校长**等人涉嫌严重违纪违法案件，教训深刻。"
    assert not only(check(PLAN + f"1．甲。{case}\n"), "placeholder")
    # the nearest negatives: stars outside a case; inside one, a blank left (**已具备条件)
    # and a leader's title removed
    found = only(check(PLAN + "1．甲。由**中学牵头，**区配合。\n2．乙。习近平***强调，违纪必究。\n"
                       "3．丙。以往只给处分，现在**已具备条件。\n"), "placeholder")
    assert [(f.paragraph, f.excerpt) for f in found] == [(3, "**"), (4, "***"), (5, "**")]


def test_pinyin_in_ascii_brackets_after_a_character_is_not_punctuation_to_convert():
    found = only(check(PLAN + "1．甲。认真学(xué)习(xí)党(dang)章，做合格党(dǎng yuán)员\n"), "halfwidth-punctuation")
    assert not found
    # the nearest negatives: Chinese, an acronym or a lone list letter in ASCII brackets are still converted
    found = only(check(PLAN + "1．甲。制定方案(试行)，推进项目(PPP)，见附件(a)\n", grouped=False),
                 "halfwidth-punctuation")
    assert [f.suggestion for f in found] == ["（", "）"] * 3


def test_an_annotated_txt_styles_the_real_title_not_a_unit_s_advertising_line(tmp_path):
    # the copy of a .txt is laid into the template: its Title style goes to the title parse finds
    import docx

    from drafting import jobs
    from helpers import write_library

    unit = write_library(tmp_path / "库", {"检查规则.yaml": "ads:\n  - 东湖文库\n"})
    src = tmp_path / "要点.txt"
    src.write_text("东湖文库2025年精选\n2025年机关党建工作要点\n2025年是关键之年。\n一、政治建设\n1．加强学习,正文。\n",
                   encoding="utf-8")
    done = jobs.check_file(src, extra=(unit,), annotate=True, output=tmp_path / "批注.docx")
    titles = [p.text for p in docx.Document(str(done.written)).paragraphs if p.style.name == "Title"]
    assert titles == ["2025年机关党建工作要点"]
