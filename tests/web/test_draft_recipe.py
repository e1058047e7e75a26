"""The 起草 page's logic without a browser: the form's sections → the recipe drafted; draft.yaml saved back."""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

import pytest
from werkzeug.datastructures import MultiDict

from drafting import jobs
from drafting.assemble import assemble, picks
from drafting.config import load_config
from drafting.errors import DraftError, InputError
from drafting.model import Occasion
from drafting.web.draftpage import Choice, Texts, arranged, choices, default_choices, refit, sections_view

YEAR = 2026


@pytest.fixture(scope="module")
def lib():
    return jobs.library()


@pytest.fixture(scope="module")
def plan(lib):
    return lib.plan()


def _outline(lib, recipe):
    return assemble(lib, recipe, Occasion(year=YEAR, org="市审计局"))


def test_the_defaults_the_page_shows_draft_what_the_cli_drafts(lib, plan):
    same = arranged(plan, default_choices(lib, plan, YEAR), lib, YEAR)
    assert _outline(lib, same) == _outline(lib, plan)
    for recipe in list(lib.meetings.values()) + list(lib.plans.values()):
        for year in (2016, 2021, 2030):
            again = arranged(recipe, default_choices(lib, recipe, year), lib, year)
            occasion = Occasion(year=year, org="某单位")
            assert assemble(lib, again, occasion) == assemble(lib, recipe, occasion), (recipe.name, year)


def test_picks_follow_a_recipe_that_lists_its_items(lib, plan):
    spec = plan.sections[0]
    pool = lib.select("item", "plan", YEAR, spec.category)
    listed = replace(plan, sections=(replace(spec, items=(pool[-1].id, pool[0].id)),) + plan.sections[1:])
    assert picks(lib, listed, YEAR)[0].items == (pool[-1].id, pool[0].id)


def test_the_form_becomes_choices_in_the_page_order():
    form = MultiDict([("section", "思想建设"), ("section", "政治建设"), ("section", "组织建设"),
                      ("include", "政治建设"), ("include", "思想建设"),
                      ("heading:政治建设", "h1"), ("heading:思想建设", ""),
                      ("item:政治建设", "a"), ("item:政治建设", " b "), ("item:思想建设", "c"),
                      ("item:组织建设", "d")])
    assert choices(form) == (Choice("思想建设", True, None, ("c",)), Choice("政治建设", True, "h1", ("a", "b")),
                             Choice("组织建设", False, None, ("d",)))


def test_unticked_sections_are_left_out_and_the_order_and_swaps_kept(lib, plan):
    chosen = list(default_choices(lib, plan, YEAR))
    first, second, third = chosen[0], chosen[1], chosen[2]
    other = next(s.id for s in lib.select("item", "plan", YEAR, first.category) if s.id not in first.items)
    chosen[0] = replace(first, items=(other,) + first.items[1:])
    chosen[2] = replace(third, included=False)
    chosen[0], chosen[1] = chosen[1], chosen[0]
    outline = _outline(lib, arranged(plan, tuple(chosen), lib, YEAR))
    assert [s.category for s in outline.sections] == [second.category, first.category] + [
        c.category for c in chosen[3:]]
    assert [i.source for i in outline.sections[1].items] == [other, *first.items[1:]]
    # plan items run on across the sections as the user ordered them
    assert [i.number for s in outline.sections for i in s.items] == list(
        range(1, sum(len(s.items) for s in outline.sections) + 1))
    assert outline.sections[1].items[0].number == len(second.items) + 1


@pytest.mark.parametrize("change, words", [
    (lambda c, lib: [replace(x, included=False) for x in c], "没有勾选任何部分"),
    (lambda c, lib: [replace(c[0], items=())] + c[1:], "部分没有选任何条目"),
    (lambda c, lib: [replace(c[0], items=c[0].items + c[0].items[:1])] + c[1:], "同一片段不能用两次"),
    (lambda c, lib: [replace(c[0], items=c[1].items[:1])] + c[1:], "不能放进"),
    (lambda c, lib: [replace(c[0], items=("不存在的片段",))] + c[1:], "素材库中没有 id 为“不存在的片段”"),
    (lambda c, lib: [replace(c[0], heading=c[0].items[0])] + c[1:], "不是工作要点的标题"),
    (lambda c, lib: [Choice("不存在的类别", True, None, ("x",))] + c, "中没有“不存在的类别”部分"),
    (lambda c, lib: [replace(c[0], items=(next(
        s.id for s in lib.select("item", "speech", None, c[0].category)),))] + c[1:], "不是工作要点的条目"),
])
def test_a_form_the_page_should_not_have_sent_is_refused_in_chinese(lib, plan, change, words):
    chosen = list(default_choices(lib, plan, YEAR))
    with pytest.raises(InputError) as caught:
        arranged(plan, tuple(change(chosen, lib)), lib, YEAR)
    assert words in caught.value.message


def test_a_snippet_not_written_for_the_year_is_refused(lib, plan):
    dated = next(s for s in lib.snippets.values() if s.kind == "item" and s.until is not None
                 and s.until < YEAR and "plan" in s.genres and s.category in [x.category for x in plan.sections])
    chosen = [c if c.category != dated.category else replace(c, items=(dated.id,))
              for c in default_choices(lib, plan, YEAR)]
    with pytest.raises(InputError, match=f"不适用于{YEAR}年"):
        arranged(plan, tuple(chosen), lib, YEAR)


def test_the_sections_view_lists_the_choices_and_keeps_a_missing_section_unticked(lib, plan):
    texts = Texts(lib, YEAR, Occasion(year=YEAR, org="市审计局"))
    chosen = default_choices(lib, plan, YEAR)[1:]
    views = sections_view(lib, plan, YEAR, texts, chosen)
    assert [v.category for v in views] == [c.category for c in chosen] + [plan.sections[0].category]
    assert [v.label for v in views][:2] == ["一、", "二、"] and views[-1].label == "" and not views[-1].included
    for view in views:
        assert {o.id for o in view.items} <= {o.id for o in view.options}
        assert all(o.text and "{{" not in o.text for o in view.options)
    assert any("市审计局" in o.text for v in views for o in v.options)


def _write(folder, text):
    (folder / "draft.yaml").write_text(text, encoding="utf-8")


def test_saving_keeps_libraries_templates_and_a_backup_of_each_previous_file(tmp_path):
    (tmp_path / "素材库").mkdir()
    old = ('# 手写的说明\norg: "旧单位"\nspeaker: "王五"\nlibrary:\n  - 素材库\n  - ../共享素材\n'
           'templates:\n  plan: 模板/要点.docx\n')
    _write(tmp_path, old)
    saved = jobs.save_settings(tmp_path, org=" 市统计局 ", org_short=None, superior="市直机关工委", speaker=None)
    assert saved.path == tmp_path / "draft.yaml" and saved.backup == tmp_path / "draft.yaml.bak"
    cfg = load_config(tmp_path / "draft.yaml")
    assert (cfg.org, cfg.superior, cfg.speaker) == ("市统计局", "市直机关工委", None)
    assert cfg.libraries == (tmp_path / "素材库", tmp_path / "../共享素材")
    assert cfg.templates == (("plan", tmp_path / "模板/要点.docx"),)
    assert saved.backup.read_text(encoding="utf-8") == old
    again = jobs.save_settings(tmp_path, org="市统计局二", org_short=None, superior=None, speaker=None)
    assert again.backup == tmp_path / "draft.yaml.2.bak"
    assert (tmp_path / "draft.yaml.bak").read_text(encoding="utf-8") == old
    assert load_config(tmp_path / "draft.yaml").libraries == cfg.libraries


def test_saving_without_a_draft_yaml_writes_one_and_no_backup(tmp_path):
    saved = jobs.save_settings(tmp_path, org="市审计局", org_short="审计局", superior=None, speaker=None)
    assert saved.backup is None and load_config(saved.path).org_short == "审计局"
    assert list(tmp_path.iterdir()) == [saved.path]


def test_saving_writes_the_draft_yaml_in_effect_in_a_parent_folder(tmp_path):
    _write(tmp_path, 'org: "旧单位"\n')
    inner = tmp_path / "工作目录"
    inner.mkdir()
    saved = jobs.save_settings(inner, org="新单位", org_short=None, superior=None, speaker=None)
    assert saved.path == tmp_path / "draft.yaml" and not (inner / "draft.yaml").exists()


def test_saving_refuses_an_empty_name_and_a_broken_file_is_not_replaced(tmp_path):
    with pytest.raises(InputError, match="请填写单位全称"):
        jobs.save_settings(tmp_path, org="  ", org_short=None, superior=None, speaker=None)
    _write(tmp_path, "org: [不对\n")
    with pytest.raises(DraftError) as caught:
        jobs.save_settings(tmp_path, org="市审计局", org_short=None, superior=None, speaker=None)
    assert caught.value.path and str(caught.value.path).endswith("draft.yaml")
    assert (tmp_path / "draft.yaml").read_text(encoding="utf-8") == "org: [不对\n"
    assert not (tmp_path / "draft.yaml.bak").exists()


def test_draft_with_a_recipe_and_a_target_writes_the_arranged_document(tmp_path, lib, plan):
    chosen = default_choices(lib, plan, YEAR)[:2]
    recipe = arranged(plan, chosen, lib, YEAR)
    req = jobs.Request(genre="plan", year=YEAR, org="市审计局")
    result = jobs.draft(req, recipe=recipe, target=lambda o: tmp_path / f"{o.title}.docx",
                        today=_dt.date(YEAR, 1, 5))
    assert result.path == tmp_path / "2026年市审计局党的建设工作要点.docx" and result.path.is_file()
    assert [s.category for s in result.outline.sections] == [c.category for c in chosen]


def test_a_new_year_keeps_the_arrangement_where_it_fits(lib, plan):
    chosen = list(default_choices(lib, plan, YEAR))
    dated = next(s for s in lib.snippets.values() if s.kind == "item" and s.since is not None
                 and s.since > 2017 and "plan" in s.genres and s.category == chosen[1].category)
    chosen[0], chosen[1] = replace(chosen[1], items=(dated.id,)), replace(chosen[0], included=False)
    kept = refit(tuple(chosen), lib, plan, 2017)
    assert [(c.category, c.included) for c in kept] == [(c.category, c.included) for c in chosen]
    # the only item was not written for 2017: the section takes that year's defaults
    assert kept[0].items == picks(lib, plan, 2017)[1].items and dated.id not in kept[0].items
    fit = tuple(sid for sid in chosen[1].items if lib.get(sid).valid_for(2017))
    assert fit and fit != chosen[1].items and kept[1].items == fit  # those written since 2018 go
    arranged(plan, kept, lib, 2017)  # and the form it makes drafts


@pytest.fixture
def client(tmp_path):
    from drafting.web.app import create_app
    from drafting.web.folder import WorkFolder

    app = create_app(WorkFolder(tmp_path), 8765, token="t")
    base = {"Host": "127.0.0.1:8765"}
    posting = {**base, "Origin": "http://127.0.0.1:8765", "X-CSRF-Token": "t"}
    c = app.test_client()
    c.get_page = lambda path: c.get(path, headers=base)
    c.post_form = lambda path, data: c.post(path, data=data, headers=posting)
    return c


def test_the_section_search_ranks_as_draft_snippets_search(client, lib):
    got = client.get_page(f"/draft/search?q=党员教育&category=组织建设&genre=plan&year={YEAR}").get_json()
    cli = jobs.search("党员教育", category="组织建设", genre="plan", limit=60)
    expected = [h.id for h in cli.hits if lib.get(h.id).kind == "item" and lib.get(h.id).valid_for(YEAR)][:10]
    assert [r["id"] for r in got["results"]] == expected and expected


def test_saving_with_no_name_says_so_on_the_page(client, tmp_path):
    page = client.post_form("/draft/settings", {"org": " ", "genre": "plan", "year": str(YEAR)})
    assert page.status_code == 400 and "请填写单位全称" in page.get_data(as_text=True)
    assert not (tmp_path / "draft.yaml").exists()
