"""The ``draft`` console script: ``cli.main`` run as a short-lived process.

Two things cost a one-shot command time without doing anything for the user,
about 40 ms of a 200 ms ``draft plan`` on these machines: the cyclic garbage
collector walking the hundreds of thousands of objects that importing
python-docx, lxml and typer creates, and tearing the interpreter down at the
end. Reference counting still frees what the command drops, and a command that
returns has closed its files (documents are written atomically) and, here,
flushed its output, so the process may end at once. ``cli.main`` itself is left
ordinary for tests and for programs that import it.
"""

from __future__ import annotations

import gc
import os
import sys


def run() -> None:
    """Run ``draft`` with the arguments of this process and exit with its code."""
    gc.disable()
    from .cli import main

    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (draft … | head): nothing more to say
            pass
    os._exit(code)
