"""The package's error types. Imports nothing of the package.

Every error a user can cause is a ``DraftError``: it carries where the problem
is (file, line, snippet id) and a message in Chinese, because the CLI shows it
to office staff as it is. Library code raises these and never prints or exits.
"""

from __future__ import annotations

from pathlib import Path


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
