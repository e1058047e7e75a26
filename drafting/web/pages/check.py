"""检查: upload a document, see what a reviewer would mark, download a copy with comments or fixes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, request

from ...errors import DraftError
from ...model import PART_NAMES, Finding
from ..context import bench
from .common import discard, link, page, shown, text, unit_libraries, upload, year

bp = Blueprint("check", __name__)

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Shown:
    """One finding as the page shows it: where, what, the excerpt in its context."""

    where: str
    message: str
    before: str
    excerpt: str
    after: str
    suggestion: str | None


@dataclass(frozen=True)
class Group:
    """Findings of one severity and code."""

    severity: str
    severity_name: str
    code: str
    name: str
    findings: tuple[Shown, ...]


def where(paragraphs, index: int | None) -> str:
    """第N段 in the body, else the part the paragraph is in (页眉、脚注 …); as the CLI says it."""
    if index is None:
        return "全文"
    part = next((p.part for p in paragraphs if p.index == index), "body")
    return f"第{index + 1}段" if part == "body" else PART_NAMES.get(part, part)


def _shown(f: Finding, paragraphs, texts: dict[int, str], width: int = 24) -> Shown:
    text = texts.get(f.paragraph, "") if f.paragraph is not None else ""
    start = f.start if f.start is not None else (text.find(f.excerpt) if f.excerpt else -1)
    if not f.excerpt or start < 0:
        return Shown(where(paragraphs, f.paragraph), f.message, "", f.excerpt, "", f.suggestion)
    end = start + len(f.excerpt)
    before = ("…" if start > width else "") + text[max(0, start - width):start]
    after = text[end:end + width] + ("…" if end + width < len(text) else "")
    return Shown(where(paragraphs, f.paragraph), f.message, before, f.excerpt, after, f.suggestion)


def groups(findings, paragraphs) -> list[Group]:
    """Findings by severity (errors first), then by code, each in reading order."""
    from ...check import CODE_NAMES

    texts = {p.index: p.text for p in paragraphs}
    order = list(SEVERITY_NAMES)
    keyed: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        keyed.setdefault((f.severity, f.code), []).append(f)
    result = []
    for (severity, code), found in sorted(keyed.items(), key=lambda kv: (
            order.index(kv[0][0]) if kv[0][0] in order else len(order), -len(kv[1]), kv[0][1])):
        found.sort(key=lambda f: (f.paragraph if f.paragraph is not None else -1, f.start or 0))
        result.append(Group(severity, SEVERITY_NAMES.get(severity, severity), code, CODE_NAMES.get(code, code),
                            tuple(_shown(f, paragraphs, texts) for f in found)))
    return result


@bp.get("/check")
def form():
    """The upload form."""
    return page("check.html")


@bp.post("/check")
def run():
    """Check the uploaded document; the copies asked for are written under 检查/."""
    from ...jobs import check_file, check_value

    saved = None
    org = text("org")  # whose document it is, as check --org: else draft.yaml's unit
    try:
        check_value(org, "单位名称")
        saved = upload("document")
        target = year("year")
        extra = unit_libraries()
        checked = check_file(saved.path, year=target, extra=extra, org=org)
        copies = []
        stem = Path(saved.name).stem
        for option, suffix, what in (("annotate", "批注", "批注稿"), ("fix", "修正", "修正稿")):
            if request.form.get(option):
                made = bench().work.produce("check", f"{stem}-{suffix}.docx", lambda out, o=option: check_file(
                    saved.path, year=target, extra=extra, annotate=o == "annotate", fix=o == "fix", output=out,
                    org=org))
                copies.append((what, made.written.name, link(made.written), made))
    except DraftError as exc:
        discard(saved, exc)
        return page("check.html", 400, problem=shown(exc), org=org)
    counts = {name: sum(1 for f in checked.findings if f.severity == key) for key, name in SEVERITY_NAMES.items()}
    return page("check.html", name=saved.name, year=target, groups=groups(checked.findings, checked.paragraphs),
                counts=counts, total=len(checked.findings), copies=copies, org=org)
