"""Finding year-bound expressions: what is read from each, and what is left alone."""

from __future__ import annotations

import pytest

from drafting.library import load_library, merge_calendars
from drafting.model import Calendar, Paragraph, Span
from drafting.yearrefs import (
    ANNIVERSARY, CAMPAIGN, CONGRESS, DATE, DISCIPLINE, EVENT, LEGAL, LOCAL, PLENUM, PLENUMS, THEME, YEAR,
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
    from drafting.years.stale import implied_year, stale_references

    refs = _seed_refs("001")
    assert implied_year(refs, CALENDAR) == 2020
    assert stale_references(refs, CALENDAR, 2020) == []
    stale = {r.text for r, _, _ in stale_references(refs, CALENDAR, 2021)}
    assert stale == {"“十三五”规划收官之年", "党的十九大和十九届二中、三中、四中全会精神", "“七五”普法"}


def test_welcoming_a_congress_already_held_is_stale():
    from drafting.years.stale import implied_year, stale_references

    refs = _seed_refs("004")
    year = implied_year(refs, CALENDAR)  # 十九届四中全会 and 从2020年起
    assert year == 2020
    # and the 系列重要讲话精神 it studies, a formula of before the 十九大
    assert [(r.kind, r.text) for r, _, _ in stale_references(refs, CALENDAR, year)] == [
        ("superseded", "习近平总书记系列重要讲话精神"), (CONGRESS, "党的十九大")]


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
    from drafting.years.stale import stale_references

    found = stale_references(find_references([Paragraph(0, text)], CALENDAR), CALENDAR, 2026)
    assert [r.text for r, _, _ in found] == stale
    assert all("党的二十大和二十届二中、三中、四中全会精神" in why for _, why, _ in found)


def test_the_spirit_of_a_congress_is_current_until_the_next_is_held():
    from drafting.years.stale import stale_references

    refs = find_references([Paragraph(0, "学习党的十九大精神和十九届六中全会精神")], CALENDAR)
    assert stale_references(refs, CALENDAR, 2022) == []
    assert len(stale_references(refs, CALENDAR, 2023)) == 2


# --- roles: what an expression does in its sentence ------------------------------------------

def role_of(text: str, kind: str) -> str:
    return next(r.role for r in find_references([Paragraph(0, text)], CALENDAR) if r.kind == kind)


@pytest.mark.parametrize("text,kind,role", [
    # studied: may move on; and the nearest negative of each other role
    ("深入学习贯彻二十届三中全会精神", PLENUM, "study"),
    ("以党的二十大和二十届二中、三中全会精神为指导", PLENUMS, "study"),
    ("二十届三中全会又专门部署了作风建设", PLENUM, "report"),
    ("十九届中央纪委五次全会明确提出要求", DISCIPLINE, "report"),
    ("党的十九大提出新时代党的建设总要求", CONGRESS, "report"),
    ("党的十八大以来，作风持续向好", CONGRESS, "since"),
    ("这是二十届三中全会后的一项重要部署", PLENUM, "after"),
    ("刚刚闭幕的二十届中央纪委五次全会，为我们指明了方向", DISCIPLINE, "recent"),
    ("3月5日，书记到单位宣讲二十届三中全会精神", PLENUM, "dated"),
    ("去年，我们深入学习贯彻二十届三中全会精神", PLENUM, "dated"),
    ("我们党将召开第二十次全国代表大会", CONGRESS, "coming"),
    ("以优异成绩迎接党的二十大召开", CONGRESS, "coming"),
    ("即将召开的二十届四中全会", PLENUM, "coming"),
    ("二十届三中全会和有关会议", PLENUM, ""),
    ("学习领会总书记在二十届三中全会上的重要讲话精神", PLENUM, "tied"),
    ("是全面贯彻二十届三中全会精神的开局之年", PLENUM, "tied"),
    ("要深入学习党章党规党纪、总书记系列重要讲话精神和新理念新思想新战略、二十届三中全会精神", PLENUM, "study"),
    ("学习领会总书记在二十届中央纪委四次全会上的重要讲话精神", DISCIPLINE, "study"),  # one each year
])
def test_an_institutions_role_is_read_from_the_words_around_it(text, kind, role):
    assert role_of(text, kind) == role


@pytest.mark.parametrize("text,role", [
    ("深入开展主题教育", "task"),
    ("扎实开展党纪学习教育", "task"),
    ("主题教育开展以来，成效明显", "past"),
    ("召开主题教育总结大会", "past"),
    ("巩固拓展主题教育成果", "past"),
    ("通过党纪学习教育，纪律意识增强", "past"),
    ("去年，我们扎实开展党纪学习教育", "past"),
    ("主题教育的有关情况", ""),
])
def test_a_campaigns_role_is_task_past_or_unclear(text, role):
    assert role_of(text, CAMPAIGN) == role


def test_new_forms_of_plenum_lists_and_congresses_are_read():
    (r,) = [x for x in find_references([Paragraph(0, "学习党的十九大、十九届二、三、四中全会精神")], CALENDAR)]
    assert (r.kind, r.sessions, r.context) == (PLENUMS, (2, 3, 4), "short")
    (r,) = find_references([Paragraph(0, "贯彻党的十九大和十九届历次全会精神")], CALENDAR)
    assert (r.kind, r.term, r.sessions, r.context) == (PLENUMS, 19, (), "all")
    assert (CONGRESS, "第十九次全国代表大会") in refs("我们党将召开第十九次全国代表大会")
    assert refs("共青团第十九次全国代表大会闭幕") == []  # another body's congress
    (r,) = [x for x in find_references([Paragraph(0, "迎接党的XX大召开")], CALENDAR) if x.kind == CONGRESS]
    assert r.number is None and r.context == "welcome"


def test_short_campaign_names_goals_and_named_anniversaries_are_found():
    from drafting.yearrefs import GOAL, campaign_span

    assert (CAMPAIGN, "主题教育") in refs("深入开展主题教育")
    assert (CAMPAIGN, "“两学一做”常态化制度化") in refs("推进“两学一做”常态化制度化")
    assert campaign_span(CALENDAR.campaigns, "两学一做常态化制度化", 2018).start == 2017
    assert campaign_span(CALENDAR.campaigns, "主题教育", 2020).start == 2019
    assert campaign_span(CALENDAR.campaigns, "主题教育", 2025).start == 2023
    assert campaign_span(CALENDAR.campaigns, "主题教育", 2016) is None
    assert campaign_span(CALENDAR.campaigns, "八项规定精神学习教育", None).start == 2025
    assert (GOAL, "决战脱贫攻坚") in refs("为决战脱贫攻坚提供保障")
    (r,) = find_references([Paragraph(0, "庆祝党的百年华诞")], CALENDAR)
    assert (r.kind, r.name, r.number, r.context) == (ANNIVERSARY, "建党", 100, "named")
    (r,) = find_references([Paragraph(0, "纪念建校59周年")], CALENDAR)
    assert (r.kind, r.name, r.number) == (ANNIVERSARY, "", 59)
    assert (EVENT, "第四届") in refs("举办第四届“青年干部座谈会”")


@pytest.mark.parametrize("text,kind,found", [
    ("去年9月召开了座谈会", "relative", "去年9月"),
    ("从今年全国两会后到7月集中开展", "relative", "今年"),
    ("去年查处违规问题12起", "relative", "去年"),
    ("新年以来，各支部迅速行动", "relative", "新年以来"),
    ("是承前启后的关键一年", "phase", "承前启后的关键一年"),
    ("为实现良好开局提供保证", "phase", "良好开局"),
    ("（3月8日上午，会议室）", "day", "3月8日"),
    ("学习19届4中全会精神", "garbled", "19届4中全会"),
])
def test_relative_dates_and_claims_are_found(text, kind, found):
    assert (kind, found) in refs(text)


@pytest.mark.parametrize("text,found", [
    ("今年“七一”前后召开表彰大会", "今年“七一”前后"),
    ("今年七一前完成支部换届", "今年七一前"),
    ("今年春节期间严查违规吃喝", "今年春节期间"),
    ("今年国庆前完成全部整改", "今年国庆前"),
    ("今年“五四”组织青年座谈", "今年“五四”"),
    ("年初以来，各支部扎实推进", "年初以来"),
])
def test_a_festival_of_this_year_is_a_relative_date(text, found):
    assert ("relative", found) in refs(text)


@pytest.mark.parametrize("text", ["每年“七一”前后开展走访慰问", "深入学习“七一”重要讲话精神", "认真做好七一表彰工作"])
def test_a_recurring_festival_or_a_speech_named_after_one_is_not_a_relative_date(text):
    assert not [k for k, _ in refs(text) if k == "relative"]


@pytest.mark.parametrize("text,found,context", [
    ("2021.3.16", "2021.3.16", "line"),
    ("（2021.3.16）", "2021.3.16", "line"),
    ("2021/3/16", "2021/3/16", "line"),
    ("培训班于2021.3.16在党校开班，各支部选派骨干参加，请于开班前报送名单。", "2021.3.16", ""),
])
def test_a_date_written_with_dots_or_slashes_is_a_date(text, found, context):
    assert [(r.text, r.number, r.context) for r in find_references([Paragraph(0, text)], CALENDAR)
            if r.kind == DATE] == [(found, 2021, context)]


@pytest.mark.parametrize("text", ["系统升级到1.5.2版本", "取值约为3.14", "完成投资2021.5亿元", "升级到v2021.3.16",
                                  "版本号2021.3.16.1", "发布时间：2021/3/16 10:20:35", "编号2021.13.40"])
def test_a_version_decimal_or_timestamp_is_not_a_date(text):
    assert not [r for r in find_references([Paragraph(0, text)], CALENDAR) if r.kind == DATE]


@pytest.mark.parametrize("text", ["今年工作任务很重", "去年以来形势向好", "上半年完成调研", "每年3月8日开展活动，形式多样，内容丰富，广受好评，参加人数逐年增加"])
def test_plain_time_words_are_not_claims(text):
    assert not [k for k, _ in refs(text) if k in ("relative", "day", "phase")]


# --- stale references: history is never stale --------------------------------------------------

def stale_texts(text: str, year: int) -> list[str]:
    from drafting.years.stale import stale_references

    return [r.text for r, _, _ in stale_references(find_references([Paragraph(0, text)], CALENDAR), CALENDAR, year)]


@pytest.mark.parametrize("text,year,stale", [
    ("深入贯彻党的十九大和十九届历次全会精神", 2023, ["党的十九大和十九届历次全会精神"]),
    ("深入贯彻党的二十大和二十届历次全会精神", 2025, []),
    ("以优异成绩迎接党的XX大召开", 2023, ["党的XX大召开"]),
    ("以优异成绩迎接党的XX大召开", 2022, []),
    ("我们党将召开第十九次全国代表大会", 2018, ["第十九次全国代表大会"]),
    ("深入开展主题教育", 2025, ["主题教育"]),
    ("深入开展主题教育", 2023, []),
    ("认真准备即将召开的二十届四中全会", 2026, ["二十届四中全会"]),
    ("认真准备即将召开的二十届四中全会", 2025, []),
    # history and recollection, in any year
    ("党的十八大以来，管党治党宽松软状况得到根本扭转", 2025, []),
    ("党的十九大提出新时代党的建设总要求", 2025, []),
    ("召开主题教育总结大会", 2020, []),
    ("巩固拓展主题教育成果", 2025, []),
    ("这是党的十九大和十九届二中全会后的又一部署", 2023, []),
])
def test_stale_references_follow_the_roles(text, year, stale):
    assert stale_texts(text, year) == stale


def test_a_units_cue_words_extend_what_is_read():
    extra = Calendar(cues=(("positions", ("奋进",)),))
    merged = merge_calendars(CALENDAR, extra)
    assert ("phase", "奋进之年") in refs("是全面奋进之年", merged)
    assert ("phase", "奋进之年") not in refs("是全面奋进之年")


@pytest.mark.parametrize("text,found", [
    ("召开政治交接主题教育动员会", []),
    ("扎实推进本系统廉洁文化主题教育", []),
    ("扎实推进主题教育", ["主题教育"]),
    ("召开主题教育总结大会", ["主题教育"]),
    ("扎实推进第二批主题教育", ["主题教育"]),
    ("全市主题教育工作会议", ["主题教育"]),
    ("巩固拓展主题教育成果", ["主题教育"]),
])
def test_a_short_name_qualified_by_a_units_own_words_is_not_the_central_campaign(text, found):
    assert [t for k, t in refs(text) if k == CAMPAIGN] == found


def test_a_campaign_name_broken_over_two_lines_is_the_longer_name():
    lines = [Paragraph(0, "城关镇关于推进“两学一做”学习教育"), Paragraph(1, "常态化制度化的实施方案")]
    (ref,) = [r for r in find_references(lines, CALENDAR) if r.kind == CAMPAIGN]
    assert ref.name == "“两学一做”学习教育常态化制度化"
    lines = [Paragraph(0, "深入开展“两学一做”学习教育"), Paragraph(1, "一、总体要求")]
    (ref,) = [r for r in find_references(lines, CALENDAR) if r.kind == CAMPAIGN]
    assert ref.name == "“两学一做”学习教育"


def test_zhonggong_n_da_is_a_congress_and_its_year_claim_is_read():
    (ref,) = [r for r in find_references([Paragraph(0, "迎接中共二十大胜利召开")], CALENDAR) if r.kind == CONGRESS]
    assert (ref.text, ref.number, ref.context) == ("中共二十大", 20, "welcome")
    (ref,) = [r for r in find_references([Paragraph(0, "今年是党的二十大召开之年")], CALENDAR) if r.kind == CONGRESS]
    assert ref.context == "held"
    (ref,) = [r for r in find_references([Paragraph(0, "党的二十大召开以来")], CALENDAR) if r.kind == CONGRESS]
    assert ref.context == ""


def test_the_congress_year_claim_dates_the_document_and_a_past_welcome_is_stale():
    from drafting.years.stale import implied_year, stale_references
    found = find_references([Paragraph(0, "今年是党的二十大召开之年，要迎接中共二十大胜利召开。")], CALENDAR)
    assert implied_year(found, CALENDAR) == 2022
    # the claim is the document's own dating: the checks do not call it stale against another year
    assert [r.text for r, *_ in stale_references(found, CALENDAR, 2023)] == ["中共二十大"]
    assert not stale_references(found, CALENDAR, 2022)


def test_the_series_of_speeches_is_stale_after_the_19th_congress():
    from drafting.yearrefs import SUPERSEDED
    from drafting.years.stale import stale_references
    found = find_references([Paragraph(0, "深入学习贯彻习近平总书记系列重要讲话精神")], CALENDAR)
    assert [r.kind for r in found] == [SUPERSEDED]
    assert stale_references(found, CALENDAR, 2018) and not stale_references(found, CALENDAR, 2017)


def test_a_unit_adds_a_superseded_formula_in_its_calendar():
    from drafting.model import Superseded

    unit = Calendar(superseded=(Superseded("三个代表重要思想的旧说法", 19, "新的提法"),))
    from drafting.years.stale import stale_references

    calendar = merge_calendars(CALENDAR, unit)
    text = "认真学习三个代表重要思想的旧说法精神。"
    found = [r for r in find_references([Paragraph(0, text)], calendar) if r.kind == "superseded"]
    assert [r.text for r in found] == ["三个代表重要思想的旧说法精神"]
    assert "新的提法" in stale_references(found, calendar, 2018)[0][1]
    # the bundled formula stays, and its history (……以来) is not one
    assert [r.text for r in find_references([Paragraph(0, "学习习近平总书记系列重要讲话精神")], calendar)
            if r.kind == "superseded"] == ["习近平总书记系列重要讲话精神"]
    assert not [r for r in find_references([Paragraph(0, "习近平总书记系列重要讲话发表以来")], calendar)
                if r.kind == "superseded"]
