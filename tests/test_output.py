"""Writing output files: normal permissions, Chinese errors, nothing left behind."""

from __future__ import annotations

import os
import stat

import pytest

from drafting.errors import OutputError
from drafting.output import check_target, write_file


def test_written_file_gets_the_mode_a_plain_open_gives(tmp_path):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"x")
    out = write_file(tmp_path / "out.docx", lambda stream: stream.write(b"data"))
    assert out.read_bytes() == b"data"
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert set(os.listdir(tmp_path)) == {"plain.bin", "out.docx"}


def test_locked_folder_is_a_chinese_output_error(locked_dir):
    with pytest.raises(OutputError) as caught:
        write_file(locked_dir / "out.docx", lambda stream: stream.write(b"data"))
    assert "没有权限在这个文件夹中写文件" in str(caught.value)
    assert caught.value.path == str(locked_dir)
    assert os.listdir(locked_dir) == []


def test_failed_writer_leaves_nothing(tmp_path):
    def broken(stream):
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as caught:
        write_file(tmp_path / "out.docx", broken)
    assert "磁盘空间不足" in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_folder_as_target_is_named_a_folder(tmp_path):
    with pytest.raises(OutputError) as caught:
        check_target(tmp_path, force=True)
    assert "文件夹" in caught.value.message and "已存在" not in caught.value.message


def test_an_input_is_never_a_target_even_through_a_link_or_with_force(tmp_path):
    from drafting.errors import InputError

    template = tmp_path / "模板.docx"
    template.write_bytes(b"PK")
    link = tmp_path / "链接.docx"
    os.link(template, link)
    for out in (template, link, tmp_path / "." / "模板.docx"):
        with pytest.raises(InputError) as info:
            check_target(out, force=True, inputs=(("模板文件", template),))
        assert "模板文件" in info.value.message
    check_target(tmp_path / "新.docx", force=True, inputs=(("模板文件", template),))


# --- never over a file that appeared meanwhile; never over an input through a link ----


def test_without_force_a_file_created_meanwhile_is_not_replaced(tmp_path):
    from drafting.output import Exists

    out = tmp_path / "文稿.docx"

    def racing(stream):
        stream.write(b"mine")
        out.write_bytes(b"theirs")  # another process finishes first

    with pytest.raises(Exists) as caught:
        write_file(out, racing)
    assert "已存在" in caught.value.message and caught.value.exit_code == 2
    assert out.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["文稿.docx"]
    write_file(out, lambda stream: stream.write(b"mine"), force=True)
    assert out.read_bytes() == b"mine"


def fill_disk(monkeypatch, keep: int):
    """Make every document write stop with ENOSPC after ``keep`` bytes (a disk filling up);
    returns the real stream opener, to free the space again."""
    import errno

    from drafting import output

    class Full:
        def __init__(self, stream):
            self.stream = stream

        def write(self, data):
            self.stream.write(data[:keep])
            raise OSError(errno.ENOSPC, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    real = output._stream
    monkeypatch.setattr(output, "_stream", lambda fd: Full(real(fd)))
    return real


def test_full_disk_while_writing_leaves_no_file(tmp_path, monkeypatch):
    fill_disk(monkeypatch, 3)
    with pytest.raises(OutputError) as caught:
        write_file(tmp_path / "out.docx", lambda stream: stream.write(b"a whole document"))
    assert "磁盘空间不足" in caught.value.message
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
@pytest.mark.parametrize("command", ["renew", "fix", "annotate"])
def test_a_link_to_a_txt_input_is_never_the_output_even_with_force(tmp_path, monkeypatch, capsys, link,
                                                                  command):
    from drafting.cli import main

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "2025年工作要点.txt"
    text = "2025年某某局党建工作要点\n一、加强政治建设\n1.深入学习理论。全年组织学习不少于十二次,做好记录。\n"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "输出.docx"
    (os.symlink if link == "symlink" else os.link)(source, out)
    args = {"renew": ["renew", str(source), "--year", "2026", "-o", str(out)],
            "fix": ["check", str(source), "--fix", "-o", str(out)],
            "annotate": ["check", str(source), "--annotate", str(out)]}[command]
    assert main([*args, "--force"]) == 2
    assert "不能与原文件相同" in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == text
    assert out.is_symlink() if link == "symlink" else os.path.samefile(out, source)


# --- the draft command as a process: signals and races ----------------------------------

import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# ``draft`` whose writer stops after its first chunk and says so by creating the file
# $READY: a signal then comes while a temporary file is half-written. Only tests run it.
PAUSED = """
import os, sys, time
from drafting import output
real = output._stream
class Paused:
    def __init__(self, stream):
        self.stream, self.paused = stream, False
    def write(self, data):
        n = self.stream.write(data)
        if not self.paused:
            self.paused = True
            self.stream.flush()
            open(os.environ["READY"], "w").close()
            time.sleep(60)
        return n
    def __getattr__(self, name):
        return getattr(self.stream, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.stream.close()
output._stream = lambda fd: Paused(real(fd))
from drafting.entry import run
run()
"""


# ``draft`` that, once imported, waits for the file $GO: both of a pair then start at one instant.
GATED = """
import os, sys, time
import drafting.cli
while not os.path.exists(os.environ["GO"]):
    time.sleep(0.005)
from drafting.entry import run
run()
"""


def race(args, cwd, pairs: int = 10):
    """Run ``draft args`` twice at the same instant, ``pairs`` times: (exit code, stderr) of each."""
    for n in range(pairs):
        go = Path(cwd) / f"go{n}"
        procs = [_start(args(n), cwd, code=GATED, GO=str(go)) for _ in range(2)]
        time.sleep(0.5)  # both imported and waiting
        go.touch()
        yield n, [(p.wait(timeout=180), p.communicate()[1].decode("utf-8")) for p in procs]


def _env(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **extra}


def _start(args, cwd, code=PAUSED, **env):
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd, env=_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(path: Path, proc, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1].decode("utf-8", "replace")
        assert time.monotonic() < end, "the writer never started"
        time.sleep(0.02)


def _temporary(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.endswith(".lock")]


SIGNALS = [s for s in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(__import__("signal"), s)]


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("name", SIGNALS)
@pytest.mark.parametrize("command", ["plan", "renew", "batch", "ingest"])
def test_a_signal_mid_write_leaves_no_temporary_file_and_says_cancelled(tmp_path, name, command):
    import signal

    number = getattr(signal, name)
    (tmp_path / "2025年工作要点.txt").write_text(
        "2025年某某局党建工作要点\n一、加强政治建设\n1.深入学习理论。2025年组织学习不少于十二次。\n",
        encoding="utf-8")
    (tmp_path / "单位.yaml").write_text("orgs:\n  - name: 某某局\n  - name: 某某办\n", encoding="utf-8")
    args = {"plan": ["plan", "--year", "2026", "--org", "某某局", "-o", "文稿.docx"],
            "renew": ["renew", "2025年工作要点.txt", "--year", "2026"],
            "batch": ["batch", "--orgs", "单位.yaml", "--year", "2026", "-o", "出"],
            "ingest": ["ingest", "2025年工作要点.txt", "--into", "库"]}[command]
    ready = tmp_path / "ready"
    proc = _start(args, tmp_path, READY=str(ready))
    _wait_for(ready, proc)
    assert _temporary(tmp_path), "the writer paused before its temporary file existed"
    proc.send_signal(number)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + number
    assert "已取消" in err.decode("utf-8")
    assert "Exception ignored" not in err.decode("utf-8")
    assert _temporary(tmp_path) == []
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.glob("库/**/*.yaml"))


def test_cli_main_still_reports_a_keyboard_interrupt(tmp_path, monkeypatch, capsys):
    from drafting import jobs
    from drafting.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(jobs, "draft", interrupted)
    assert main(["plan", "--year", "2026"]) == 130
    assert "已取消" in capsys.readouterr().err


def test_two_plans_to_one_name_at_once_one_wins_the_other_is_refused(tmp_path):
    for n, results in race(lambda n: ["plan", "--year", "2026", "--org", "某某局", "-o", f"文稿{n}.docx"],
                           tmp_path):
        out = f"文稿{n}.docx"
        codes = sorted(code for code, _ in results)
        assert codes == [0, 2], results
        loser = next(err for code, err in results if code == 2)
        assert "文件已存在" in loser and "没有覆盖" in loser
        from docx import Document

        assert Document(str(tmp_path / out)).paragraphs[0].text.startswith("2026年")
    assert _temporary(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="Windows renames without hard links")
def test_a_folder_without_hard_links_still_never_replaces_a_file(tmp_path, monkeypatch):
    import errno

    from drafting.output import Exists

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")  # what a FAT USB drive says

    monkeypatch.setattr(os, "link", no_links)
    out = write_file(tmp_path / "文稿.docx", lambda stream: stream.write(b"first"))
    with pytest.raises(Exists):
        write_file(out, lambda stream: stream.write(b"second"))
    assert out.read_bytes() == b"first" and os.listdir(tmp_path) == ["文稿.docx"]


def test_create_new_takes_the_first_free_name_and_never_replaces_one(tmp_path):
    from drafting.output import create_new

    (tmp_path / "a.bak").write_bytes(b"old")
    made = create_new((tmp_path / n for n in ("a.bak", "a.2.bak", "a.3.bak")), b"new", "备份")
    assert made.name == "a.2.bak" and made.read_bytes() == b"new"
    assert (tmp_path / "a.bak").read_bytes() == b"old"
    with pytest.raises(OutputError, match="同名文件太多"):
        create_new((tmp_path / n for n in ("a.bak", "a.2.bak")), b"x", "备份")
