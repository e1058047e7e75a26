"""draft preview: PDF or PNG through LibreOffice, a clear message without it, fonts reported."""

from __future__ import annotations

import pytest
from docx import Document

from drafting.cli import main
from drafting.preview import requested_fonts


@pytest.fixture
def draft_docx(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["plan", "--year", "2026", "--org", "市审计局", "--date", "2026-01-10", "-o", "plan.docx"]) == 0
    return tmp_path / "plan.docx"


def test_without_libreoffice_the_preview_is_skipped_with_a_message(draft_docx, tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for name in ("DRAFT_SOFFICE", "ProgramFiles", "ProgramFiles(x86)"):
        monkeypatch.delenv(name, raising=False)
    capsys.readouterr()
    assert main(["preview", str(draft_docx)]) == 3
    err = capsys.readouterr().err
    assert "没有找到 LibreOffice" in err and "Word 或 WPS" in err
    assert not draft_docx.with_suffix(".pdf").exists()


@pytest.mark.parametrize("args, words", [
    (["notes.txt"], "只能预览 Word 文档"),
    (["plan.docx", "-o", "plan.jpg"], "PDF 或 PNG"),
    (["missing.docx"], "找不到这个文件"),
])
def test_unusable_input_is_refused_before_anything_runs(draft_docx, tmp_path, capsys, args, words):
    (tmp_path / "notes.txt").write_text("笔记", encoding="utf-8")
    assert main(["preview", *args]) == 2
    assert words in capsys.readouterr().err


def test_a_txt_is_told_preview_takes_only_docx_and_where_txt_goes(draft_docx, tmp_path, capsys):
    (tmp_path / "x.txt").write_text("2026年工作要点\n一、政治建设\n", encoding="utf-8")
    assert main(["preview", "x.txt"]) == 2
    err = capsys.readouterr().err
    assert "x.txt" in err and "只接受 .docx" in err
    assert "draft check" in err and "draft parse" in err
    assert ".doc 文件" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_template_asks_for_the_gbt9704_fonts(draft_docx):
    fonts = requested_fonts(draft_docx)
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"} <= set(fonts)


def test_pdf_preview_with_fonts_reported(draft_docx, soffice, capsys):
    # A run in a font no machine has, so a substitution is certain to be reported.
    doc = Document(str(draft_docx))
    doc.paragraphs[-1].add_run("附注").font.name = "绝无此字体甲"
    doc.save(str(draft_docx))
    before = draft_docx.read_bytes()
    capsys.readouterr()
    assert main(["preview", str(draft_docx)]) == 0
    pdf = draft_docx.with_suffix(".pdf")
    assert soffice.pages(pdf) >= 2
    assert "2026年市审计局党的建设工作要点" in soffice.text(pdf, 1).replace(" ", "")
    captured = capsys.readouterr()
    assert f"已生成预览：{pdf}" in captured.out and "文档共" in captured.out
    assert "本机没有文档要求的字体" in captured.err and "绝无此字体甲" in captured.err
    assert draft_docx.read_bytes() == before  # the input is untouched
    assert sorted(p.name for p in draft_docx.parent.iterdir() if p.name.startswith(".")) == []  # no lock files
    assert main(["preview", str(draft_docx)]) == 2  # exists: not overwritten without --force


def test_png_preview_of_a_page(draft_docx, soffice, capsys):
    out = draft_docx.parent / "第二页.png"
    assert main(["preview", str(draft_docx), "-o", str(out), "--page", "2"]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 500 < width < height < 2 * width  # a portrait A4 page
    assert "（第 2 页）" in capsys.readouterr().out
    assert main(["preview", str(draft_docx), "-o", str(draft_docx.parent / "x.png"), "--page", "99"]) == 2
    assert "没有第 99 页" in capsys.readouterr().err
