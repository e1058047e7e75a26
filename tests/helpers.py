"""Small builders shared by the tests: a library folder written from Python data."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml


def write_library(folder: Path, files: dict[str, object]) -> Path:
    """Write ``files`` (name → YAML text or Python data) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, str):
            text = textwrap.dedent(content).lstrip("\n")
        else:
            text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def plan_item(sid: str, lead: str, body: str, **extra) -> dict:
    """A plan item snippet as a dict."""
    return {"id": sid, "genre": "plan", "lead": lead, "body": body, **extra}


def speech_item(sid: str, lead: str, body: str, **extra) -> dict:
    """A speech paragraph snippet as a dict."""
    return {"id": sid, "genre": "speech", "lead": lead, "body": body, **extra}


def docx_text(path) -> str:
    """The paragraphs of a .docx as text, one per line."""
    from docx import Document

    return "\n".join(p.text for p in Document(str(path)).paragraphs)
