"""``draft notice PLAN.docx …`` and the options of the 印发通知 that ``draft plan --notice`` shares."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import List, Optional

import typer

from .options import DateParam, ForceOpt, OrgOpt, OutOpt

NoticeOpt = typer.Option(False, "--notice", help="写成印发通知：版头、主送、正文、落款，工作要点作为附件，文末版记"
                                                   "（成文日期用 --date，默认今天）")
NoticeDateOpt = typer.Option(None, "--date", "-d", click_type=DateParam(),
                             help="成文日期和印发日期，如 2026-03-05 或 2026年3月5日（默认：今天）")
DocNumberOpt = typer.Option(None, "--doc-number", help="发文字号，如 〔2026〕3号 或 某发改党〔2026〕3号（印发通知必填）")
RecipientsOpt = typer.Option(None, "--recipients", help="主送机关，如 各党支部（印发通知必填）")
SignerOpt = typer.Option(None, "--signer", help="签发人姓名（上行文才写）")
CcOpt = typer.Option(None, "--cc", help="抄送机关，如 市直机关工委")
IssuerOpt = typer.Option(None, "--issuer", help="印发机关（版记中的，默认：单位名称）")
LetterheadOpt = typer.Option(None, "--letterhead",
                             help="发文机关标志（默认：单位名称加“文件”）；写 preprinted 表示用印好红头的纸，版头留空")
SignatureOpt = typer.Option(None, "--signature", help="发文机关署名（默认：单位名称）")


def notice_options(doc_number, recipients, signer, cc, issuer, letterhead, signature):
    """The notice's options as the jobs take them."""
    from ..gongwen.fields import NoticeOptions

    return NoticeOptions(doc_number=doc_number, recipients=recipients, signer=signer, cc=cc, issuer=issuer,
                         letterhead=letterhead, signature=signature)


def notice_cmd(
    plans: List[Path] = typer.Argument(..., metavar="工作要点...",
                                      help="要印发的工作要点（.docx 或 .txt）；几份就是几个附件，按给出的顺序编号"),
    org: Optional[str] = OrgOpt,
    doc_number: Optional[str] = DocNumberOpt,
    recipients: Optional[str] = RecipientsOpt,
    signer: Optional[str] = SignerOpt,
    cc: Optional[str] = CcOpt,
    issuer: Optional[str] = IssuerOpt,
    letterhead: Optional[str] = LetterheadOpt,
    signature: Optional[str] = SignatureOpt,
    date: Optional[_dt.date] = NoticeDateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
) -> None:
    """为已有的工作要点生成印发通知（Word 文档）：通知在前，工作要点作为附件。"""
    from ..jobs.notice import notice

    result = notice(plans, notice_options(doc_number, recipients, signer, cc, issuer, letterhead, signature),
                    org=org, date=date, output=output, force=force)
    typer.echo(f"已生成印发通知：{result.path}")
    for n, outline in enumerate(result.attachments, 1):
        typer.echo(f"  附件{n if len(result.attachments) > 1 else ''}：{outline.title}")
    for note in result.notes:
        typer.echo(f"  提示：{note}", err=True)
