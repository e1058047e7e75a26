"""Searching the library: BM25 ranking over leads, bodies and tags, the cached index, the CLI."""

from __future__ import annotations

import json

import pytest

from drafting import search
from drafting.cli import main
from drafting.library import load_library
from drafting.segment import segmenter

from helpers import plan_item, speech_item, write_library

# A small fixed library: two snippets about 组织生活 (the 三会一课 are its core), others that
# mention 三会一课 in passing or not at all.
FILES = {
    "组织建设.yaml": {"category": "组织建设", "snippets": [
        plan_item("zz-sanhui", "严格落实“三会一课”",
                  "按期召开支部党员大会、支部委员会和党小组会，按规定上好党课，严肃党内组织生活。",
                  tags=["三会一课", "组织生活"]),
        speech_item("zz-life", "组织生活要有质量",
                    "“三会一课”是党的组织生活的基本制度，要开出质量、开出实效，不能念念文件就算完成任务。",
                    tags=["组织生活"]),
        plan_item("zz-members", "从严管理党员", "做好党员发展和教育管理，按时收缴党费，及时转接组织关系。"),
    ]},
    "思想建设.yaml": {"category": "思想建设", "snippets": [
        plan_item("sx-study", "抓好党员日常学习",
                  "以党支部为单元组织集中学习，每月确定学习重点，推行支部书记领学、党员轮流讲学、学后交流分享，"
                  "对出差休假未能参加的党员及时安排补学，学习情况在三会一课中通报，确保学习全覆盖、不掉队。"),
        plan_item("sx-theory", "深化理论武装", "坚持第一议题制度，发挥中心组示范作用。", tags=["第一议题"]),
    ]},
    "纪律建设.yaml": {"category": "纪律建设", "snippets": [
        plan_item("jl-warning", "深化警示教育", "用身边事教育身边人，开展以案促改。", tags=["警示教育"]),
        plan_item("jl-rules", "学习{{ year }}年新修订的纪律规定",
                  "把学习贯彻{{ plenums }}同严明纪律结合起来，{{ org }}全体党员逐条学习纪律处分条例。"),
    ]},
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = write_library(tmp_path_factory.mktemp("lib") / "lib", FILES)
    lib = load_library([folder], bundled_first=False)
    return search.build(lib, segmenter(load_library().terms))


def ids(hits):
    return [h.id for h in hits]


def test_sanhui_finds_the_organisational_life_snippets_first(index):
    words, hits = search.search(index, "三会一课")
    assert words == ["三会一课"]  # a domain term: one word, not 三会 + 一课
    assert set(ids(hits[:2])) == {"zz-sanhui", "zz-life"}
    assert ids(hits) == ["zz-sanhui", "zz-life", "sx-study"]
    assert hits[0].score > hits[2].score > 0
    assert "三会一课" in hits[1].excerpt  # the body around the word


def test_lead_and_tags_weigh_more_than_the_body(index):
    _, hits = search.search(index, "警示教育")
    assert ids(hits)[0] == "jl-warning"
    _, hits = search.search(index, "组织生活")
    assert set(ids(hits)[:2]) == {"zz-sanhui", "zz-life"}  # tagged, ahead of a plain mention


def test_filters_and_limit(index):
    assert ids(search.search(index, "三会一课", genre="speech")[1]) == ["zz-life"]
    assert ids(search.search(index, "三会一课", category="思想建设")[1]) == ["sx-study"]
    assert len(search.search(index, "三会一课", limit=1)[1]) == 1


def test_unknown_words_find_nothing(index):
    assert search.search(index, "区块链") == ([], [])


def test_a_query_word_the_library_never_uses_whole_is_looked_for_in_parts(index):
    words, hits = search.search(index, "第一议题学习制度")
    assert "第一议题" in words and ids(hits)[0] == "sx-theory"


def test_query_dictionary_cuts_like_the_full_one(index):
    full = segmenter(load_library().terms)
    from drafting.segment import Segmenter

    small = Segmenter(index.terms, dictionary=index.dictionary)
    for text in ("严格落实三会一课制度", "按规定上好党课", "深化以案促改"):
        assert small.cut(text) == full.cut(text)


# -- the CLI, over the bundled library and a unit's folder ---------------------------------------


@pytest.fixture
def unit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return write_library(tmp_path / "lib", FILES)


def test_an_excerpt_shows_where_parameters_go(index):
    hit = index.search(index.query_words(["纪律处分条例"]))[0]
    assert hit.id == "jl-rules"
    # not “学习年新修订的”, “学习贯彻同严明纪律”: the reader sees that a parameter fills the gap
    assert hit.lead == "学习{year}年新修订的纪律规定"
    assert "结合起来，{org}全体党员逐条学习纪律处分条例" in hit.excerpt


def test_cli_json_gives_ids_scores_and_leads(unit, capsys):
    assert main(["snippets", "search", "三会一课", "--library", str(unit), "--json", "-n", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "三会一课" and out["words"] == ["三会一课"]
    results = out["results"]
    assert len(results) == 5 and {"id", "score", "lead"} <= results[0].keys()
    assert results[0]["score"] >= results[-1]["score"]
    assert "zz-sanhui" in [r["id"] for r in results]


def test_cli_empty_result_says_so(unit, capsys):
    assert main(["snippets", "search", "区块链", "--library", str(unit)]) == 0
    assert "没有找到与“区块链”相关的片段" in capsys.readouterr().out


def test_cli_unknown_category(unit, capsys):
    assert main(["snippets", "search", "三会一课", "-c", "不存在", "--library", str(unit)]) == 2
    assert "没有“不存在”类别" in capsys.readouterr().err


def test_index_is_reused_until_a_file_changes(unit, capsys, monkeypatch):
    assert main(["snippets", "search", "警示教育", "--library", str(unit)]) == 0
    capsys.readouterr()
    from drafting.jobs import repository  # where the search job looks load_library up

    def no_loading(*args, **kwargs):
        raise AssertionError("the library was loaded although nothing changed")

    monkeypatch.setattr(repository, "load_library", no_loading)
    assert main(["snippets", "search", "警示教育", "--library", str(unit)]) == 0
    assert "jl-warning" in capsys.readouterr().out
    monkeypatch.undo()
    # A change is seen: the edited snippet is found under its new words.
    path = unit / "纪律建设.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("以案促改", "廉政家访"), encoding="utf-8")
    assert main(["snippets", "search", "廉政家访", "--library", str(unit)]) == 0
    assert "jl-warning" in capsys.readouterr().out


def test_broken_library_stops_the_search_with_file_and_line(unit, capsys):
    (unit / "坏.yaml").write_text("category: 组织建设\nsnippets:\n  - id: bad\n    genre: plan\n"
                                 "    lead: 小标题\n    body: {{ yaer }}年\n", encoding="utf-8")
    assert main(["snippets", "search", "三会一课", "--library", str(unit)]) == 2
    err = capsys.readouterr().err
    assert "坏.yaml" in err and "第 6 行" in err
