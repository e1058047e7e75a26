"""The command ``draft learn``: what reviewed documents teach, proposed in the library's 待审核/."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .options import LibraryOpt, _paths


def learn_cmd(
    files: List[Path] = typer.Argument(..., metavar="文件...",
                                       help="审稿人以修订模式改过、加了批注的文稿（.docx），可以多个"),
    into: Optional[Path] = typer.Option(None, "--into", help="建议写入哪个素材库目录（默认：./素材库），放在其中的 待审核/ 子目录"),
    library: Optional[List[Path]] = LibraryOpt,
) -> None:
    """从审阅过的文稿中学习：审稿人反复做的同一处用词修改，整理成错别字规则建议；审稿人拒绝的 renew 改动，整理成测试用例；列出审稿人的批注。都写入 待审核/ 供审核，不会直接改规则。"""
    from .. import jobs

    _report(jobs.learn(tuple(files), into, _paths(library)))


def _report(done) -> None:
    from ..learn.values import ACCEPTED, PENDING, REJECTED, UNKNOWN
    from ..learn.writer import where

    for lesson in done.lessons:
        typer.echo(f"{lesson.source.name}")
        skipped = "，".join(f"{why} {n} 处" for why, n in lesson.skipped)
        typer.echo(f"  审稿人的替换修改 {len(lesson.replacements)} 处" + (f"（不生成规则的：{skipped}）" if skipped else ""))
        if lesson.record is not None:
            r = lesson.record
            typer.echo(f"  draft renew（{r.source_year}→{r.target_year}年）的改动 {len(r.changes)} 处："
                       f"接受 {lesson.count(ACCEPTED)}，拒绝 {lesson.count(REJECTED)}，"
                       f"未处理 {lesson.count(PENDING)}，无法判断 {lesson.count(UNKNOWN)}")
            if r.dropped:
                typer.echo(f"  （改动太多，记录中略去了 {r.dropped} 处）")
            for j in lesson.judged:
                if j.verdict == REJECTED:
                    typer.echo(f"    拒绝：{where(j.paragraph)}“{j.change.old}”→“{j.change.new}”")
        elif lesson.damaged:
            typer.echo("  文稿中 draft renew 的改动记录已损坏，无法判断哪些改动被接受或拒绝")
        else:
            typer.echo("  文稿中没有 draft renew 的改动记录（不是 draft renew 生成的，或生成它的版本较旧）")
        for c in lesson.comments:
            text = c.text.replace("\n", " ")
            answered = {a.id for a in lesson.answered}
            place = ("回复我们的问题" if c.parent in answered else "回复") if c.parent is not None else where(c.paragraph)
            typer.echo(f"  批注（{c.author or '未署名'}，{place}）：{text[:60]}{'…' if len(text) > 60 else ''}")
        if lesson.answered:
            typer.echo(f"  我们提出的问题中，审稿人回复或修改了的：{len(lesson.answered)} 条")
    proposed = [p for p in done.proposals if not p.withheld]
    typer.echo(f"规则建议 {len(proposed)} 条" + (f"，另有 {len(done.proposals) - len(proposed)} 条多次出现但未列为规则"
                                             if len(done.proposals) > len(proposed) else ""))
    for p in done.proposals:
        mark = f"（未列入：{p.withheld}）" if p.withheld else ""
        typer.echo(f"  {p.wrong} → {p.right}：{len(p.evidence)} 处{mark}")
    rejected = sum(lesson.count(REJECTED) for lesson in done.lessons)
    if done.rules is not None:
        typer.echo(f"已写入规则建议：{done.rules}")
    if done.cases is not None:
        typer.echo(f"已写入测试用例：{done.cases}")
    if done.rules is None and done.cases is None:
        typer.echo("没有需要审核的建议，没有写入文件。")
    elif done.rules is not None:
        typer.echo("请审核规则建议：确认无误的条目移到素材库的 检查规则.yaml 的 typos: 下。", err=True)
    if done.cases is not None and rejected:
        typer.echo("被拒绝的 renew 改动已整理成测试用例，请交给维护本工具的同事。", err=True)
