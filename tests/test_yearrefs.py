"""Finding year-bound expressions: what is read from each, and what is left alone."""

from __future__ import annotations

import pytest

from drafting.library import load_library, merge_calendars
from drafting.model import Calendar, Paragraph, Span
from drafting.yearrefs import (
    ANNIVERSARY, CAMPAIGN, CONGRESS, DISCIPLINE, EVENT, LEGAL, LOCAL, PLENUM, PLENUMS, THEME, YEAR,
    find_references,
)

CALENDAR = load_library().calendar


def refs(text: str, calendar: Calendar = CALENDAR, title: bool = False):
    return [(r.kind, r.text) for r in find_references([Paragraph(0, text)], calendar, 0 if title else None)]


def one(text: str):
    (ref,) = find_references([Paragraph(0, text)], CALENDAR)
    return ref


@pytest.mark.parametrize("text,kind,found", [
    ("学习党的十九大和十九届二中、三中、四中全会精神", PLENUMS, "党的十九大和十九届二中、三中、四中全会精神"),
    ("深入学习党的十八大、十八届三中、四中、五中全会精神", PLENUMS, "党的十八大、十八届三中、四中、五中全会精神"),
    ("贯彻十九届四中全会精神", PLENUM, "十九届四中全会精神"),
    ("把学习贯彻五中全会精神作为重点", PLENUM, "五中全会精神"),
    ("学习十八届中央纪委六次全会精神", DISCIPLINE, "十八届中央纪委六次全会"),
    ("纪念建党95周年", ANNIVERSARY, "建党95周年"),
    ("庆祝中国共产党成立一百周年", ANNIVERSARY, "中国共产党成立一百周年"),
    ("开展第十六届“读书月”活动", EVENT, "第十六届"),
    ("结合第十九个党风廉政建设宣传教育月", EVENT, "第十九个"),
    ("开展“两学一做”学习教育", CAMPAIGN, "“两学一做”学习教育"),
    ("推进两学一做学习教育常态化制度化", CAMPAIGN, "两学一做学习教育常态化制度化"),
    ("举办“七五”普法讲座", LEGAL, "“七五”普法"),
    ("贯彻市委十二届八次全会部署", LOCAL, "市委十二届八次全会"),
    ("学习省第×次党代会精神", LOCAL, "省第×次党代会"),
    ("今年是机关党建“制度落实年”", THEME, "“制度落实年”"),
])
def test_each_kind_is_found_with_its_exact_text(text, kind, found):
    assert (kind, found) in refs(text)


def test_what_is_read_from_an_expression():
    r = one("学习党的十八大、十八届三中、四中、五中全会精神")
    assert (r.number, r.term, r.sessions) == (18, 18, (3, 4, 5))
    assert one("纪念红军长征胜利80周年").name == "红军长征胜利"
    assert one("开展第16届读书节").context == "arabic"
    assert one("是“十三五”规划收官之年").context == "收官"
    assert one("喜迎党的十九大胜利召开").context == "welcome"
    assert one("巩固“不忘初心、牢记使命”主题教育成果").context == "past"


@pytest.mark.parametrize("text,context", [
    ("2020年是决胜之年", "doc"), ("去年成绩很好。2020年，是关键一年", "doc"),
    ("2020年机关党建工作的总体要求是", "doc"),
    ("从2020年起实行", "since"), ("2019年以来", "since"), ("2021—2025年", "range"), ("2021-2025年规划", "range"),
    ("到2025年底完成", ""),
])
def test_years_are_told_apart_by_their_use(text, context):
    years = [r for r in find_references([Paragraph(0, text)], CALENDAR) if r.kind == YEAR]
    assert years[0].context == context


def test_title_year_is_the_documents_own():
    assert find_references([Paragraph(0, "2020年工作要点")], CALENDAR, 0)[0].context == "doc"


@pytest.mark.parametrize("text", [
    "党的十九届中央委员会", "全会期间做好保障", "加强大学生党建", "提高3.5个百分点", "第1页", "共有2020名党员",
])
def test_ordinary_text_has_no_references(text):
    assert refs(text) == []


def test_a_units_calendar_entries_are_recognised():
    extra = Calendar(campaigns=(Span("“某某”专题学习", 2027, 2027),))
    merged = merge_calendars(CALENDAR, extra)
    assert (CAMPAIGN, "某某专题学习") in refs("开展某某专题学习", merged)
    assert refs("开展某某专题学习") == []


def _seed_refs(prefix: str):
    from pathlib import Path

    from drafting.reader import read_paragraphs

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    found = sorted(seeds.glob(f"{prefix}_*.txt")) if seeds.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {seeds}")
    return find_references(read_paragraphs(found[0]), CALENDAR, 0)


def test_a_document_is_current_for_its_own_year_and_stale_a_year_later():
    from drafting.yearrefs import implied_year, stale_references

    refs = _seed_refs("001")
    assert implied_year(refs, CALENDAR) == 2020
    assert stale_references(refs, CALENDAR, 2020) == []
    stale = {r.text for r, _, _ in stale_references(refs, CALENDAR, 2021)}
    assert stale == {"“十三五”规划收官之年", "党的十九大和十九届二中、三中、四中全会精神", "“七五”普法"}


def test_welcoming_a_congress_already_held_is_stale():
    from drafting.yearrefs import implied_year, stale_references

    refs = _seed_refs("004")
    year = implied_year(refs, CALENDAR)  # 十九届四中全会 and 从2020年起
    assert year == 2020
    assert [(r.kind, r.text) for r, _, _ in stale_references(refs, CALENDAR, year)] == [(CONGRESS, "党的十九大")]


@pytest.mark.parametrize("text, stale", [
    ("深入学习党的十九届四中全会精神", ["十九届四中全会精神"]),
    ("深入学习十九届六中全会精神和党的十九大精神", ["十九届六中全会精神", "党的十九大"]),
    ("认真贯彻党的十九大精神，推动工作落实", ["党的十九大"]),
    # history, not a task of the year
    ("党的十八大以来，全面从严治党取得历史性成就", []),
    ("学习十九届六中全会通过的历史决议", []),
    ("回顾党的十九大召开以来的工作", []),
    # the congress in force and its plenums are current
    ("深入学习党的二十届三中全会精神", []),
    ("学习贯彻党的二十大精神", []),
])
def test_the_spirit_of_an_earlier_congress_or_plenum_is_stale(text, stale):
    from drafting.yearrefs import stale_references

    found = stale_references(find_references([Paragraph(0, text)], CALENDAR), CALENDAR, 2026)
    assert [r.text for r, _, _ in found] == stale
    assert all("党的二十大和二十届二中、三中、四中全会精神" in why for _, why, _ in found)


def test_the_spirit_of_a_congress_is_current_until_the_next_is_held():
    from drafting.yearrefs import stale_references

    refs = find_references([Paragraph(0, "学习党的十九大精神和十九届六中全会精神")], CALENDAR)
    assert stale_references(refs, CALENDAR, 2022) == []
    assert len(stale_references(refs, CALENDAR, 2023)) == 2
