"""The snippet library: load the YAML folders, validate them, and look snippets up.

A library folder holds YAML files of six sorts, told apart by their top-level key:
``snippets`` (with an optional default ``category``), ``plans`` (plan recipes),
``meetings`` (speech profiles), ``calendar`` (the political calendar),
``terms``/``keywords`` (domain terms kept whole by word segmentation, and the cue
words that sort harvested text into categories) and ``typos``/``ads``/``de_patterns``/
``reduplications``/``placeholders``/``case_words`` (what ``draft check`` flags: known
wrong forms, advertising phrases, 的 for 得/地, words rightly doubled, placeholder forms,
and the words of a case report, where 某某 is no placeholder). The bundled folder
comes first; each ``--library`` folder is laid over it, later folders winning on
equal snippet ids, profile names and typos, calendar entries, terms, keywords and
advertising phrases being added. Everything is validated here, once: code behind this module trusts the model.

The modules, in the order a file is read: ``files`` (which files a folder holds;
one file → ``FileContent``), with a module per kind of content it may define:
``snippets``, ``recipes`` (plan recipes, meeting profiles, spec files),
``calendar``, ``terms`` (terms and keywords) and ``checks`` (check rules);
``merge`` lays a folder's files over the library built so far, and ``common``
holds the ``Library`` itself. Loading lives here: ``load_library`` looks
``parse_file`` up in this package, so a test can count parses by patching it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..errors import DataError
from ..model import GENRES, KINDS, Snippet
from ..resources import bundled
from .calendar import CALENDAR_KEYS, CUE_NAMES, merge_calendars, parse_calendar
from .checks import (
    DE_KEYS,
    TYPO_KEYS,
    merge_checks,
    parse_ads,
    parse_case_words,
    parse_de_patterns,
    parse_placeholders,
    parse_reduplications,
    parse_typos,
)
from .common import KIND_NAMES, Library, _Ref
from .files import (
    CONTENT_KEYS,
    REVIEW_FOLDER,
    TOP_KEYS,
    FileContent,
    library_files,
    parse_file,
    repository_files,
)
from .merge import lay_over
from .recipes import RECIPE_KEYS, SECTION_KEYS, check_refs, load_spec, parse_recipe
from .snippets import SNIPPET_KEYS, parse_snippet
from .terms import CUE_KEYS, check_keywords, parse_keywords, parse_terms

__all__ = [
    "CALENDAR_KEYS",
    "CONTENT_KEYS",
    "CUE_KEYS",
    "CUE_NAMES",
    "DE_KEYS",
    "KIND_NAMES",
    "RECIPE_KEYS",
    "REVIEW_FOLDER",
    "SECTION_KEYS",
    "SNIPPET_KEYS",
    "TOP_KEYS",
    "TYPO_KEYS",
    "FileContent",
    "Library",
    "check_keywords",
    "check_refs",
    "lay_over",
    "library_files",
    "library_folders",
    "load_library",
    "load_repository",
    "load_spec",
    "main",
    "merge_calendars",
    "merge_checks",
    "parse_ads",
    "parse_calendar",
    "parse_case_words",
    "parse_de_patterns",
    "parse_file",
    "parse_keywords",
    "parse_placeholders",
    "parse_recipe",
    "parse_reduplications",
    "parse_snippet",
    "parse_terms",
    "parse_typos",
    "repository_base",
    "repository_files",
]


def load_library(folders: Sequence[Path] = (), *, bundled_first: bool = True,
                 review: bool = False) -> Library:
    """Load the bundled library and the given folders, validated and merged.

    ``review`` also loads the candidates waiting in each folder's review folder.
    """
    lib = Library()
    refs: list[_Ref] = []
    order = library_folders(folders, bundled_first=bundled_first)
    for folder in order:
        _load_folder(folder, lib, refs, review)
    lib.folders = tuple(order)
    check_refs(lib, refs)
    check_keywords(lib)
    return lib


def library_folders(folders: Sequence[Path] = (), *, bundled_first: bool = True) -> tuple[Path, ...]:
    """The folders ``load_library`` reads, in the order it lays them over each other."""
    return tuple(([bundled("snippets")] if bundled_first else []) + [Path(f) for f in folders])


def repository_base(folder: Path) -> Library:
    """What a repository folder is laid over: the bundled library, or nothing if it is the bundled folder."""
    return Library() if folder.resolve() == bundled("snippets").resolve() else load_library()


def load_repository(folder: Path) -> tuple[Library, tuple[Snippet, ...]]:
    """A snippet repository laid over the bundled library, validated, and the snippets it defines itself."""
    from ..cache import parse_files

    lib = repository_base(folder)
    contents = parse_files(folder, repository_files(folder), parse_file)
    refs: list[_Ref] = []
    lay_over(lib, contents, refs)
    check_refs(lib, refs)
    check_keywords(lib)
    return lib, tuple(s for content in contents for s in content.snippets)


def _load_folder(folder: Path, lib: Library, refs: list[_Ref], review: bool = False) -> None:
    """Parse (or take from the cache) a folder's files and lay them over ``lib``."""
    from ..cache import parse_files

    lay_over(lib, parse_files(folder, library_files(folder, review=review), parse_file), refs)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m drafting.library [DIR...]``: validate folders and print a summary."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    folders = [Path(a) for a in args]
    bundled_dir = bundled("snippets").resolve()
    extra = [f for f in folders if f.resolve() != bundled_dir]
    try:
        lib = load_library(extra)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"共 {len(lib.snippets)} 个片段，{len(lib.plans)} 个工作要点配方，{len(lib.meetings)} 个会议配置")
    for category in lib.categories():
        counts = {
            (k, g): len([s for s in lib.select(k, g, category=category)])
            for k in KINDS
            for g in GENRES
        }
        shown = "，".join(f"{KIND_NAMES[k]}/{g} {n}" for (k, g), n in counts.items() if n)
        print(f"  {category}：{shown}")
    return 0
