"""``draft compare``: how much of a document is last year's text, and what it prints (also for ``check --against``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from .. import jobs
from .options import ForceOpt, LibraryOpt, _paths

if TYPE_CHECKING:
    from ..jobs.compare import Compared


def compare_cmd(
    old: Path = typer.Argument(..., metavar="去年文稿", help="去年的工作要点或讲话稿（.docx 或 .txt）"),
    new: Path = typer.Argument(..., metavar="今年文稿", help="今年的同一种文稿（.docx 或 .txt）"),
    history: Optional[Path] = typer.Option(None, "--history", metavar="文件夹",
                                           help="存放更早年份同一文稿的文件夹（每年一份），用来找出连续多年未变的条目"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出，便于其他程序读取"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", metavar="输出.docx",
                                            help="另存一份今年的文稿，在每条沿用的条目上加批注（与2025年相同、连续3年未变）"),
    author: Optional[str] = typer.Option(None, "--author", help="批注的作者名"),
    library: Optional[List[Path]] = LibraryOpt,
    force: bool = ForceOpt,
) -> None:
    """比较今年的文稿沿用了多少去年的文字（照搬照抄检查）：原样沿用、仅改年份等表述、有改动、新写的字数比例，全文和各部分分别统计；列出原样沿用的句子和连续多年未变的条目。

    条目挪了位置、重新编号、拆分或合并，仍按句子找到对应。提醒界限（默认：沿用超过 60%，
    或某条连续 3 年以上未变）可在素材库的 carry_over 中设定。文稿本身不会被改动。
    一份工作要点、一份讲话稿时，改为对照讲话稿是否部署了工作要点的各项任务。
    """
    from ..jobs.compare import DifferentGenres

    try:
        done = jobs.compare_files(old, new, history=history, extra=_paths(library), annotate=annotate is not None,
                                  output=annotate, author=author, force=force)
    except DifferentGenres as exc:
        if history is not None or annotate is not None:  # options that only mean something within one genre
            raise
        _report_coverage(jobs.coverage(exc.speech, exc.plan, extra=_paths(library)), as_json)
        return
    if as_json:
        import json

        from ..compare import to_json

        typer.echo(json.dumps(to_json(done.comparison, done.new_text, done.old_text), ensure_ascii=False, indent=2))
    else:
        report_compared(done)
    if done.written is not None:
        placed = len(done.comparison.items) - done.unplaced
        typer.echo(f"已另存：{done.written}（{placed} 条沿用的条目写成批注）", err=True)


def _report_coverage(covered, as_json: bool) -> None:
    """A plan and a speech: which of the plan's tasks the speech deploys (as ``check --plan`` reports it)."""
    from ..coverage import report_lines, to_json

    if as_json:
        import json

        typer.echo(json.dumps({"coverage": to_json(covered.coverage)}, ensure_ascii=False, indent=2))
        return
    typer.echo("一份是工作要点、一份是讲话稿：不比较沿用的文字，而是对照讲话稿是否部署了工作要点的各项任务"
               "（同 draft check 讲话稿 --plan 工作要点）。")
    for line in report_lines(covered.coverage):
        typer.echo(line)


def _pct(part: int, total: int) -> str:
    return f"{100 * part / total:.0f}%" if total else "0%"


def report_compared(done: Compared) -> None:
    """Print what ``draft compare`` found: shares whole and per part, carried items, carried sentences, limits."""
    from ..compare import carried_sentences, item_note, year_label
    from .reports import _short

    c, new = done.comparison, done.new_text
    before = year_label(c.old_year)
    typer.echo(f"比较：{done.new.name}（{year_label(c.new_year)}）与 {done.old.name}（{before}）")
    if done.history:
        typer.echo("  往年文稿：" + "、".join(f"{path.name}（{year}年）" for year, path in done.history))
    w = c.whole
    typer.echo(f"全文 {w.total} 字：与{before}相同 {_pct(w.same, w.total)}，仅改动年份等表述 {_pct(w.light, w.total)}，"
               f"有改动 {_pct(w.edited, w.total)}，新写 {_pct(w.new, w.total)}")
    typer.echo("各部分（相同 / 仅改年份 / 有改动 / 新写）：")
    for name, s in c.parts:
        typer.echo(f"  {_short(name, 20)}  {s.total} 字  {_pct(s.same, s.total)} / {_pct(s.light, s.total)} / "
                   f"{_pct(s.edited, s.total)} / {_pct(s.new, s.total)}")
    if c.items:
        typer.echo(f"沿用的条目（{len(c.items)} 条）：")
        for item in c.items:
            unit = new.units[item.unit]
            typer.echo(f"  {_short(new.parts[item.part], 12)}  “{_short(unit.lead or unit.text, 20)}”："
                       f"{item_note(item, c.old_year)}")
    carried = carried_sentences(c, new)
    if carried:
        typer.echo(f"原样沿用的句子（{len(carried)} 句，按文中顺序）：")
        for sentence in carried:
            typer.echo(f"  {sentence}")
    if c.exceeded:
        typer.echo(f"超过提醒界限（沿用超过 {c.limits.unchanged}%，或连续 {c.limits.years} 年以上未变）：")
        for line in c.exceeded:
            typer.echo(f"  - {line}")
        typer.echo("照搬照抄是整治形式主义的重点，请对照今年的新形势、新任务重写沿用的部分。", err=True)
    else:
        typer.echo(f"未超过提醒界限（沿用超过 {c.limits.unchanged}%，或连续 {c.limits.years} 年以上未变）。")
