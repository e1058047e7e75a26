"""The options and arguments several commands share, and the checks of option values."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import List, Optional

import click
import typer

from ..errors import DraftError
from ..model import PLAN, SPEECH
from ..numerals import DATE_FORMS, parse_date


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


def _genre_option(genre: Optional[str]) -> Optional[str]:
    if genre is not None and genre not in (PLAN, SPEECH):
        raise DraftError(f"--genre 应为 plan 或 speech，而不是“{genre}”")
    return genre


RepoArg = typer.Argument(Path("."), metavar="[目录]", help="素材库目录（默认：当前目录）", show_default=False)
