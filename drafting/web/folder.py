"""The work folder of ``draft serve``: where uploads and results live.

Everything the workbench writes goes under one folder (default: ``draft工作目录``
in the user's documents), in a subfolder per workflow. A name that comes from a
request is made safe first (no folders, no characters Windows refuses, no
reserved device names, short enough for any filesystem), and nothing is ever
overwritten: a second result of the same name gets ``(2)``. Files are handed to
the browser through random tokens, never through a path from the request.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import OutputError, os_problem
from ..output import Exists, create_new, fit_name

#: The work folder's name inside the user's documents folder.
DEFAULT_NAME = "draft工作目录"

#: The subfolder of each kind of file.
SUBFOLDERS = {
    "upload": "上传的文件",
    "draft": "起草",
    "renew": "更新",
    "check": "检查",
    "batch": "批量起草",
}

T = TypeVar("T")


def documents_folder() -> Path:
    """The user's documents folder: 文档/Documents, as the desktop names it, else the home folder."""
    home = Path.home()
    if os.name == "nt":
        profile = os.environ.get("USERPROFILE")
        base = Path(profile) if profile else home
        return base / "Documents" if (base / "Documents").is_dir() else base
    dirs = home / ".config" / "user-dirs.dirs"
    try:
        text = dirs.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    m = re.search(r'^XDG_DOCUMENTS_DIR="([^"]+)"', text, re.M)
    if m:
        found = Path(m[1].replace("$HOME", str(home)))
        if found.is_dir() and found != home:
            return found
    for name in ("文档", "Documents"):
        if (home / name).is_dir():
            return home / name
    return home


def default_folder() -> Path:
    """``draft工作目录`` in the user's documents folder."""
    return documents_folder() / DEFAULT_NAME


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.I)


def safe_name(name: str, default: str = "文件") -> str:
    """``name`` as a file name any system accepts: its last part only, no unsafe characters, not too long."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = _UNSAFE.sub("", name).strip().strip(".").strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip() or default
    if _RESERVED.match(stem):
        stem = "_" + stem
    tail = f".{suffix.lower()}" if suffix else ""
    if len(tail) > 10:  # not an extension but part of the name
        stem, tail = stem + tail, ""
    return fit_name(stem[:120], tail)


def numbered(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name(2)``, ``name(3)`` … the first that does not exist."""
    path = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while path.exists() or path.is_symlink():
        n += 1
        path = folder / fit_name(stem, f"({n}){suffix}")
        if n > 9999:
            raise OutputError("同名文件太多，无法再新建", path=folder)
    return path


@dataclass(frozen=True)
class Upload:
    """A file the browser sent, saved under the work folder: where, and what the user called it."""

    path: Path
    name: str


class WorkFolder:
    """The work folder, its subfolders, and the tokens that name its files to the browser."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, Path] = {}
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Create the folder (and its parents) if it is missing."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建工作目录：{os_problem(exc)}", path=self.root) from None
        if not self.root.is_dir():
            raise OutputError("工作目录应当是一个文件夹", path=self.root)

    def sub(self, kind: str) -> Path:
        """The subfolder for ``kind`` (see ``SUBFOLDERS``), created if missing."""
        folder = self.root / SUBFOLDERS[kind]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建文件夹：{os_problem(exc)}", path=folder) from None
        return folder

    def save(self, data: bytes, name: str, *, default: str = "上传的文件") -> Upload:
        """Keep an uploaded file under a safe, new name; the user's own name is remembered."""
        folder = self.sub("upload")
        wanted = safe_name(name, default)
        with self._lock:
            path = create_new((numbered(folder, wanted) for _ in range(100)), data, "上传的文件")
        return Upload(path, re.split(r"[\\/]", name or "")[-1].strip() or wanted)

    def produce(self, kind: str, name: str, make: Callable[[Path], T]) -> T:
        """``make(path)`` with a new path in ``kind``'s folder, never one that exists.

        ``make`` writes the file without replacing anything (``output.write_file``);
        if the name was taken meanwhile it raises ``Exists`` and the next number is tried.
        """
        folder = self.sub(kind)
        wanted = safe_name(name, "结果")
        for _ in range(100):
            try:
                return make(numbered(folder, wanted))
            except Exists:
                continue
        raise OutputError("同名文件太多，无法再新建", path=folder)

    def token(self, path: Path) -> str:
        """A random name for ``path`` that the browser can ask for it by."""
        with self._lock:
            for token, known in self._files.items():
                if known == path:
                    return token
            token = secrets.token_urlsafe(12)
            self._files[token] = path
            return token

    def file(self, token: str) -> Path | None:
        """The file a token names, if it still exists under the work folder."""
        with self._lock:
            path = self._files.get(token)
        if path is None or not path.is_file():
            return None
        return path
