"""``draft ingest``: harvested snippets are valid, parameterised, new, and never overwrite anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafting import jobs, sandbox
from drafting.cli import main
from drafting.errors import DataError
from drafting.ingest import REVIEW_FOLDER, ShingleIndex, templatize
from drafting.library import load_library
from drafting.model import PARAM_NAMES, Occasion
from drafting.numerals import cn_ordinal_enum
from drafting.yearfacts import year_facts

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return found[0]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def render(source: str, year: int, org: str = "测试局") -> str:
    lib = load_library()
    params = {**year_facts(lib.calendar, year).params(), **Occasion(year=year, org=org).params()}
    return sandbox.render(source, params)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- templatize ------------------------------------------------------------------


def test_the_documents_year_becomes_a_parameter_but_fixed_years_stay():
    text = "2020年是关键之年。于2020年6月底前完成；从2020年起实行；2019—2020年；2019年以来。"
    out = templatize(text, year=2020, org=None)
    assert out.count("{{ year }}") == 2
    assert "从2020年起" in out and "2019—2020年" in out and "2019年以来" in out
    assert render(out, 2020) == text
    assert render(out, 2021).startswith("2021年是关键之年。于2021年6月底前完成；从2020年起")


def test_year_facts_and_org_become_parameters():
    facts = year_facts(load_library().calendar, 2024)
    text = f"深入学习贯彻{facts.plenums}，推动“{facts.fyp}”规划落地。测试局二〇二四年工作。"
    out = templatize(text, year=2024, org="测试局", facts=facts)
    assert out == ("深入学习贯彻{{ plenums }}，推动“{{ fyp }}”规划落地。{{ org }}{{ year_cn }}年工作。")
    assert render(out, 2024) == text
    assert "二十届二中、三中、四中全会" in render(out, 2026)


def test_literal_braces_are_escaped_into_valid_jinja():
    text = "原文里有 {{ 花括号 }} 和 {% 标记 %} 以及 {# 注释 #}，2020年。"
    out = templatize(text, year=2020, org=None)
    assert sandbox.undeclared(out) <= PARAM_NAMES
    assert render(out, 2020) == text


def test_shingle_index_finds_the_most_similar_text():
    index = ShingleIndex()
    index.add("a", "认真落实三会一课制度，按期召开支部党员大会、支部委员会和党小组会")
    index.add("b", "深入开展廉政风险排查，加强节假日廉洁提醒")
    key, score = index.most_similar("认真落实“三会一课”制度，按时召开支部党员大会、支部委员会和党小组会。")
    assert key == "a" and 0.6 <= score < 1
    assert index.most_similar("完全无关的一句话")[0] is None


# --- the job ---------------------------------------------------------------------


def test_seed_ingest_writes_valid_parameterised_snippets(in_tmp):
    source = seed("001")
    assert main(["ingest", str(source), "--into", "库"]) == 0
    review = in_tmp / "库" / REVIEW_FOLDER
    files = list(review.glob("*.yaml"))
    assert [f.name for f in files] == [f"{source.stem}-1.yaml"]
    lib = load_library([in_tmp / "库"], review=True)  # the library's own validation
    harvested = [s for s in lib.snippets.values() if s.id.startswith("ingest-")]
    kinds = {s.kind for s in harvested}
    assert {"item", "heading", "preamble"} <= kinds
    assert all(s.category in lib.categories() for s in harvested)
    assert all(s.tags for s in harvested if s.kind == "item")
    preamble = next(s for s in harvested if s.kind == "preamble")
    assert preamble.body.startswith("{{ year }}年")
    assert render(preamble.body, 2021).startswith("2021年")
    assert "2020年" not in render(preamble.body, 2021)
    items = [s for s in harvested if s.kind == "item"]
    assert len(items) == 20 and all(s.lead for s in items)
    assert any("三会一课" in s.tags for s in items)


def test_second_ingest_adds_nothing_and_touches_nothing(in_tmp):
    source = seed("001")
    assert main(["ingest", str(source)]) == 0
    into = in_tmp / jobs.INGEST_INTO
    before = snapshot(into)
    harvest = jobs.ingest((source,), into)
    report = harvest.reports[0]
    assert report.added == () and report.written is None
    assert len(report.duplicates) == len(report.candidates) > 0
    assert all(c.duplicate_of.startswith("ingest-") and c.similarity == 1.0 for c in report.duplicates)
    assert snapshot(into) == before


def test_duplicates_within_one_batch_are_reported(in_tmp, tmp_path):
    source = seed("002")
    copy = tmp_path / "副本.txt"
    copy.write_bytes(source.read_bytes())
    harvest = jobs.ingest((source, copy), in_tmp / "库")
    first, second = harvest.reports
    assert first.added and not second.added
    first_ids = {c.id for c in first.added}
    assert {c.duplicate_of for c in second.duplicates} <= first_ids


def test_near_duplicate_of_a_bundled_snippet_is_reported_with_its_id(in_tmp):
    lib = load_library()
    snippet = lib.get("zj-item-three-meetings")
    # as the assembler writes it: the points enumerated after the body, one word changed
    body = render(snippet.body, 2026).replace("按期召开", "按时召开") + "".join(
        f"{cn_ordinal_enum(i)}{render(p, 2026)}" for i, p in enumerate(snippet.points, 1))
    (in_tmp / "要点.txt").write_text(
        "2026年测试局党的建设工作要点\n"
        "一、强化组织建设，建强战斗堡垒\n"
        f"1．{render(snippet.lead, 2026)}。{body}\n"
        "2．办好机关读书沙龙。依托职工书屋每季度举办一次读书沙龙，邀请专家导读经典著作。\n",
        encoding="utf-8",
    )
    report = jobs.ingest((in_tmp / "要点.txt",), in_tmp / "库").reports[0]
    dup = next(c for c in report.candidates if c.kind == "item" and c.duplicate_of)
    assert dup.duplicate_of == "zj-item-three-meetings" and dup.similarity >= 0.6
    added = [c for c in report.added if c.kind == "item"]
    assert len(added) == 1 and added[0].category == "组织建设" and added[0].by_heading


def test_items_under_an_umbrella_heading_go_to_the_finer_category_they_are_about(in_tmp):
    (in_tmp / "要点.txt").write_text(
        "2016年测试局党的建设工作要点\n"
        "一、从严治党，加强党风廉政建设\n"
        "1．严明纪律规矩。运用监督执纪四种形态，对违纪苗头早提醒早纠正，机关纪委每季度分析一次纪律状况。\n"
        "2．筑牢廉政防线。排查重点岗位廉政风险点，节假日前开展廉洁提醒，建好廉政风险防控台账。\n",
        encoding="utf-8",
    )
    report = jobs.ingest((in_tmp / "要点.txt",), in_tmp / "库").reports[0]
    items = {c.lead: c for c in report.added if c.kind == "item"}
    assert items["严明纪律规矩"].category == "纪律建设"
    assert "标题属党风廉政建设，依据内容细分" in items["严明纪律规矩"].note
    assert items["筑牢廉政防线"].category == "党风廉政建设"
    assert "依据标题" in items["筑牢廉政防线"].note
    written = next((in_tmp / "库" / REVIEW_FOLDER).glob("*.yaml")).read_text(encoding="utf-8")
    assert "category: 纪律建设" in written and "category: 党风廉政建设" in written


def test_an_item_its_heading_files_against_its_own_words_is_flagged_for_the_reviewer(in_tmp, capsys):
    (in_tmp / "要点.txt").write_text(
        "2025年测试局党的建设工作要点\n"
        "一、加强政治建设，提高政治能力\n"
        "1．落实第一议题制度。党组会议把学习总书记最新重要讲话作为第一议题，结合职责研究贯彻措施。\n"
        "2．压实意识形态工作责任。每半年分析一次干部职工思想动态，管好用好机关网站和政务新媒体。\n",
        encoding="utf-8",
    )
    assert main(["ingest", "要点.txt", "--into", "库"]) == 0
    # the summary points the reviewer at it, by item number and lead
    assert "请核对：第2条“压实意识形态工作责任”按标题归入政治建设，单看内容更像思想建设" in capsys.readouterr().out
    report = jobs.ingest((in_tmp / "要点.txt",), in_tmp / "库2").reports[0]
    items = {c.lead: c for c in report.added if c.kind == "item"}
    # the heading still decides; the note tells the reviewer what the words alone say
    assert items["压实意识形态工作责任"].category == "政治建设"
    assert "依据标题" in items["压实意识形态工作责任"].note
    assert "单看内容更像思想建设" in items["压实意识形态工作责任"].note
    assert "单看内容" not in items["落实第一议题制度"].note
    written = next((in_tmp / "库" / REVIEW_FOLDER).glob("*.yaml")).read_text(encoding="utf-8")
    assert "单看内容更像思想建设" in written


def test_a_heading_that_names_no_category_is_filed_by_all_its_items_not_the_first(in_tmp):
    (in_tmp / "要点.txt").write_text(
        "2025年测试局党的建设工作要点\n"
        "一、围绕中心服务大局，推动各项任务落地见效\n"
        "1．落实三会一课制度。各支部每月召开支委会和党员大会，按季度讲党课。\n"
        "2．深入开展调查研究。班子成员每季度到基层蹲点，形成调研报告并推动问题解决。\n"
        "3．精简文件和会议。严控发文数量和会议规模，改进文风会风。\n"
        "4．持续为基层减负。清理规范督查检查考核事项，力戒形式主义官僚主义。\n",
        encoding="utf-8",
    )
    report = jobs.ingest((in_tmp / "要点.txt",), in_tmp / "库").reports[0]
    heading = next(c for c in report.added if c.kind == "heading")
    items = {c.lead: c.category for c in report.added if c.kind == "item"}
    assert items["落实三会一课制度"] == "组织建设"
    assert heading.category == "作风建设" and not heading.by_heading
    assert "依据内容" in heading.note


def test_existing_files_are_never_overwritten(in_tmp):
    source = seed("003")
    into = in_tmp / "库"
    review = into / REVIEW_FOLDER
    review.mkdir(parents=True)
    (into / "本单位.yaml").write_text(
        "category: 组织建设\nsnippets:\n  - id: own-1\n    genre: plan\n    lead: 自己的条目\n"
        "    body: 自己写的一条素材，与收集的内容无关。\n", encoding="utf-8")
    taken = review / f"{source.stem}-1.yaml"
    taken.write_text("snippets: []\n", encoding="utf-8")
    os.utime(taken, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(into)
    report = jobs.ingest((source,), into).reports[0]
    assert report.written == review / f"{source.stem}-2.yaml"
    after = snapshot(into)
    assert {k: v for k, v in after.items() if k in before} == before
    lib = load_library([into], review=True)
    assert lib.get("own-1") is not None
    assert {c.id for c in report.added} <= set(lib.snippets)


def test_past_year_references_stay_in_a_speech(in_tmp):
    source = seed("004")
    report = jobs.ingest((source,), in_tmp / "库").reports[0]
    assert report.genre == "speech" and report.year == 2020
    texts = [c.body for c in report.added]
    assert {c.genre for c in report.added} == {"speech"}
    assert not any("从{{ year }}年起" in t for t in texts)
    assert any("从2020年起" in t for t in texts)
    load_library([in_tmp / "库"], review=True)


def test_summary_is_in_chinese(in_tmp, capsys):
    assert main(["ingest", str(seed("000")), str(seed("002")), "--into", "库"]) == 0
    out = capsys.readouterr().out
    assert "候选" in out and "新增" in out and "类别：" in out and "已写入：" in out
    assert main(["ingest", str(seed("002")), "--into", "库"]) == 0
    out = capsys.readouterr().out
    assert "新增 0 条" in out and "重复：" in out and "ingest-" in out


def test_unusable_input_exits_2_and_writes_nothing(in_tmp, capsys):
    (in_tmp / "旧文档.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["ingest", str(seed("001")), "旧文档.doc", "--into", "库"]) == 2
    assert "旧文档.doc" in capsys.readouterr().err
    assert not (in_tmp / "库").exists()
    assert main(["ingest", "没有这个文件.txt"]) == 2
    (in_tmp / "文件").write_text("x", encoding="utf-8")
    assert main(["ingest", str(seed("001")), "--into", "文件"]) == 2


def test_a_broken_target_library_is_reported(in_tmp):
    into = in_tmp / "库"
    into.mkdir()
    (into / "坏.yaml").write_text("snippets:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DataError):
        jobs.ingest((seed("001"),), into)


# --- a full disk, two runs at once, a lock left behind ---------------------------------


def test_a_full_disk_leaves_no_half_file_to_count_duplicates_against(in_tmp, monkeypatch, capsys):
    from test_output import fill_disk

    from drafting import output

    real = fill_disk(monkeypatch, 8192)
    assert main(["ingest", str(seed("001")), "--into", "库"]) == 2
    assert "磁盘空间不足" in capsys.readouterr().err
    assert [p.name for p in (in_tmp / "库").rglob("*") if p.is_file()] == []
    monkeypatch.setattr(output, "_stream", real)  # space freed
    report = jobs.ingest((seed("001"),), in_tmp / "库").reports[0]
    assert report.duplicates == () and report.added


def test_two_ingests_into_one_library_at_once_one_writes_the_other_is_refused(in_tmp):
    from test_output import race

    source = seed("001")
    for n, results in race(lambda n: ["ingest", str(source), "--into", f"库{n}"], in_tmp):
        into = in_tmp / f"库{n}"
        assert sorted(code for code, _ in results) == [0, 2], results
        loser = next(err for code, err in results if code == 2)
        assert "正被另一个 draft 命令使用" in loser and "进程号" in loser
        files = sorted(p.name for p in into.rglob("*") if p.is_file())
        assert files == [f"{source.stem}-1.yaml"]
        load_library([into], review=True)


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(in_tmp):
    import socket
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock = in_tmp / "库" / REVIEW_FOLDER / jobs.INGEST_LOCK
    lock.parent.mkdir(parents=True)
    lock.write_text(f"{gone.pid}\n{socket.gethostname()}\n2026-01-01 09:00:00\n", encoding="utf-8")
    report = jobs.ingest((seed("001"),), in_tmp / "库").reports[0]
    assert report.written is not None and not lock.exists()


def test_a_lock_held_by_a_running_process_is_refused_in_chinese_naming_it(in_tmp, capsys):
    import socket

    lock = in_tmp / "库" / REVIEW_FOLDER / jobs.INGEST_LOCK
    lock.parent.mkdir(parents=True)
    for host, named in ((socket.gethostname(), f"进程号 {os.getppid()}"), ("另一台电脑", "计算机 另一台电脑")):
        lock.write_text(f"{os.getppid()}\n{host}\n2026-01-01 09:00:00\n", encoding="utf-8")
        assert main(["ingest", str(seed("001")), "--into", "库"]) == 2
        err = capsys.readouterr().err
        assert "素材库的待审核文件夹正被另一个 draft 命令使用" in err and named in err
        assert "2026-01-01 09:00:00" in err and str(Path("库", REVIEW_FOLDER, jobs.INGEST_LOCK)) in err
        assert [p.name for p in lock.parent.iterdir()] == [jobs.INGEST_LOCK]


def test_the_lock_is_released_when_the_job_fails(in_tmp):
    into = in_tmp / "库"
    into.mkdir()
    (into / "坏.yaml").write_text("snippets:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DataError):
        jobs.ingest((seed("001"),), into)
    assert sorted(p.name for p in into.rglob("*")) == ["坏.yaml"]
