"""The 印发通知 jobs: ``draft plan --notice`` (the plan drafted, sent as the notice's attachment) and
``draft notice PLAN.docx …`` (plans written elsewhere, read and sent the same way, one attachment each).

Loaded only for those commands: ``draft plan`` without ``--notice`` never imports it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..gongwen.fields import NoticeFields, NoticeOptions, resolve_fields
from ..gongwen.notice import notice_context, notice_title
from ..library import Library
from ..model import PLAN, Occasion, Outline, Provenance
from .common import _check_output, check_value, here, library, ordinal_mark, output_name, read_plan, settings

__all__ = ["NoticeResult", "notice", "notice_fields", "write_plan_notice"]

#: the notice's options that name people and organisations, and what the user calls each
_OPTIONS = (("recipients", "--recipients"), ("signer", "--signer"), ("cc", "--cc"), ("issuer", "--issuer"),
            ("letterhead", "--letterhead"), ("signature", "--signature"), ("doc_number", "--doc-number"))


@dataclass(frozen=True)
class NoticeResult:
    """A written notice: where it is, its attachments' outlines, what the user should know."""

    path: Path
    outline: Outline  # the (first) attachment
    notes: tuple[str, ...]
    attachments: tuple[Outline, ...] = ()


def notice_fields(options: NoticeOptions, cfg: Settings, *, org: str, date: _dt.date) -> tuple[NoticeFields, tuple[str, ...]]:
    """The notice's checked fields, and a note when the 发文机关标志 was guessed from the organisation."""
    for field, option in _OPTIONS:
        check_value(getattr(options, field), option)
    config = dict(cfg.notice)
    fields = resolve_fields(options, config, org=org, date=date)
    notes: tuple[str, ...] = ()
    if not (options.letterhead or config.get("letterhead")):
        notes = (f"发文机关标志按单位名称写作“{fields.letterhead}”；由机关党委发文时，请用 --letterhead "
                 "写明（如“中共某某机关委员会文件”），或在 draft.yaml 的 notice: 下写 letterhead。",)
    return fields, notes


def _occasion(org: str, cfg: Settings, year: int) -> Occasion:
    return Occasion(year=year, org=org, org_short=cfg.org_short, superior=cfg.superior)


def _write(fields: NoticeFields, attachments: list[Outline], lib: Library, occasion: Occasion, out: Path, *,
           force: bool, inputs: tuple[tuple[str, Path], ...], provenance: Provenance | None,
           template: Path | None = None, mark: str = "．") -> Path:
    from functools import partial

    from ..gongwen.writer import write_notice
    from ..render import context_for

    from ..gongwen.titles import STANDARD_WIDTH

    # each attachment's title broken as draft plan breaks it (the notice template's title style is the plan's)
    attachment = partial(context_for, ordinal_mark=mark, title_width=STANDARD_WIDTH, terms=lib.terms)
    context = notice_context(fields, attachments, lib, occasion, attachment)
    return write_notice(context, out, force=force, inputs=inputs, provenance=provenance, template=template)


def write_plan_notice(options: NoticeOptions, cfg: Settings, lib: Library, outline: Outline, occasion: Occasion,
                      out: Path | None, *, date: _dt.date, force: bool, inputs: tuple[tuple[str, Path], ...],
                      provenance: Provenance | None) -> tuple[Path, tuple[str, ...]]:
    """``draft plan --notice``: the notice with the drafted ``outline`` as its attachment; (path, notes)."""
    fields, notes = notice_fields(options, cfg, org=occasion.org, date=date)
    target = out or here() / output_name(notice_title([outline.title or "工作要点"]), PLAN)
    path = _write(fields, [outline], lib, occasion, target, force=force, inputs=inputs, provenance=provenance,
                  template=cfg.template("notice"), mark=ordinal_mark(cfg))
    return path, notes


def _read_plan(path: Path, lib: Library) -> Outline:
    """The outline of the 工作要点 ``path``; what is not a plan is refused."""
    outline = read_plan(path, lib,
                        a_speech=("draft notice 印发的应当是工作要点，这份文稿是讲话稿",
                                  "讲话稿一般不以印发通知的形式下发；请选择工作要点（.docx 或 .txt）"),
                        no_parts=("这份文稿中没有识别出工作要点的各部分（一、二、三、……），不能作为附件印发",
                                  "请用 draft parse 查看它的结构"))
    if not outline.title:
        raise InputError("这份工作要点没有识别出标题，印发通知要用它的标题", path=path,
                         hint="请在文稿开头写上标题（如“2026年某某党的建设工作要点”）")
    if "关于印发" in outline.title and outline.title.endswith("的通知"):
        raise InputError("这份文稿已经是印发通知，不能再作为附件印发", path=path,
                         hint="请选择工作要点本身（通知的附件），或用 draft plan --notice 重新生成")
    return outline


def notice(plans: Path | list[Path], options: NoticeOptions, *, org: str | None = None,
           date: _dt.date | None = None, output: Path | None = None, force: bool = False,
           today: _dt.date | None = None) -> NoticeResult:
    """``draft notice PLAN…``: the 印发通知 of plans written elsewhere, each read and set as an attachment."""
    today = today or _dt.date.today()
    plans = [plans] if isinstance(plans, Path) else list(plans)
    if output is not None:
        _check_output(output)
    check_value(org, "--org")
    cfg = settings()
    org = (org or "").strip() or cfg.org
    if not org:
        raise InputError("请用 --org 指定单位名称", hint="也可以先运行 draft init --org 单位名称，以后就不用再输入。")
    lib = library((), cfg)
    outlines = [_read_plan(plan, lib) for plan in plans]
    fields, notes = notice_fields(options, cfg, org=org, date=date or today)
    year = next((o.year for o in outlines if o.year), None) or (date or today).year
    outlines = [replace(o, year=o.year or year) for o in outlines]
    target = output or here() / output_name(notice_title([o.title for o in outlines]), PLAN)
    path = _write(fields, outlines, lib, _occasion(org, cfg, year), target, force=force,
                  inputs=tuple(("工作要点", plan) for plan in plans), provenance=None,
                  template=cfg.template("notice"), mark=ordinal_mark(cfg))
    return NoticeResult(path=path, outline=outlines[0], notes=notes, attachments=tuple(outlines))
