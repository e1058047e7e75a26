"""The ``draft`` command: parse options, call one job, print the result in Chinese.

Thin on purpose: every job lives in ``jobs``; errors of the package's own type are
turned into a message and exit code 2 in one place (``main``).

Here the typer app and its commands, listed in the order ``draft --help`` shows
them; the commands themselves in ``drafts`` (plan, speech, meetings, batch),
``documents`` (parse, check, renew, preview), ``compare`` (compare), ``repository`` (ingest,
snippets …, init), ``learn`` (learn) and ``workbench`` (serve), the options they share in ``options`` and the longer reports
they print in ``reports``. Nothing of the package imports this one.
"""

from __future__ import annotations

import copy
import errno
import re
import sys
from typing import List, Optional

import click
import typer

from .. import clitext
from ..errors import DraftError, os_problem
from .compare import compare_cmd
from .documents import check_cmd, parse_cmd, preview_cmd, renew_cmd
from .drafts import batch_cmd, meetings_cmd, plan_cmd, speech_cmd
from .learn import learn_cmd
from .notice import notice_cmd
from .reports import _report_parsed  # noqa: F401  (tests print a parsed outline with it)
from .repository import (ingest_cmd, init_cmd, snippets_lint_cmd, snippets_list_cmd, snippets_search_cmd,
                         snippets_show_cmd, snippets_stats_cmd)
from .repository import snippets_used_cmd
from .templates import templates_lint_cmd
from .workbench import serve_cmd


HELP = """机关党建文稿起草工具：用素材库生成工作要点和讲话稿（Word，GB/T 9704 版式）。

\b
常用：
  draft init --org 市发展改革委             在当前目录保存单位设置
  draft plan --year 2026                    生成工作要点
  draft speech --meeting 工委会议           生成讲话稿
  draft plan --notice --doc-number 〔2026〕3号 --recipients 各党支部
                                            生成印发通知，工作要点作为附件
  draft meetings                            列出会议类型
  draft parse 去年工作要点.docx             分析已有文稿的结构，列出发现的问题
  draft renew 2025年工作要点.docx --year 2026
                                            用去年的文稿生成今年的初稿（修订+批注）
  draft check 工作要点.docx --year 2026     检查文稿：编号、年份、占位符、错别字、标点等
  draft compare 2025年要点.docx 2026年要点.docx
                                            比较沿用了多少去年的文字（照搬照抄检查）
  draft ingest 旧文稿1.docx 旧文稿2.txt     从旧文稿收集素材，放入 素材库/待审核/
  draft learn 审阅稿.docx                   从审稿人的修订中学习，建议放入 素材库/待审核/
  draft snippets list --category 思想建设   查看素材
  draft snippets search 三会一课            按内容搜索素材
  draft snippets lint 素材库                检查素材库（CI 用）
  draft templates lint 我的模板.docx        检查在 Word 里改过的模板
  draft batch --orgs 单位.yaml              按单位列表批量起草
  draft preview 文稿.docx                   用 LibreOffice 生成 PDF 预览
  draft serve                               在浏览器中使用（不用输入命令）
"""

#: How usage lines name the options and the subcommand (Click's [OPTIONS], COMMAND [ARGS]...).
OPTIONS, SUBCOMMAND = "[选项]", "命令 [参数]..."

app = typer.Typer(
    help=HELP,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar=OPTIONS,
    subcommand_metavar=SUBCOMMAND,
)
snippets_app = typer.Typer(help="查看、搜索、检查和统计素材库中的片段。", no_args_is_help=True, rich_markup_mode=None,
                           options_metavar=OPTIONS, subcommand_metavar=SUBCOMMAND)
app.add_typer(snippets_app, name="snippets")
templates_app = typer.Typer(help="检查自己修改过的 Word 模板。", no_args_is_help=True, rich_markup_mode=None,
                            options_metavar=OPTIONS, subcommand_metavar=SUBCOMMAND)
app.add_typer(templates_app, name="templates")

# The commands, in the order draft --help lists them.
app.command("plan", options_metavar=OPTIONS)(plan_cmd)
app.command("speech", options_metavar=OPTIONS)(speech_cmd)
app.command("notice", options_metavar=OPTIONS)(notice_cmd)
app.command("parse", options_metavar=OPTIONS)(parse_cmd)
app.command("check", options_metavar=OPTIONS,
            short_help="检查文稿中审稿人会指出的问题：编号、年份、过时提法、错别字、标点、数字用法、规范提法等。")(check_cmd)
app.command("ingest", options_metavar=OPTIONS)(ingest_cmd)
app.command("renew", options_metavar=OPTIONS)(renew_cmd)
app.command("learn", options_metavar=OPTIONS)(learn_cmd)
app.command("compare", options_metavar=OPTIONS, short_help="比较今年的文稿沿用了多少去年的文字（照搬照抄检查）。")(compare_cmd)
app.command("meetings", options_metavar=OPTIONS)(meetings_cmd)
snippets_app.command("list", options_metavar=OPTIONS)(snippets_list_cmd)
snippets_app.command("search", options_metavar=OPTIONS)(snippets_search_cmd)
snippets_app.command("show", options_metavar=OPTIONS)(snippets_show_cmd)
snippets_app.command("lint", options_metavar=OPTIONS)(snippets_lint_cmd)
snippets_app.command("stats", options_metavar=OPTIONS)(snippets_stats_cmd)
snippets_app.command("used", options_metavar=OPTIONS)(snippets_used_cmd)
templates_app.command("lint", options_metavar=OPTIONS)(templates_lint_cmd)
app.command("batch", options_metavar=OPTIONS)(batch_cmd)
app.command("preview", options_metavar=OPTIONS)(preview_cmd)
app.command("init", options_metavar=OPTIONS)(init_cmd)
app.command("serve", options_metavar=OPTIONS)(serve_cmd)


# typer appends its own suggestion, in English and untranslatable, after Click's (translated) one.
_TYPER_SUGGESTION = re.compile(r"\.? ?Did you mean [^?]*\?")
# Click ends some sentences with a full stop of its own ("缺少参数 '文件'.").
_SENTENCE_END = re.compile(r"\.(?=\s|$)")


def _usage_message(exc: click.UsageError) -> str:
    text = _TYPER_SUGGESTION.sub("", exc.format_message())
    text = _SENTENCE_END.sub("。", text).replace("。 ", "。")
    if exc.ctx is not None:
        text += f"\n运行“{exc.ctx.command_path} --help”查看用法。"
    return text


def _command(argv: List[str]) -> click.Command:
    """The Click command for ``argv``: the whole ``draft`` group, or the group holding only the command it names.

    Typer turns every command's signature into Click options on each run (20 ms of
    a 300 ms ``draft plan``, growing with each command). A command line naming a
    command (``draft plan …``, ``draft snippets lint …``) needs that one alone,
    under the same group, so its usage, help and errors read the same; anything
    else (``draft``, ``draft --help``, a mistyped command) gets the whole group.
    """
    first = argv[0] if argv else ""
    commands = [c for c in app.registered_commands if c.name == first]
    groups = [g for g in app.registered_groups if g.name == first]
    if not (commands or groups) or first.startswith("-"):
        return typer.main.get_command(app)
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return typer.main.get_group(lean)


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of the ``draft`` console script; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    clitext.install()
    try:
        result = _command(sys.argv[1:] if argv is None else argv)(args=argv, prog_name="draft", standalone_mode=False)
    except DraftError as exc:
        typer.echo(f"错误：{exc}", err=True)
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:  # ``draft`` or ``draft snippets`` alone: its help, no error
        typer.echo(exc.ctx.get_help() if exc.ctx is not None else exc.format_message())
        return 0
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
