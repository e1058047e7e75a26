"""The ``draft`` console script: ``cli.main`` run as a short-lived process.

Two things cost a one-shot command time without doing anything for the user,
about 40 ms of a 200 ms ``draft plan`` on these machines: the cyclic garbage
collector walking the hundreds of thousands of objects that importing
python-docx, lxml and typer creates, and tearing the interpreter down at the
end. Reference counting still frees what the command drops, and a command that
returns has closed its files (documents are written atomically) and, here,
flushed its output, so the process may end at once. ``cli.main`` itself is left
ordinary for tests and for programs that import it.

Ctrl+C (SIGINT), closing the terminal window (SIGHUP) and ``kill`` (SIGTERM)
are handled alike: the temporary and lock files of ``output`` are removed, 已取消
is said, and the process ends with 128 + the signal's number (130, 129, 143).
The handler ends the process itself rather than raising KeyboardInterrupt,
which could land inside a ``__del__`` (ZipFile's) and be swallowed there.
"""

from __future__ import annotations

import gc
import os
import signal
import sys

_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")  # SIGBREAK: Ctrl+Break on Windows


def _interrupted(signum: int, frame) -> None:
    from .output import abandon

    removed = abandon()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    left = "，未写完的文件已删除" if removed else ""
    message = f"{chr(10) if sys.stderr.isatty() else ''}已取消{left}。\n"
    try:
        os.write(2, message.encode(sys.stderr.encoding or "utf-8", "replace"))
    except (OSError, ValueError, LookupError):
        pass
    os._exit(128 + signum)


def run() -> None:
    """Run ``draft`` with the arguments of this process and exit with its code."""
    gc.disable()
    for name in _SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:  # nohup stays nohup
            signal.signal(number, _interrupted)
    from .cli import main

    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (draft … | head): nothing more to say
            pass
    os._exit(code)
