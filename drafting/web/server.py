"""Start the workbench: bind 127.0.0.1, say where it is, open the browser, serve with waitress."""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from ..errors import DraftError, InputError
from .folder import WorkFolder, default_folder
from .security import SIGNATURE

#: The port the workbench listens on unless told otherwise.
DEFAULT_PORT = 8765
#: Only this machine can reach the workbench.
HOST = "127.0.0.1"


class PortTaken(InputError):
    """The port is in use (perhaps by a workbench already running)."""


def running(port: int) -> bool:
    """Whether a workbench already answers on 127.0.0.1:``port``."""
    import http.client

    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("HEAD", "/", headers={"Host": f"{HOST}:{port}"})
        found = conn.getresponse().getheader(SIGNATURE[0]) == SIGNATURE[1]
        conn.close()
        return found
    except (OSError, http.client.HTTPException):
        return False


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: any free port); a Chinese error when taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows this flag would let a second server share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), errno.EACCES):
            raise PortTaken(f"端口 {port} 已被占用或不允许使用",
                             hint=f"起草工具可能已经在运行：请直接在浏览器中打开 http://{HOST}:{port}/ ；"
                                  "或用 --port 换一个端口，如 --port 8766") from None
        raise InputError(f"无法在端口 {port} 上启动：{exc.strerror or exc}") from None
    sock.listen(64)
    return sock


def _stop(signum, frame) -> None:
    from ..output import abandon

    abandon()
    try:
        os.write(2, "\n起草工具已停止。\n".encode(sys.stderr.encoding or "utf-8", "replace"))
    except (OSError, ValueError, LookupError):
        pass
    os._exit(0)


def serve(folder: Path | None, port: int = DEFAULT_PORT, *, browser: bool = True, threads: int = 4) -> None:
    """Run the workbench until stopped (Ctrl+C or closing the window)."""
    work = WorkFolder((folder or default_folder()).expanduser().resolve())
    work.prepare()
    try:
        sock = bind(port)
    except PortTaken:
        if not running(port):
            raise
        # started twice (a second double-click): the one that runs is the one to use
        address = f"http://{HOST}:{port}/"
        print(f"起草工具已经在运行：{address}\n不必再启动一次；{'已在浏览器中打开。' if browser else '请在浏览器中打开这个地址。'}",
              flush=True)
        if browser:
            _open(address)
        return
    port = sock.getsockname()[1]
    from waitress.server import create_server

    from .app import create_app

    app = create_app(work, port)
    server = create_server(app, sockets=[sock], threads=threads, ident="draft", clear_untrusted_proxy_headers=True)
    address = f"http://{HOST}:{port}/"
    # from here on, stopping is the normal end: said so, and exit code 0 (before the address is out)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _stop)
    print(f"起草工具已启动：{address}\n工作目录：{work.root}\n"
          "请在浏览器中打开上面的地址（已自动打开时不必再开）。按 Ctrl+C 或关闭这个窗口即可停止。", flush=True)
    if browser:
        threading.Timer(0.3, _open, (address,)).start()
    try:
        server.run()
    except DraftError:
        raise
    except OSError as exc:  # the socket went away under us
        raise InputError(f"起草工具意外停止：{exc.strerror or exc}") from None


def _open(address: str) -> None:
    import webbrowser

    try:
        if not webbrowser.open(address):
            print(f"没有找到可用的浏览器，请手动打开 {address}", flush=True)
    except Exception:  # a broken browser setting must not stop the server
        print(f"无法自动打开浏览器，请手动打开 {address}", flush=True)
