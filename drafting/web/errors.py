"""Errors as the user reads them on a page: the CLI's Chinese words, never a traceback.

A ``DraftError`` shows exactly what ``draft`` prints after 错误：, except that a
file the browser uploaded is named as the user named it, not by where the
server keeps it. Anything else is a fault of ours: the page says so in Chinese
and the traceback goes to the server's console only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DraftError


@dataclass(frozen=True)
class Problem:
    """An error ready for a page: where, what, and what to do."""

    where: str
    message: str
    hint: str | None = None

    @property
    def text(self) -> str:
        """The whole message, as the CLI prints it after 错误：."""
        text = f"{self.where}：{self.message}" if self.where else self.message
        return text + (f"\n提示：{self.hint}" if self.hint else "")


def problem(exc: DraftError, names: dict[Path, str] | None = None, root: Path | None = None) -> Problem:
    """``exc`` for a page; ``names`` maps saved uploads to the names the user gave them.

    A path under the work folder ``root`` is shown relative to it.
    """
    path = exc.path
    if path is not None:
        named = (names or {}).get(Path(path))
        if named is not None:
            path = named
        elif root is not None:
            try:
                path = str(Path(path).relative_to(root))
            except ValueError:
                pass
    where = DraftError(exc.message, path=path, line=exc.line, snippet=exc.snippet).where()
    return Problem(where, exc.message, exc.hint)


#: Said for anything that is not the user's doing.
INTERNAL = Problem("", "起草工具内部出错，这次操作没有完成。已记录在启动起草工具的窗口中。",
                   "请重试一次；如果仍然出错，请把那个窗口中的内容发给维护人员。")

__all__ = ["INTERNAL", "Problem", "problem"]
