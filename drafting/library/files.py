"""One library file: which files a folder holds, and what one file defines, validated."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import DataError
from ..model import PLAN, SPEECH, Calendar, CheckRules, Cues, Recipe, Snippet, Typo
from .calendar import parse_calendar
from .checks import (
    parse_ads,
    parse_carry_over,
    parse_case_words,
    parse_de_patterns,
    parse_placeholders,
    parse_reduplications,
    parse_typos,
)
from .common import _Ref
from .names import parse_names
from .recipes import parse_recipe
from .regulations import parse_regulation, regulation_rules
from .ruleset import parse_entry, split_entries
from .snippets import parse_snippet
from .terms import parse_keywords, parse_terms

if TYPE_CHECKING:
    from ..yamlfile import Node

TOP_KEYS = frozenset(
    {"category", "snippets", "plans", "meetings", "calendar", "terms", "keywords", "typos", "ads",
     "de_patterns", "reduplications", "placeholders", "case_words", "carry_over",
     "rules", "names", "regulations"}
)
CONTENT_KEYS = frozenset(TOP_KEYS - {"category"})


#: Where ``draft ingest`` puts candidates: inside a library folder, but not part of
#: the library until a person has reviewed them and moved them out.
REVIEW_FOLDER = "待审核"
#: Test cases ``draft learn`` leaves in the review folder: not library files.
CASES_SUFFIX = ".cases.yaml"


def repository_files(folder: Path) -> list[Path]:
    """The YAML files of a snippet repository folder; an error if it has none."""
    files = library_files(folder)
    if not files:
        raise DataError("这个目录里没有素材文件（.yaml）", path=folder,
                        hint="请在素材库目录中运行，或在命令后写出素材库目录")
    return files


def library_files(folder: Path, *, review: bool = False) -> list[Path]:
    """The YAML files of a library folder, sorted.

    Hidden folders, ``draft.yaml`` and (unless ``review``) the review folder are skipped.
    """
    if folder.is_file():
        raise DataError("这是一个文件，不是文件夹：素材库应当是存放素材 YAML 文件的文件夹", path=folder,
                        hint="请写出素材文件所在的文件夹")
    if not folder.is_dir():
        raise DataError("素材库目录不存在", path=folder)
    files = []
    # os.walk, pruned: a hidden folder (.git, with its thousands of objects) is not even listed.
    for top, dirs, names in os.walk(folder):
        here = Path(top)
        in_review = here != folder and here.relative_to(folder).parts[0] == REVIEW_FOLDER
        dirs[:] = [d for d in dirs if not d.startswith(".") and (review or here != folder or d != REVIEW_FOLDER)]
        for name in names:
            lower = name.lower()
            if name.startswith(".") or name == "draft.yaml" or not lower.endswith((".yaml", ".yml")):
                continue
            if in_review and lower.endswith(CASES_SUFFIX):
                continue
            path = here / name
            if path.is_file():
                files.append(path)
    return sorted(files)


@dataclass(frozen=True)
class FileContent:
    """What one library file defines, validated (cached between runs by ``cache``)."""

    snippets: tuple[Snippet, ...] = ()
    plans: tuple[Recipe, ...] = ()
    meetings: tuple[Recipe, ...] = ()
    calendar: Calendar | None = None
    refs: tuple[_Ref, ...] = ()
    terms: tuple[str, ...] = ()
    keywords: tuple[Cues, ...] = ()
    typos: tuple[Typo, ...] = ()
    ads: tuple[str, ...] = ()
    #: the rest of ``draft check``'s rules: 的/得/地 patterns, doubled words, placeholders
    checks: CheckRules = CheckRules()


def parse_file(path: Path, problems: list[DataError] | None = None) -> FileContent:
    """Read and validate one library file.

    Without ``problems`` the first problem is raised. With a list, a snippet,
    recipe or section that fails is recorded there and left out, so that one pass
    reports every problem of the file (``draft snippets lint``); a problem with
    the file as a whole (YAML syntax, top-level keys) is still raised.
    """
    from ..yamlfile import load  # PyYAML only when a file has to be parsed

    def each(nodes: Iterable[Node], parse) -> tuple:
        out = []
        for node in nodes:
            try:
                out.append(parse(node))
            except DataError as exc:
                if problems is None:
                    raise
                problems.append(exc)
        return tuple(out)

    root = load(path)
    top = root.mapping("文件顶层", TOP_KEYS)
    if not top.keys() & CONTENT_KEYS:
        raise root.fail(
            "不是素材库文件：顶层应有 snippets、plans、meetings、calendar、terms、keywords、typos、ads、"
            "de_patterns、reduplications、placeholders、case_words、carry_over、rules、names 或 regulations 之一",
            hint="素材库目录里只放素材 YAML 文件；其他 YAML 文件请移到别处。",
        )
    default_category = top["category"].text("类别（category）") if "category" in top else None
    refs: list[_Ref] = []
    snippets = each(
        top["snippets"].sequence("snippets"), lambda n: parse_snippet(n, default_category)
    ) if "snippets" in top else ()
    plans = each(top["plans"].sequence("plans"), lambda n: parse_recipe(n, PLAN, refs)) if "plans" in top else ()
    meetings = each(
        top["meetings"].sequence("meetings"), lambda n: parse_recipe(n, SPEECH, refs)
    ) if "meetings" in top else ()
    calendar = next(iter(each([top["calendar"]], parse_calendar)), None) if "calendar" in top else None
    terms = next(iter(each([top["terms"]], parse_terms)), ()) if "terms" in top else ()
    keywords = next(iter(each([top["keywords"]], parse_keywords)), ()) if "keywords" in top else ()
    typos = next(iter(each([top["typos"]], parse_typos)), ()) if "typos" in top else ()
    ads = next(iter(each([top["ads"]], parse_ads)), ()) if "ads" in top else ()
    de = next(iter(each([top["de_patterns"]], parse_de_patterns)), ()) if "de_patterns" in top else ()
    doubled = (next(iter(each([top["reduplications"]], parse_reduplications)), ())
               if "reduplications" in top else ())
    forms = (next(iter(each([top["placeholders"]], parse_placeholders)), ())
             if "placeholders" in top else ())
    cases = next(iter(each([top["case_words"]], parse_case_words)), ()) if "case_words" in top else ()
    carry = next(iter(each([top["carry_over"]], parse_carry_over)), None) if "carry_over" in top else None
    # each rule on its own, so that lint reports every rule whose examples fail
    entries = each(top["rules"].sequence("rules"), parse_entry) if "rules" in top else ()
    regs = each(top["regulations"].sequence("regulations"), parse_regulation) if "regulations" in top else ()
    entries += next(iter(each([regs], regulation_rules)), ()) if regs else ()
    ruleset, changes = split_entries(entries)
    names = next(iter(each([top["names"]], parse_names)), None) if "names" in top else None
    rules = CheckRules(de=de, reduplications=doubled, placeholders=forms, case_words=cases, rules=ruleset,
                       rule_changes=changes)
    if names is not None:
        rules = replace(rules, names=names)
    if carry is not None:
        rules = replace(rules, carry_over=carry)
    return FileContent(snippets, plans, meetings, calendar, tuple(refs), terms, keywords, typos, ads, rules)
