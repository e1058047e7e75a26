"""draft preview: PDF or PNG through LibreOffice, a clear message without it, fonts reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from drafting import preview
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


# -- LibreOffice is never left running, and never sees what the reader refuses -----------

posix_only = pytest.mark.skipif(os.name != "posix", reason="the stand-in soffice is a shell script")


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A stand-in ``soffice`` that never converts: it starts a child (as soffice starts soffice.bin) and hangs.

    It records its own pid and its child's, so a test can tell whether anything is left running.
    """
    script = tmp_path / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        f"echo $$ > '{tmp_path / 'soffice.pid'}'\n"
        "sleep 300 </dev/null >/dev/null 2>&1 &\n"
        f"echo $! > '{tmp_path / 'child.pid'}'\n"
        "sleep 300\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("DRAFT_SOFFICE", str(script))
    return script


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _pids(tmp_path) -> list[int]:
    return [int((tmp_path / name).read_text()) for name in ("soffice.pid", "child.pid")]


def _all_gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 5
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_running(p) for p in pids)


@posix_only
def test_a_conversion_that_times_out_leaves_nothing_running(draft_docx, fake_soffice, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(preview, "TIMEOUT", 1)
    capsys.readouterr()
    assert main(["preview", str(draft_docx)]) == 2
    assert "超过 1 秒仍未完成" in capsys.readouterr().err
    pids = _pids(tmp_path)
    assert _all_gone(pids)  # soffice and the soffice.bin it started
    assert not draft_docx.with_suffix(".pdf").exists()


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_preview_leaves_nothing_running(draft_docx, fake_soffice, tmp_path, signum):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "drafting", "preview", str(draft_docx)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not (tmp_path / "child.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # the child's pid is written
    pids = _pids(tmp_path)
    proc.send_signal(signum)
    proc.communicate(timeout=60)
    assert proc.returncode == 130  # cancelled, as Ctrl+C on any command
    assert _all_gone(pids)


@pytest.fixture
def started(fake_soffice, tmp_path):
    """Whether the stand-in LibreOffice was started."""
    return lambda: (tmp_path / "soffice.pid").exists()


def _rezip(source: Path, target: Path, extra: dict[str, bytes] = {}, compress: int = zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", compress) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, extra.pop(info.filename, None) or zin.read(info))
        for name, data in extra.items():
            zout.writestr(name, data)
    return target


def test_an_odt_renamed_docx_is_refused_before_libreoffice_starts(tmp_path, started, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    odt = tmp_path / "改了扩展名.docx"
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    assert main(["preview", str(odt)]) == 2
    assert "OpenDocument" in capsys.readouterr().err
    assert not started() and not odt.with_suffix(".pdf").exists()


def test_a_zip_bomb_is_refused_before_libreoffice_starts(draft_docx, tmp_path, started, capsys):
    bomb = _rezip(draft_docx, tmp_path / "炸弹.docx", {"word/media/zeros.bin": bytes(4 * 1024 * 1024)})
    capsys.readouterr()
    assert main(["preview", str(bomb)]) == 2
    assert "超过可读取的上限（200 倍）" in capsys.readouterr().err
    assert not started()


def test_a_doctype_in_any_part_is_refused_before_libreoffice_starts(draft_docx, tmp_path, started, capsys):
    # not the text, which parse and check read, but a part only LibreOffice reads
    comments = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                b'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    crafted = _rezip(draft_docx, tmp_path / "实体.docx", {"word/comments.xml": comments})
    capsys.readouterr()
    assert main(["preview", str(crafted)]) == 2
    assert "DOCTYPE" in capsys.readouterr().err
    assert not started()
