"""Plan ↔ speech coverage (``draft check 讲话稿 --plan 工作要点``): matching, the bundled drafts, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting import jobs
from drafting.cli import main
from drafting.coverage import DEPLOYED, MISSING, UNCLEAR, cover, report_lines, section_category
from drafting.errors import InputError
from drafting.model import PLAN, SPEECH, Cues, Item, Outline, Section

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# A small vocabulary of our own, as a library's 术语.yaml would give it.
CUES = (
    Cues("组织建设", heading=("组织建设", "支部建设"), words=("三会一课", "党支部", "组织生活", "党务干部")),
    Cues("作风建设", heading=("作风建设", "改进作风"), words=("作风", "调查研究", "形式主义")),
    Cues("纪律建设", heading=("纪律建设", "严明纪律"), words=("纪律", "以案促改", "警示教育")),
    Cues("群团建设", heading=("群团", "工会"), words=("工会", "职工之家", "青年")),
)
TERMS = ("三会一课", "组织生活会", "以案促改", "党务干部", "职工之家")


def _plan(*sections: tuple[str, tuple[tuple[str, str], ...]]) -> Outline:
    return Outline(PLAN, "某某单位工作要点", tuple(
        Section(n, heading, tuple(Item(text, lead) for lead, text in items))
        for n, (heading, items) in enumerate(sections, 1)))


def _speech(*sections: tuple[str, tuple[tuple[str, str], ...]]) -> Outline:
    return Outline(SPEECH, "在某某会议上的讲话", tuple(
        Section(n, heading, tuple(Item(text, lead, level="enum") for lead, text in items))
        for n, (heading, items) in enumerate(sections, 1)))


PLAN_ORG = ("加强支部建设，夯实组织基础", (
    ("严格落实“三会一课”", "按时召开支部党员大会和支委会，上好党课，组织生活要有计划有记录。"),
    ("加强党务干部队伍建设", "配齐专职党务干部，定期开展业务培训，推动党务干部与业务干部交流。"),
))
PLAN_DISCIPLINE = ("严明纪律规矩，营造良好生态", (
    ("深化以案促改", "对发生的案件逐案剖析，召开专题会议查摆问题，推动以案促改落到岗位上。"),
))
SPEECH_ORG = ("抓好支部建设，建强战斗堡垒", (
    ("要让组织生活严起来", "三会一课是党的组织生活的基本制度，各党支部要按时开会、认真讲课，不能走过场。"),
))


def _cover(plan: Outline, speech: Outline):
    return cover(plan, speech, cues=CUES, terms=TERMS)


def test_a_task_named_by_its_key_terms_in_a_section_of_its_category_is_deployed():
    found = _cover(_plan(PLAN_ORG), _speech(SPEECH_ORG))
    first = found.tasks[0]
    assert first.status == DEPLOYED
    assert (first.place.section, first.place.paragraph) == (1, 1)
    assert "三会一课" in first.terms
    assert found.plan_sections[0].counterparts == (1,)


def test_another_task_of_the_same_category_is_not_deployed_by_that_paragraph():
    # nearest negative: same category, a different task (党务干部 is not what the speech talks about)
    found = _cover(_plan(PLAN_ORG), _speech(SPEECH_ORG))
    assert found.tasks[1].status != DEPLOYED


def test_key_terms_found_only_in_a_section_of_another_category_are_unclear_not_deployed():
    speech = _speech(("持之以恒改进作风，树立良好形象", (
        ("要在查摆问题上动真格", "作风问题要对照检查，借鉴以案促改的做法，发现问题就要以案促改、立行立改，不搞形式主义。"),
    )))
    found = _cover(_plan(PLAN_DISCIPLINE), speech)
    task = found.tasks[0]
    assert task.status == UNCLEAR and "以案促改" in task.terms
    assert found.undeployed_sections and found.unmatched_speech_sections


def test_a_task_the_speech_never_names_is_missing_and_listed():
    found = _cover(_plan(PLAN_ORG, PLAN_DISCIPLINE), _speech(SPEECH_ORG))
    assert found.tasks[2].status == MISSING
    text = "\n".join(report_lines(found))
    assert "未提到：" in text and "深化以案促改" in text
    assert "工作要点第二部分“严明纪律规矩，营造良好生态”：讲话中没有部署" in text


def test_a_speech_section_the_plan_has_nothing_for_is_reported():
    speech = _speech(SPEECH_ORG, ("发挥群团作用，凝聚强大合力", (
        ("要把职工之家建得更温馨", "工会要多为职工办实事，建好职工之家，关心青年成长。"),
    )))
    found = _cover(_plan(PLAN_ORG), speech)
    assert [s.number for s in found.unmatched_speech_sections] == [2]
    assert "讲话中没有对应工作要点的部分：第二部分“发挥群团作用，凝聚强大合力”" in "\n".join(report_lines(found))


def test_a_heading_cue_names_the_category_and_items_decide_a_heading_without_one():
    assert section_category(Section(1, "严明纪律规矩，营造良好生态"), {c.category: c for c in CUES}) == "纪律建设"
    plain = Section(1, "凝心聚力，再创佳绩", (Item("工会组织青年联谊，建好职工之家。", "办好职工之家"),))
    assert section_category(plain, {c.category: c for c in CUES}) == "群团建设"


# --- the bundled drafts -----------------------------------------------------------------------


def _drafts(tmp_path: Path, year: int) -> tuple[Path, Path]:
    plan, speech = tmp_path / f"要点{year}.docx", tmp_path / f"讲话{year}.docx"
    assert main(["plan", "--year", str(year), "--org", "市统计局", "-o", str(plan)]) == 0
    assert main(["speech", "--meeting", "工委会议", "--year", str(year), "--org", "市统计局", "-o", str(speech)]) == 0
    return plan, speech


@pytest.mark.parametrize("year", [2018, 2022, 2026])
def test_the_bundled_gongwei_speech_deploys_every_section_of_the_bundled_plan(tmp_path, year):
    plan, speech = _drafts(tmp_path, year)
    found = jobs.coverage(speech, plan).coverage
    assert len(found.plan_sections) == 6
    assert found.undeployed_sections == []
    assert found.of(DEPLOYED)


def _drop_section(path: Path, number: str) -> None:
    """Delete a speech section (its heading 五、… and its paragraphs) from a .docx, renumbering nothing."""
    from docx import Document

    doc = Document(str(path))
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith(f"{number}、"))
    end = next((i for i in range(start + 1, len(paragraphs))
                if "、" in paragraphs[i].text[:3] or paragraphs[i].text.startswith("同志们")), len(paragraphs))
    for p in paragraphs[start:end]:
        p._element.getparent().remove(p._element)
    doc.save(str(path))


def test_removing_a_speech_section_leaves_that_plan_section_undeployed(tmp_path):
    plan, speech = _drafts(tmp_path, 2026)
    _drop_section(speech, "五")  # the 纪律建设 section
    found = jobs.coverage(speech, plan).coverage
    assert [s.category for s in found.undeployed_sections] == ["纪律建设"]
    assert all(t.status != DEPLOYED for t in found.tasks if t.category == "纪律建设")


def test_the_speech_section_on_party_building_duty_has_no_counterpart_in_the_bundled_plan(tmp_path):
    plan, speech = _drafts(tmp_path, 2022)
    found = jobs.coverage(speech, plan).coverage
    assert [s.category for s in found.unmatched_speech_sections] == ["党建责任"]


# --- the command ------------------------------------------------------------------------------


def test_check_with_plan_prints_the_coverage_after_the_findings(tmp_path, capsys):
    plan, speech = _drafts(tmp_path, 2026)
    capsys.readouterr()
    assert main(["check", str(speech), "--plan", str(plan)]) == 0
    out = capsys.readouterr().out
    assert out.index("没有发现问题") < out.index("对照工作要点")
    assert "已部署（关键词：" in out and "讲话中没有对应工作要点的部分：第七部分" in out
    assert main(["check", str(speech), "--plan", str(plan), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "findings" in data and {t["status"] for t in data["coverage"]["tasks"]} <= {DEPLOYED, UNCLEAR, MISSING}


@pytest.mark.parametrize("swap", ["plan-is-a-speech", "checked-is-a-plan"])
def test_documents_of_the_wrong_genre_are_refused_and_nothing_is_written(tmp_path, capsys, swap):
    plan, speech = _drafts(tmp_path, 2026)
    checked, given = (speech, speech) if swap == "plan-is-a-speech" else (plan, plan)
    out = tmp_path / "批注.docx"
    capsys.readouterr()
    assert main(["check", str(checked), "--plan", str(given), "--annotate", str(out)]) == 2
    err = capsys.readouterr().err
    assert ("应是工作要点" if swap == "plan-is-a-speech" else "应是讲话稿") in err
    assert not out.exists()


def test_a_seed_plan_against_a_seed_speech_reads_and_claims_only_same_category_deployments():
    # the seeds are third-party documents, read here and never copied
    speech = SEEDS / next(p.name for p in sorted(SEEDS.iterdir()) if p.name.startswith("004"))
    plans = [p for p in sorted(SEEDS.iterdir()) if p.name[:3] in ("000", "001", "003")]
    for plan in plans:
        found = jobs.coverage(speech, plan).coverage
        assert found.tasks
        sections = {s.number: s for s in found.speech_sections}
        for t in found.of(DEPLOYED):
            assert t.terms and sections[t.place.section].counterparts


def test_a_speech_without_sections_is_refused(tmp_path):
    plan, _ = _drafts(tmp_path, 2026)
    flat = tmp_path / "讲话.txt"
    flat.write_text("在某某会议上的讲话\n同志们：\n今天召开会议，讲三点意见。\n同志们，让我们共同努力！\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有识别出"):
        jobs.coverage(flat, plan)
