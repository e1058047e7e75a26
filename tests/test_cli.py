"""The ``draft`` command end to end: files written, messages and exit codes a user sees."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from docx import Document

from drafting import jobs
from drafting.cli import main
from drafting.errors import DataError
from drafting.library import load_library
from drafting.yearfacts import year_facts


ROOT = Path(__file__).resolve().parent.parent


def docx_text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plan_with_default_name(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "市发展改革委"]) == 0
    out = in_tmp / "2026年市发展改革委党的建设工作要点.docx"
    assert out.is_file()
    text = docx_text(out)
    assert text.startswith("2026年市发展改革委党的建设工作要点")
    assert "党的二十大和二十届二中、三中、四中全会精神" in text
    assert "{{" not in text and "{%" not in text
    assert "已生成工作要点" in capsys.readouterr().out


def test_speech(in_tmp):
    code = main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市直机关工委",
                 "--speaker", "张三", "--date", "2026-01-10", "-o", "y.docx"])
    assert code == 0
    text = docx_text(in_tmp / "y.docx")
    assert "2026" in text and "市直机关工委" in text and "张三" in text
    assert "同志们：" in text and "（2026年1月10日）" in text


@pytest.mark.parametrize("year", [2016, 2021, 2025, 2030])
def test_year_facts_reach_the_document(in_tmp, year):
    assert main(["plan", "--year", str(year), "--org", "市发展改革委", "-o", "p.docx"]) == 0
    text = docx_text(in_tmp / "p.docx")
    facts = year_facts(load_library().calendar, year)
    assert facts.plenums in text
    assert f"“{facts.fyp}”" in text
    if facts.fyp_phase:
        assert facts.fyp_phase in text


def test_unknown_meeting_lists_the_known_ones(in_tmp, capsys):
    assert main(["speech", "--meeting", "茶话会", "--org", "局"]) == 2
    err = capsys.readouterr().err
    assert "茶话会" in err and "工委会议" in err and "年中推进会" in err
    assert list(in_tmp.iterdir()) == []


def test_missing_org_is_explained(in_tmp, capsys):
    assert main(["plan", "--year", "2026"]) == 2
    assert "--org" in capsys.readouterr().err


def test_existing_output_is_kept_without_force(in_tmp, capsys):
    target = in_tmp / "x.docx"
    target.write_bytes(b"old")
    assert main(["plan", "--year", "2026", "--org", "局", "-o", "x.docx"]) == 2
    assert target.read_bytes() == b"old"
    assert "--force" in capsys.readouterr().err
    assert main(["plan", "--year", "2026", "--org", "局", "-o", "x.docx", "--force"]) == 0
    assert target.read_bytes()[:2] == b"PK"


def test_broken_library_stops_with_file_and_line(in_tmp, capsys):
    lib = in_tmp / "lib"
    lib.mkdir()
    (lib / "my.yaml").write_text("category: 思想建设\nsnippets:\n  - id: m1\n    genre: plan\n    lead: 学\n"
                                 "    body: 学习{{ yaer }}年。\n", encoding="utf-8")
    assert main(["plan", "--year", "2026", "--org", "局", "--library", "lib", "-o", "z.docx"]) == 2
    err = capsys.readouterr().err
    assert "my.yaml" in err and "第 6 行" in err and "yaer" in err
    assert not (in_tmp / "z.docx").exists()


def test_unit_library_overrides_a_bundled_snippet(in_tmp):
    bundled = load_library()
    first = bundled.plan().sections[0].category
    target = bundled.select("item", "plan", 2026, first)[0]
    lib = in_tmp / "lib"
    lib.mkdir()
    (lib / "mine.yaml").write_text(
        f"category: {first}\nsnippets:\n  - id: {target.id}\n    genre: plan\n    lead: 本单位特色做法\n"
        "    body: 结合{{ org_short }}实际推进。\n", encoding="utf-8")
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "--org-short", "发改委",
                 "-l", "lib", "-o", "u.docx"]) == 0
    assert "1．本单位特色做法。结合发改委实际推进。" in docx_text(in_tmp / "u.docx")


def test_init_then_plan_without_retyping(in_tmp):
    assert main(["init", "--org", "市审计局", "--superior", "市直机关工委"]) == 0
    assert "市审计局" in (in_tmp / "draft.yaml").read_text(encoding="utf-8")
    assert main(["init", "--org", "别的局"]) == 2  # kept without --force
    assert main(["plan", "--year", "2026", "-o", "a.docx"]) == 0
    assert "2026年市审计局党的建设工作要点" in docx_text(in_tmp / "a.docx")


def test_spec_from_examples(in_tmp):
    from pathlib import Path

    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
    assert examples
    for spec in examples:
        import yaml

        genre = yaml.safe_load(spec.read_text(encoding="utf-8"))["genre"]
        args = ["plan"] if genre == "plan" else ["speech", "--speaker", "李四"]
        out = in_tmp / f"{spec.stem}.docx"
        assert main(args + ["--year", "2026", "--org", "市财政局", "--spec", str(spec), "-o", str(out)]) == 0
        assert "市财政局" in docx_text(out) or genre == "speech"


_SPEC_HEAD = """\
genre: plan
title: "{{ year }}年{{ org }}党建工作要点"
preamble: [zt-general]
sections:
"""


@pytest.mark.parametrize(
    "sections, line, words",
    [
        ("  - category: 政治建设\n    count: 2\n  - category: 政治建设\n    count: 2\n",
         7, ["类别“政治建设”", "第 5 行", "不能写两次"]),
        ("  - category: 党风廉政建设\n    items: [lz-plan-risk-control, lz-plan-risk-control]\n",
         6, ["lz-plan-risk-control", "不能用两次"]),
        ("  - category: 党风廉政建设\n    items:\n      - lz-plan-risk-control\n"
         "  - category: 群团建设\n    items:\n      - lz-plan-risk-control\n",
         10, ["lz-plan-risk-control", "第 7 行", "不能用两次"]),
        ("  []\n", 5, ["sections", "空"]),
    ],
)
def test_spec_repeating_a_category_or_item_is_refused(in_tmp, capsys, sections, line, words):
    (in_tmp / "配方.yaml").write_text(_SPEC_HEAD + sections, encoding="utf-8")
    assert main(["plan", "--year", "2026", "--org", "局", "--spec", "配方.yaml", "-o", "x.docx"]) == 2
    err = capsys.readouterr().err
    assert "配方.yaml" in err and f"第 {line} 行" in err, err
    assert all(w in err for w in words), err
    assert not (in_tmp / "x.docx").exists()


def test_spec_whose_items_do_not_apply_to_the_year_writes_nothing(in_tmp, capsys):
    (in_tmp / "配方.yaml").write_text(
        _SPEC_HEAD + "  - category: 组织建设\n    count: 2\n"
        "  - category: 作风建设\n    items:\n      - zf-item-digital-formalism\n", encoding="utf-8")
    assert main(["plan", "--year", "2016", "--org", "局", "--spec", "配方.yaml", "-o", "x.docx"]) == 2
    err = capsys.readouterr().err
    assert "配方.yaml" in err and "第 7 行" in err and "第 2 部分（作风建设）" in err, err
    assert "zf-item-digital-formalism" in err and "2020—…年" in err and "2016年" in err, err
    assert not (in_tmp / "x.docx").exists()
    # the same spec is fine in a year its items are written for
    assert main(["plan", "--year", "2026", "--org", "局", "--spec", "配方.yaml", "-o", "x.docx"]) == 0


def test_spec_section_drawing_from_a_category_skips_items_listed_elsewhere(in_tmp):
    (in_tmp / "配方.yaml").write_text(
        _SPEC_HEAD + "  - category: 组织建设\n    items:\n      - zf-item-digital-formalism\n"
        "  - category: 作风建设\n    count: 50\n", encoding="utf-8")
    assert main(["plan", "--year", "2026", "--org", "局", "--spec", "配方.yaml", "-o", "x.docx"]) == 0
    assert docx_text(in_tmp / "x.docx").count("整治“指尖上的形式主义”") == 1


def test_default_year_and_date(in_tmp, capsys):
    from drafting.jobs import default_year

    assert default_year(dt.date(2026, 11, 21)) == 2027
    assert default_year(dt.date(2026, 3, 1)) == 2026
    assert main(["plan", "--org", "局", "-o", "d.docx"]) == 0
    assert "未指定年份" in capsys.readouterr().err


@pytest.mark.parametrize("genre, today, dated", [
    ("speech", dt.date(2026, 11, 20), False),  # November drafts for next year: not dated this year
    ("speech", dt.date(2026, 12, 28), False),
    ("speech", dt.date(2027, 3, 1), True),
    ("plan", dt.date(2026, 11, 20), False),
    ("plan", dt.date(2026, 12, 28), True),  # a plan may be signed off in the December before
    ("plan", dt.date(2027, 1, 5), True),
])
def test_default_date_only_within_the_documents_year(in_tmp, genre, today, dated):
    from drafting.jobs import Request, draft

    req = Request(genre=genre, meeting="年中推进会" if genre == "speech" else None, org="局",
                  output=in_tmp / "d.docx")
    result = draft(req, today=today)
    assert result.outline.year == 2027
    written = f"{today.year}年{today.month}月{today.day}日"
    assert (written in docx_text(result.path)) == dated
    assert any("省略" in note and "--date" in note for note in result.notes) != dated


_SOURCE = "2025年局党的建设工作要点\n一、政治建设\n1．加强理论学习,深化。\n"


@pytest.mark.parametrize("args", [
    ["plan", "--year", "2026", "--org", "局", "-o", "{out}"],
    ["speech", "--meeting", "工委会议", "--year", "2026", "--org", "局", "-o", "{out}"],
    ["renew", "src.txt", "--year", "2026", "-o", "{out}"],
    ["check", "src.txt", "--annotate", "{out}"],
    ["check", "src.txt", "--fix", "-o", "{out}"],
])
@pytest.mark.parametrize("out", ["a.txt", "noext"])
def test_word_output_must_be_named_docx(in_tmp, capsys, args, out):
    (in_tmp / "src.txt").write_text(_SOURCE, encoding="utf-8")
    assert main([a.format(out=out) for a in args]) == 2
    err = capsys.readouterr().err
    assert out in err and ".docx 结尾" in err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["src.txt"]
    assert (in_tmp / "src.txt").read_text(encoding="utf-8") == _SOURCE


@pytest.mark.parametrize("args", [
    ["plan", "--year", "2026", "--org", "局", "--library", "dump.py", "-o", "p.docx"],
    ["snippets", "search", "三会一课", "--library", "dump.py"],
    ["snippets", "lint", "dump.py"],
])
def test_a_file_given_as_library_is_named_a_file(in_tmp, capsys, args):
    (in_tmp / "dump.py").write_text("print(1)\n", encoding="utf-8")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "dump.py" in err and "这是一个文件，不是文件夹" in err and "不存在" not in err
    assert not (in_tmp / "p.docx").exists()


@pytest.mark.parametrize("command", ["check", "parse", "renew"])
def test_a_picture_renamed_to_docx_is_named_not_a_word_document(in_tmp, capsys, command):
    picture = in_tmp / "扫描件.docx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main([command, "扫描件.docx"]) == 2
    err = capsys.readouterr().err
    assert "扫描件.docx" in err and "不是有效的 Word 文档" in err and "PNG 图片" in err
    assert "不支持的文件类型" not in err
    assert [p.name for p in in_tmp.iterdir()] == ["扫描件.docx"]


@pytest.mark.parametrize("command", ["check", "parse"])
@pytest.mark.parametrize("content", ["", "\n  \n\t\n"])
def test_a_file_without_any_text_is_refused_by_check_and_parse_alike(in_tmp, capsys, command, content):
    (in_tmp / "empty.txt").write_text(content, encoding="utf-8")
    assert main([command, "empty.txt"]) == 2
    err = capsys.readouterr().err
    assert "empty.txt" in err and "文件中没有文字" in err


def test_text_without_sections_is_still_parsed_with_a_finding(in_tmp, capsys):
    (in_tmp / "note.txt").write_text("关于加强学习的几点意见\n大家要认真学习。\n", encoding="utf-8")
    assert main(["parse", "note.txt"]) == 0
    assert "no-sections" in capsys.readouterr().out


def test_force_never_overwrites_the_template_or_spec(in_tmp, capsys):
    from drafting.resources import template_path

    template = in_tmp / "mytpl.docx"
    template.write_bytes(template_path("plan").read_bytes())
    before = template.read_bytes()
    args = ["plan", "--year", "2026", "--org", "局", "--force"]
    assert main(args + ["--template", "mytpl.docx", "-o", "mytpl.docx"]) == 2
    err = capsys.readouterr().err
    assert "mytpl.docx" in err and "模板文件" in err
    assert template.read_bytes() == before
    # A spec, even one whose name ends in .docx, is not overwritten either.
    spec = in_tmp / "配方.docx"
    spec.write_text(_SPEC_HEAD + "  - category: 组织建设\n    count: 2\n", encoding="utf-8")
    text = spec.read_text(encoding="utf-8")
    assert main(args + ["--spec", "配方.docx", "-o", "配方.docx"]) == 2
    assert "配方文件" in capsys.readouterr().err
    assert spec.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in in_tmp.iterdir()) == ["mytpl.docx", "配方.docx"]


def test_listing_commands(capsys):
    assert main(["meetings"]) == 0
    out = capsys.readouterr().out
    assert "工委会议" in out and "全面从严治党工作会议" in out
    assert main(["snippets", "list", "--category", "思想建设"]) == 0
    out = capsys.readouterr().out
    assert out.strip() and all("\t思想建设\t" in line for line in out.strip().splitlines())
    assert main(["snippets", "list", "--category", "不存在"]) == 2


def test_help_and_usage_errors_are_chinese(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "用法" in out and "生成年度工作要点" in out
    assert main(["plan", "--yeer", "2026"]) == 2
    err = capsys.readouterr().err
    assert "没有选项" in err and "--year" in err
    assert main(["plan", "--year", "二〇二六"]) == 2
    assert "不是有效的数字" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["compare"], ["plna"], ["snippets", "serch"], ["plan", "--yaer", "2026"],
                                  ["check"], ["plan", "--year"], ["renew", "a.docx", "--yeer", "2026"]])
def test_usage_errors_are_wholly_chinese(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    # what is left once the names the user typed or may type are taken out: no English at all
    rest = re.sub(r"'[^']*'|“[^”]*”|--?[a-z][a-z-]*", "", err)
    assert not re.search(r"[A-Za-z]{2,}", rest), err
    assert "错误：" in err and "." not in rest.replace("...", ""), err


def test_every_commands_help_names_its_placeholders_in_chinese(capsys):
    from drafting.cli import app, snippets_app

    commands = [[c.name] for c in app.registered_commands] + [["snippets", c.name] for c in snippets_app.registered_commands]
    assert ["serve"] in commands and ["snippets", "lint"] in commands
    for argv in [[]] + commands:
        assert main(argv + ["--help"]) == 0
        out = capsys.readouterr().out
        assert "用法：" in out and "[选项]" in out, argv
        assert not re.search(r"\b(OPTIONS|COMMAND|ARGS|TEXT|PATH|INTEGER|FILE|DIRECTORY|FLOAT)\b", out), (argv, out)


def test_a_mistyped_command_is_given_the_one_meant_in_chinese(capsys):
    assert main(["plna"]) == 2
    err = capsys.readouterr().err
    assert "没有命令 'plna'" in err and "您是不是要用 'plan'" in err and "Did you mean" not in err


@pytest.mark.parametrize("written", ["2026-01-10", "2026/1/10", "2026.1.10", "2026年1月10日"])
def test_date_in_the_ways_people_write_it(in_tmp, written):
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "局", "--date", written,
                 "-o", "s.docx"]) == 0
    assert "（2026年1月10日）" in docx_text(in_tmp / "s.docx")


def test_bad_date_is_refused_in_chinese_naming_the_value_and_the_forms(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "局", "--date", "2026-13-01", "-o", "p.docx"]) == 2
    err = capsys.readouterr().err
    assert "2026-13-01" in err and "2026年1月10日" in err and "2026/1/10" in err
    assert "%Y" not in err
    assert not (in_tmp / "p.docx").exists()
    assert main(["plan", "--help"]) == 0
    out = capsys.readouterr().out
    assert "%Y" not in out and "2026年1月10日" in out


def test_a_date_outside_the_documents_year_is_kept_with_a_warning(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "局", "--date", "2020-01-10", "-o", "p.docx"]) == 0
    captured = capsys.readouterr()
    assert "2020年1月10日" in captured.err and "核对" in captured.err
    assert "2020年1月10日" in docx_text(in_tmp / "p.docx")
    assert main(["plan", "--year", "2026", "--org", "局", "--date", "2025-12-28", "-o", "q.docx"]) == 0
    assert "核对" not in capsys.readouterr().err


def test_both_commands_give_documents_libreoffice_converts(in_tmp, soffice):
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "-o", "x.docx"]) == 0
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市直机关工委",
                 "--speaker", "张三", "-o", "y.docx"]) == 0
    plan_pdf, speech_pdf = soffice.convert(in_tmp / "x.docx", in_tmp / "y.docx")
    plan, speech = soffice.text(plan_pdf), soffice.text(speech_pdf)
    flat = lambda s: "".join(s.split())  # pdftotext breaks lines where the page does
    assert "2026年市发展改革委党的建设工作要点" in flat(plan)
    assert "在2026年市直机关工委全体会议上的讲话" in flat(speech)
    for text in (plan, speech):
        assert "{{" not in text and "{%" not in text
        assert "—1—" in flat(text)
    assert soffice.pages(plan_pdf) >= 3  # twenty items do not fit on two pages
    assert soffice.pages(speech_pdf) >= 2


def test_console_entry_point_flushes_and_exits_with_the_code(in_tmp):
    """``python -m drafting`` is the draft script: output must not be lost by its fast exit."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    ok = subprocess.run([sys.executable, "-m", "drafting", "plan", "--year", "2026", "--org", "局", "-o", "e.docx"],
                        cwd=in_tmp, env=env, capture_output=True, text=True, encoding="utf-8")
    assert ok.returncode == 0 and "已生成工作要点" in ok.stdout
    assert (in_tmp / "e.docx").stat().st_size > 5000
    bad = subprocess.run([sys.executable, "-m", "drafting", "speech", "--meeting", "茶话会", "--org", "局"],
                         cwd=in_tmp, env=env, capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and "茶话会" in bad.stderr and "工委会议" in bad.stderr


def test_user_template_is_used_and_a_broken_one_refused(in_tmp, capsys):
    import shutil

    from drafting.resources import template_path

    mine = in_tmp / "我的模板.docx"
    shutil.copy(template_path("plan"), mine)
    assert main(["plan", "--year", "2026", "--org", "局", "--template", str(mine), "-o", "t.docx"]) == 0
    assert docx_text(in_tmp / "t.docx").startswith("2026年局党的建设工作要点")
    broken = in_tmp / "坏模板.docx"
    broken.write_bytes(b"this is not a zip")
    assert main(["plan", "--year", "2026", "--org", "局", "--template", str(broken), "-o", "u.docx"]) == 2
    assert "坏模板.docx" in capsys.readouterr().err
    assert not (in_tmp / "u.docx").exists()


# --- draft parse ---------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _needs_reader():
    pytest.importorskip("drafting.reader", reason="drafting/reader.py (read_paragraphs) not written yet")


def _seed(prefix: str):
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    return found[0]


def test_parse_json_of_a_seed_text(in_tmp, capsys):
    _needs_reader()
    assert main(["parse", str(_seed("003")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # exactly one JSON object
    assert data["kind"] == "plan" and data["year"] == 2023
    assert len(data["sections"]) == 5
    assert sum(len(s["items"]) for s in data["sections"]) == 22
    assert {w["code"] for w in data["warnings"]} == {"numbering-gap", "year-mismatch"}


def test_parse_json_of_a_generated_plan(in_tmp, capsys):
    _needs_reader()
    assert main(["plan", "--year", "2026", "--org", "市发展改革委", "--date", "2026-01-08", "-o", "p.docx"]) == 0
    capsys.readouterr()
    assert main(["parse", "p.docx", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "plan" and data["year"] == 2026 and data["org"] == "市发展改革委"
    assert data["title"] == "2026年市发展改革委党的建设工作要点"
    assert [s["number"] for s in data["sections"]] == ["一", "二", "三", "四", "五", "六"]
    assert [i["number"] for s in data["sections"] for i in s["items"]] == list(range(1, 21))
    assert all(i["lead"] for s in data["sections"] for i in s["items"])
    assert data["warnings"] == []


def test_parse_prints_a_tree(in_tmp, capsys):
    _needs_reader()
    assert main(["parse", str(_seed("003"))]) == 0
    out = capsys.readouterr().out
    assert "年份：2023年" in out and "单位：市发展改革委" in out
    assert "五、" in out and "    13．" in out and "    12．" not in out
    assert "numbering-gap" in out and "year-mismatch" in out


def test_parse_of_a_speech_tree(in_tmp, capsys):
    _needs_reader()
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市直机关工委",
                 "--speaker", "张三", "--date", "2026-01-10", "-o", "s.docx"]) == 0
    capsys.readouterr()
    assert main(["parse", "s.docx"]) == 0
    out = capsys.readouterr().out
    assert "文种：讲话" in out and "讲话人：张三" in out and "    一是" in out
    assert "结尾：同志们" in out and "没有发现问题" in out


@pytest.mark.parametrize("command", ["parse", "check"])
def test_reading_commands_refuse_unusable_input(in_tmp, capsys, command):
    _needs_reader()
    assert main([command, "没有这个文件.docx"]) == 2
    assert "没有这个文件.docx" in capsys.readouterr().err
    (in_tmp / "旧文档.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main([command, "旧文档.doc", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "旧文档.doc" in captured.err


def test_parse_does_not_load_jieba_or_the_renderer(in_tmp):
    """``draft parse`` must start fast: no word segmentation, no docxtpl."""
    import os
    import subprocess
    import sys

    _needs_reader()
    (in_tmp / "a.txt").write_text("2026年工作要点\n一、甲\n1．甲。正文。\n", encoding="utf-8")
    code = (
        "import sys; from drafting.cli import main; code = main(['parse', 'a.txt', '--json']); "
        "loaded = [m for m in ('jieba', 'docxtpl', 'docx') if m in sys.modules]; "
        "sys.exit(f'loaded {loaded}' if loaded else code)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.run([sys.executable, "-c", code], cwd=in_tmp, env=env, capture_output=True,
                         text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["sections"][0]["items"][0]["lead"] == "甲"


def test_plan_does_not_load_jieba(in_tmp):
    """Word segmentation is for ``draft ingest`` only: ``draft plan`` starts without it."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from drafting.cli import main; "
        "code = main(['plan', '--year', '2026', '--org', '市发展改革委', '-o', 'p.docx']); "
        "loaded = [m for m in ('jieba', 'drafting.segment', 'drafting.classify', 'drafting.ingest') "
        "if m in sys.modules]; "
        "sys.exit(f'loaded {loaded}' if loaded else code)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.run([sys.executable, "-c", code], cwd=in_tmp, env=env, capture_output=True,
                         text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert (in_tmp / "p.docx").is_file()


# --- years the political calendar cannot fill ------------------------------------------

def _year_inputs(folder: Path) -> dict[str, list[str]]:
    """Each command that takes --year, with the files it needs written into ``folder``."""
    (folder / "去年.txt").write_text("2026年工作要点\n2026年是“十五五”规划开局之年。\n", encoding="utf-8")
    (folder / "orgs.yaml").write_text("orgs:\n  - name: 市财政局\n", encoding="utf-8")
    (folder / "repo").mkdir()
    (folder / "repo" / "a.yaml").write_text(
        "category: 思想建设\nsnippets:\n  - {id: x1, genre: plan, lead: 加强学习。, body: 认真学习。}\n",
        encoding="utf-8")
    return {
        "plan": ["plan", "--org", "局", "-o", "p.docx"],
        "speech": ["speech", "--meeting", "工委会议", "--org", "局", "-o", "s.docx"],
        "renew": ["renew", "去年.txt", "--from-year", "1980", "-o", "r.docx"],
        "batch": ["batch", "--orgs", "orgs.yaml", "-o", "out"],
        "check": ["check", "去年.txt"],
        "show": ["snippets", "show", "x1", "--library", "repo"],
        "stats": ["snippets", "stats", "repo"],
    }


@pytest.mark.parametrize("command", ["plan", "speech", "renew", "batch", "check", "show", "stats"])
@pytest.mark.parametrize("year", [1990, 2012, 2031, 2100])
def test_a_year_the_calendar_cannot_fill_is_refused_and_nothing_written(in_tmp, capsys, command, year):
    args = _year_inputs(in_tmp)[command]
    before = sorted(p.name for p in in_tmp.iterdir())
    assert main(args + ["--year", str(year)]) == 2
    err = capsys.readouterr().err
    assert f"{year}年" in err and "政治日历覆盖2013—2030年" in err and "calendar 文件" in err
    assert sorted(p.name for p in in_tmp.iterdir()) == before


@pytest.mark.parametrize("year", [2013, 2030])
def test_the_ends_of_the_calendar_are_drafted_without_empty_wording(in_tmp, year):
    assert main(["plan", "--year", str(year), "--org", "局", "-o", "p.docx"]) == 0
    text = docx_text(in_tmp / "p.docx")
    assert "“”" not in text and "贯彻，" not in text


def test_a_unit_calendar_extends_the_years(in_tmp, capsys):
    (in_tmp / "lib").mkdir()
    (in_tmp / "lib" / "calendar.yaml").write_text(
        "calendar:\n  congresses:\n    - {number: 21, date: \"2027-10\"}\n"
        "  plenums:\n    - {term: 21, session: 2, date: \"2028-02\"}\n    - {term: 21, session: 5, date: \"2030-10\"}\n",
        encoding="utf-8")
    assert main(["plan", "--year", "2031", "--org", "局", "--library", "lib", "-o", "p.docx"]) == 0
    text = docx_text(in_tmp / "p.docx")
    assert "“十六五”规划开局之年" in text and "党的二十一大和二十一届二中、五中全会精神" in text
    assert main(["plan", "--year", "2032", "--org", "局", "--library", "lib", "-o", "q.docx"]) == 2
    assert "政治日历覆盖2013—2031年" in capsys.readouterr().err


def test_a_finished_document_is_refused_as_template(in_tmp, capsys):
    assert main(["plan", "--year", "2025", "--org", "旧单位", "-o", "old-output.docx"]) == 0
    capsys.readouterr()
    code = main(["plan", "--year", "2026", "--org", "新单位", "--template", "old-output.docx", "-o", "out.docx"])
    assert code == 2
    err = capsys.readouterr().err
    assert "old-output.docx" in err and "不是模板" in err and "{{ title }}" in err, err
    assert not (in_tmp / "out.docx").exists()


def _plan_doc(folder: Path) -> Path:
    out = folder / "2025年工作要点.docx"
    assert main(["plan", "--year", "2025", "--org", "市发展改革委", "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("command", [
    ["renew", "{src}", "--year", "2026", "-o", "{out}"],
    ["check", "{src}", "--annotate", "{out}"],
    ["check", "{src}", "--fix", "-o", "{out}"],
    ["plan", "--year", "2026", "--org", "市发展改革委", "-o", "{out}"],
])
def test_unwritable_output_folder_is_a_chinese_error(tmp_path, locked_dir, capsys, command):
    src = _plan_doc(tmp_path)
    out = locked_dir / "新.docx"
    capsys.readouterr()
    code = main([part.format(src=src, out=out) for part in command])
    err = capsys.readouterr().err
    assert code == 2
    assert f"错误：文件 {locked_dir}：没有权限在这个文件夹中写文件" in err
    assert "Traceback" not in err and "Permission" not in err
    assert list(locked_dir.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["renew", "{src}", "--year", "2026", "-o", "{out}"],
    ["check", "{src}", "--annotate", "{out}"],
    ["check", "{src}", "--fix", "-o", "{out}"],
])
def test_revised_copies_get_the_same_permissions_as_drafted_documents(tmp_path, command):
    import stat

    src = _plan_doc(tmp_path)
    out = tmp_path / "新.docx"
    main([part.format(src=src, out=out) for part in command])
    assert out.is_file()
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(src.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_spec_with_an_unclosed_quote_names_the_line_it_opens_on(in_tmp, capsys):
    (in_tmp / "配方.yaml").write_text('genre: plan\ntitle: "2026年工作要点\nsections:\n  - 思想建设\n\n\n',
                                     encoding="utf-8")
    assert main(["plan", "--org", "市发展改革委", "--spec", "配方.yaml", "-o", "p.docx"]) == 2
    err = capsys.readouterr().err
    assert "文件 配方.yaml，第 2 行" in err and "引号没有配对" in err
    assert "end of stream" not in err
    assert not (in_tmp / "p.docx").exists()


def test_spec_that_is_a_folder_is_named_a_folder(in_tmp, capsys):
    (in_tmp / "配方").mkdir()
    assert main(["plan", "--org", "市发展改革委", "--spec", "配方"]) == 2
    err = capsys.readouterr().err
    assert "文件 配方：这是一个文件夹，不是文件" in err and "directory" not in err


def test_folder_that_cannot_be_created_is_explained_in_chinese(in_tmp, locked_dir, capsys):
    (in_tmp / "单位.yaml").write_text("orgs:\n  - name: 市发展改革委\n", encoding="utf-8")
    assert main(["batch", "--orgs", "单位.yaml", "--year", "2026", "-o", str(locked_dir / "新")]) == 2
    err = capsys.readouterr().err
    assert "无法创建文件夹：" in err and "not permitted" not in err and "denied" not in err


def test_org_of_only_spaces_is_refused_like_an_empty_one(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "   ", "-o", "p.docx"]) == 2
    assert "请用 --org 指定单位名称" in capsys.readouterr().err
    assert not (in_tmp / "p.docx").exists()
    assert main(["init", "--org", "  "]) == 2
    assert "--org 不能为空" in capsys.readouterr().err
    assert not (in_tmp / "draft.yaml").exists()



# -- names and values nobody guarded (issue #14, part 5) ----------------------------

_PLAN_TXT = "2025年党建工作要点\n一、加强政治建设\n认真学习理论。\n"


def test_an_input_name_too_long_for_the_filesystem_is_explained(in_tmp, capsys):
    assert main(["parse", "名" * 100 + ".txt"]) == 2
    assert "文件名太长" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--template", "模" * 100 + ".docx"], ["--library", "库" * 100],
                                  ["-o", "夹" * 100 + "/p.docx"]])
def test_any_path_too_long_for_the_filesystem_is_a_chinese_error(in_tmp, capsys, args):
    assert main(["plan", "--year", "2026", "--org", "市统计局"] + args) == 2
    assert "文件名太长" in capsys.readouterr().err
    assert list(in_tmp.iterdir()) == []


def test_an_output_name_too_long_is_refused_and_nothing_written(in_tmp, capsys):
    assert main(["plan", "--year", "2026", "--org", "市统计局", "-o", "x" * 300 + ".docx"]) == 2
    err = capsys.readouterr().err
    assert "输出文件名太长" in err and "-o" in err
    assert list(in_tmp.iterdir()) == []


def test_a_long_org_gives_a_default_name_cut_to_fit(in_tmp):
    assert main(["plan", "--year", "2026", "--org", "中" * 80]) == 0
    (written,) = in_tmp.iterdir()
    assert written.name.startswith("2026年中中") and written.suffix == ".docx"
    assert len(written.name.encode()) <= 240


def test_renew_and_check_of_a_long_named_file_cut_the_default_name(in_tmp):
    source = in_tmp / ("长" * 80 + ".txt")
    source.write_text(_PLAN_TXT, encoding="utf-8")
    assert main(["renew", source.name]) == 0
    assert main(["check", source.name, "--fix"]) == 0
    names = sorted(p.name for p in in_tmp.iterdir() if p != source)
    assert len(names) == 2
    assert names[0].endswith("-2026年.docx") and names[1].endswith("-修正.docx")
    assert all(len(n.encode()) <= 240 for n in names)


def orgs_yaml(folder: Path, text: str) -> None:
    (folder / "orgs.yaml").write_text(text, encoding="utf-8")


def test_batch_with_one_over_long_org_drafts_them_all(in_tmp, capsys):
    orgs_yaml(in_tmp, f"orgs:\n  - name: {'中' * 80}\n  - name: 市审计局\n")
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out"]) == 0
    assert len(list((in_tmp / "out").iterdir())) == 2


def test_batch_orgs_cut_to_one_name_get_distinct_files(in_tmp):
    orgs_yaml(in_tmp, f"orgs:\n  - name: {'中' * 80}甲\n  - name: {'中' * 80}乙\n")
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out", "--force"]) == 0
    assert len(list((in_tmp / "out").iterdir())) == 2


def test_batch_org_with_a_nul_fails_alone(in_tmp, capsys):
    orgs_yaml(in_tmp, 'orgs:\n  - name: "市统\\0计局"\n  - name: 市审计局\n')
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out"]) == 1
    assert [p.name for p in (in_tmp / "out").iterdir()] == ["2026年市审计局党的建设工作要点.docx"]
    assert "控制字符" in capsys.readouterr().err


@pytest.mark.parametrize("value, what", [("张\x01三", "控制字符"), ("张\udcff三", "无法识别的字符")])
@pytest.mark.parametrize("args", [
    ["renew", "p.txt", "-o", "r.docx", "--author"],
    ["renew", "p.txt", "-o", "r.docx", "--org"],
    ["check", "p.txt", "--fix", "-o", "r.docx", "--author"],
    ["plan", "--year", "2026", "-o", "r.docx", "--org"],
    ["init", "--org"],
])
def test_control_characters_and_bad_bytes_in_a_value_are_refused(in_tmp, capsys, args, value, what):
    (in_tmp / "p.txt").write_text(_PLAN_TXT, encoding="utf-8")
    assert main(args + [value]) == 2
    err = capsys.readouterr().err
    assert what in err and args[-1] in err and "Traceback" not in err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["p.txt"]


@pytest.mark.parametrize("content", ["", " \n\u3000\n"])
def test_renew_of_a_text_without_any_text_is_refused(in_tmp, capsys, content):
    (in_tmp / "empty.txt").write_text(content, encoding="utf-8")
    assert main(["renew", "empty.txt", "--from-year", "2025"]) == 2
    assert "文件中没有文字" in capsys.readouterr().err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["empty.txt"]


def test_a_line_break_pasted_at_the_end_of_a_name_is_trimmed_not_refused(in_tmp):
    (in_tmp / "p.txt").write_text(_PLAN_TXT, encoding="utf-8")
    assert main(["renew", "p.txt", "-o", "r.docx", "--author", "张三\n"]) == 0
    assert main(["init", "--org", "市统计局\r\n"]) == 0
    assert "市统计局" in (in_tmp / "draft.yaml").read_text(encoding="utf-8")


def test_draft_alone_shows_its_help_without_an_error(capsys):
    assert main([]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("用法： draft") and not err
    assert "错误" not in out and "..。" not in out


def test_every_command_is_listed_with_a_short_description(capsys):
    main(["--help"])
    listing = capsys.readouterr().out.split("命令:")[1]
    rows = [line.split(None, 1) for line in listing.splitlines() if line.startswith("  ") and line.strip()]
    assert len(rows) >= 15
    for name, text in rows:
        assert len(text.strip(" .。")) >= 6, f"{name} is listed without a description: {text!r}"


@pytest.mark.parametrize("argv, words", [
    (["plan", "--yaer", "2026"], ["没有选项 '--yaer'", "--year", "draft plan --help"]),
    (["plna"], ["没有命令 'plna'", "'plan'"]),
    (["snippets", "lint", "--jobs", "x"], ["--jobs", "draft snippets lint --help"]),
])
def test_a_mistyped_command_line_is_answered_as_before(capsys, argv, words):
    # only the command named is built (``cli._command``): its errors still read as the whole group's
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err


# --- the unit's layout file: the mark after an item's number ------------------------------------


def _unit_layout(folder: Path, mark: str) -> None:
    styles = (ROOT / "styles" / "gbt9704.yaml").read_text(encoding="utf-8")
    assert 'ordinal_mark: "．"' in styles
    (folder / "版式.yaml").write_text(styles.replace('ordinal_mark: "．"', f'ordinal_mark: "{mark}"'), encoding="utf-8")
    (folder / "draft.yaml").write_text("org: 市审计局\nstyles: 版式.yaml\n", encoding="utf-8")


def test_a_unit_whose_layout_writes_the_half_width_mark_gets_1_dot_and_is_checked_by_it(in_tmp, capsys):
    _unit_layout(in_tmp, ".")
    assert main(["plan", "--year", "2026", "-o", "a.docx"]) == 0
    text = docx_text(in_tmp / "a.docx")
    assert "\n1." in "\n" + text and "1．" not in text
    capsys.readouterr()
    (in_tmp / "mixed.txt").write_text("2026年工作要点\n一、加强政治建设\n1.坚持学习。认真学习。\n"
                                      "2．落实责任。压实责任。\n3.抓好检查。定期检查。\n", encoding="utf-8")
    main(["check", "mixed.txt", "--json"])
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "numbering-style"]
    assert [(f["excerpt"], f["suggestion"]) for f in found] == [("2．", "2.")]


def test_saving_the_settings_keeps_the_units_layout_file(in_tmp):
    _unit_layout(in_tmp, ".")
    jobs.save_settings(in_tmp, org="市统计局", org_short=None, superior=None, speaker=None)
    cfg = jobs.settings(in_tmp)
    assert cfg.org == "市统计局" and cfg.styles == in_tmp / "版式.yaml" and jobs.ordinal_mark(cfg) == "."


def test_a_bad_mark_in_the_units_layout_file_is_refused_with_its_line(in_tmp, capsys):
    _unit_layout(in_tmp, "、")
    assert main(["plan", "--year", "2026", "-o", "a.docx"]) == 2
    err = capsys.readouterr().err
    assert "版式.yaml" in err and "ordinal_mark" in err and not (in_tmp / "a.docx").exists()


def test_an_edited_layout_file_is_read_again_not_taken_from_the_cache(in_tmp):
    _unit_layout(in_tmp, ".")
    assert jobs.ordinal_mark(jobs.settings(in_tmp)) == "."
    assert jobs.ordinal_mark(jobs.settings(in_tmp)) == "."  # from the cache
    _unit_layout(in_tmp, "．")
    assert jobs.ordinal_mark(jobs.settings(in_tmp)) == "．"
    _unit_layout(in_tmp, "、")
    with pytest.raises(DataError):
        jobs.ordinal_mark(jobs.settings(in_tmp))  # errors are never cached
