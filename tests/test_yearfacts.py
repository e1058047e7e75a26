import pytest

from drafting.library import load_library
from drafting.model import Calendar, Plenum
from drafting.yearfacts import latest_plenums, year_facts


@pytest.fixture(scope="module")
def calendar():
    return load_library().calendar


@pytest.mark.parametrize(
    "year, fyp, phase, plenums",
    [
        (2016, "十三五", "开局之年", "党的十八大和十八届二中、三中、四中、五中全会精神"),
        (2018, "十三五", "", "党的十九大精神"),
        (2020, "十三五", "收官之年", "党的十九大和十九届二中、三中、四中全会精神"),
        (2021, "十四五", "开局之年", "党的十九大和十九届二中、三中、四中、五中全会精神"),
        (2023, "十四五", "", "党的二十大精神"),
        (2025, "十四五", "收官之年", "党的二十大和二十届二中、三中全会精神"),
        (2026, "十五五", "开局之年", "党的二十大和二十届二中、三中、四中全会精神"),
        (2030, "十五五", "收官之年", "党的二十大和二十届二中、三中、四中全会精神"),
    ],
)
def test_plan_phase_and_plenums(calendar, year, fyp, phase, plenums):
    facts = year_facts(calendar, year)
    assert (facts.fyp, facts.fyp_phase, facts.plenums) == (fyp, phase, plenums)


def test_latest_plenum_and_campaign(calendar):
    assert year_facts(calendar, 2020).latest_plenum == "十九届四中全会"
    assert year_facts(calendar, 2023).latest_plenum == ""  # only the 一中 of the new term so far
    assert year_facts(calendar, 2021).campaign == "党史学习教育"
    assert year_facts(calendar, 2026).campaign == ""
    assert year_facts(calendar, 2018).legal_plan == "七五普法"
    assert year_facts(calendar, 2022).legal_plan == "八五普法"


def test_only_round_anniversaries(calendar):
    texts = [a.text for a in year_facts(calendar, 2016).anniversaries]
    assert "中国共产党成立95周年" in texts and "红军长征胜利80周年" in texts
    assert year_facts(calendar, 2017).anniversaries == ()  # 96th and 81st are not commemorated
    assert year_facts(calendar, 2021).party_age == 100


def test_years_past_the_calendar_are_flagged(calendar):
    assert year_facts(calendar, 2026).notes == ()
    assert any("2028年" in n for n in year_facts(calendar, 2028).notes)


def test_a_later_plenum_added_by_the_user_is_cited():
    from drafting.library import merge_calendars

    base = load_library().calendar
    extended = merge_calendars(base, Calendar(plenums=(Plenum(20, 5, "2026-10"),)))
    assert year_facts(extended, 2027).plenums == "党的二十大和二十届二中、三中、四中、五中全会精神"
    assert year_facts(extended, 2027).latest_plenum == "二十届五中全会"


def test_latest_plenums_before_a_year(calendar):
    congress, plenums = latest_plenums(calendar, 2021)
    assert congress == 19 and [p.session for p in plenums] == [2, 3, 4, 5]
    congress, plenums = latest_plenums(calendar, 2023)
    assert congress == 20 and plenums == ()


def test_covered_years_run_from_the_first_congress_to_the_last_plan(calendar):
    from drafting.yearfacts import covered_years

    assert covered_years(calendar) == (2013, 2030)
    assert covered_years(Calendar()) is None


@pytest.mark.parametrize("year, name, span", [
    (1955, "一五", "1953—1957年"), (1966, "三五", "1966—1970年"), (1990, "七五", "1986—1990年"),
    (2031, "十六五", "2031—2035年"), (2100, "二十九五", "2096—2100年"),
])
def test_a_plan_the_calendar_does_not_list_follows_by_arithmetic(calendar, year, name, span):
    facts = year_facts(calendar, year)
    assert (facts.fyp, facts.fyp_span) == (name, span)
    assert not any("五年规划" in n for n in facts.notes)


def test_no_plan_in_the_readjustment_years(calendar):
    assert year_facts(calendar, 1964).fyp == ""
    assert year_facts(calendar, 2031).fyp_phase == "开局之年"


def test_campaign_aliases_goals_and_named_anniversaries_load_and_extend(tmp_path):
    from helpers import write_library

    unit = write_library(tmp_path / "unit", {"cal.yaml": {"calendar": {
        "campaigns": [{"name": "某某专题教育", "start": 2027, "end": 2027, "aliases": ["专题教育"]}],
        "goals": [{"name": "某某攻坚", "start": 2026, "end": 2027}],
        "anniversaries": [{"name": "建市", "base": 1983, "text": "建市{n}周年",
                           "named": [{"text": "建市五十年", "count": 50}]}],
    }}})
    cal = load_library([unit]).calendar
    assert cal.campaigns[-1].aliases == ("专题教育",)
    assert [g.name for g in cal.goals][-1] == "某某攻坚" and any(g.name == "决战脱贫攻坚" for g in cal.goals)
    assert cal.anniversaries[-1].named == (("建市五十年", 50),)


def test_a_bad_named_anniversary_names_the_line(tmp_path):
    from drafting.errors import DataError

    (tmp_path / "unit").mkdir()
    (tmp_path / "unit" / "cal.yaml").write_text(
        "calendar:\n  anniversaries:\n    - name: 建市\n      base: 1983\n      text: 建市{n}周年\n"
        "      named:\n        - {text: 建市五十年, number: 50}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_library([tmp_path / "unit"])
    assert caught.value.line == 7


def test_a_units_cue_words_are_added_and_an_unknown_cue_names_the_line(tmp_path):
    from drafting.errors import DataError
    from helpers import write_library

    unit = write_library(tmp_path / "unit", {"cal.yaml": {"calendar": {"cues": {"positions": ["奋进"]}}}})
    cal = load_library([unit]).calendar
    assert "奋进" in cal.cue("positions") and "开局" in cal.cue("positions")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "cal.yaml").write_text("calendar:\n  cues:\n    verbs: [学习]\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_library([tmp_path / "bad"])
    assert caught.value.line == 3
