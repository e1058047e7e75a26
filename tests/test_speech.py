"""Speeches shaped for their occasion: fitted to a time (--minutes), following a plan (--plan),
their length in every report; the reading rate from draft.yaml."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from drafting import jobs
from drafting.check import check_paragraphs
from drafting.cli import main
from drafting.library import load_library
from drafting.model import ITEM, SPEECH, Occasion
from drafting.reader import read_paragraphs
from drafting.speech.length import SALUTATION, about, characters, describe, minutes_of

from helpers import write_library

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
YEAR = 2026


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def spoken_in(path: Path) -> int:
    """The characters read aloud in a speech .docx as a user counts them: every body paragraph
    from 同志们： to the end (the title, speaker and date lines above it, and the footer, not)."""
    body = [p.text for p in read_paragraphs(path) if p.part == "body"]
    return sum(characters(t) for t in body[body.index(SALUTATION):])


def speech(minutes: int | None, meeting: str, out: Path, **kw) -> jobs.Result:
    return jobs.draft(jobs.Request(genre=SPEECH, meeting=meeting, year=YEAR, org="市审计局", speaker="张三",
                                   date=dt.date(YEAR, 1, 10), output=out, minutes=minutes, **kw))


def _meetings() -> list[str]:
    return list(load_library().meetings)


# --- the length a report gives ------------------------------------------------------------


def test_salutation_is_the_rendered_one():
    from drafting.render import SALUTATION as rendered

    assert SALUTATION == rendered


def test_length_is_said_as_a_person_says_it():
    assert describe(4412, 220) == "全文约 4,400 字，按每分钟 220 字约 20 分钟"
    assert minutes_of(4290, 220) == "19.5"
    assert about(863) == "860"


def test_plain_speech_reports_its_length_counted_as_in_the_document(in_tmp, capsys):
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市审计局", "-o", "s.docx"]) == 0
    count = spoken_in(in_tmp / "s.docx")
    assert count > 1000
    assert f"全文约 {about(count)} 字，按每分钟 220 字约 {minutes_of(count, 220)} 分钟" in capsys.readouterr().out


# --- fitted to a time ------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [10, 20, 30])
@pytest.mark.parametrize("meeting", _meetings())
def test_speech_reads_in_the_minutes_asked_or_says_the_library_is_too_small(in_tmp, meeting, minutes):
    lib = load_library()
    result = speech(minutes, meeting, in_tmp / "s.docx")
    count = spoken_in(result.path)
    assert result.length == count and result.rate == 220
    target = minutes * 220
    used = [item.source for item in result.outline.items()]
    assert len(used) == len(set(used))  # never padded with a repeat
    assert all(lib.get(sid).valid_for(YEAR) for sid in used)
    short = [n for n in result.notes if n.startswith("素材库中可用的讲话素材")]
    if abs(count - target) <= 0.1 * target:
        assert not short
    else:
        # too small: the longest honest speech, every valid paragraph of its categories and the
        # longest opening and closing the profile lists
        assert count < target and short
        assert f"比要求的 {minutes} 分钟少约 {about(target - count)} 字" in short[0]
        recipe = lib.meeting(meeting)
        valid = {s.id for spec in recipe.sections for s in lib.select(ITEM, SPEECH, YEAR, spec.category)
                 if not set(recipe.exclude_tags) & set(s.tags)}
        assert set(used) == valid
        for ids, got in ((recipe.opening, result.outline.preamble), (recipe.closing, result.outline.closing)):
            lengths = [sum(characters(p) for p in _rendered(lib, sid, meeting)) for sid in ids
                       if lib.get(sid).valid_for(YEAR)]
            assert sum(characters(p) for p in got) == max(lengths)
    paragraphs = read_paragraphs(result.path)
    found = check_paragraphs(paragraphs, year=YEAR, rules=lib.checks, calendar=lib.calendar)
    assert [f.message for f in found if f.severity != "info"] == []


def _rendered(lib, sid: str, meeting: str) -> tuple[str, ...]:
    from drafting.assemble import parameters, render_snippet
    from drafting.yearfacts import year_facts

    occasion = Occasion(year=YEAR, org="市审计局", speaker="张三")
    return render_snippet(lib.get(sid), parameters(year_facts(lib.calendar, YEAR), occasion, meeting))


def test_the_same_request_gives_the_same_speech(in_tmp):
    one = speech(20, "工委会议", in_tmp / "a.docx")
    two = speech(20, "工委会议", in_tmp / "b.docx")
    assert one.outline == two.outline


def test_a_longer_speech_keeps_the_sections_and_their_order(in_tmp):
    plain = speech(None, "工委会议", in_tmp / "a.docx")
    long = speech(30, "工委会议", in_tmp / "b.docx")
    assert [s.heading for s in long.outline.sections] == [s.heading for s in plain.outline.sections]
    assert all(len(b.items) >= len(a.items) for a, b in zip(plain.outline.sections, long.outline.sections))
    # the profile's own picks stay, in their place
    for a, b in zip(plain.outline.sections, long.outline.sections):
        assert [i.source for i in b.items[:len(a.items)]] == [i.source for i in a.items]


def test_a_time_too_short_for_one_paragraph_a_section_says_so(in_tmp, capsys):
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市审计局", "--minutes", "2",
                 "-o", "s.docx"]) == 0
    err = capsys.readouterr().err
    assert "每部分只讲一段" in err and "比要求的 2 分钟多约" in err
    parsed = jobs.parse_file(in_tmp / "s.docx")
    assert all(len(s.items) == 1 for s in parsed.outline.sections)


@pytest.mark.parametrize("minutes", ["0", "300", "-5"])
def test_a_time_out_of_range_is_refused_and_nothing_written(in_tmp, capsys, minutes):
    assert main(["speech", "--meeting", "工委会议", "--org", "市审计局", "--minutes", minutes, "-o", "s.docx"]) == 2
    err = capsys.readouterr().err
    assert "--minutes 应为 1 到 120 之间的整数" in err and minutes in err
    assert list(in_tmp.iterdir()) == []


# --- the reading rate ------------------------------------------------------------------------


def test_rate_from_draft_yaml_unit_and_speaker(in_tmp, capsys):
    (in_tmp / "draft.yaml").write_text("org: 市审计局\nspeech_rate: 200\nspeaker_rates:\n  张三: 180\n",
                                       encoding="utf-8")
    assert main(["speech", "-m", "工委会议", "--year", "2026", "--speaker", "张三", "--minutes", "20",
                 "-o", "a.docx"]) == 0
    count = spoken_in(in_tmp / "a.docx")
    assert abs(count - 20 * 180) <= 0.1 * 20 * 180
    assert "按每分钟 180 字" in capsys.readouterr().out
    assert main(["speech", "-m", "工委会议", "--year", "2026", "--speaker", "李四", "--minutes", "20",
                 "-o", "b.docx"]) == 0
    assert abs(spoken_in(in_tmp / "b.docx") - 20 * 200) <= 0.1 * 20 * 200
    assert "按每分钟 200 字" in capsys.readouterr().out


@pytest.mark.parametrize("text, line, words", [
    ("org: 市审计局\nspeech_rate: 20\n", 2, "speech_rate"),
    ("org: 市审计局\nspeaker_rates:\n  张三: 快\n", 3, "张三"),
    ("org: 市审计局\nspeaker_rates: 200\n", 2, "speaker_rates"),
])
def test_a_bad_rate_is_refused_with_file_and_line(in_tmp, capsys, text, line, words):
    (in_tmp / "draft.yaml").write_text(text, encoding="utf-8")
    assert main(["speech", "-m", "工委会议", "--minutes", "20", "-o", "s.docx"]) == 2
    err = capsys.readouterr().err
    assert "draft.yaml" in err and f"第 {line} 行" in err and words in err
    assert not (in_tmp / "s.docx").exists()


def test_saving_the_settings_keeps_the_rates(in_tmp):
    (in_tmp / "draft.yaml").write_text("org: 市审计局\nspeech_rate: 200\nspeaker_rates:\n  张三: 180\n",
                                       encoding="utf-8")
    jobs.save_settings(in_tmp, org="市统计局", org_short=None, superior=None, speaker=None)
    cfg = jobs.settings(in_tmp)
    assert cfg.org == "市统计局" and cfg.rate("张三") == 180 and cfg.rate("李四") == 200


# --- following a plan ------------------------------------------------------------------------


def _plan_from_spec(folder: Path, sections: list[dict], name: str = "plan.docx", libraries=()) -> Path:
    spec = yaml.safe_load((EXAMPLES / "工作要点-精简版.yaml").read_text(encoding="utf-8"))
    spec["sections"] = sections
    (folder / "spec.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ["plan", "--year", "2026", "--org", "市审计局", "--spec", "spec.yaml", "-o", name]
    for lib in libraries:
        args += ["--library", str(lib)]
    assert main(args) == 0
    return folder / name


def test_speech_follows_the_order_of_a_plans_sections(in_tmp, capsys):
    spec = yaml.safe_load((EXAMPLES / "工作要点-精简版.yaml").read_text(encoding="utf-8"))
    reordered = list(reversed(spec["sections"]))
    plan = _plan_from_spec(in_tmp, reordered)
    capsys.readouterr()
    assert main(["speech", "-m", "工委会议", "--org", "市审计局", "--plan", str(plan), "-o", "s.docx"]) == 0
    out = capsys.readouterr()
    assert "全文约" in out.out
    result = speech(None, "工委会议", in_tmp / "t.docx", plan=plan)
    assert [s.category for s in result.outline.sections] == [s["category"] for s in reordered]
    # read back: one speech section per plan section, headed as the library heads that category
    parsed = jobs.parse_file(in_tmp / "s.docx").outline
    lib = load_library()
    firsts = [lib.select("heading", SPEECH, YEAR, s["category"])[0].body for s in reordered]
    assert [s.heading for s in parsed.sections] == firsts
    assert "未指定年份（--year），按工作要点的年份（2026年）起草。" in out.err


def test_plan_and_minutes_together(in_tmp):
    plan = _plan_from_spec(in_tmp, [{"category": "组织建设", "count": 2}, {"category": "政治建设", "count": 2},
                                    {"category": "作风建设", "count": 2}])
    result = speech(20, "工委会议", in_tmp / "s.docx", plan=plan)
    assert [s.category for s in result.outline.sections] == ["组织建设", "政治建设", "作风建设"]
    assert abs(spoken_in(result.path) - 4400) <= 440
    used = [i.source for i in result.outline.items()]
    assert len(used) == len(set(used))


def test_two_plan_sections_of_one_category_say_nothing_twice(in_tmp):
    # a plan written by hand: both sections are about the branches (组织建设)
    plan = in_tmp / "plan.txt"
    plan.write_text("2026年市审计局党建工作要点\n"
                    "一、夯实基层基础，建强机关党组织战斗堡垒\n"
                    "1．规范支部设置。各支部按处室调整情况及时调整设置，做到应建尽建。\n"
                    "二、从严管理党员，充分发挥先锋模范作用\n"
                    "2．严格党员教育管理。每季度开展一次党员谈心谈话，建立党员积分台账。\n", encoding="utf-8")
    result = speech(None, "工委会议", in_tmp / "s.docx", plan=plan)
    used = [i.source for i in result.outline.items()]
    assert len(used) == len(set(used))
    assert [s.category for s in result.outline.sections] == ["组织建设", "组织建设"]
    headings = [s.heading for s in result.outline.sections]
    assert len(headings) == len(set(headings)) == 2
    # as long as possible: the two sections between them say every paragraph of the category, once
    longest = speech(60, "工委会议", in_tmp / "l.docx", plan=plan)
    used = [i.source for i in longest.outline.items()]
    assert sorted(used) == sorted(s.id for s in load_library().select(ITEM, SPEECH, YEAR, "组织建设"))
    assert any(n.startswith("素材库中可用的讲话素材") for n in longest.notes)


def test_a_plan_section_with_no_speech_material_is_noted_and_left_out(in_tmp, capsys):
    # a unit's own category, with plan material only
    own = write_library(in_tmp / "素材库", {"统战工作.yaml": {"category": "统战工作", "snippets": [
        {"id": "tz-head-plan", "kind": "heading", "genre": "plan", "body": "做好统一战线工作，广泛凝聚人心力量"},
        {"id": "tz-plan-1", "kind": "item", "genre": "plan", "lead": "加强党外干部联系",
         "body": "建立党外干部联系名册，每半年开展一次谈心交流，听取意见建议并逐条反馈。"},
    ]}})
    plan = _plan_from_spec(in_tmp, [{"category": "政治建设", "count": 2},
                                    {"category": "统战工作", "items": ["tz-plan-1"], "heading": "tz-head-plan"},
                                    {"category": "群团建设", "count": 2}], libraries=[own])
    capsys.readouterr()
    assert main(["speech", "-m", "工委会议", "--org", "市审计局", "--library", str(own), "--plan", str(plan),
                 "-o", "s.docx"]) == 0
    err = capsys.readouterr().err
    assert "工作要点第2部分“做好统一战线工作，广泛凝聚人心力量”（统战工作）" in err and "没有" in err
    parsed = jobs.parse_file(in_tmp / "s.docx").outline
    assert len(parsed.sections) == 2


def test_plan_that_is_a_speech_or_a_pdf_is_refused(in_tmp, capsys):
    assert main(["speech", "-m", "工委会议", "--year", "2026", "--org", "市审计局", "-o", "a.docx"]) == 0
    (in_tmp / "p.pdf").write_bytes(b"%PDF-1.4\n")
    before = sorted(in_tmp.iterdir())
    capsys.readouterr()
    assert main(["speech", "-m", "工委会议", "--org", "市审计局", "--plan", "a.docx", "-o", "s.docx"]) == 2
    assert "--plan 应当是工作要点" in capsys.readouterr().err
    assert main(["speech", "-m", "工委会议", "--org", "市审计局", "--plan", "p.pdf", "-o", "s.docx"]) == 2
    assert re.search("[\u4e00-\u9fff]", capsys.readouterr().err)
    assert main(["speech", "-m", "工委会议", "--org", "市审计局", "--plan", "无此文件.docx", "-o", "s.docx"]) == 2
    assert "找不到这个文件" in capsys.readouterr().err
    assert sorted(in_tmp.iterdir()) == before


def test_a_plan_section_the_library_does_not_know_is_classified_and_said_so(in_tmp):
    plan = in_tmp / "plan.txt"
    plan.write_text("2026年市审计局党建工作要点\n"
                    "一、驰而不息纠治四风\n"
                    "1．严格执行公务接待标准，节假日前开展廉洁提醒，坚决纠治形式主义、官僚主义。\n", encoding="utf-8")
    result = speech(None, "工委会议", in_tmp / "s.docx", plan=plan)
    assert [s.category for s in result.outline.sections] == ["作风建设"]
    assert any("类别是自动判断的" in n and "第1部分“驰而不息纠治四风”（作风建设）" in n for n in result.notes)


def test_the_plan_is_never_written_over(in_tmp, capsys):
    plan = _plan_from_spec(in_tmp, [{"category": "政治建设", "count": 2}])
    before = plan.read_bytes()
    assert main(["speech", "-m", "工委会议", "--org", "市审计局", "--plan", str(plan), "-o", str(plan),
                 "--force"]) == 2
    assert "工作要点" in capsys.readouterr().err
    assert plan.read_bytes() == before


def test_parse_of_a_speech_reports_its_length_as_the_drafting_report_did(tmp_path, capsys):
    import json

    out = tmp_path / "讲话.docx"
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市统计局", "--minutes", "20",
                 "-o", str(out)]) == 0
    drafted = re.search(r"全文约 [\d,]+ 字，按每分钟 220 字约 [\d.]+ 分钟", capsys.readouterr().out)[0]
    assert main(["parse", str(out)]) == 0
    assert drafted in capsys.readouterr().out
    assert main(["parse", str(out), "--json"]) == 0
    length = json.loads(capsys.readouterr().out)["length"]
    assert length["rate"] == 220 and abs(length["characters"] - 20 * 220) <= 0.1 * 20 * 220
    plan = tmp_path / "要点.docx"
    assert main(["plan", "--year", "2026", "--org", "市统计局", "-o", str(plan)]) == 0
    capsys.readouterr()
    assert main(["parse", str(plan), "--json"]) == 0
    assert "length" not in json.loads(capsys.readouterr().out)  # a plan is not read aloud
