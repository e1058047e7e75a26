"""The ``draft`` command: parse options, call one job, print the result in Chinese.

Thin on purpose: every job lives in ``jobs``; errors of the package's own type are
turned into a message and exit code 2 in one place (``main``).
"""

from __future__ import annotations

import datetime as _dt
import errno
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import click
import typer

from . import clitext, jobs
from .errors import DraftError, os_problem
from .model import GENRE_NAMES, PLAN, SPEECH
from .numerals import DATE_FORMS, item_marker, parse_date, section_label

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
  draft renew 2025年工作要点.docx --year 2026
                                            用去年的文稿生成今年的初稿（修订+批注）
  draft check 工作要点.docx --year 2026     检查文稿：编号、年份、占位符、错别字、标点等
  draft ingest 旧文稿1.docx 旧文稿2.txt     从旧文稿收集素材，放入 素材库/待审核/
  draft snippets list --category 思想建设   查看素材
  draft snippets search 三会一课            按内容搜索素材
  draft snippets lint 素材库                检查素材库（CI 用）
  draft batch --orgs 单位.yaml              按单位列表批量起草
  draft preview 文稿.docx                   用 LibreOffice 生成 PDF 预览
"""

app = typer.Typer(
    help=HELP,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
snippets_app = typer.Typer(help="查看、搜索、检查和统计素材库中的片段。", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(snippets_app, name="snippets")

# Options shared by the drafting commands.
YearOpt = typer.Option(None, "--year", "-y", help="文稿年份，如 2026（默认：11月起为下一年）", min=1949, max=2100)
OrgOpt = typer.Option(None, "--org", help="单位全称，如 市发展改革委（默认取 draft.yaml）")
OrgShortOpt = typer.Option(None, "--org-short", help="单位简称")
SuperiorOpt = typer.Option(None, "--superior", help="上级机关党组织，如 市直机关工委")
LibraryOpt = typer.Option(None, "--library", "-l", help="本单位素材库目录，可重复，后给的优先")
TemplateOpt = typer.Option(None, "--template", "-t", help="自己修改过的 Word 模板（.docx）")
SpecOpt = typer.Option(None, "--spec", "-s", help="配方文件（YAML），指定取哪些部分和片段")


class DateParam(click.ParamType):
    """A date as office staff write it (see ``numerals.DATE_FORMS``), refused in Chinese otherwise."""

    name = "日期"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            self.fail(f"“{value}”不是有效的日期，可以写成 {DATE_FORMS}", param, ctx)
        return parsed


DateOpt = typer.Option(None, "--date", "-d", click_type=DateParam(),
                       help="落款或讲话日期，如 2026-01-10 或 2026年1月10日"
                            "（默认：今天，但今天不在文稿那一年时不写日期）")
OutOpt = typer.Option(None, "--output", "-o", help="输出文件（默认：以标题命名，存于当前目录）")
ForceOpt = typer.Option(False, "--force", "-f", help="输出文件已存在时覆盖")


def _paths(values: Optional[List[Path]]) -> tuple[Path, ...]:
    return tuple(values or ())


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
    date: Optional[_dt.date] = DateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
) -> None:
    """生成年度工作要点（Word 文档）。"""
    result = jobs.draft(jobs.Request(
        genre=PLAN, year=year, org=org, org_short=org_short, superior=superior, profile=profile,
        date=date, libraries=_paths(library), template=template, spec=spec,
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
    date: Optional[_dt.date] = DateOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
) -> None:
    """生成会议讲话稿（Word 文档）。"""
    result = jobs.draft(jobs.Request(
        genre=SPEECH, meeting=meeting, year=year, org=org, org_short=org_short, superior=superior,
        speaker=speaker, date=date, libraries=_paths(library), template=template, spec=spec,
        output=output, force=force,
    ))
    _report(result)


#: Where ``draft parse`` read the organisation, when not from the title.
ORG_SOURCES = {"opening": "（据开头一句）", "signature": "（据落款）"}


def _report_parsed(parsed: Parsed) -> None:
    from .parse import level_marker

    outline = parsed.outline
    plan = outline.genre == PLAN
    typer.echo(f"文种：{GENRE_NAMES[outline.genre]}")
    typer.echo(f"标题：{outline.title or '（没有标题）'}")
    typer.echo(f"年份：{f'{outline.year}年' if outline.year else '（未识别）'}")
    source = ORG_SOURCES.get(parsed.org_source or "", "") if outline.org else ""
    typer.echo(f"单位：{outline.org or '（未识别）'}{source}")
    if outline.speaker:
        typer.echo(f"讲话人：{outline.speaker}")
    if outline.preamble:
        typer.echo(f"{'总体要求' if plan else '开场'}：{len(outline.preamble)} 段")
    for section in outline.sections:
        label = section_label(section.number) if 1 <= section.number <= 99 else ""
        typer.echo(f"{label}{section.heading or '（无标题部分）'}")
        for item in section.items:
            mark = item_marker(outline.genre, item.number) if item.number is not None else "· "
            if item.number is not None and not plan:
                mark = level_marker(item.level, item.number) or mark  # a speech's （一） is no 一是
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


def _where(paragraphs, index: int) -> str:
    """Where a paragraph stands, for a report: 第N段 in the body, else its part (页眉、页脚、脚注 …)."""
    from .model import PART_NAMES

    part = next((p.part for p in paragraphs if p.index == index), "body")
    return f"第{index + 1}段" if part == "body" else PART_NAMES.get(part, part)


def _report_checked(checked: jobs.Checked) -> None:
    from .check import CODE_NAMES, tally

    texts = {p.index: p.text for p in checked.paragraphs}
    order = list(SEVERITY_NAMES)
    # errors first, then warnings, then notes; in reading order within each
    findings = sorted(checked.findings, key=lambda f: order.index(f.severity) if f.severity in order else len(order))
    typer.echo(f"检查：{checked.path}")
    for f in findings:
        where = f"{_where(checked.paragraphs, f.paragraph)} " if f.paragraph is not None else ""
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
    counts = tally(findings)
    total = sum(sum(c.values()) for c in counts.values())
    detail = "，".join(f"{name} {sum(counts[key].values())} 处" for key, name in SEVERITY_NAMES.items()
                      if sum(counts.get(key, {}).values()))
    typer.echo(f"共发现 {total} 处问题：{detail}。")
    by_code = [f"{name} {sum(counts[key].values())} 处："
               + "、".join(f"{CODE_NAMES.get(code, code)} {n}" for code, n in counts[key].most_common())
               for key, name in SEVERITY_NAMES.items() if counts.get(key)]
    typer.echo("其中" + "；".join(by_code) + "。")


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
    """检查文稿中审稿人会指出的问题：编号跳号、年份不一致、过时提法、占位符、重复粘贴、广告、错别字、重复字词、半角标点、多余空格、引号不配对、模板残留。

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
                                    f"{len(set(checked.findings) - set(checked.unplaced))} 个问题写成批注" if annotate else "") if x)
        typer.echo(f"已另存：{checked.written}（{what}）", err=True)
        for f in checked.unplaced:
            typer.echo(f"  提示：{_where(checked.paragraphs, f.paragraph)}的“{f.excerpt}”未能在文档中标出（位于编号、域代码或他人修订中）。", err=True)
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
        for c in added:
            if c.content:
                typer.echo(f"  请核对：{c.where}“{_short(c.lead or c.body, 16)}”按标题归入{c.category}，"
                           f"单看内容更像{c.content}")
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
        typer.echo(f"  {_where(done.paragraphs, e.paragraph)}\t{KIND_NAMES.get(e.kind, e.kind)}\t{marks[e.action]}\t{what}{note}")
    typer.echo(f"共发现 {len(r.entries)} 处与年份有关的表述：修订 {r.count(CHANGED)} 处，"
               f"批注 {r.count(COMMENTED)} 处，保留 {r.count(KEPT)} 处。")
    for edit in done.skipped:
        typer.echo(f"  提示：{_where(done.paragraphs, edit.paragraph)}的“{edit.old}”未能写入文档（位于域代码或他人修订中），请手工处理。",
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


def _genre_option(genre: Optional[str]) -> Optional[str]:
    if genre is not None and genre not in (PLAN, SPEECH):
        raise DraftError(f"--genre 应为 plan 或 speech，而不是“{genre}”")
    return genre


def _genres(genres) -> str:
    return "/".join(GENRE_NAMES[g] for g in (PLAN, SPEECH) if g in genres)


@snippets_app.command("search")
def snippets_search_cmd(
    query: List[str] = typer.Argument(..., metavar="关键词...", help="要找的内容，如 三会一课"),
    category: Optional[str] = typer.Option(None, "--category", "-c", help="只在这一类中找，如 组织建设"),
    genre: Optional[str] = typer.Option(None, "--genre", "-g", help="只找 plan（工作要点）或 speech（讲话）可用的"),
    limit: int = typer.Option(10, "--limit", "-n", help="最多显示几个", min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出 id、得分和小标题"),
    library: Optional[List[Path]] = LibraryOpt,
) -> None:
    """按相关程度搜索素材片段（小标题、正文、标签），最相关的在前。"""
    found = jobs.search(" ".join(query), _paths(library), category=category, genre=_genre_option(genre),
                        limit=limit)
    if found.partial:
        from .search import MAX_INDEXED

        typer.echo(f"注意：片段 {'、'.join(found.partial[:5])}{' 等' if len(found.partial) > 5 else ''}"
                   f" 超过 {MAX_INDEXED // 10000} 万字，只检索了开头部分；素材片段应是一段话，请拆成多条。", err=True)
    if as_json:
        import json

        results = [{"id": h.id, "score": h.score, "lead": h.lead, "category": h.category, "kind": h.kind,
                    "genres": list(h.genres), "origin": h.origin} for h in found.hits]
        typer.echo(json.dumps({"query": found.query, "words": list(found.words), "results": results},
                              ensure_ascii=False, indent=2))
        return
    if not found.hits:
        typer.echo(f"没有找到与“{found.query}”相关的片段。")
        if category or genre:
            typer.echo("可以去掉 --category、--genre 再试，或换一个说法。", err=True)
        return
    for n, h in enumerate(found.hits, 1):
        typer.echo(f"{n:2d}. {h.id}  {h.category}  {_genres(h.genres)}  得分 {h.score:.2f}")
        typer.echo(f"    {h.lead}")
        typer.echo(f"    {h.excerpt}")
    more = "（只显示前 {0} 个，可用 --limit 调整）".format(limit) if len(found.hits) == limit else ""
    typer.echo(f"共 {len(found.hits)} 个{more}；用 draft snippets show ID 查看全文。", err=True)


@snippets_app.command("show")
def snippets_show_cmd(
    snippet_id: str = typer.Argument(..., metavar="ID", help="片段的 id"),
    year: Optional[int] = YearOpt,
    org: Optional[str] = OrgOpt,
    library: Optional[List[Path]] = LibraryOpt,
) -> None:
    """显示一个片段：类别、适用年份、所在文件和行号、原文（含参数），以及按年份填好参数后的文字。"""
    from .library import KIND_NAMES

    shown = jobs.show(snippet_id, _paths(library), year=year, org=org)
    s = shown.snippet
    years = f"{s.since or ''}—{s.until or ''}" if (s.since or s.until) else "不限"
    typer.echo(f"id：{s.id}")
    typer.echo(f"类别：{s.category}    种类：{KIND_NAMES[s.kind]}    文种：{_genres(s.genres)}    适用年份：{years}")
    if s.tags:
        typer.echo(f"标签：{'、'.join(s.tags)}")
    if s.origin:
        typer.echo(f"位置：{s.origin}")
    if s.lead:
        typer.echo(f"小标题：{s.lead}")
    typer.echo("正文：")
    for line in s.body.splitlines():
        typer.echo(f"    {line}")
    if s.points:
        typer.echo("列举项：")
        for i, point in enumerate(s.points, 1):
            typer.echo(f"    {i}）{point}")
    note = "" if s.valid_for(shown.year) else f"（注意：此片段不适用于{shown.year}年）"
    typer.echo(f"按{shown.year}年、{shown.org}填好参数后：{note}")
    for paragraph in shown.paragraphs:
        typer.echo(f"    {paragraph}")


RepoArg = typer.Argument(Path("."), metavar="[目录]", help="素材库目录（默认：当前目录）", show_default=False)


@snippets_app.command("lint")
def snippets_lint_cmd(
    folder: Path = RepoArg,
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出发现的问题"),
) -> None:
    """检查素材库（供素材仓库的 CI 和 pre-commit 使用）：格式、重复 id、模板写法、参数、适用年份、
    半角标点、逐年渲染、近似重复。每个问题都指出文件和行号；有错误时退出码为 1。"""
    from .lint import STAGES

    with click.progressbar(length=len(STAGES), label="检查素材库", file=sys.stderr,
                           item_show_func=lambda stage: stage) as bar:
        report = jobs.lint(folder, progress=lambda n, stage: bar.update(n - bar.pos, stage))
        bar.update(len(STAGES) - bar.pos, "完成")
    if as_json:
        import json

        typer.echo(json.dumps({"files": report.files, "snippets": report.snippets,
                               "problems": [p.to_json() for p in report.problems]}, ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            typer.echo(str(problem))
        summary = f"检查了 {report.files} 个文件、{report.snippets} 个片段："
        if report.problems:
            typer.echo(summary + f"{len(report.errors)} 个错误，{len(report.warnings)} 个警告。")
        else:
            typer.echo(summary + "没有发现问题。")
    if report.errors:
        raise typer.Exit(1)


@snippets_app.command("stats")
def snippets_stats_cmd(
    folder: Path = RepoArg,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="按哪一年统计可用和到期（默认：11月起为下一年）",
                                       min=1949, max=2100),
) -> None:
    """统计素材库：各类别、各文种的片段数，当年可用和到期的片段，近似重复的片段组，没有用到的参数。"""
    from .stats import table

    st = jobs.stats(folder, year=year)
    rows = [(category, *counts) for category, counts in st.rows] + [("合计", *st.total)]
    for line in table(st.headers, rows):
        typer.echo(line)
    typer.echo("")
    typer.echo(f"{st.year}年到期的片段（{len(st.expiring)} 个）：" + ("" if st.expiring else "无"))
    for s in st.expiring:
        typer.echo(f"    {s.id}  {s.origin}")
    typer.echo(f"已过期 {st.expired} 个，{st.year}年以后才适用 {st.pending} 个。")
    typer.echo(f"近似重复的片段（{len(st.clusters)} 组）：" + ("" if st.clusters else "无"))
    for group in st.clusters:
        typer.echo("    " + "、".join(f"{s.id}（{s.origin}）" for s in group))
    used = "、".join(f"{name} {count}" for name, count in st.parameters) or "无"
    typer.echo(f"参数使用（片段数）：{used}")
    typer.echo(f"没有用到的参数：{'、'.join(st.unused) or '无'}")


@app.command("batch")
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
    for failure in result.failed:
        where = f"（{failure.org.origin}）" if failure.org.origin else ""
        typer.echo(f"失败：{failure.org.name}{where}：{failure.error}", err=True)
    if result.failed:
        typer.echo(f"共 {len(result.failed)} 个单位没有生成，请按上面的提示修改后重新运行。", err=True)
        raise typer.Exit(1)


@app.command("preview")
def preview_cmd(
    file: Path = typer.Argument(..., metavar="文件.docx", help="要预览的 Word 文档"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="输出 .pdf（全部页面）或 .png（一页），默认与文档同名的 .pdf"),
    page: int = typer.Option(1, "--page", help="输出 PNG 时取第几页", min=1),
    force: bool = ForceOpt,
) -> None:
    """用 LibreOffice 把 Word 文档转成 PDF 或 PNG 预览，并报告本机缺少、被替换的字体。"""
    result = jobs.preview(file, output, force=force, page=page)
    pages = f"，文档共 {result.pages} 页" if result.pages else ""
    shown = f"（第 {result.page} 页）" if result.page else ""
    typer.echo(f"已生成预览：{result.path}{shown}{pages}")
    if result.missing:
        instead = f"，预览中用 {'、'.join(result.used)} 代替" if result.used else ""
        typer.echo(f"提示：本机没有文档要求的字体 {'、'.join(result.missing)}{instead}；"
                   "分行和页数可能与装有这些字体的电脑不同。", err=True)


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
    except OSError as exc:
        # A path too long for the filesystem fails wherever it is first looked at; the jobs
        # check the documents' own paths, this catches the rest (templates, folders).
        if exc.errno != errno.ENAMETOOLONG:
            raise
        typer.echo(f"错误：{DraftError(os_problem(exc), path=exc.filename)}", err=True)
        return 2
    if result == 130:  # typer returns Ctrl+C as a silent 130; no command returns a number itself
        typer.echo("已取消。", err=True)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
