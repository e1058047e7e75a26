"""The commands on the snippet repository: ``draft ingest``, ``draft snippets …``, ``draft init``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import click
import typer

from .. import jobs
from .. import jobs as jobs_module
from ..errors import DraftError
from ..model import GENRE_NAMES, PLAN, SPEECH
from .options import LibraryOpt, OrgOpt, OrgShortOpt, RepoArg, SuperiorOpt, YearOpt, _genre_option, _paths
from .reports import _genres, _report_harvest, provenance_json


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
        from ..search import MAX_INDEXED

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


def snippets_show_cmd(
    snippet_id: str = typer.Argument(..., metavar="ID", help="片段的 id"),
    year: Optional[int] = YearOpt,
    org: Optional[str] = OrgOpt,
    library: Optional[List[Path]] = LibraryOpt,
) -> None:
    """显示一个片段：类别、适用年份、所在文件和行号、原文（含参数），以及按年份填好参数后的文字。"""
    from ..library import KIND_NAMES

    shown = jobs.show(snippet_id, _paths(library), year=year, org=org)
    s = shown.snippet
    years = f"{s.since or ''}—{s.until or ''}" if (s.since or s.until) else "不限"
    typer.echo(f"id：{s.id}")
    typer.echo(f"类别：{s.category}    种类：{KIND_NAMES[s.kind]}    文种：{_genres(s.genres)}    适用年份：{years}")
    if s.tags:
        typer.echo(f"标签：{'、'.join(s.tags)}")
    if s.origin:
        typer.echo(f"位置：{s.origin}")
    for line in _governance_lines(s):
        typer.echo(line)
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


def _governance_lines(s) -> list[str]:
    """The governance fields of a snippet, one line each, those it has."""
    import datetime as _dt

    from ..governance import due, period_text

    out = []
    if s.owner:
        out.append(f"负责人：{s.owner}")
    if s.reviewed or s.review_every:
        every = period_text(s.review_every) if s.review_every else "未写"
        out.append(f"上次审核：{s.reviewed or '从未审核'}    复审周期：{every}")
    when = due(s)
    if when is not None:
        late = "（已逾期）" if when < _dt.date.today() else ""
        out.append(f"下次复审：{when.isoformat()} 前{late}")
    if s.source:
        out.append(f"依据：{s.source}")
    if s.replaced_by:
        out.append(f"已被取代：请改用“{s.replaced_by}”")
    return out


def snippets_lint_cmd(
    folder: Path = RepoArg,
    files: Optional[List[Path]] = typer.Argument(None, metavar="[文件...]", show_default=False,
                                                 help="只报告这些素材文件的问题（pre-commit 传入的文件名）；"
                                                      "重复 id、近似重复等跨文件检查仍对照整个素材库"),
    changed: bool = typer.Option(False, "--changed", help="只检查相对 git HEAD 改动过的文件（已暂存、未暂存和新文件），"
                                                          "跨文件检查仍对照整个素材库"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, max=64,
                                       help="用几个进程渲染（默认：文件多时用全部处理器核心）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出发现的问题"),
    drafts: Optional[Path] = typer.Option(None, "--drafts", metavar="文稿目录",
                                          help="历年文稿所在文件夹：提示近几年没有文稿用到的片段"),
    unused_years: Optional[int] = typer.Option(None, "--unused-years", metavar="年数",
                                               help="与 --drafts 同用：几年内没有文稿用到就提示（默认 3）"),
) -> None:
    """检查素材库（供素材仓库的 CI 和 pre-commit 使用）：格式、重复 id、模板写法、参数、适用年份、
    半角标点、逐年渲染、近似重复，以及复审逾期、取代关系（警告）。每个问题都指出文件和行号；有错误时退出码为 1。"""
    from ..lint import STAGES

    if unused_years is not None and drafts is None:
        raise DraftError("--unused-years 要与 --drafts 文稿目录 一起使用")
    # Read first: a wrong drafts folder stops the job before the long lint.
    idle = jobs_module.unused(folder, drafts, unused_years or 3) if drafts is not None else ()

    with click.progressbar(length=len(STAGES), label="检查素材库", file=sys.stderr,
                           item_show_func=lambda stage: stage) as bar:
        report = jobs_module.lint(folder, progress=lambda n, stage: bar.update(n - bar.pos, stage), jobs=jobs,
                                  changed=changed, files=tuple(files or ()))
        bar.update(len(STAGES) - bar.pos, "完成")
    if as_json:
        import json

        data = {"files": report.files, "snippets": report.snippets,
                "problems": [p.to_json() for p in report.problems]}
        if drafts is not None:
            data["unused"] = [{"id": u.snippet.id, "origin": str(u.snippet.origin or ""), "last": u.last}
                              for u in idle]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            typer.echo(str(problem))
        for u in idle:
            when = f"最近一次是{u.last}年" if u.last is not None else "从未用过"
            typer.echo(f"提示：{u.snippet.origin}：片段“{u.snippet.id}”近 {unused_years or 3} 年没有文稿用到"
                       f"（{when}），可考虑修订或停用［snippet-unused］")
        if (changed or files) and not report.files and not report.problems:
            typer.echo("没有改动过的素材文件，无需检查。" if changed and not files else "给出的文件都不是这个素材库的素材文件。")
            return
        changed_ones = "改动过的 " if changed or files else ""
        summary = f"检查了 {changed_ones}{report.files} 个文件、{report.snippets} 个片段："
        if report.problems:
            typer.echo(summary + f"{len(report.errors)} 个错误，{len(report.warnings)} 个警告。")
        else:
            typer.echo(summary + "没有发现问题。")
    if report.errors:
        raise typer.Exit(1)


def snippets_stats_cmd(
    folder: Path = RepoArg,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="按哪一年统计可用和到期（默认：11月起为下一年）",
                                       min=1949, max=2100),
) -> None:
    """统计素材库：各类别、各文种的片段数，当年可用和到期的片段，近似重复的片段组，没有用到的参数，各负责人复审逾期的片段。"""
    from ..governance import due
    from ..stats import table

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
    late = sum(len(group) for _, group in st.overdue)
    typer.echo(f"复审逾期的片段（{late} 个）：" + ("" if late else "无"))
    for owner, group in st.overdue:
        typer.echo(f"    {owner}（{len(group)} 个）：")
        for s in group:
            typer.echo(f"        {s.id}  应在 {due(s)} 前复审  {s.origin}")
    typer.echo(f"没有写负责人（owner）的片段：{st.unowned} 个")


def snippets_used_cmd(
    folder: Path = typer.Argument(..., metavar="文稿目录", help="存放本工具起草的历年文稿的文件夹（含子文件夹）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出"),
) -> None:
    """哪些文稿用到了哪些片段：读取文件夹中每份 .docx 记录的来源（本工具起草时写入，正文中看不到）。"""
    usage = jobs.used(folder)
    by_snippet = usage.by_snippet()
    if as_json:
        import json

        data = {
            "folder": str(usage.folder),
            "snippets": {sid: [str(p) for p in paths] for sid, paths in by_snippet.items()},
            "drafts": [{"path": str(p), **provenance_json(prov)} for p, prov in usage.drafts],
            "unrecorded": [str(p) for p in usage.unrecorded],
            "unreadable": [{"path": str(p), "problem": why} for p, why in usage.unreadable],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for sid, paths in by_snippet.items():
        typer.echo(f"{sid}（{len(paths)} 份）")
        for path in paths:
            typer.echo(f"    {_relative(path, usage.folder)}")
    if usage.unrecorded:
        typer.echo(f"没有来源记录的文稿（{len(usage.unrecorded)} 份，可能是手写或由旧版本生成）：")
        for path in usage.unrecorded:
            typer.echo(f"    {_relative(path, usage.folder)}")
    for path, why in usage.unreadable:
        typer.echo(f"无法读取：{_relative(path, usage.folder)}：{why}", err=True)
    typer.echo(f"共 {len(usage.drafts) + len(usage.unrecorded) + len(usage.unreadable)} 份文稿，"
               f"{len(usage.drafts)} 份有来源记录，用到 {len(by_snippet)} 个片段。", err=True)


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)


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
