"""The commands on an existing document: ``draft parse``, ``draft check``, ``draft renew``, ``draft preview``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import jobs
from ..errors import DraftError
from .options import ForceOpt, LibraryOpt, _paths
from .reports import (_renewed_json, _report_checked, _report_parsed, _report_renewed, _where, provenance_json,
                      provenance_lines)


def parse_cmd(
    file: Path = typer.Argument(..., metavar="文件", help="已有的工作要点或讲话稿（.docx 或 .txt）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出，便于其他程序读取"),
) -> None:
    """分析已有的工作要点或讲话稿：标题、年份、单位、各部分和条目，以及发现的问题。"""
    parsed = jobs.parse_file(file)
    length = _speech_length(parsed.outline)
    prov = jobs.provenance(file)
    if as_json:
        import json

        from ..parse import to_json

        data = to_json(parsed)
        if length is not None:
            chars, rate = length
            data["length"] = {"characters": chars, "rate": rate, "minutes": round(chars / rate, 1)}
        data["provenance"] = provenance_json(prov) if prov is not None else None
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _report_parsed(parsed, jobs.ordinal_mark(jobs.settings()))
        if length is not None:
            from ..speech.length import describe

            typer.echo(describe(*length))
        if prov is not None:
            for line in provenance_lines(prov):
                typer.echo(line)


def _speech_length(outline) -> tuple[int, int] | None:
    """A speech's spoken length and its speaker's reading rate (draft.yaml's, else 220 a minute)."""
    from ..model import SPEECH

    if outline.genre != SPEECH:
        return None
    from ..speech.length import spoken_length

    return spoken_length(outline), jobs.settings().rate(outline.speaker)


def check_cmd(
    file: Optional[Path] = typer.Argument(None, metavar="文件", help="要检查的工作要点或讲话稿（.docx 或 .txt）"),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=1949, max=2100,
                                       help="文稿应当是哪一年的（默认：按文稿自己写的年份）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出，便于其他程序读取"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", metavar="输出.docx",
                                            help="另存一份文稿，每个问题作为批注标在原文相应文字上"),
    fix: bool = typer.Option(False, "--fix", help="把半角标点和可机械改正的规则（--rules 中标“是”的）改好，以修订（可逐条接受/拒绝）的形式另存一份"),
    explain: bool = typer.Option(False, "--explain", help="与 --fix 同用：每处规则修订附一条批注，写明依据"),
    show_rules: bool = typer.Option(False, "--rules", help="列出检查规则：id、依据层级、出处、适用年份、能否机械改正"),
    only: Optional[str] = typer.Option(None, "--only", metavar="代码,…", help="只报告这些问题代码或规则 id（逗号隔开）"),
    skip: Optional[str] = typer.Option(None, "--skip", metavar="代码,…", help="不报告这些问题代码或规则 id（逗号隔开）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="--fix 的输出文件（默认：原文旁边的“原名-修正.docx”）"),
    author: Optional[str] = typer.Option(None, "--author", help="批注和修订的作者名"),
    plan: Optional[Path] = typer.Option(None, "--plan", metavar="工作要点",
                                        help="检查讲话稿时对照的工作要点（.docx 或 .txt）：列出讲话部署了哪些任务、没有提到哪些"),
    against: Optional[Path] = typer.Option(None, "--against", metavar="去年文稿",
                                           help="再与去年的文稿比较，报告沿用了多少去年的文字（同 draft compare）"),
    org: Optional[str] = typer.Option(None, "--org", help="文稿是哪个单位的（默认：draft.yaml 的单位，或素材库 names 的 org）：用来核对本单位名称、找出照搬的其他单位名称"),
    orgs: Optional[Path] = typer.Option(None, "--orgs", metavar="单位列表", help="批量生成用的单位列表（同 draft batch --orgs）：其中其他单位的名称出现在文稿里时提醒"),
    library: Optional[List[Path]] = LibraryOpt,
    force: bool = ForceOpt,
) -> None:
    """检查文稿中审稿人会指出的问题：编号跳号、年份不一致、过时提法、占位符、重复粘贴、广告、错别字、重复字词、半角标点、多余空格、引号不配对、模板残留，以及有出处的检查规则（标点用法、数字用法、规范提法，--rules 列出）。

    有“错误”级别的问题时退出码为 1，没有时为 0，文件无法读取时为 2。文稿本身不会被改动；
    --annotate 和 --fix 另存一份带批注、修订的 Word 文档。--plan 对照工作要点，
    逐项报告讲话稿已部署、未明确部署和未提到的任务。
    """
    if show_rules:
        from .reports import _report_rules

        _report_rules(jobs.check_rules(jobs.library(_paths(library))))
        return
    if file is None:
        raise DraftError("缺少要检查的文件：请在命令后写出文稿的文件名")
    if explain and not fix:
        raise DraftError("--explain 要与 --fix 一起使用")
    only_codes = jobs.select_codes(only, _paths(library), option="--only")
    skip_codes = jobs.select_codes(skip, _paths(library), option="--skip")
    if annotate is not None and output is not None and annotate != output:
        raise DraftError("--annotate 和 -o 指定了两个不同的输出文件：同时使用时请只写一个")
    # before anything is written: a --plan that is not a plan is refused with nothing done
    covered = jobs.coverage(file, plan, extra=_paths(library)) if plan is not None else None
    # compared before anything is written too: a last year's document that cannot be read leaves nothing behind
    compared = jobs.compare_files(against, file, extra=_paths(library)) if against is not None else None
    checked = jobs.check_file(file, year=year, extra=_paths(library), annotate=annotate is not None, fix=fix,
                              output=annotate or output, author=author, force=force, only=only_codes,
                              skip=skip_codes, explain=explain, org=org, orgs=orgs)
    if as_json:
        import json

        from ..check import to_json

        data = to_json(checked.findings, checked.rules)
        if covered is not None:
            from ..coverage import to_json as coverage_json

            data["coverage"] = coverage_json(covered.coverage)
        if compared is not None:
            from ..compare import to_json as compare_json

            data = {**data, "compare": compare_json(compared.comparison, compared.new_text, compared.old_text)}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _report_checked(checked)
        if covered is not None:
            from ..coverage import report_lines

            typer.echo("")
            for line in report_lines(covered.coverage):
                typer.echo(line)
        if compared is not None:
            from .compare import report_compared

            typer.echo("")
            report_compared(compared)
    if checked.written is not None:
        fixed = (f"{checked.fixed} 处改为修订（其中 {checked.fixed_by_rule} 处按检查规则）" if checked.fixed_by_rule
                 else f"{checked.fixed} 处半角标点改为修订")
        what = "、".join(x for x in (fixed if fix else "",
                                    f"{len(set(checked.findings) - set(checked.unplaced))} 个问题写成批注" if annotate else "") if x)
        typer.echo(f"已另存：{checked.written}（{what}）", err=True)
        for f in checked.unplaced:
            typer.echo(f"  提示：{_where(checked.paragraphs, f.paragraph)}的“{f.excerpt}”未能在文档中标出（位于编号、域代码或他人修订中）。", err=True)
    if checked.has_errors:
        raise typer.Exit(1)


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


def preview_cmd(
    file: Path = typer.Argument(..., metavar="文件.docx", help="要预览的 Word 文档"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="输出 .pdf（全部页面）或 .png（一页），默认与文档同名的 .pdf"),
    page: int = typer.Option(1, "--page", help="输出 PNG 时取第几页", min=1),
    force: bool = ForceOpt,
    verify: bool = typer.Option(False, "--verify",
                                help="按 GB/T 9704 核验排版（每页行数、每行字数、标题形状、页码、版记等），不生成预览文件"),
    require_standard_fonts: bool = typer.Option(False, "--require-standard-fonts",
                                                help="与 --verify 一起用：文档要求的字体没有安装即为不通过"),
    as_json: bool = typer.Option(False, "--json", help="与 --verify 一起用：以 JSON 格式输出核验结果"),
) -> None:
    """用 LibreOffice 把 Word 文档转成 PDF 或 PNG 预览，并报告本机缺少、被替换的字体；--verify 核验排版。"""
    if verify:
        if output is not None or page != 1:
            raise DraftError("--verify 只核验排版，不生成预览文件：请去掉 -o 和 --page，或分两次运行")
        from .reports import report_verified

        report_verified(jobs.verify_layout(file, require_standard_fonts=require_standard_fonts), as_json)
        return
    if require_standard_fonts or as_json:
        raise DraftError(f"{'--require-standard-fonts' if require_standard_fonts else '--json'} 要与 --verify 一起使用")
    result = jobs.preview(file, output, force=force, page=page)
    pages = f"，文档共 {result.pages} 页" if result.pages else ""
    shown = f"（第 {result.page} 页）" if result.page else ""
    typer.echo(f"已生成预览：{result.path}{shown}{pages}")
    if result.missing:
        instead = f"，预览中用 {'、'.join(result.used)} 代替" if result.used else ""
        typer.echo(f"提示：本机没有文档要求的字体 {'、'.join(result.missing)}{instead}；"
                   "分行和页数可能与装有这些字体的电脑不同。", err=True)
