"""``draft compare``: how much of a document is last year's text (照搬照抄), item by item over the years.

The unit tests build outlines from short synthetic sentences; the end-to-end ones
read the seeds and ``../shared/real`` from ../shared (never copied here; 03–23
there were NFKC-normalised when stored, so half-width punctuation in them is an
artifact of collection).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from drafting import jobs
from drafting.cli import main
from drafting.compare import EDITED, LIGHT, NEW, SAME, compare, prepare
from drafting.errors import DataError, InputError
from drafting.library import load_library
from drafting.model import PLAN, Item, Outline, Section
from test_revise import accept_all, comments

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
REAL = SHARED / "real"
CALENDAR = load_library().calendar


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    return found[0]


def real_docs() -> list[Path]:
    return sorted(REAL.glob("[0-9][0-9].txt")) if REAL.is_dir() else []


def plan(year: int, *sections: tuple[str, list[str]], preamble: tuple[str, ...] = ()) -> Outline:
    return Outline(PLAN, f"{year}年某局党建工作要点",
                   tuple(Section(n, heading, tuple(Item(text, source=f"item {n}.{k}") for k, text in enumerate(items)))
                         for n, (heading, items) in enumerate(sections, 1)), year=year, preamble=preamble)


def pairs_of(old: Outline, new: Outline) -> list[tuple[str, str | None, str]]:
    a, b = prepare(old, CALENDAR), prepare(new, CALENDAR)
    c = compare(a, b)
    return [(b.sentences[p.new].text, a.sentences[p.old].text if p.old is not None else None, p.status)
            for p in c.pairs]


# --- alignment ---------------------------------------------------------------------------------


def test_reordered_split_and_merged_items_align_sentence_by_sentence():
    old = plan(2025,
               ("加强政治建设", ["1．严守政治纪律。坚持请示报告制度。", "2．深化理论学习。开展读书班活动。"]),
               ("加强组织建设", ["3．规范组织生活。落实谈心谈话制度；定期开展主题党日。", "4．加强党员管理。做好党费收缴工作。"]))
    new = plan(2026,
               # the two items of the second section moved first, renumbered, the first split in two
               ("加强组织建设", ["（一）规范组织生活。落实谈心谈话制度。", "二是定期开展主题党日。", "加强党员管理。做好党费收缴工作。"]),
               # the first two merged into one, with a sentence reworded and one new
               ("加强政治建设", ["1.严守政治纪律，深化理论学习。坚持请示报告制度。开展读书班活动。推进模范机关建设。"]))
    assert pairs_of(old, new) == [
        ("加强组织建设", "加强组织建设", SAME),
        ("（一）规范组织生活。", "3．规范组织生活。", SAME),
        ("落实谈心谈话制度。", "落实谈心谈话制度；", SAME),
        ("二是定期开展主题党日。", "定期开展主题党日。", SAME),
        ("加强党员管理。", "4．加强党员管理。", SAME),
        ("做好党费收缴工作。", "做好党费收缴工作。", SAME),
        ("加强政治建设", "加强政治建设", SAME),
        ("1.严守政治纪律，深化理论学习。", None, NEW),
        ("坚持请示报告制度。", "坚持请示报告制度。", SAME),
        ("开展读书班活动。", "开展读书班活动。", SAME),
        ("推进模范机关建设。", None, NEW),
    ]


def test_year_bound_expressions_make_a_light_edit_and_a_reworded_sentence_an_edit():
    old = plan(2025, ("加强思想建设", ["深入学习党的二十大和二十届二中、三中全会精神，推动2025年各项任务落地见效。",
                                  "组织全体党员到革命教育基地开展现场教学，进一步坚定理想信念。"]))
    new = plan(2026, ("加强思想建设", ["深入学习党的二十大和二十届二中、三中、四中全会精神，推动2026年各项任务落地见效。",
                                  "组织全体党员到革命教育基地开展现场教学，进一步坚定理想信念和宗旨意识。"]))
    statuses = [s for _, _, s in pairs_of(old, new)]
    assert statuses == [SAME, LIGHT, EDITED]  # the heading, then the two items


def test_the_title_is_not_compared_and_shares_are_of_the_new_characters():
    old = plan(2025, ("加强作风建设", ["持续纠治形式主义官僚主义。"]))
    new = plan(2026, ("加强作风建设", ["持续纠治形式主义官僚主义。", "开展调查研究。"]))
    c = compare(prepare(old, CALENDAR), prepare(new, CALENDAR))
    # 加强作风建设 (6) + 持续纠治形式主义官僚主义。(13) unchanged, 开展调查研究。(7) new
    assert (c.whole.same, c.whole.light, c.whole.edited, c.whole.new) == (19, 0, 0, 7)
    assert [name for name, _ in c.parts] == ["一、加强作风建设"]


# --- the seeds and real documents ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_compared_with_itself_is_all_unchanged(prefix):
    path = seed(prefix)
    c = jobs.compare_files(path, path).comparison
    assert c.whole.total > 1000 and c.whole.same == c.whole.total
    assert all(item.status == SAME for item in c.items) and c.items


def test_real_documents_compared_with_themselves_are_all_unchanged():
    docs = real_docs()
    if not docs:
        pytest.skip("../shared/real not found")
    for path in docs:
        w = jobs.compare_files(path, path).comparison.whole
        assert w.total > 300 and w.same == w.total, path.stem


def renewed(tmp_path: Path, src: Path, year: int, name: str) -> Path:
    done = jobs.renew(src, year=year, output=tmp_path / f"{name}-tracked.docx")
    return accept_all(done.path, tmp_path / f"{name}.docx")


@pytest.mark.parametrize("prefix,year", [("000", 2017), ("001", 2021), ("002", 2019), ("003", 2024), ("004", 2021)])
def test_a_renewed_copy_is_carried_over_whole_and_its_changes_are_light(tmp_path, prefix, year):
    src = seed(prefix)
    after = renewed(tmp_path, src, year, prefix)
    c = jobs.compare_files(src, after).comparison
    w = c.whole
    # every sentence is the source's, unchanged or changed only in year-bound expressions
    assert w.carried == w.total and w.light > 0 and w.edited == w.new == 0


def test_renewed_real_documents_are_carried_over_whole(tmp_path):
    docs = real_docs()
    if not docs:
        pytest.skip("../shared/real not found")
    shares = {}
    for path in docs:
        try:
            done = jobs.renew(path, output=tmp_path / f"{path.stem}-tracked.docx")
        except InputError:  # no year to renew from
            continue
        after = accept_all(done.path, tmp_path / f"{path.stem}.docx")
        w = jobs.compare_files(path, after).comparison.whole
        shares[path.stem] = w.carried / w.total
        # renew's own figure is the unchanged share compare finds
        assert abs(done.carried.percent(done.carried.same) - w.percent(w.same)) < 2, path.stem
    assert len(shares) >= 15
    # every sentence is last year's, changed at most in its year-bound expressions (a title cut over two
    # lines of a .txt included: the renewed copy styles both lines as the title, and reads back the same)
    assert all(v == 1 for v in shares.values()), {k: v for k, v in shares.items() if v != 1}


def test_a_fresh_draft_from_the_library_carries_little_of_a_seed(tmp_path):
    src = seed("003")  # 2023
    out = tmp_path / "fresh.docx"
    assert main(["plan", "--year", "2023", "--org", "某局", "-o", str(out)]) == 0
    c = jobs.compare_files(src, out).comparison
    print(f"fresh draft vs seed 003: {c.whole.percent(c.whole.carried):.1f}% carried")
    assert c.whole.percent(c.whole.carried) < 10 and not c.exceeded


def test_three_years_of_renewals_flag_the_items_unchanged_in_all_three(tmp_path, capsys):
    src = seed("003")  # 2023
    history = tmp_path / "往年"
    history.mkdir()
    first = renewed(history, src, 2024, "2024")
    second = renewed(tmp_path, first, 2025, "2025")
    (history / "2024-tracked.docx").unlink()
    (history / "2023.txt").write_bytes(src.read_bytes())
    done = jobs.compare_files(first, second, history=history)
    c = done.comparison
    assert [y for y, _ in done.history] == [2023]
    assert c.items and all(i.years == 3 and i.since == 2023 for i in c.items)
    # an item that changed only in its years is still flagged, and says so
    assert any("连续 3 年以上未变" in line for line in c.exceeded)
    # without the history the same items are carried over from one year
    assert all(i.years == 2 for i in jobs.compare_files(first, second).comparison.items)
    assert main(["compare", str(first), str(second), "--history", str(history),
                 "--annotate", str(tmp_path / "批注.docx")]) == 0
    out = capsys.readouterr()
    assert "连续3年未变（2023—2025年）" in out.out and "超过提醒界限" in out.out
    # (renew's own comments stay in an accepted copy)
    notes = [(anchor, note) for anchor, note in comments(tmp_path / "批注.docx") if note.startswith("连续")]
    assert len(notes) == len(c.items)
    assert {note for _, note in notes} <= {"连续3年未变（2023—2025年）", "连续3年未变（2023—2025年），其间仅改动年份等表述"}
    with zipfile.ZipFile(tmp_path / "批注.docx") as z:
        assert "连续3年未变" in z.read("word/comments.xml").decode("utf-8")


def test_annotate_puts_one_comment_on_each_carried_item_of_a_txt(tmp_path):
    old = tmp_path / "2025.txt"
    new = tmp_path / "2026.txt"
    old.write_text("2025年某局党建工作要点\n一、加强政治建设\n1．严守政治纪律。坚持重大事项请示报告制度，不打折扣。\n"
                   "2．深化理论学习。推动2025年理论学习走深走实、入脑入心。\n3．开展读书班。每季度举办一次。\n",
                   encoding="utf-8")
    new.write_text("2026年某局党建工作要点\n一、加强政治建设\n1．严守政治纪律。坚持重大事项请示报告制度，不打折扣。\n"
                   "2．深化理论学习。推动2026年理论学习走深走实、入脑入心。\n3．开展读书班。每季度举办一次。\n"
                   "4．开展专题研讨。每月组织一次集中研讨交流。\n", encoding="utf-8")
    before = new.read_bytes()
    done = jobs.compare_files(old, new, annotate=True, output=tmp_path / "out.docx")
    assert new.read_bytes() == before
    # the third item, of a few words only, is no copied text worth a comment; the fourth is new
    assert comments(done.written) == [("严守政治纪律", "与2025年相同"), ("深化理论学习", "与2025年相比仅改动年份等表述")]


def test_check_against_reports_after_the_findings(tmp_path, capsys):
    src = seed("001")
    main(["check", str(src), "--against", str(src)])
    out = capsys.readouterr().out
    assert out.index("检查：") < out.index("比较：") and "相同 100%" in out
    main(["check", str(src), "--against", str(src), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["compare"]["whole"]["unchanged_percent"] == 100.0 and data["findings"]


def test_json_gives_shares_sections_sentences_and_items(tmp_path, capsys):
    src = seed("002")
    assert main(["compare", str(src), str(src), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["whole"]["unchanged_percent"] == 100.0
    assert len(data["sections"]) == 4 and data["carried_sentences"] and data["items"][0]["years"] == 2
    assert data["limits"] == {"unchanged_percent": 60, "years": 3}


# --- bad input ---------------------------------------------------------------------------------


def test_a_plan_and_a_speech_are_compared_as_a_speech_deploying_the_plan(tmp_path, capsys):
    plan, speech = tmp_path / "要点.docx", tmp_path / "讲话.docx"
    assert main(["plan", "--year", "2026", "--org", "市统计局", "-o", str(plan)]) == 0
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市统计局", "-o", str(speech)]) == 0
    capsys.readouterr()
    for pair in ((plan, speech), (speech, plan)):  # either order
        assert main(["compare", *map(str, pair)]) == 0
        out = capsys.readouterr().out
        assert "不比较沿用的文字" in out and "对照工作要点" in out and "已部署（关键词：" in out
    assert main(["compare", str(plan), str(speech), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["coverage"]["tasks"]


def test_a_plan_and_a_speech_with_history_are_refused_with_the_coverage_command(tmp_path, capsys):
    assert main(["compare", str(seed("003")), str(seed("004")), "--history", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "不是同一文种" in err and "draft check 讲话稿 --plan 工作要点" in err


def test_history_folder_problems(tmp_path, capsys):
    src, other = seed("003"), seed("001")
    empty = tmp_path / "空"
    empty.mkdir()
    (empty / "说明.md").write_text("x", encoding="utf-8")
    assert main(["compare", str(src), str(src), "--history", str(empty)]) == 2
    assert "没有可以读取的往年文稿" in capsys.readouterr().err
    twice = tmp_path / "重复"
    twice.mkdir()
    (twice / "a.txt").write_bytes(other.read_bytes())
    (twice / "b.txt").write_text(other.read_text(encoding="utf-8-sig").replace("严", "从严", 1), encoding="utf-8")
    assert main(["compare", str(src), str(src), "--history", str(twice)]) == 2
    assert "有两份2020年的文稿" in capsys.readouterr().err
    assert main(["compare", str(src), str(src), "--history", str(tmp_path / "没有")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_an_unreadable_file_gets_checks_message(tmp_path, capsys):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    assert main(["check", str(bad)]) == 2
    expected = capsys.readouterr().err
    assert main(["compare", str(bad), str(seed("003"))]) == 2
    assert capsys.readouterr().err == expected


def test_a_unit_sets_its_own_limits(tmp_path):
    lib = tmp_path / "素材库"
    lib.mkdir()
    (lib / "规则.yaml").write_text("carry_over:\n  unchanged: 95\n  years: 4\n", encoding="utf-8")
    old, new = seed("003"), tmp_path / "new.txt"
    text = old.read_text(encoding="utf-8-sig")
    new.write_text(text + "\n", encoding="utf-8")
    c = jobs.compare_files(old, new, extra=(lib,)).comparison
    assert (c.limits.unchanged, c.limits.years) == (95, 4)
    (lib / "规则.yaml").write_text("carry_over:\n  unchanged: 0\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        jobs.compare_files(old, new, extra=(lib,))
    assert exc.value.line == 2 and "1 到 100" in str(exc.value)


# --- renew's own figure ----------------------------------------------------------------------


def test_renew_states_its_carried_share_in_the_report_and_one_comment_at_the_top(tmp_path, capsys):
    src = seed("001")
    out = tmp_path / "r.docx"
    assert main(["renew", str(src), "--year", "2021", "-o", str(out)]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("本稿约"))
    share = int(re.search(r"约 (\d+)%", line)[1])
    assert 80 < share < 100
    tops = [(anchor, note) for anchor, note in comments(out) if note.startswith("本稿约")]
    assert len(tops) == 1 and f"约 {share}% 的文字与2020年原文相同" in tops[0][1]
    assert tops[0][0] and tops[0][0] in "2021年机关党的建设工作要点"  # on the title, beside its year's change
