"""``draft templates lint``: check a Word template someone edited, before it is used."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError

GENRES_CN = {"工作要点": "plan", "讲话稿": "speech", "讲话": "speech", "plan": "plan", "speech": "speech"}


def templates_lint_cmd(
    template: Path = typer.Argument(..., metavar="模板.docx", help="要检查的 Word 模板（.docx）"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", metavar="批注稿.docx",
                                            help="另存一份带批注的模板：每个问题作为 Word 批注标在所在段落上（不覆盖已有文件）"),
    genre: Optional[str] = typer.Option(None, "--genre", metavar="文种",
                                        help="按哪种文稿的模板检查：工作要点 或 讲话稿（默认：按模板用到的变量判断）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 格式输出发现的问题"),
) -> None:
    """检查在 Word 里修改过的模板：被拆开或写错的 {{ }}、{% %} 标记，标记里的全角字符和弯引号，
    {%p %}、{%tr %} 的用法和块的配对，模板没有的变量，主题字体，被删除的样式。
    每个问题都指出第几段；有错误时退出码为 1，只有警告时为 0。"""
    from ..tpl import annotate as write_annotated
    from ..tpl import lint_template
    from ..tpl.names import GENRE_NAMES

    chosen = None
    if genre is not None:
        chosen = GENRES_CN.get(genre.strip())
        if chosen is None:
            raise InputError(f"--genre 应为“工作要点”或“讲话稿”，而不是“{genre}”")
    if annotate is not None:
        from ..output import check_target

        check_target(annotate, force=False, source=template)  # before the work: a taken name stops it
    report = lint_template(template, chosen)
    written, unplaced = write_annotated(report, annotate) if annotate is not None and report.issues else (None, ())
    if as_json:
        import json

        typer.echo(json.dumps({"template": str(report.path), "genre": report.genre,
                               "problems": [i.to_json() for i in report.issues],
                               "annotated": str(written) if written else None}, ensure_ascii=False, indent=2))
    else:
        for issue in report.issues:
            label = "错误" if issue.severity == "error" else "警告"
            typer.echo(f"{label}：文件 {template}，{issue.describe()}")
            if issue.hint:
                typer.echo(f"提示：{issue.hint}")
        what = GENRE_NAMES[report.genre]
        if report.issues:
            typer.echo(f"按{what}模板检查了 {template}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告。")
        else:
            typer.echo(f"按{what}模板检查了 {template}：没有发现问题。")
        if written is not None:
            typer.echo(f"已另存带批注的模板：{written}")
            if unplaced:
                typer.echo(f"其中 {len(unplaced)} 个问题在批注稿中无法标出（位于域等不能加批注的地方），请按上面的列表修改。")
        elif annotate is not None:
            typer.echo("没有问题，未生成批注稿。")
    if report.errors:
        raise typer.Exit(1)
