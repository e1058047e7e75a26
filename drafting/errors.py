"""The package's error types. Imports nothing of the package.

Every error a user can cause is a ``DraftError``: it carries where the problem
is (file, line, snippet id) and a message in Chinese, because the CLI shows it
to office staff as it is. Library code raises these and never prints or exits.
"""

from __future__ import annotations

import errno
from pathlib import Path

# What the operating system said, in the user's words; the English strerror is
# what Python gives and means nothing to most of them.
_ERRNO_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（文件或文件夹可能被锁定或设为只读）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EINVAL: "文件名中有不允许的字符",
    errno.EMFILE: "同时打开的文件太多",
    errno.EIO: "磁盘读写出错",
}
if hasattr(errno, "EDQUOT"):
    _ERRNO_TEXT[errno.EDQUOT] = "磁盘配额已用完"


def os_problem(exc: OSError) -> str:
    """The reason of an ``OSError`` in Chinese (the English text only for an unusual errno)."""
    text = _ERRNO_TEXT.get(exc.errno) if exc.errno is not None else None
    if text:
        return text
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"系统报告的错误：{reason}"


class DraftError(Exception):
    """Root of the errors a user can cause; rendered as one Chinese message."""

    #: exit code the CLI uses for this kind of error (2: bad input)
    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        snippet: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.snippet = snippet
        self.hint = hint

    def where(self) -> str:
        """Location prefix: ``文件 x.yaml，第 3 行，片段 id``."""
        parts = []
        if self.path:
            parts.append(f"文件 {self.path}")
        if self.line:
            parts.append(f"第 {self.line} 行")
        if self.snippet:
            parts.append(f"片段 {self.snippet}")
        return "，".join(parts)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}：{self.message}" if where else self.message
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text


class DataError(DraftError):
    """Bad library data: a snippet file, meeting profile, calendar, recipe or draft.yaml."""


class TemplateProblem(DraftError):
    """A snippet or Word template failed to render (missing parameter, unsafe access)."""


class InputError(DraftError):
    """An input document or option that cannot be used."""


class OutputError(DraftError):
    """The output cannot be written (exists already, locked by Word, no permission)."""


class MissingTool(DraftError):
    """A program the command needs is not installed (LibreOffice, poppler): exit code 3."""

    exit_code = 3
