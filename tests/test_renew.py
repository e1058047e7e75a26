"""``draft renew``: last year's document → this year's first draft, as revisions and comments.

The seeds are turned into .docx files here (plain paragraphs, Word automatic
numbering, runs cut at random places) and renewed; what the reviewer will see in
Word is read back from the output's XML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafting import jobs
from drafting.cli import main
from drafting.errors import InputError
from drafting.library import load_library
from drafting.model import Paragraph
from drafting.renew import CHANGED, COMMENTED, KEPT, renew
from drafting.reader import read_paragraphs

from test_formats import numbered_docx, plain_docx, source_lines, split_runs_docx
from test_revise import accept_all, comments, paragraph_xml, reject_all, revisions, texts

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CALENDAR = load_library().calendar


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    return found[0]


def seed_lines(prefix: str) -> list[str]:
    return source_lines(seed_path(prefix).read_text(encoding="utf-8-sig"))


def seed_docx(tmp_path: Path, prefix: str, kind: str = "plain") -> Path:
    lines = seed_lines(prefix)
    path = tmp_path / f"{prefix}-{kind}.docx"
    if kind == "plain":
        return plain_docx(path, lines)
    if kind == "numbered":
        return numbered_docx(path, lines)[0]
    return split_runs_docx(path, lines, prefix)


def renew_file(tmp_path: Path, src: Path, year: int, **options) -> jobs.Renewed:
    return jobs.renew(src, year=year, output=tmp_path / f"out-{src.stem}.docx", **options)


def changes_of(done: jobs.Renewed) -> list[tuple[str, str]]:
    return [(e.text, e.new) for e in done.renewal.entries if e.action == CHANGED]


def commented(done: jobs.Renewed) -> list[str]:
    return [e.text for e in done.renewal.entries if e.action == COMMENTED]


# --- the seeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plain", "numbered", "runs"])
def test_seed_001_2020_to_2021(tmp_path, kind):
    src = seed_docx(tmp_path, "001", kind)
    done = renew_file(tmp_path, src, 2021)
    pairs = revisions(done.path)
    # title and preamble year
    assert pairs[0][1:] == ("2020年", "2021年")
    assert [p for p in pairs if p[0] == 1][0][1:] == ("2020年", "2021年")
    assert any(d == "十六" and i == "十七" for _, d, i in pairs)
    # the phase word is shared with 全面建成小康社会: asked about, with the new year's wording
    assert not any("十三五" in d for _, d, i in pairs)
    assert any(d == "四中" and i == "五中" for _, d, i in pairs)  # 十九届四中全会精神 → 五中
    assert any(d == "" and i == "、五中" for _, d, i in pairs)  # 二中、三中、四中 → … 、五中
    notes = comments(done.path)
    assert any(anchor == "“七五”普法" and "八五" in note for anchor, note in notes)
    assert any(anchor == "“十三五”规划收官之年" and "2021年是“十四五”规划开局之年" in note for anchor, note in notes)
    after = texts(accept_all(done.path, tmp_path / "accepted.docx"))
    assert "全面建成小康社会和“十四五”" not in after[1]
    assert after[0].startswith("2021年") and "第十七届“读书月”" in "".join(after)
    assert "党的十九大和十九届二中、三中、四中、五中全会精神" in after[1]


def test_seed_000_2016_to_2017(tmp_path):
    done = renew_file(tmp_path, seed_docx(tmp_path, "000"), 2017)
    notes = dict(comments(done.path))
    assert "96周年" in notes["建党95周年"] and "删除" in notes["建党95周年"]
    assert "81周年" in notes["红军长征胜利80周年"]
    # 95 → 96 and 80 → 81 are never written as changes
    assert not any("周年" in (d + i) for _, d, i in revisions(done.path))
    after = "".join(texts(accept_all(done.path, tmp_path / "a.docx")))
    assert "党的十八大、十八届三中、四中、五中、六中全会精神" in after
    assert "十八届中央纪委七次全会" in after


def test_seed_003_the_wrong_preamble_year_is_fixed_with_a_comment(tmp_path):
    done = renew_file(tmp_path, seed_docx(tmp_path, "003"), 2024)
    pairs = revisions(done.path)
    assert (0, "2023年", "2024年") in pairs
    assert (1, "2022年", "2024年") in pairs
    assert any(anchor.startswith("2022年") and "不一致" in note for anchor, note in comments(done.path))


def test_seed_004_speech_event_advances_and_past_years_stay(tmp_path):
    done = renew_file(tmp_path, seed_docx(tmp_path, "004"), 2021, from_year=2020)
    pairs = revisions(done.path)
    assert any(d == "十九" and i == "二十" for _, d, i in pairs)
    assert not any("2020" in d for _, d, _ in pairs)  # 从2020年起 stays
    after = "".join(texts(accept_all(done.path, tmp_path / "a.docx")))
    assert "第二十个党风廉政建设宣传教育月" in after and "从2020年起" in after
    assert "喜迎党的十九大" in commented(done)[0] or any("十九大" in c for c in commented(done))


@pytest.mark.parametrize("prefix,year", [("000", 2017), ("001", 2021), ("002", 2019), ("003", 2024), ("004", 2021)])
def test_accept_gives_the_new_text_reject_gives_the_original_and_other_paragraphs_are_untouched(
        tmp_path, prefix, year):
    src = seed_docx(tmp_path, prefix, "runs")
    done = renew_file(tmp_path, src, year)
    before = read_paragraphs(src)
    # reject all: the original, exactly
    assert texts(reject_all(done.path, tmp_path / "r.docx")) == [p.text for p in before]
    # accept all: each paragraph with its changes applied
    expected = [p.text for p in before]
    for edit in sorted((e for e in done.renewal.edits if e.new is not None), key=lambda e: -e.start):
        t = expected[edit.paragraph]
        expected[edit.paragraph] = t[:edit.start] + edit.new + t[edit.end:]
    assert texts(accept_all(done.path, tmp_path / "a.docx")) == expected
    # paragraphs without an edit: the same XML after canonicalisation
    touched = {e.paragraph for e in done.renewal.edits}
    old, new = paragraph_xml(src), paragraph_xml(done.path)
    assert len(old) == len(new)
    assert [n for n in range(len(old)) if old[n] != new[n]] == sorted(touched)
    assert not done.skipped


def test_txt_source_gives_a_docx_in_the_template_with_the_same_revisions(tmp_path):
    src = seed_path("001")
    done = renew_file(tmp_path, src, 2021)
    assert texts(reject_all(done.path, tmp_path / "r.docx")) == [p.text for p in read_paragraphs(src)]
    assert revisions(done.path)[0][1:] == ("2020年", "2021年")


def test_libreoffice_shows_the_revisions(tmp_path, soffice):
    done = renew_file(tmp_path, seed_docx(tmp_path, "001"), 2021)
    (pdf,) = soffice.convert(done.path)
    text = soffice.text(pdf).replace(" ", "")
    # both the deleted and the inserted year are drawn (struck through / underlined)
    assert "2020年2021年" in text.replace("\n", "")


# --- rules, on small texts --------------------------------------------------------------------


def decide(text: str, source: int, target: int, title: bool = False):
    paragraphs = [Paragraph(0, text)]
    return renew(paragraphs, CALENDAR, source, target, title_index=0 if title else None)


@pytest.mark.parametrize("text,source,target,old,new", [
    ("2025年是“十四五”规划收官之年。", 2025, 2026, "“十四五”规划收官之年", "“十五五”规划开局之年"),
    ("学习党的二十大和二十届二中、三中全会精神。", 2025, 2026, "", "、四中"),
    ("学习党的十九大和十九届二中、三中、四中、五中、六中全会精神。", 2022, 2023,
     "党的十九大和十九届二中、三中、四中、五中、六中全会精神", "党的二十大精神"),
    ("纪念改革开放39周年。", 2017, 2018, "39", "40"),
    ("开展第9届读书节。", 2024, 2026, "9", "11"),
    ("学习二十届中央纪委四次全会精神。", 2025, 2026, "二十届中央纪委四次", "二十届中央纪委五次"),
])
def test_mechanical_changes(text, source, target, old, new):
    r = decide(text, source, target)
    assert [(e.old, e.new) for e in r.edits if e.new is not None and e.kind != "year"] == [(old, new)]


@pytest.mark.parametrize("source,target,guess", [
    (2016, 2027, "二十届中央纪委六次全会"),  # terms after the one cited: counted from the calendar
    (2016, 2028, "二十一届中央纪委二次全会"),  # the first January after the (expected) 2027 congress
    (2026, 2027, "二十届中央纪委六次全会"),
])
def test_a_discipline_plenum_not_yet_in_the_calendar_is_asked_with_the_customary_one(source, target, guess):
    cited = {2016: "十八届中央纪委六次", 2026: "二十届中央纪委五次"}[source]
    r = decide(f"学习{cited}全会精神。", source, target)
    asked = [e for e in r.edits if e.old.startswith(cited)]
    assert asked and asked[0].new is None
    assert f"按惯例应为{guess}" in asked[0].comment


@pytest.mark.parametrize("text,source,target,anchor", [
    ("2023年是“十四五”规划承上启下的关键之年。", 2023, 2024, None),
    ("2020年是全面建成小康社会和“十三五”规划收官之年。", 2020, 2021, "“十三五”规划收官之年"),
    ("2025年是“十四五”规划收官之年，也是深化改革的重要一年。", 2025, 2026, "“十四五”规划收官之年"),
    ("深入开展党纪学习教育。", 2024, 2025, "党纪学习教育"),
    ("落实“七五”普法规划。", 2020, 2021, "“七五”普法"),
    ("贯彻市委十二届八次全会部署。", 2016, 2017, "市委十二届八次全会"),
    ("喜迎党的二十大胜利召开。", 2022, 2023, "党的二十大"),
    ("纪念建党100周年。", 2021, 2022, "建党100周年"),
    ("今年是机关党建“制度落实年”。", 2016, 2017, "“制度落实年”"),
])
def test_questions_not_changes(text, source, target, anchor):
    r = decide(text, source, target)
    assert not [e for e in r.edits if e.new is not None and e.kind != "year"]
    if anchor:
        assert anchor in [e.old for e in r.edits]


@pytest.mark.parametrize("text", [
    "从2020年起实行。", "2019年以来，成效明显。", "落实2021—2025年规划。", "巩固拓展党史学习教育成果。",
    "学习十八届六中全会通过的准则。",
])
def test_past_references_stay(text):
    r = decide(text, 2023, 2024)
    assert not r.edits
    assert all(e.action == KEPT for e in r.entries)


def changed(r) -> list[tuple[str, str]]:
    return [(e.old, e.new) for e in r.edits if e.new is not None]


def asked(r) -> list[str]:
    return [e.old for e in r.edits if e.new is None]


@pytest.mark.parametrize("text,source,target,new", [
    # studied spirit moves on
    ("深入学习贯彻二十届三中全会精神。", 2025, 2026, ("三中", "四中")),
    ("深入学习贯彻党的十九大和十九届历次全会精神。", 2023, 2024, ("党的十九大和十九届历次全会精神", "党的二十大和二十届二中全会精神")),
    ("深入学习党的十九大、十九届二、三、四中全会精神。", 2020, 2021, ("", "、五")),
    # anniversaries the calendar does not name: base = source year − N
    ("纪念建校59周年。", 2024, 2025, ("59", "60")),
    ("开展第四届“青年干部座谈会”。", 2020, 2021, ("四", "五")),
])
def test_studied_references_and_counts_move_on(text, source, target, new):
    assert new in changed(decide(text, source, target))


@pytest.mark.parametrize("text,source,target,anchor", [
    # a report, an event dated by it, a dated past event: never relabelled
    ("二十届三中全会后，我们把整治形式主义作为头等任务。", 2025, 2026, "二十届三中全会"),
    ("这是党的二十大和二十届三中全会后的重要部署。", 2025, 2026, "党的二十大和二十届三中全会"),
    ("二十届中央纪委四次全会的部署落实情况要对照检查，二十届中央纪委四次全会精神要学深悟透。", 2025, 2026, None),
    # a year reviewed in next year's document; a one-year campaign's meeting in a title
    ("2024年，是全面推进改革的关键之年。", 2025, 2026, "2024年"),
    # claims, relative dates, coming congresses, goals, garbled numbers: asked
    ("2023年是实施规划承前启后的关键一年。", 2023, 2024, "承前启后的关键一年"),
    ("更好服务“十四五”开好局、起好步。", 2021, 2022, "“十四五”开好局、起好步"),
    ("我们党将召开第十九次全国代表大会。", 2017, 2018, "第十九次全国代表大会"),
    ("以优异成绩迎接党的XX大召开。", 2023, 2024, "党的XX大召开"),
    ("去年9月，上级作出重要批示。", 2019, 2020, "去年9月"),
    ("为决战脱贫攻坚提供保障。", 2020, 2021, "决战脱贫攻坚"),
    ("以优异成绩庆祝党的百年华诞。", 2021, 2022, "党的百年华诞"),
    ("纪念建校61周年。", 2024, 2025, "61周年"),
    ("深入学习109届2中、3中全会精神。", 2019, 2020, "109届2中、3中全会"),
    ("深入开展主题教育。", 2023, 2024, "主题教育"),
    ("认真准备即将召开的二十届四中全会。", 2025, 2026, "二十届四中全会"),
])
def test_unclear_or_tied_references_are_asked_never_changed(text, source, target, anchor):
    r = decide(text, source, target)
    assert not [e for e in r.edits if e.new is not None and e.kind != "year"]
    if anchor:
        assert anchor in asked(r)


def test_a_report_of_what_a_plenum_decided_stays_and_the_study_of_it_moves():
    r = decide("二十届三中全会又专门部署作风建设。深入学习贯彻二十届三中全会精神。", 2025, 2026)
    assert changed(r) == [("三中", "四中")]
    assert r.edits[0].start > 10  # the second one, not the report


def test_a_reviewed_year_is_asked_but_the_plans_own_aim_is_fixed():
    assert changed(decide("2024年，是全面推进改革的关键之年。", 2025, 2026)) == []
    assert ("2024年", "2026年") in changed(decide("2024年机关党建工作的总体要求是：坚持学习。", 2025, 2026))


def test_a_title_about_a_one_year_campaign_keeps_its_year():
    r = decide("在2025年党纪学习教育动员部署会上的讲话", 2025, 2026, title=True)
    assert changed(r) == [] and "2025年" in asked(r)
    assert ("2025年", "2026年") in changed(decide("2025年机关党建工作要点", 2025, 2026, title=True))


@pytest.mark.parametrize("text", [
    "党的十八大以来，全面从严治党取得历史性成就。",
    "党的十九大提出新时代党的建设总要求。",
    "召开主题教育总结大会，巩固拓展主题教育成果。",
    "是继党的群众路线教育实践活动之后的又一举措。",
    "打赢脱贫攻坚战取得全面胜利。",
])
def test_history_is_left_without_a_word(text):
    r = decide(text, 2021, 2022)
    assert not r.edits


def test_a_campaign_named_in_passing_is_asked_once():
    r = decide("主题教育的各项安排要落实。主题教育的要求要明确。", 2023, 2024)
    assert asked(r) == ["主题教育"]
    # set as a task, it is asked in every paragraph it stands in, once a paragraph
    assert len(asked(decide("深入开展主题教育。扎实开展主题教育。", 2023, 2024))) == 1
    two = renew([Paragraph(0, "深入开展主题教育。"), Paragraph(1, "扎实开展主题教育。")], CALENDAR, 2023, 2024)
    assert len(asked(two)) == 2


# --- held-out kinds of text: precision ------------------------------------------------------


def decide_all(lines: list[str], source: int, target: int, **options):
    return renew([Paragraph(i, t) for i, t in enumerate(lines)], CALENDAR, source, target, **options)


def test_a_section_about_one_plenum_is_asked_about_not_relabelled():
    r = decide_all(["一、学习贯彻党的二十届三中全会精神",
                    "1.把学习贯彻三中全会精神作为重要政治任务，推动改革举措落地。"], 2025, 2026)
    assert not changed(r)
    assert asked(r) == ["二十届三中全会精神", "三中全会精神"]
    assert "不宜只改届次" in r.edits[0].comment
    # named twice in one item: the item is about that plenum
    r = decide("当好学习贯彻二十届三中全会精神排头兵，把学习贯彻三中全会精神作为重要任务。", 2025, 2026)
    assert not changed(r) and len(asked(r)) == 1


def test_a_plain_plenum_task_in_a_list_still_moves_on():
    r = decide_all(["一、加强政治建设", "1.深入学习贯彻二十届三中全会精神，抓好统计工作。"], 2025, 2026)
    assert changed(r) == [("三中", "四中")]


def test_a_units_own_campaign_is_not_the_central_one():
    assert not decide("召开2023年统计系统政治交接主题教育动员会。", 2023, 2024).edits[1:]
    assert not [e for e in decide("扎实推进政治交接主题教育。", 2023, 2024).edits if e.kind == "campaign"]
    # the short name after a verb is the central campaign
    assert asked(decide("扎实推进主题教育。", 2023, 2024)) == ["主题教育"]


def test_site_lines_get_one_comment_and_no_year_notes():
    lines = ["市统计局2024年工作要点", "以下是小编整理的2023年度、2024年度优秀范文，欢迎下载。", "2024年，深入开展统计工作。"]
    r = decide_all(lines, 2024, 2025, title_index=0, site=frozenset({1}))
    on_site = [e for e in r.edits if e.paragraph == 1]
    assert len(on_site) == 1 and on_site[0].new is None and "网页附带的文字" in on_site[0].comment
    assert not [e for e in r.edits if e.paragraph == 1 and "到期" in (e.comment or "")]
    # the same line as the document's own text is renewed as usual
    r = decide_all(lines, 2024, 2025, title_index=0)
    assert len([e for e in r.edits if e.paragraph == 1]) == 2


def test_site_lines_are_read_from_parse(tmp_path):
    src = tmp_path / "某某.txt"
    src.write_text("市统计局2024年党建工作要点\n一、加强政治建设\n深入开展统计工作。\n"
                   "本文标题：市统计局2024年党建工作要点\n发布时间：2023年12月20日 来源：范文网\n", encoding="utf-8")
    done = jobs.renew(src, year=2025, output=tmp_path / "out.docx", force=True)
    for line in (3, 4):
        on_site = [e for e in done.renewal.edits if e.paragraph == line]
        assert len(on_site) == 1 and on_site[0].new is None and "网页附带的文字" in on_site[0].comment
    assert [e.new for e in done.renewal.edits if e.paragraph == 0] == ["2025年"]


def test_a_title_broken_over_two_lines_names_the_later_campaign():
    lines = ["城关镇关于推进“两学一做”学习教育", "常态化制度化的实施方案"]
    assert not decide_all(lines, 2017, 2018).edits
    # the first campaign ending a line of its own is still the first
    assert asked(decide_all(["深入开展“两学一做”学习教育", "一、总体要求"], 2016, 2017)) == ["“两学一做”学习教育"]


# --- held-out kinds of text: misses ---------------------------------------------------------


def test_the_latest_plenum_is_judged_against_the_target_year():
    r = decide("深入学习贯彻党的十八届六中全会精神。", 2017, 2018)
    assert asked(r) == ["十八届六中全会精神"]
    assert "十九大" in r.edits[0].comment
    r = decide("认真学习十九大和十八届六中全会精神。", 2019, 2020)
    assert "十八届六中全会精神" in asked(r)
    # still the latest: kept
    assert not decide("深入学习贯彻十九届四中全会精神。", 2019, 2019 + 1).edits[:0]
    assert not [e for e in decide("深入学习贯彻党的十九大精神。", 2018, 2019).edits]


def test_zhonggong_congress_is_a_congress():
    r = decide("我们将迎来中共二十大的召开，要以迎接中共二十大胜利召开为主线。", 2022, 2023)
    assert asked(r) == ["中共二十大", "中共二十大"]
    assert not decide("我们将迎来中共二十大的召开。", 2021, 2022).edits


def test_the_congress_year_claim_is_asked_after_that_year():
    r = decide("今年是党的二十大召开之年，意义重大。", 2022, 2023)
    assert asked(r) == ["党的二十大"] and "召开之年" in r.edits[0].comment
    # a year written out is not "this year"; and the claim holds in its own year
    assert not [e for e in decide("2022年是党的二十大召开之年。", 2023, 2024).edits if e.kind == "congress"]
    assert not [e for e in decide("今年是党的二十大召开之年。", 2021, 2022).edits if e.kind == "congress"]


def _real(tmp_path: Path, doc: str, source: int, target: int) -> jobs.Renewed:
    # ../shared/real/03–23 were NFKC-normalised when stored (half-width , : ; ( ) there are artifacts)
    path = Path(__file__).resolve().parents[2] / "shared" / "real" / f"{doc}.txt"
    if not path.is_file():
        pytest.skip(f"real document {doc} not found")
    return jobs.renew(path, year=target, from_year=source, output=tmp_path / f"{doc}.docx", force=True)


@pytest.mark.parametrize("doc,source,target,kept", [
    ("01", 2020, 2021, "十九届四中全会精神"),  # a dated past event
    ("20", 2025, 2026, "二十届三中全会"),  # a report, and a campaign dated by it
    ("20", 2025, 2026, "2025年"),  # the title of the campaign's own meeting
    ("18", 2025, 2026, "2024年"),  # a year reviewed
])
def test_real_documents_get_no_wrong_change(tmp_path, doc, source, target, kept):
    done = _real(tmp_path, doc, source, target)
    assert not [e for e in done.renewal.entries if e.action == CHANGED and e.text == kept]


def test_real_centenary_and_recurring_event_move_on(tmp_path):
    done = _real(tmp_path, "02", 2020, 2021)
    news = {(e.text, e.new) for e in done.renewal.entries if e.action == CHANGED}
    assert ("建党99周年", "建党100周年") in news and ("第四届", "第五届") in news


def test_org_is_replaced_as_a_whole_name_only(tmp_path):
    r = renew([Paragraph(0, "2025年市发展改革委党建工作要点"), Paragraph(1, "市发展改革委机关党委和省发展改革委、市发展改革委员会")],
              CALENDAR, 2025, 2026, title_index=0, org=("市发展改革委", "市发展和改革委员会"))
    renamed = [(e.paragraph, e.start) for e in r.edits if e.kind == "org"]
    assert renamed == [(0, 5), (1, 0)]


# --- the command ------------------------------------------------------------------------------


def test_cli_renew_writes_beside_the_source_and_reports(tmp_path, monkeypatch, capsys):
    src = seed_docx(tmp_path, "001")
    named = src.rename(tmp_path / "2020年机关党建工作要点.docx")
    before = named.read_bytes()
    monkeypatch.chdir(tmp_path)
    assert main(["renew", str(named), "--year", "2021", "--author", "张三"]) == 0
    out = tmp_path / "2021年机关党建工作要点.docx"
    assert out.is_file() and named.read_bytes() == before
    shown = capsys.readouterr()
    assert "修订" in shown.out and "“七五”普法" in shown.out
    # a second run does not overwrite the draft someone may be editing
    assert main(["renew", str(named), "--year", "2021"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["renew", str(named), "--year", "2021", "--force", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source_year"] == 2020 and data["target_year"] == 2021
    assert {"paragraph", "kind", "text", "action", "new", "note"} <= set(data["entries"][0])


def test_cli_renew_bad_input_is_a_clear_error(tmp_path, capsys):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["renew", str(doc), "--year", "2026"]) == 2
    assert "另存为" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [doc]
    blank = tmp_path / "无年份.txt"
    blank.write_text("加强学习。\n", encoding="utf-8")
    assert main(["renew", str(blank)]) == 2
    assert "--from-year" in capsys.readouterr().err


def test_renew_needs_a_later_year(tmp_path):
    with pytest.raises(InputError):
        jobs.renew(seed_docx(tmp_path, "001"), year=2019, output=tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_pasted_second_copy_gets_one_comment_not_a_second_set_of_edits(tmp_path):
    done = renew_file(tmp_path, seed_docx(tmp_path, "000"), 2017)
    notes = comments(done.path)
    repeat = [(anchor, note) for anchor, note in notes if "又粘贴了一遍" in note]
    assert len(repeat) == 1 and repeat[0][0].startswith("2016年")
    # one 建党95周年 comment, from the first copy only
    assert [a for a, _ in notes].count("建党95周年") == 1


@pytest.mark.parametrize("text,asked", [
    ("2025年1月8日", True),  # a signature's date line
    ("张三（2025年2月10日）", True),  # a speech's byline
    ("2025年3月底前完成全部整改。", True),
    ("2019年10月召开的全会作出部署。", False),
    ("2025.1.8", True),  # the same signature written with dots
    ("张三（2025/2/10）", True),
    ("升级到2025.1.8.2版本后运行稳定。", False),  # a version number
])
def test_dates_are_never_changed_only_asked_about(text, asked):
    r = decide(text, 2025, 2026)
    assert not [e for e in r.edits if e.new is not None]
    assert bool([e for e in r.edits if e.kind == "date"]) == asked


def test_a_dotted_date_line_gets_the_signature_comment():
    (e,) = [e for e in decide("（2025.3.16）", 2025, 2026).edits if e.kind == "date"]
    assert e.new is None and "请改为2026年的实际日期" in e.comment


@pytest.mark.parametrize("text,asked", [
    ("今年“七一”前后开展集中走访。", True),
    ("今年春节期间加强监督检查。", True),
    ("每年“七一”前后开展集中走访。", False),
    ("深入学习“七一”重要讲话精神。", False),
])
def test_a_festival_of_the_source_year_is_asked_about_never_changed(text, asked):
    r = decide(text, 2025, 2026)
    assert not [e for e in r.edits if e.new is not None]
    assert bool([e for e in r.edits if e.kind == "relative"]) == asked


@pytest.mark.parametrize("prefix,year", [("000", 2017), ("001", 2021), ("002", 2019), ("003", 2024), ("004", 2021)])
def test_after_accepting_every_change_draft_check_finds_only_what_renew_asked_about(tmp_path, prefix, year):
    """renew and check agree: what is still stale in the new year was put to the reviewer as a comment."""
    from drafting.check import check_paragraphs

    lib = load_library()
    done = renew_file(tmp_path, seed_docx(tmp_path, prefix), year)
    accepted = read_paragraphs(accept_all(done.path, tmp_path / "a.docx"))
    asked = [e for e in done.renewal.edits if e.new is None]
    repeat = next(((e.paragraph, e.start) for e in asked if e.kind == "repeat"), None)
    found = [f for f in check_paragraphs(accepted, year=year, rules=lib.checks, calendar=lib.calendar)
             if f.code in ("stale-reference", "year-mismatch")]
    for f in found:
        in_copy = repeat is not None and (f.paragraph, f.start) >= repeat
        assert in_copy or any(e.paragraph == f.paragraph and (f.excerpt in e.old or e.old in f.excerpt)
                              for e in asked), (f.paragraph, f.excerpt)


def test_a_year_past_the_next_congress_gets_a_comment_where_the_plenums_are_cited(tmp_path):
    src = tmp_path / "2026年工作要点.txt"
    src.write_text("2026年局党的建设工作要点\n2026年工作的总体要求是：深入学习党的二十大和二十届二中、三中、四中全会精神，"
                   "扎实推进各项工作。\n一、加强政治建设\n1．深化理论武装。认真贯彻党的二十大精神。\n", encoding="utf-8")
    done = renew_file(tmp_path, src, 2029)
    notes = dict(comments(done.path))
    for anchor in ("党的二十大和二十届二中、三中、四中全会精神", "党的二十大"):
        assert "党的二十一大应于2027年召开" in notes[anchor] and "calendar 文件" in notes[anchor]
    assert not [e for e in done.renewal.entries if e.kind in ("plenums", "congress") and e.action == KEPT]
    # before the next congress is due, only a plenum held after the calendar's last entry may be missing
    done = renew_file(tmp_path, src, 2027, force=True)
    notes = dict(comments(done.path))
    assert "可能还召开了新的全会" in notes["党的二十大"] and "二十一大" not in notes["党的二十大"]


def test_a_year_the_calendar_vouches_for_asks_nothing_about_the_plenums():
    r = decide("学习党的二十大和二十届二中、三中、四中全会精神。", 2025, 2026)
    assert [(e.old, e.new, e.comment) for e in r.edits] == []


@pytest.mark.parametrize("lines,new", [
    # the plan naming itself in its opening sentence
    (["城关镇2020年党建工作计划", "为规范主题党日活动，结合实际，制定2020年党支部主题党日活动计划如下。"], 2),
    # the opening paragraph beginning with its year and its purpose
    (["2022年发展党员工作计划", "2022年，为进一步加强我社区发展党员工作，制定本计划。"], 2),
    # the title written again on the next line
    (["市统计局2026年党建工作要点", "〔*〕市统计局2026年党建工作要点"], 2),
])
def test_the_plans_own_year_in_its_opening_is_changed(lines, new):
    source = int(re.search(r"20\d\d", lines[0])[0])
    r = renew([Paragraph(i, t) for i, t in enumerate(lines)], CALENDAR, source, source + 1, title_index=0)
    assert [e.new for e in r.edits if e.new] == [f"{source + 1}年"] * new


@pytest.mark.parametrize("lines", [
    # the year in a later paragraph, or not at the sentence's start: asked, not changed
    ["城关镇2022年党建工作计划", "一、指导思想", "坚持以党建为引领。", "2022年，为做好换届工作，要提前谋划。"],
    ["城关镇2022年党建工作计划", "要总结2022年，为明年打好基础。"],
    ["城关镇2022年党建工作计划", "上级制定2022年考核办法后，再行部署。"],
])
def test_the_documents_year_elsewhere_is_still_asked(lines):
    r = renew([Paragraph(i, t) for i, t in enumerate(lines)], CALENDAR, 2022, 2023, title_index=0)
    assert [e.new for e in r.edits if e.new] == ["2023年"]
    assert any(e.kind == "year" and e.new is None for e in r.edits)


def test_a_middle_years_phase_is_asked_about_the_next_year():
    r = decide("是实施“十三五”规划承上启下的关键一年。", 2018, 2019)
    assert asked(r) == ["“十三五”规划承上启下的关键一年"] and "第四年" in r.edits[0].comment
    # the plan without a phase word stays
    assert not decide("深入实施“十三五”规划。", 2018, 2019).edits


def test_the_series_of_speeches_is_asked_about_after_the_19th_congress():
    r = decide("深入学习贯彻习近平总书记系列重要讲话精神。", 2017, 2018)
    assert asked(r) == ["习近平总书记系列重要讲话精神"]
    assert "习近平新时代中国特色社会主义思想" in r.edits[0].comment
    # before the congress it is the current formula; and the new formula is left alone
    assert not decide("深入学习贯彻习近平总书记系列重要讲话精神。", 2016, 2017).edits
    assert not decide("深入学习贯彻习近平新时代中国特色社会主义思想。", 2018, 2019).edits


def test_the_last_terms_plenum_after_a_new_congress_is_asked_even_with_a_doubled_zhong():
    r = decide("认真贯彻党的十九届六中中全会精神。", 2022, 2023)
    assert asked(r) == ["十九届六中中全会精神"] and "二十大" in r.edits[0].comment
    # reported (what it adopted), it stays
    assert not decide("十九届六中全会审议通过了历史决议。", 2022, 2023).edits


def test_the_documents_own_number_is_asked_a_cited_one_stays():
    r = decide_all(["城关镇委〔2017〕48号", "按照《市委关于加强基层党建的规定》（市委〔2017〕12号）要求，认真抓好落实。"], 2017, 2018)
    assert asked(r) == ["〔2017〕48号"]


def test_renew_skips_names_hidden_in_a_case_and_asks_once_a_paragraph_and_form():
    rules = load_library().checks
    lines = ["2025年警示教育大会讲话",
             "我区原校长**、原副校长**等人涉嫌严重违纪违法，教训深刻。",
             "请**单位、**单位、**部门于XX日前报送材料。"]
    paras = [Paragraph(i, t) for i, t in enumerate(lines)]
    done = renew(paras, CALENDAR, 2025, 2026, title_index=0, case_words=rules.case_words)
    comments = [(e.paragraph, e.old, e.comment) for e in done.edits if e.kind == "placeholder"]
    assert comments == [(2, "**", "本段有 3 处占位符“**”，请逐一填写实际内容。"), (2, "XX", "占位符，请填写实际内容。")]
    # every spot is still in the report, as asked about in its paragraph's one comment
    asked = [(e.paragraph, e.text) for e in done.entries if e.kind == "placeholder" and e.action == COMMENTED]
    assert asked == [(2, "**")] * 3 + [(2, "XX")]
    # without the case words the case's stars are asked about, still once a paragraph and form
    done = renew(paras, CALENDAR, 2025, 2026, title_index=0)
    assert [(e.paragraph, e.old) for e in done.edits if e.kind == "placeholder"] == [(1, "**"), (2, "**"), (2, "XX")]


def test_xin_qidian_is_asked_only_where_it_positions_the_year_or_the_plan():
    lines = ["2021年工作要点",
             "站在“十四五”的新起点，我们要扎实推进各项工作。",
             "新的一年是新起点，要开好局。",
             "这项工作是立足党的百年历史新起点作出的部署。",
             "这次集中教育是再出发的新起点。"]
    done = renew([Paragraph(i, t) for i, t in enumerate(lines)], CALENDAR, 2021, 2022, title_index=0)
    asked = {e.paragraph for e in done.edits if "起点" in e.old}
    assert asked == {1, 2}


def test_renew_leaves_names_withheld_in_a_case_as_check_does(tmp_path):
    # a warning-education speech tells a case with the names left out on purpose: no "fill in" question
    from drafting import jobs

    src = tmp_path / "讲话.txt"
    src.write_text("在2025年警示教育大会上的讲话\n同志们：\n"
                   "某县原副县长**涉嫌严重违纪违法，受贿数额巨大，教训深刻。\n"
                   "请各单位于**月前报送学习情况。\n", encoding="utf-8")
    done = jobs.renew(src, year=2026, output=tmp_path / "新.docx")
    asked = [(e.paragraph, e.text) for e in done.renewal.entries if e.kind == "placeholder"]
    assert asked == [(3, "**")]  # the blank in the notice is still asked about


def test_renew_reads_the_document_as_check_does_with_the_unit_s_advertising_phrases(tmp_path):
    # a line only the unit's ads list marks as a site's is no title: the real one is renewed
    from drafting import jobs
    from helpers import write_library

    unit = write_library(tmp_path / "库", {"检查规则.yaml": "ads:\n  - 东湖文库\n"})
    src = tmp_path / "要点.txt"
    src.write_text("东湖文库2025年精选\n2025年机关党建工作要点\n2025年是关键之年。\n一、政治建设\n1．加强学习。正文。\n",
                   encoding="utf-8")
    done = jobs.renew(src, year=2026, output=tmp_path / "新.docx", extra=(unit,))
    changed = [(e.paragraph, e.text, e.new) for e in done.renewal.entries if e.action == "changed"]
    assert (1, "2025年", "2026年") in changed
    # the site's line is no part of the title: its year gets the one comment a site line gets
    assert [e.action for e in done.renewal.entries if e.paragraph == 0] == ["commented"]
