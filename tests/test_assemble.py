"""Assembling outlines: numbering, year facts in the text, strictness and the sandbox."""

import datetime as dt

import pytest

from drafting import sandbox
from drafting.assemble import assemble, paragraphs, tidy
from drafting.errors import TemplateProblem
from drafting.library import load_library
from drafting.resources import bundled as bundled_dir
from drafting.model import KINDS, PLAN, SPEECH, Occasion, Recipe, SectionSpec
from drafting.yearfacts import year_facts

from helpers import plan_item, speech_item, write_library

CATS = ["甲类", "乙类", "丙类"]


def small_library(tmp_path, extra=()):
    files = {}
    for n, cat in enumerate(CATS):
        files[f"{n}.yaml"] = {
            "category": cat,
            "snippets": [
                {"id": f"h{n}", "kind": "heading", "genre": "both", "body": f"做好{cat}工作"},
                plan_item(f"p{n}a", f"{cat}第一条", "在{{ year }}年推进{{ org }}的工作。"),
                plan_item(f"p{n}b", f"{cat}第二条", "落实措施。", points=["建立台账。", "定期检查。"]),
                plan_item(f"p{n}old", f"{cat}旧条目", "已经过时。", until=2017),
                speech_item(f"s{n}a", f"要抓好{cat}", "大家要认真落实。"),
                speech_item(f"s{n}b", f"要深化{cat}", "持续用力。"),
            ],
        }
    files["x.yaml"] = {
        "category": "其他",
        "snippets": [
            {"id": "pre", "kind": "preamble", "genre": "plan",
             "body": "{{ year }}年是“{{ fyp }}”规划{{ fyp_phase or '推进' }}。\n\n第二段要求。"},
            {"id": "op", "kind": "opening", "genre": "speech", "body": "这次{{ meeting }}的任务是部署工作。"},
            {"id": "cl", "kind": "closing", "genre": "speech", "body": "同志们，让我们团结奋斗。"},
            *extra,
        ],
    }
    files["calendar.yaml"] = (bundled_dir("snippets") / "calendar.yaml").read_text(encoding="utf-8")
    return load_library([write_library(tmp_path / "lib", files)], bundled_first=False)


def plan_recipe(categories, **kw):
    return Recipe(name="测试", genre=PLAN, title="{{ year }}年{{ org }}工作要点",
                  sections=tuple(SectionSpec(c, count=kw.get("count", 2)) for c in categories), signature=True)


OCC = Occasion(year=2026, org="市测试局", date=dt.date(2026, 1, 8))


def test_plan_numbering_runs_on_across_sections(tmp_path):
    outline = assemble(small_library(tmp_path), plan_recipe(CATS), OCC)
    assert [s.number for s in outline.sections] == [1, 2, 3]
    assert [i.number for i in outline.items()] == [1, 2, 3, 4, 5, 6]
    assert outline.title == "2026年市测试局工作要点"
    assert outline.signature == "市测试局" and outline.date == dt.date(2026, 1, 8)


def test_numbering_stays_continuous_with_a_section_removed(tmp_path):
    outline = assemble(small_library(tmp_path), plan_recipe(["甲类", "丙类"]), OCC)
    assert [(s.number, s.heading) for s in outline.sections] == [(1, "做好甲类工作"), (2, "做好丙类工作")]
    assert [i.number for i in outline.items()] == [1, 2, 3, 4]
    assert outline.items()[2].lead == "丙类第一条"


def test_points_are_enumerated_and_params_filled(tmp_path):
    outline = assemble(small_library(tmp_path), plan_recipe(["甲类"]), OCC)
    first, second = outline.sections[0].items
    assert first.text == "在2026年推进市测试局的工作。"
    assert second.text == "落实措施。一是建立台账。二是定期检查。"
    assert outline.preamble == ("2026年是“十五五”规划开局之年。", "第二段要求。")


def test_items_out_of_their_years_are_not_chosen(tmp_path):
    lib = small_library(tmp_path)
    assert "p0old" not in [i.source for i in assemble(lib, plan_recipe(["甲类"], count=5), OCC).items()]
    old = assemble(lib, plan_recipe(["甲类"], count=5), Occasion(year=2016, org="局"))
    assert "p0old" in [i.source for i in old.items()]


def test_items_written_for_a_span_of_years_come_first_in_those_years(tmp_path):
    extra = [
        plan_item("p0wide", "甲类五年条目", "五年内适用。", category="甲类", since=2024, until=2028),
        plan_item("p0campaign", "甲类学习教育", "当年的学习教育。", category="甲类", since=2026, until=2026),
    ]
    lib = small_library(tmp_path, extra)
    chosen = [i.source for i in assemble(lib, plan_recipe(["甲类"], count=3), OCC).items()]
    # the year's own item first, then the five-year one, then the open-ended ones in file order
    assert chosen == ["p0campaign", "p0wide", "p0a"]
    later = assemble(lib, plan_recipe(["甲类"], count=3), Occasion(year=2027, org="局"))
    assert [i.source for i in later.items()] == ["p0wide", "p0a", "p0b"]


def test_explicit_items_out_of_range_are_left_out_with_a_note(tmp_path):
    recipe = Recipe(name="r", genre=PLAN, title="t",
                    sections=(SectionSpec("甲类", items=("p0old", "p0a")),))
    outline = assemble(small_library(tmp_path), recipe, OCC)
    assert [i.source for i in outline.items()] == ["p0a"]
    assert any("p0old" in n for n in outline.notes)


def test_speech_paragraphs_count_within_each_section(tmp_path):
    recipe = Recipe(name="测试会议", genre=SPEECH, title="在{{ meeting }}上的讲话",
                    sections=(SectionSpec("甲类"), SectionSpec("乙类")))
    outline = assemble(small_library(tmp_path), recipe, Occasion(year=2026, org="局", speaker="张三"))
    assert [[i.number for i in s.items] for s in outline.sections] == [[1, 2], [1, 2]]
    assert outline.title == "在测试会议上的讲话"
    assert outline.preamble == ("这次测试会议的任务是部署工作。",)
    assert outline.closing == ("同志们，让我们团结奋斗。",)
    assert outline.speaker == "张三"


def test_missing_parameter_names_parameter_snippet_and_file(tmp_path):
    bad = {"id": "bad-pre", "kind": "preamble", "genre": "plan", "body": "{{ anniversaries[0].text }}"}
    lib = small_library(tmp_path, [bad])
    recipe = Recipe(name="r", genre=PLAN, title="t", sections=(SectionSpec("甲类"),), preamble=("bad-pre",))
    with pytest.raises(TemplateProblem) as info:
        assemble(lib, recipe, Occasion(year=2017, org="局"))  # 2017 has no round anniversary
    err = info.value
    assert err.snippet == "bad-pre" and err.path.endswith("x.yaml") and err.line
    assert "bad-pre" in str(err) and "x.yaml" in str(err)


def test_sandbox_refuses_attribute_tricks(tmp_path):
    bad = {"id": "evil", "kind": "preamble", "genre": "plan", "body": "{{ org.__class__.__mro__ }}"}
    lib = small_library(tmp_path, [bad])
    recipe = Recipe(name="r", genre=PLAN, title="t", sections=(SectionSpec("甲类"),), preamble=("evil",))
    with pytest.raises(TemplateProblem) as info:
        assemble(lib, recipe, OCC)
    assert info.value.snippet == "evil" and "不安全" in info.value.message


def test_markup_characters_stay_plain_text(tmp_path):
    outline = assemble(small_library(tmp_path), plan_recipe(["甲类"]), Occasion(year=2026, org="A&B<局>"))
    assert outline.items()[0].text == "在2026年推进A&B<局>的工作。"


def test_tidy_and_paragraphs():
    assert tidy("坚持 学习，\n  推动 work done 落实") == "坚持学习，推动work done落实"
    assert paragraphs("第一段\n接着。\n\n  \n第二段。") == ("第一段接着。", "第二段。")


# -- the bundled library ------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_library()


def test_every_bundled_snippet_renders_for_every_year(bundled):
    assert len(bundled.snippets) > 50
    for year in range(2016, 2031):
        params = {**year_facts(bundled.calendar, year).params(),
                  **Occasion(year=year, org="市发展改革委").params(), "meeting": "工委会议"}
        for s in bundled.snippets.values():
            for source in (s.body, s.lead or "", *s.points):
                text = sandbox.render(source, params)
                assert "{{" not in text and "{%" not in text, (s.id, year)


@pytest.mark.parametrize("year", range(2016, 2031))
def test_bundled_recipes_assemble_for_every_year(bundled, year):
    occ = Occasion(year=year, org="市发展改革委")
    for recipe in [*bundled.plans.values(), *bundled.meetings.values()]:
        outline = assemble(bundled, recipe, occ)
        assert outline.sections and all(s.items for s in outline.sections), recipe.name
        assert not [n for n in outline.notes if "略去" in n], (recipe.name, outline.notes)
        if recipe.genre == PLAN:
            assert outline.preamble
            numbers = [i.number for i in outline.items()]
            assert numbers == list(range(1, len(numbers) + 1))
        else:
            assert outline.preamble and outline.closing[0].startswith("同志们，")


@pytest.mark.parametrize(
    "year, phrase",
    [(2016, "十三五"), (2021, "十四五"), (2025, "收官之年"), (2026, "开局之年"), (2030, "十五五")],
)
def test_bundled_plan_states_the_year_facts(bundled, year, phrase):
    outline = assemble(bundled, bundled.plan(), Occasion(year=year, org="市发展改革委"))
    text = "".join(outline.preamble)
    assert phrase in text
    assert year_facts(bundled.calendar, year).plenums in text


@pytest.mark.parametrize(
    "year, campaign, elsewhere",
    [(2016, "两学一做", 2014), (2021, "党史学习教育", 2022), (2024, "党纪学习教育", 2025)],
)
def test_bundled_plan_items_speak_of_the_years_campaign(bundled, year, campaign, elsewhere):
    def leads(y):
        return [i.lead for i in assemble(bundled, bundled.plan(), Occasion(year=y, org="局")).items()]

    assert any(campaign in lead for lead in leads(year)), leads(year)
    assert not any(campaign in lead for lead in leads(elsewhere))


def _plan_text(lib, year, profile=None):
    outline = assemble(lib, lib.plan(profile), Occasion(year=year, org="测试局"))
    return "".join([*outline.preamble, *(f"{s.heading}{''.join((i.lead or '') + i.text for i in s.items)}"
                                          for s in outline.sections)])


@pytest.mark.parametrize(
    "term, absent, present",
    [
        ("支部工作条例", [2013, 2016, 2018], [2019, 2026]),  # issued November 2018
        ("团的十九大", [2022, 2023, 2029], [2024, 2028]),  # held June 2023; next congress about 2028
        ("四个意识", [2013, 2014, 2015], [2016, 2017]),  # first put forward in 2016
        ("全面从严治党", [2013, 2014], [2015, 2026]),  # first put forward in December 2014
        ("四种形态", [2013, 2014, 2015], []),  # put forward in September 2015
    ],
)
def test_bundled_plans_cite_dated_terms_only_in_their_years(bundled, term, absent, present):
    for profile in bundled.plans:
        for year in absent:
            assert term not in _plan_text(bundled, year, profile), (profile, year)
    for year in present:
        assert any(term in _plan_text(bundled, year, p) for p in bundled.plans), year


@pytest.mark.parametrize("year", [2016, 2021, 2026])
def test_branch_plan_is_titled_once_and_drafts_branch_work(bundled, year):
    recipe = bundled.plan("党支部工作要点")
    outline = assemble(bundled, recipe, Occasion(year=year, org="第一党支部"))
    assert outline.title == f"{year}年第一党支部工作要点"
    text = _plan_text(bundled, year, "党支部工作要点")
    assert "专职副书记" not in text
    assert not [i.lead for i in outline.items() if "中心组" in (i.lead or "")]
    assert assemble(bundled, recipe, Occasion(year=year, org="机关第二支部")).title == f"{year}年机关第二支部工作要点"
    assert assemble(bundled, recipe, Occasion(year=year, org="市财政局")).title == f"{year}年市财政局党支部工作要点"
    plan = assemble(bundled, bundled.plan(), Occasion(year=year, org="市财政局机关党委"))
    assert plan.title == f"{year}年市财政局机关党委党的建设工作要点"


def test_bundled_library_has_the_required_breadth(bundled):
    for cat in ["政治建设", "思想建设", "组织建设", "作风建设", "纪律建设", "群团建设"]:
        assert len(bundled.select("item", PLAN, category=cat)) >= 8, cat
        assert len(bundled.select("item", SPEECH, category=cat)) >= 4, cat
    assert {"工委会议", "党建工作会议", "年中推进会"} <= set(bundled.meetings)
    assert bundled.meeting("党风廉政建设工作会议") is not None
    assert set(KINDS) <= {s.kind for s in bundled.snippets.values()}
