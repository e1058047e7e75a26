"""Which files of a snippet repository changed against git HEAD: staged, unstaged and untracked (``lint --changed``).

Asks git itself (``git status --porcelain -z``), so what counts as changed is what
``git commit`` would see; ignored files are not listed. A folder that is not in a
git checkout, or a machine without git, gets a Chinese message (``InputError``,
exit 2).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import InputError

#: How long git may take to answer before lint gives up on it.
TIMEOUT = 60


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=TIMEOUT)
    except FileNotFoundError:
        raise InputError("找不到 git 命令：--changed 要用 git 找出改动过的文件",
                         hint="请先安装 git（并确保在命令行里能运行 git），或去掉 --changed 检查整个素材库。") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"无法运行 git：{exc}", hint="去掉 --changed 可以检查整个素材库。") from None


def changed_files(folder: Path) -> list[Path]:
    """The files under ``folder`` that differ from git HEAD (staged, unstaged or untracked), deleted ones left out."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError("这个素材库目录不在 git 仓库中，无法用 --changed 找出改动过的文件", path=folder,
                         hint="--changed 只用于 git 管理的素材仓库（如 pre-commit 钩子）；去掉 --changed 可以检查整个素材库。")
    root = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
    status = _git(folder, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", "--", ".")
    if status.returncode != 0:
        message = status.stderr.decode("utf-8", "replace").strip()
        raise InputError(f"git 无法列出改动过的文件：{message}", path=folder)
    out = []
    for entry in status.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) < 4:
            continue
        path = root / entry[3:]
        if path.is_file():  # a file deleted is not linted (its ids simply no longer exist)
            out.append(path)
    return out
