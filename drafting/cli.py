"""The ``draft`` command: parse options, call one job, print the result in Chinese.

Thin on purpose: every job lives in ``jobs``; errors of the package's own type are
turned into a message and exit code 2 in one place (``main``).
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import click
import typer

from . import clitext, jobs
from .errors import DraftError
from .model import GENRE_NAMES, PLAN, SPEECH
from .numerals import item_marker, section_label

if TYPE_CHECKING:
    from .parse import Parsed

HELP = """机关党建文稿起草工具：用素材库生成工作要点和讲话稿（Word，GB/T 9704 版式）。

\b
常用：
  draft init --org 市发展改革委             在当前目录保存单位设置
  draft plan --year 2026                    生成工作要点
  draft speech --meeting 工委会议           生成讲话稿
  draft meetings                            列出会议类型
  draft parse 去年工作要点.docx             分析已有文稿的结构，列出发现的问题
  draft renew 2025年工作要点.docx --year 2026   用去年的文稿生成今年的初稿（修订+批注）
  draft check 工作要点.docx --year 2026     检查文稿：编号、年份、占位符、错别字、标点等
  draft ingest 旧文稿1.docx 旧文稿2.txt     从旧文稿收集素材，放入 素材库/待审核/
  draft snippets list --category 思想建设   查看素材
"""

app = typer.Typer(
    help=HELP,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
snippets_app = typer.Typer(help="查看素材库中的片段。", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(snippets_app, name="snippets")

# Options shared by the drafting commands.
YearOpt = typer.Option(None, "--year", "-y", help="文稿年份，如 2026（默认：11月起为下一年）", min=1949, max=2100)
OrgOpt = typer.Option(None, "--org", help="单位全称，如 市发展改革委（默认取 draft.yaml）")
OrgShortOpt = typer.Option(None, "--org-short", help="单位简称")
SuperiorOpt = typer.Option(None, "--superior", help="上级机关党组织，如 市直机关工委")
LibraryOpt = typer.Option(None, "--library", "-l", help="本单位素材库目录，可重复，后给的优先")
TemplateOpt = typer.Option(None, "--template", "-t", help="自己修改过的 Word 模板（.docx）")
SpecOpt = typer.Option(None, "--spec", "-s", help="配方文件（YAML），指定取哪些部分和片段")
DateOpt = typer.Option(None, "--date", "-d", help="落款或讲话日期，如 2026-01-10（默认：今天）",
                       formats=["%Y-%m-%d"])
OutOpt = typer.Option(None, "--output", "-o", help="输出文件（默认：以标题命名，存于当前目录）")
ForceOpt = typer.Option(False, "--force", "-f", help="输出文件已存在时覆盖")


def _paths(values: Optional[List[Path]]) -> tuple[Path, ...]:
    return tuple(values or ())


def _date(value: Optional[_dt.datetime]) -> Optional[_dt.date]:
    return value.date() if value else None


def _report(result: jobs.Result) -> None:
    outline = result.outline
    count = len(outline.items())
    unit = "条" if outline.genre == PLAN else "段"
    typer.echo(f"已生成{GENRE_NAMES[outline.genre]}：{result.path}")
    typer.echo(f"  标题：{outline.title}")
    typer.echo(f"  共 {len(outline.sections)} 个部分，{count} {unit}")
    for note in result.notes:
        typer.echo(f"  提示：{note}", err=True)


@app.command("plan")
def plan_cmd(
    year: Optional[int] = YearOpt,
    org: Optional[str] = OrgOpt,
    org_short: Optional[str] = OrgShortOpt,
    superior: Optional[str] = SuperiorOpt,
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="工作要点配方名称，如 党支部工作要点"),
    library: Optional[List[Path]] = LibraryOpt,
    template: Optional[Path] = TemplateOpt,
    spec: Optional[Path] = SpecOpt,
    date: Optional[_dt.datetime] = DateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
) -> None:
    """生成年度工作要点（Word 文档）。"""
    result = jobs.draft(jobs.Request(
        genre=PLAN, year=year, org=org, org_short=org_short, superior=superior, profile=profile,
        date=_date(date), libraries=_paths(library), template=template, spec=spec,
        output=output, force=force,
    ))
    _report(result)


@app.command("speech")
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
    date: Optional[_dt.datetime] = DateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
) -> None:
    """生成会议讲话稿（Word 文档）。"""
    result = jobs.draft(jobs.Request(
        genre=SPEECH, meeting=meeting, year=year, org=org, org_short=org_short, superior=superior,
        speaker=speaker, date=_date(date), libraries=_paths(library), template=template, spec=spec,
        output=output, force=force,
    ))
    _report(result)


def _report_parsed(parsed: Parsed) -> None:
    outline = parsed.outline
    plan = outline.genre == PLAN
    typer.echo(f"文种：{GENRE_NAMES[outline.genre]}")
    typer.echo(f"标题：{outline.title or '（没有标题）'}")
    typer.echo(f"年份：{f'{outline.year}年' if outline.year else '（未识别）'}")
    typer.echo(f"单位：{outline.org or '（未识别）'}")
    if outline.speaker:
        typer.echo(f"讲话人：{outline.speaker}")
    if outline.preamble:
        typer.echo(f"{'总体要求' if plan else '开场'}：{len(outline.preamble)} 段")
    for section in outline.sections:
        label = section_label(section.number) if 1 <= section.number <= 99 else ""
        typer.echo(f"{label}{section.heading or '（无标题部分）'}")
        for item in section.items:
            mark = item_marker(outline.genre, item.number) if item.number is not None else "· "
            typer.echo(f"    {mark}{item.lead or _short(item.text)}")
    if outline.closing:
        typer.echo(f"结尾：{_short(outline.closing[0])}")
    if outline.signature:
        typer.echo(f"落款：{outline.signature}")
    count = len(outline.items())
    typer.echo(f"共 {len(outline.sections)} 个部分，{count} {'条' if plan else '段'}")
    if parsed.findings:
        typer.echo(f"发现的问题（{len(parsed.findings)} 处）：")
        for finding in parsed.findings:
            typer.echo(f"  - {finding.message}［{finding.code}］")
    else:
        typer.echo("没有发现问题。")


def _short(text: str, width: int = 24) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "……"


@app.command("parse")
def parse_cmd(
    file: Path = typer.Argument(..., metavar="文件", help="已有的工作要点或讲话稿（.docx 或 .txt）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出，便于其他程序读取"),
) -> None:
    """分析已有的工作要点或讲话稿：标题、年份、单位、各部分和条目，以及发现的问题。"""
    parsed = jobs.parse_file(file)
    if as_json:
        import json

        from .parse import to_json

        typer.echo(json.dumps(to_json(parsed), ensure_ascii=False, indent=2))
    else:
        _report_parsed(parsed)


SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def _in_context(text: str, start: int, excerpt: str, width: int = 12) -> str:
    """The excerpt marked with 【】 in its paragraph, with a little text either side."""
    shown = excerpt if len(excerpt) <= 2 * width else excerpt[: 2 * width] + "……"
    before = text[max(0, start - width):start]
    after = text[start + len(excerpt):start + len(excerpt) + width]
    head = "…" if start > width else ""
    tail = "…" if start + len(excerpt) + width < len(text) else ""
    return f"{head}{before}【{shown}】{after}{tail}".replace("\n", " ").replace("\t", " ")


def _report_checked(checked: jobs.Checked) -> None:
    texts = {p.index: p.text for p in checked.paragraphs}
    findings = checked.findings
    typer.echo(f"检查：{checked.path}")
    for f in findings:
        where = f"第{f.paragraph + 1}段 " if f.paragraph is not None else ""
        typer.echo(f"{where}{SEVERITY_NAMES.get(f.severity, f.severity)}［{f.code}］{f.message}")
        if f.excerpt and f.paragraph in texts:
            text = texts[f.paragraph]
            start = f.start if f.start is not None else text.find(f.excerpt)
            fix = ""
            if f.suggestion is not None:
                fix = f"  → 改为“{f.suggestion}”" if f.suggestion else "  → 删去"
            typer.echo(f"    {_in_context(text, start, f.excerpt)}{fix}")
    if not findings:
        typer.echo("没有发现问题。")
        return
    counts = {name: sum(f.severity == key for f in findings) for key, name in SEVERITY_NAMES.items()}
    detail = "，".join(f"{name} {n} 处" for name, n in counts.items() if n)
    typer.echo(f"共发现 {len(findings)} 处问题：{detail}。")


@app.command("check")
def check_cmd(
    file: Path = typer.Argument(..., metavar="文件", help="要检查的工作要点或讲话稿（.docx 或 .txt）"),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=1949, max=2100,
                                       help="文稿应当是哪一年的（默认：按文稿自己写的年份）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出，便于其他程序读取"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", metavar="输出.docx",
                                            help="另存一份文稿，每个问题作为批注标在原文相应文字上"),
    fix: bool = typer.Option(False, "--fix", help="把半角标点改成全角，以修订（可逐条接受/拒绝）的形式另存一份"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="--fix 的输出文件（默认：原文旁边的“原名-修正.docx”）"),
    author: Optional[str] = typer.Option(None, "--author", help="批注和修订的作者名"),
    library: Optional[List[Path]] = LibraryOpt,
    force: bool = ForceOpt,
) -> None:
    """检查文稿中审稿人会指出的问题：编号跳号、年份不一致、过时提法、占位符、重复粘贴、广告、错别字、半角标点、引号不配对、模板残留。

    有“错误”级别的问题时退出码为 1，没有时为 0，文件无法读取时为 2。文稿本身不会被改动；
    --annotate 和 --fix 另存一份带批注、修订的 Word 文档。
    """
    if annotate is not None and output is not None and annotate != output:
        raise DraftError("--annotate 和 -o 指定了两个不同的输出文件：同时使用时请只写一个")
    checked = jobs.check_file(file, year=year, extra=_paths(library), annotate=annotate is not None, fix=fix,
                              output=annotate or output, author=author, force=force)
    if as_json:
        import json

        from .check import to_json

        typer.echo(json.dumps(to_json(checked.findings), ensure_ascii=False, indent=2))
    else:
        _report_checked(checked)
    if checked.written is not None:
        what = "、".join(x for x in (f"{checked.fixed} 处半角标点改为修订" if fix else "",
                                    f"{len(checked.findings) - len(checked.unplaced)} 个问题写成批注" if annotate else "") if x)
        typer.echo(f"已另存：{checked.written}（{what}）", err=True)
        for f in checked.unplaced:
            typer.echo(f"  提示：第{f.paragraph + 1}段的“{f.excerpt}”未能在文档中标出（位于编号、域代码或他人修订中）。", err=True)
    if checked.has_errors:
        raise typer.Exit(1)


def _report_harvest(harvest: jobs.Harvest) -> None:
    from collections import Counter

    added_total = dup_total = 0
    for report in harvest.reports:
        facts = "，".join(x for x in (
            GENRE_NAMES[report.genre],
            f"{report.year}年" if report.year else "年份未识别",
            report.org or "",
        ) if x)
        added, dups = report.added, report.duplicates
        added_total += len(added)
        dup_total += len(dups)
        typer.echo(f"{report.source.name}（{facts}）")
        skipped = f"，另有 {report.skipped} 处过短的片段未收录" if report.skipped else ""
        typer.echo(f"  候选 {len(report.candidates)} 条：新增 {len(added)} 条，重复 {len(dups)} 条{skipped}")
        if added:
            counts = Counter(c.category for c in added)
            typer.echo("  类别：" + "、".join(f"{name} {n}" for name, n in counts.items()))
        if report.written:
            typer.echo(f"  已写入：{report.written}")
        for c in dups:
            typer.echo(f"  重复：{c.where}“{_short(c.lead or c.body, 16)}”与 {c.duplicate_of} 相同或相近"
                       f"（相似度 {c.similarity:.2f}），未收录")
    typer.echo(f"共 {len(harvest.reports)} 个文件，新增 {added_total} 条素材，{dup_total} 条已有未收录。")
    if added_total:
        typer.echo(f"请审核 {harvest.review} 中的新文件：核对类别和文字，删去不要的条目。", err=True)


@app.command("ingest")
def ingest_cmd(
    files: List[Path] = typer.Argument(..., metavar="文件...", help="旧的工作要点或讲话稿（.docx 或 .txt），可以多个"),
    into: Optional[Path] = typer.Option(None, "--into", help="收集到哪个素材库目录（默认：./素材库），新素材放在其中的 待审核/ 子目录"),
    library: Optional[List[Path]] = LibraryOpt,
) -> None:
    """从旧文稿收集素材：拆成标题和条目，自动归类、打标签，把年份、单位等换成参数，略去素材库中已有的，写入 待审核/ 供审核。"""
    if len(files) == 1:
        harvest = jobs.ingest(tuple(files), into, _paths(library))
    else:  # a bar on stderr while several documents are read and sorted
        with click.progressbar(length=2 * len(files), label="收集素材", file=sys.stderr, show_pos=True,
                               item_show_func=lambda path: path.name if path else None) as bar:
            harvest = jobs.ingest(tuple(files), into, _paths(library),
                                  progress=lambda done, total, path: bar.update(1, path))
    _report_harvest(harvest)


def _report_renewed(done: jobs.Renewed) -> None:
    from .renew import CHANGED, COMMENTED, KIND_NAMES, KEPT

    r = done.renewal
    typer.echo(f"已生成{r.target_year}年初稿（修订模式）：{done.path}")
    typer.echo(f"  原文：{done.source.name}（{r.source_year}年）")
    marks = {CHANGED: "修订", COMMENTED: "批注", KEPT: "保留"}
    for e in r.entries:
        what = f"{e.text} → {e.new}" if e.action == CHANGED else e.text
        note = f"：{e.note}" if e.note and e.action != KEPT else ""
        typer.echo(f"  第{e.paragraph + 1}段\t{KIND_NAMES.get(e.kind, e.kind)}\t{marks[e.action]}\t{what}{note}")
    typer.echo(f"共发现 {len(r.entries)} 处与年份有关的表述：修订 {r.count(CHANGED)} 处，"
               f"批注 {r.count(COMMENTED)} 处，保留 {r.count(KEPT)} 处。")
    for edit in done.skipped:
        typer.echo(f"  提示：第{edit.paragraph + 1}段的“{edit.old}”未能写入文档（位于域代码或他人修订中），请手工处理。",
                   err=True)
    for note in done.notes:
        typer.echo(f"  提示：{note}", err=True)
    typer.echo("请在 Word 中打开，用“审阅”选项卡逐条接受或拒绝修订，并处理批注。", err=True)


def _renewed_json(done: jobs.Renewed) -> dict:
    r = done.renewal
    return {
        "source": str(done.source), "output": str(done.path),
        "source_year": r.source_year, "target_year": r.target_year,
        "entries": [{"paragraph": e.paragraph, "kind": e.kind, "text": e.text, "action": e.action,
                     "new": e.new, "note": e.note or None} for e in r.entries],
        "skipped": [{"paragraph": e.paragraph, "text": e.old} for e in done.skipped],
        "notes": list(done.notes),
    }


@app.command("renew")
def renew_cmd(
    file: Path = typer.Argument(..., metavar="文件", help="去年的工作要点或讲话稿（.docx 或 .txt）"),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="新文稿的年份（默认：原文年份的下一年）", min=1949, max=2100),
    from_year: Optional[int] = typer.Option(None, "--from-year", help="原文是哪一年的（默认：从原文识别）", min=1949, max=2100),
    org: Optional[str] = typer.Option(None, "--org", help="新的单位名称：原文中的单位全称都换成它"),
    from_org: Optional[str] = typer.Option(None, "--from-org", help="原文中的单位名称（默认：从标题识别）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="输出文件（默认：原文旁边，文件名中的年份换成新年份）"),
    author: Optional[str] = typer.Option(None, "--author", help="修订和批注的作者名（默认：draft.yaml 的讲话人，或“起草助手”）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出处理清单，便于其他程序读取"),
    library: Optional[List[Path]] = LibraryOpt,
    force: bool = ForceOpt,
) -> None:
    """用去年的文稿生成今年的初稿：年份、届次、全会提法等能确定的改动写成 Word 修订，拿不准的写成批注；原文件不改动。"""
    done = jobs.renew(file, year=year, from_year=from_year, org=org, from_org=from_org, output=output,
                      author=author, extra=_paths(library), force=force)
    if as_json:
        import json

        typer.echo(json.dumps(_renewed_json(done), ensure_ascii=False, indent=2))
    else:
        _report_renewed(done)


@app.command("meetings")
def meetings_cmd(library: Optional[List[Path]] = LibraryOpt) -> None:
    """列出可用的会议类型（讲话稿配置）。"""
    for recipe in jobs.meetings(_paths(library)):
        aliases = f"（又名：{'、'.join(recipe.aliases)}）" if recipe.aliases else ""
        parts = "、".join(s.category for s in recipe.sections)
        typer.echo(f"{recipe.name}{aliases}")
        if recipe.description:
            typer.echo(f"    {recipe.description}")
        typer.echo(f"    内容：{parts}")


@snippets_app.command("list")
def snippets_list_cmd(
    category: Optional[str] = typer.Option(None, "--category", "-c", help="只看这一类，如 思想建设"),
    genre: Optional[str] = typer.Option(None, "--genre", "-g", help="只看 plan（工作要点）或 speech（讲话）"),
    library: Optional[List[Path]] = LibraryOpt,
) -> None:
    """列出素材片段（id、类别、文种、适用年份、小标题）。"""
    if genre is not None and genre not in (PLAN, SPEECH):
        raise DraftError(f"--genre 应为 plan 或 speech，而不是“{genre}”")
    chosen, categories = jobs.snippets(_paths(library), category=category, genre=genre)
    if category is not None and category not in categories:
        raise DraftError(f"素材库中没有“{category}”类别", hint="已有类别：" + "、".join(categories))
    for s in chosen:
        genres = "/".join(GENRE_NAMES[g] for g in (PLAN, SPEECH) if g in s.genres)
        years = f"{s.since or ''}—{s.until or ''}" if (s.since or s.until) else "不限"
        label = s.lead or s.body.replace("\n", "")[:24]
        typer.echo(f"{s.id}\t{s.category}\t{s.kind}\t{genres}\t{years}\t{label}")
    typer.echo(f"共 {len(chosen)} 个片段", err=True)


@app.command("init")
def init_cmd(
    org: str = typer.Option(..., "--org", help="单位全称"),
    org_short: Optional[str] = OrgShortOpt,
    superior: Optional[str] = SuperiorOpt,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="讲话人姓名"),
    library: Optional[List[str]] = typer.Option(None, "--library", "-l", help="本单位素材库目录，可重复"),
    force: bool = typer.Option(False, "--force", "-f", help="已有 draft.yaml 时覆盖"),
) -> None:
    """在当前目录写入 draft.yaml（单位、简称、上级、讲话人、素材库），以后的命令自动读取。"""
    path = jobs.init(Path.cwd(), org=org, org_short=org_short, superior=superior, speaker=speaker,
                     libraries=tuple(library or ()), force=force)
    typer.echo(f"已写入：{path}")


def _usage_message(exc: click.UsageError) -> str:
    text = exc.format_message()
    if exc.ctx is not None:
        text += f"\n运行“{exc.ctx.command_path} --help”查看用法。"
    return text


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of the ``draft`` console script; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    clitext.install()
    try:
        result = app(args=argv, prog_name="draft", standalone_mode=False)
    except DraftError as exc:
        typer.echo(f"错误：{exc}", err=True)
        return exc.exit_code
    except click.UsageError as exc:
        typer.echo(f"错误：{_usage_message(exc)}", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        typer.echo("已取消。", err=True)
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
