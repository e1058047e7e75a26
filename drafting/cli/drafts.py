"""The drafting commands: ``draft plan``, ``draft speech``, ``draft meetings``, ``draft batch``."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import List, Optional

import click
import typer

from .. import jobs
from ..model import PLAN, SPEECH
from .options import (DateOpt, ForceOpt, LibraryOpt, OrgOpt, OrgShortOpt, OutOpt, SpecOpt, SuperiorOpt,
                      TemplateOpt, YearOpt, _paths)
from .notice import (CcOpt, DocNumberOpt, IssuerOpt, LetterheadOpt, NoticeOpt, RecipientsOpt, SignatureOpt,
                     SignerOpt, notice_options)
from .reports import _report


def plan_cmd(
    year: Optional[int] = YearOpt,
    org: Optional[str] = OrgOpt,
    org_short: Optional[str] = OrgShortOpt,
    superior: Optional[str] = SuperiorOpt,
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="工作要点配方名称，如 党支部工作要点"),
    library: Optional[List[Path]] = LibraryOpt,
    template: Optional[Path] = TemplateOpt,
    spec: Optional[Path] = SpecOpt,
    date: Optional[_dt.date] = DateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
    notice: bool = NoticeOpt,
    doc_number: Optional[str] = DocNumberOpt,
    recipients: Optional[str] = RecipientsOpt,
    signer: Optional[str] = SignerOpt,
    cc: Optional[str] = CcOpt,
    issuer: Optional[str] = IssuerOpt,
    letterhead: Optional[str] = LetterheadOpt,
    signature: Optional[str] = SignatureOpt,
) -> None:
    """生成年度工作要点（Word 文档）；加 --notice 写成印发通知，工作要点作为附件。"""
    fields = (doc_number, recipients, signer, cc, issuer, letterhead, signature)
    if not notice and any(v is not None for v in fields):
        raise click.UsageError("发文字号、主送机关等是印发通知的内容，请同时加 --notice")
    result = jobs.draft(jobs.Request(
        genre=PLAN, year=year, org=org, org_short=org_short, superior=superior, profile=profile,
        date=date, libraries=_paths(library), template=template, spec=spec,
        output=output, force=force, notice=notice_options(*fields) if notice else None,
    ))
    _report(result)


def speech_cmd(
    meeting: Optional[str] = typer.Option(None, "--meeting", "-m", help="会议类型，如 工委会议（draft meetings 查看全部）"),
    year: Optional[int] = YearOpt,
    org: Optional[str] = OrgOpt,
    org_short: Optional[str] = OrgShortOpt,
    superior: Optional[str] = SuperiorOpt,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="讲话人姓名"),
    library: Optional[List[Path]] = LibraryOpt,
    template: Optional[Path] = TemplateOpt,
    spec: Optional[Path] = SpecOpt,
    date: Optional[_dt.date] = DateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
    minutes: Optional[int] = typer.Option(
        None, "--minutes", help="讲话时长（分钟，1–120）：按每分钟 220 字（可在 draft.yaml 中设置语速）选取段落"),
    plan: Optional[Path] = typer.Option(
        None, "--plan", help="按这份工作要点（.docx 或 .txt）的各部分依次起草讲话，每部分对应一部分"),
) -> None:
    """生成会议讲话稿（Word 文档）。"""
    result = jobs.draft(jobs.Request(
        genre=SPEECH, meeting=meeting, year=year, org=org, org_short=org_short, superior=superior,
        speaker=speaker, date=date, libraries=_paths(library), template=template, spec=spec,
        output=output, force=force, minutes=minutes, plan=plan,
    ))
    _report(result)


def meetings_cmd(library: Optional[List[Path]] = LibraryOpt) -> None:
    """列出可用的会议类型（讲话稿配置）。"""
    for recipe in jobs.meetings(_paths(library)):
        aliases = f"（又名：{'、'.join(recipe.aliases)}）" if recipe.aliases else ""
        parts = "、".join(s.category for s in recipe.sections)
        typer.echo(f"{recipe.name}{aliases}")
        if recipe.description:
            typer.echo(f"    {recipe.description}")
        typer.echo(f"    内容：{parts}")


def batch_cmd(
    orgs: Path = typer.Option(..., "--orgs", help="单位列表（YAML），每个单位生成一份文稿，格式见 README"),
    year: Optional[int] = YearOpt,
    spec: Optional[Path] = SpecOpt,
    meeting: Optional[str] = typer.Option(None, "--meeting", "-m", help="生成讲话稿：会议类型，如 工委会议"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="工作要点配方名称"),
    superior: Optional[str] = SuperiorOpt,
    library: Optional[List[Path]] = LibraryOpt,
    template: Optional[Path] = TemplateOpt,
    date: Optional[_dt.date] = DateOpt,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="输出文件夹（默认：当前目录）"),
    force: bool = typer.Option(False, "--force", "-f", help="文件已存在时覆盖"),
) -> None:
    """按单位列表批量起草：每个单位一份工作要点（或讲话稿），某个单位出错时其余照常生成。"""
    req = jobs.Request(
        genre=SPEECH if meeting else PLAN, year=year, meeting=meeting, profile=profile, superior=superior,
        date=date, libraries=_paths(library), template=template, spec=spec, output=output, force=force,
    )
    with click.progressbar(length=1, label="批量起草", file=sys.stderr, show_pos=True,
                           item_show_func=lambda name: name) as bar:
        def step(done: int, total: int, name: str) -> None:
            bar.length = total
            bar.update(done - bar.pos, name)

        result = jobs.batch(orgs, req, progress=step)
    typer.echo(f"已生成 {len(result.done)} 份文稿，保存在：{result.folder}")
    for note in result.notes:
        typer.echo(f"提示：{note}", err=True)
    for failure in result.failed:
        where = f"（{failure.org.origin}）" if failure.org.origin else ""
        typer.echo(f"失败：{failure.org.name}{where}：{failure.error}", err=True)
    if result.failed:
        typer.echo(f"共 {len(result.failed)} 个单位没有生成，请按上面的提示修改后重新运行。", err=True)
        raise typer.Exit(1)
