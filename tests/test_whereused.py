"""Where used: a draft records its snippets and library commit in custom properties; reports read them back."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from drafting.cli import main
from drafting.provenance import from_properties, git_commit
from drafting.reader.properties import read_properties

from helpers import docx_text, plan_item, write_library

CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _plan(out: Path, *extra: str) -> Path:
    assert main(["plan", "--year", "2026", "--org", "某某党支部", "-o", str(out), *extra]) == 0
    return out


def _speech(out: Path, *extra: str) -> Path:
    assert main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "某某机关工委",
                 "-o", str(out), *extra]) == 0
    return out


def test_plan_records_snippet_ids_in_document_order(in_tmp):
    from drafting import jobs

    doc = _plan(in_tmp / "要点.docx")
    prov = from_properties(read_properties(doc))
    assert prov is not None and prov.year == 2026 and prov.recipe and prov.tool
    # The same request assembled again: the outline's ids, heading then its items, section by section.
    result = jobs.draft(jobs.Request(genre="plan", year=2026, org="某某党支部", output=in_tmp / "二.docx"))
    outline = result.outline
    body = [sid for section in outline.sections for sid in (section.source, *(i.source for i in section.items))]
    assert list(prov.snippets) == list(outline.snippets)
    assert list(outline.snippets[1:]) == body  # the 总体要求 first, then the body
    # Invisible in the text.
    text = docx_text(doc)
    assert "draft.snippets" not in text and outline.snippets[1] not in text


def test_speech_records_opening_body_and_closing(in_tmp):
    from drafting import jobs

    doc = _speech(in_tmp / "讲话.docx")
    prov = from_properties(read_properties(doc))
    outline = jobs.draft(jobs.Request(genre="speech", year=2026, org="某某机关工委", meeting="工委会议",
                                      output=in_tmp / "二.docx")).outline
    assert prov.snippets == outline.snippets
    body = [sid for section in outline.sections for sid in (section.source, *(i.source for i in section.items))]
    assert list(outline.snippets[1:-1]) == body
    assert outline.snippets[0] != outline.snippets[-1]  # the opening and the closing are snippets of their own


def test_package_has_content_type_and_relationship(in_tmp):
    doc = _plan(in_tmp / "要点.docx")
    with zipfile.ZipFile(doc) as zf:
        types = zf.read("[Content_Types].xml").decode()
        rels = zf.read("_rels/.rels").decode()
        assert "docProps/custom.xml" in zf.namelist()
    assert f'PartName="/docProps/custom.xml" ContentType="{CUSTOM_CT}"' in types
    assert f'Type="{CUSTOM_REL}"' in rels
    Document(str(doc))  # still opens


def test_batch_drafts_record_their_snippets(in_tmp, capsys):
    (in_tmp / "orgs.yaml").write_text("orgs:\n  - name: 某某局\n  - name: 某某委\n", encoding="utf-8")
    assert main(["batch", "--orgs", "orgs.yaml", "--year", "2026", "-o", "out"]) == 0
    capsys.readouterr()
    assert main(["snippets", "used", "out", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["drafts"]) == 2 and not data["unrecorded"]
    assert all(len(paths) == 2 for paths in data["snippets"].values())


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    root = tmp_path / "repo"
    lib = write_library(root / "素材库", {"本单位.yaml": {
        "category": "组织建设", "snippets": [plan_item("own-1", "抓好支部建设", "认真落实组织生活制度。")]}})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "first")
    return root, lib


def test_library_commit_read_from_git_checkout(in_tmp, repo):
    root, lib = repo
    head = _git(root, "rev-parse", "HEAD")
    assert git_commit(lib) == head
    doc = _plan(in_tmp / "要点.docx", "--library", str(lib))
    prov = from_properties(read_properties(doc))
    assert prov.libraries == ((head, "素材库"),)  # named within the checkout, not by a full path
    assert str(root) not in read_properties(doc)["draft.library"]
    # Packed refs, a detached HEAD and a worktree's .git file are read as git reads them.
    _git(root, "pack-refs", "--all")
    assert git_commit(lib) == head
    _git(root, "commit", "-q", "--allow-empty", "-m", "second")
    second = _git(root, "rev-parse", "HEAD")
    _git(root, "checkout", "-q", "--detach", head)
    assert git_commit(lib) == head
    _git(root, "worktree", "add", "-q", str(in_tmp / "wt"), second)
    assert (in_tmp / "wt" / ".git").is_file()
    assert git_commit(in_tmp / "wt" / "素材库") == second


def test_no_commit_outside_a_checkout(in_tmp):
    lib = write_library(in_tmp / "素材库", {"本单位.yaml": {
        "category": "组织建设", "snippets": [plan_item("own-1", "抓好支部建设", "认真落实组织生活制度。")]}})
    assert git_commit(lib) is None
    prov = from_properties(read_properties(_plan(in_tmp / "要点.docx", "--library", str(lib))))
    assert prov.libraries == () and prov.snippets
    with zipfile.ZipFile(in_tmp / "要点.docx") as zf:
        assert "draft.library" not in zf.read("docProps/custom.xml").decode()


def _hand_written(path: Path) -> Path:
    document = Document()
    document.add_paragraph("2026年某某党支部工作要点")
    document.add_paragraph("一、加强政治建设")
    document.add_paragraph("1．认真学习党的理论。")
    document.save(str(path))
    return path


def test_snippets_used_over_a_folder(in_tmp, capsys):
    drafts = in_tmp / "历年文稿"
    (drafts / "2026").mkdir(parents=True)
    plan = _plan(drafts / "2026" / "要点.docx")
    speech = _speech(drafts / "讲话.docx")
    hand = _hand_written(drafts / "手写.docx")
    (drafts / "~$要点.docx").write_bytes(b"lock")  # Word's lock file: no document
    (drafts / "改名.docx").write_text("不是 Word 文档", encoding="utf-8")
    capsys.readouterr()
    assert main(["snippets", "used", str(drafts), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    plan_ids = from_properties(read_properties(plan)).snippets
    speech_ids = from_properties(read_properties(speech)).snippets
    assert data["snippets"][plan_ids[1]] == [str(plan)]
    assert data["snippets"][speech_ids[1]] == [str(speech)]
    assert data["unrecorded"] == [str(hand)]
    assert {d["path"] for d in data["drafts"]} == {str(plan), str(speech)}
    assert [u["path"] for u in data["unreadable"]] == [str(drafts / "改名.docx")]
    assert main(["snippets", "used", str(drafts)]) == 0
    captured = capsys.readouterr()
    assert f"{plan_ids[1]}（1 份）" in captured.out
    assert "没有来源记录的文稿（1 份" in captured.out and "手写.docx" in captured.out
    assert "4 份文稿，2 份有来源记录" in captured.err and "无法读取：改名.docx" in captured.err


def test_snippets_used_bad_input(in_tmp, capsys):
    assert main(["snippets", "used", str(in_tmp / "没有")]) == 2
    assert "文件夹" in capsys.readouterr().err
    (in_tmp / "空").mkdir()
    (in_tmp / "空" / "说明.txt").write_text("无", encoding="utf-8")
    assert main(["snippets", "used", str(in_tmp / "空")]) == 2
    assert "没有 .docx" in capsys.readouterr().err


def test_parse_shows_provenance(in_tmp, capsys):
    doc = _plan(in_tmp / "要点.docx")
    ids = from_properties(read_properties(doc)).snippets
    capsys.readouterr()
    assert main(["parse", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "来源：起草工具生成" in out and "2026年" in out
    assert f"用到 {len(ids)} 个片段" in out
    assert main(["parse", str(doc), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provenance"]["snippets"] == list(ids) and data["provenance"]["year"] == 2026


def test_parse_of_a_hand_written_docx_has_no_provenance(in_tmp, capsys):
    hand = _hand_written(in_tmp / "手写.docx")
    assert main(["parse", str(hand)]) == 0
    assert "来源" not in capsys.readouterr().out
    assert main(["parse", str(hand), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["provenance"] is None


def _replace_part(src: Path, dst: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == name else zin.read(info))
    return dst


@pytest.mark.parametrize("broken", [
    b"<Properties><property",  # not well-formed
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',  # an entity declaration
    b"<other/>",  # some other root
])
def test_malformed_custom_xml_is_ignored(in_tmp, capsys, broken):
    doc = _replace_part(_plan(in_tmp / "要点.docx"), in_tmp / "坏.docx", "docProps/custom.xml", broken)
    assert read_properties(doc) == {}
    capsys.readouterr()
    assert main(["parse", str(doc)]) == 0
    assert "来源" not in capsys.readouterr().out


def test_template_with_its_own_custom_properties_keeps_them(in_tmp):
    from drafting.resources import template_path

    prop = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxml'
            'formats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2"'
            ' name="密级"><vt:lpwstr>内部</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-'
            '08002B2CF9AE}" pid="3" name="draft.snippets"><vt:lpwstr>old-1</vt:lpwstr></property></Properties>')
    template = in_tmp / "模板.docx"
    doc = _plan(in_tmp / "一.docx")
    # A template someone made from a draft: its custom part (with last year's provenance) carried along.
    with zipfile.ZipFile(template_path("plan")) as zin, zipfile.ZipFile(doc) as zdoc, \
            zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = zdoc.read(info.filename)
            elif info.filename == "_rels/.rels":
                data = zdoc.read(info.filename)
            zout.writestr(info, data)
        zout.writestr("docProps/custom.xml", prop)
    out = _plan(in_tmp / "二.docx", "--template", str(template))
    props = read_properties(out)
    assert props["密级"] == "内部"
    assert props["draft.snippets"] != "old-1" and props["draft.snippets"].count(",") > 5


def test_provenance_survives_libreoffice(in_tmp, soffice, capsys):
    doc = _plan(in_tmp / "要点.docx")
    ids = from_properties(read_properties(doc)).snippets
    outdir = in_tmp / "lo"
    result = subprocess.run([soffice.exe, f"-env:UserInstallation={soffice.profile.as_uri()}", "--headless",
                             "--convert-to", "docx", "--outdir", str(outdir), str(doc)],
                            capture_output=True, text=True, timeout=180)
    saved = outdir / "要点.docx"
    assert result.returncode == 0 and saved.is_file(), result.stderr
    assert from_properties(read_properties(saved)).snippets == ids
    capsys.readouterr()
    assert main(["parse", str(saved), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["provenance"]["snippets"] == list(ids)


def _custom(year: int, ids: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxml'
            'formats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2"'
            f' name="draft.snippets"><vt:lpwstr>{ids}</vt:lpwstr></property><property fmtid="{{D5CDD505-2E9C-'
            f'101B-9397-08002B2CF9AE}}" pid="3" name="draft.year"><vt:lpwstr>{year}</vt:lpwstr></property>'
            '</Properties>').encode()


def test_lint_flags_snippets_no_recent_draft_used(in_tmp, capsys):
    import datetime as dt

    now = dt.date.today().year
    lib = write_library(in_tmp / "素材库", {"本单位.yaml": {"category": "组织建设", "snippets": [
        plan_item("own-old", "抓好支部建设", "认真落实组织生活制度。"),
        plan_item("own-new", "抓好党员教育", "认真开展党员教育培训。"),
        plan_item("own-never", "抓好党费收缴", "按时足额收缴党费。"),
    ]}})
    drafts = in_tmp / "文稿"
    drafts.mkdir()
    first = _plan(in_tmp / "要点.docx")
    _replace_part(first, drafts / "旧.docx", "docProps/custom.xml", _custom(now - 5, "own-old,zz-head-plan-1"))
    _replace_part(first, drafts / "新.docx", "docProps/custom.xml", _custom(now - 1, "own-new"))
    capsys.readouterr()
    main(["snippets", "lint", str(lib), "--drafts", str(drafts), "--unused-years", "3", "--json"])
    unused = {u["id"]: u["last"] for u in json.loads(capsys.readouterr().out)["unused"]}
    assert unused == {"own-old": now - 5, "own-never": None}
    main(["snippets", "lint", str(lib), "--drafts", str(drafts), "--unused-years", "3"])
    out = capsys.readouterr().out
    assert "片段“own-never”近 3 年没有文稿用到（从未用过）" in out and "本单位.yaml" in out
    assert main(["snippets", "lint", str(lib), "--unused-years", "3"]) == 2
