"""``draft serve`` as a command: where it listens, what it says, how it opens the browser and stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, Server


def _serve(*args: str, env=None, cwd=None, timeout=30):
    return subprocess.run([sys.executable, "-m", "drafting", "serve", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_it_says_where_it_is_and_how_to_stop_and_listens_on_loopback_only(tmp_path):
    s = Server(tmp_path / "工作目录")
    try:
        with socket.create_connection(("127.0.0.1", s.port), timeout=5):
            pass
        addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
        for address in addresses:  # the machine's other addresses get no answer
            try:
                socket.create_connection((address, s.port), timeout=2).close()
            except OSError:
                continue
            raise AssertionError(f"draft serve answers on {address}")
    finally:
        rest = s.stop()
    assert "工作目录：" in rest and "按 Ctrl+C" in rest and "起草工具已停止" in rest


def test_a_port_in_use_gets_a_chinese_message_and_exit_code_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _serve("--port", str(port), "--folder", str(tmp_path / "w"), "--no-browser")
    assert done.returncode == 2
    assert f"端口 {port} 已被占用" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_work_folder_that_is_a_file_is_refused_and_left_alone(tmp_path):
    file = tmp_path / "不是文件夹"
    file.write_text("内容", encoding="utf-8")
    done = _serve("--port", "0", "--folder", str(file), "--no-browser")
    assert done.returncode == 2 and "工作目录" in done.stderr and "Traceback" not in done.stderr
    assert file.read_text(encoding="utf-8") == "内容"


def test_the_default_work_folder_is_in_the_users_documents(tmp_path):
    home = tmp_path / "home"
    (home / "文档").mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-m", "drafting", "serve", "--port", "0", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home), "USERPROFILE": str(home)})
    try:
        first, second = proc.stdout.readline(), proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(10)
    assert "http://127.0.0.1:" in first
    assert second.strip() == f"工作目录：{home / '文档' / 'draft工作目录'}"
    assert (home / "文档" / "draft工作目录").is_dir()


def test_it_opens_the_browser_at_its_address(tmp_path):
    opened = tmp_path / "opened.txt"
    fake = tmp_path / "browser.sh"
    fake.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\n', encoding="utf-8")
    fake.chmod(0o755)
    proc = subprocess.Popen([sys.executable, "-m", "drafting", "serve", "--port", "0", "--folder", str(tmp_path / "w")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            env={**os.environ, "PYTHONPATH": str(ROOT), "BROWSER": str(fake), "DISPLAY": ""})
    try:
        first = proc.stdout.readline()
        end = time.monotonic() + 20
        while not opened.exists() and time.monotonic() < end:
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
    address = first.split("：", 1)[1].strip()
    assert opened.read_text(encoding="utf-8").strip() == address
    assert proc.returncode == 0 and "起草工具已停止" in out


def test_draft_plan_does_not_load_the_web_stack(tmp_path):
    probe = ("import sys; from drafting.cli import main; "
             "code = main(['plan', '--year', '2026', '--org', '某某局', '-o', 'p.docx']); "
             "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'werkzeug', 'waitress'}))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
    assert (tmp_path / "p.docx").is_file()


def test_started_twice_the_second_opens_the_running_one_instead_of_failing(server, tmp_path):
    opened = tmp_path / "opened.txt"
    fake = tmp_path / "browser.sh"
    fake.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\n', encoding="utf-8")
    fake.chmod(0o755)
    done = _serve("--port", str(server.port), "--folder", str(tmp_path / "另一个"),
                  env={"BROWSER": str(fake), "DISPLAY": ""})
    assert done.returncode == 0, done.stderr
    assert f"起草工具已经在运行：{server.url}/" in done.stdout
    assert opened.read_text(encoding="utf-8").strip() == f"{server.url}/"
    assert server.alive


def test_a_port_taken_by_another_program_is_still_an_error(tmp_path):
    import http.server
    import threading

    other = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        done = _serve("--port", str(other.server_port), "--folder", str(tmp_path / "w"), "--no-browser")
    finally:
        other.shutdown()
    assert done.returncode == 2 and "已被占用" in done.stderr
