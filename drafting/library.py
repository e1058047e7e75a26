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
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import DataError
from .model import (
    CLOSING,
    GENRES,
    HEADING,
    ITEM,
    KINDS,
    OPENING,
    PARAM_NAMES,
    PLAN,
    PREAMBLE,
    SPEECH,
    Anniversary,
    Calendar,
    CheckRules,
    Congress,
    Cues,
    DePattern,
    Origin,
    Plenum,
    Recipe,
    SectionSpec,
    Snippet,
    Span,
    Typo,
)
from .resources import bundled

if TYPE_CHECKING:
    from .yamlfile import Node

TOP_KEYS = frozenset(
    {"category", "snippets", "plans", "meetings", "calendar", "terms", "keywords", "typos", "ads",
     "de_patterns", "reduplications", "placeholders", "case_words"}
)
CONTENT_KEYS = frozenset(TOP_KEYS - {"category"})
SNIPPET_KEYS = frozenset(
    {"id", "kind", "category", "genre", "lead", "body", "points", "tags", "since", "until", "note"}
)
RECIPE_KEYS = frozenset(
    {"name", "aliases", "description", "title", "genre", "preamble", "opening", "closing",
     "signature", "sections", "exclude_tags"}
)
SECTION_KEYS = frozenset({"category", "heading", "items", "count"})
CUE_KEYS = frozenset({"heading", "words", "covers"})
#: A domain term: a few characters, no spaces or punctuation that would split it anyway.
_TERM = re.compile(r"^[\w·]{2,16}$")
CALENDAR_KEYS = frozenset(
    {"five_year_plans", "congresses", "plenums", "anniversaries", "campaigns", "legal_plans",
     "discipline_plenums", "goals", "cues"}
)
#: The cue lists of ``calendar.cues`` (see ``drafting.years.roles``).
CUE_NAMES = frozenset({"study", "report", "task", "recalled_before", "recalled_after", "positions", "claims"})
KIND_NAMES = {ITEM: "条目", HEADING: "标题", PREAMBLE: "总体要求", OPENING: "开场", CLOSING: "结尾"}
_ID = re.compile(r"^[\w.\-]+$")
_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
_PARAMS_HINT = "可用的参数：" + "、".join(sorted(PARAM_NAMES))


@dataclass(frozen=True)
class _Ref:
    """A snippet id a recipe names, checked once every folder is loaded."""

    id: str
    kind: str
    genre: str
    path: Path
    line: int


@dataclass
class Library:
    """The merged library: snippets by id, plan recipes, meeting profiles, the calendar."""

    snippets: dict[str, Snippet] = field(default_factory=dict)
    plans: dict[str, Recipe] = field(default_factory=dict)
    meetings: dict[str, Recipe] = field(default_factory=dict)
    calendar: Calendar = field(default_factory=Calendar)
    folders: tuple[Path, ...] = ()
    #: domain terms word segmentation keeps whole (三会一课, 两个维护), in load order
    terms: tuple[str, ...] = ()
    #: cue words per category for sorting harvested text, merged over all folders
    keywords: dict[str, Cues] = field(default_factory=dict)
    #: typos and advertising phrases ``draft check`` flags, merged over all folders
    checks: CheckRules = field(default_factory=CheckRules)

    def get(self, snippet_id: str) -> Snippet | None:
        """The snippet with this id, or None."""
        return self.snippets.get(snippet_id)

    def select(
        self, kind: str, genre: str, year: int | None = None, category: str | None = None
    ) -> list[Snippet]:
        """Snippets of a kind and genre (and category), valid for ``year``, in library order."""
        return [
            s
            for s in self.snippets.values()
            if s.kind == kind
            and genre in s.genres
            and (category is None or s.category == category)
            and (year is None or s.valid_for(year))
        ]

    def categories(self) -> list[str]:
        """Category names in the order they first appear."""
        return list(dict.fromkeys(s.category for s in self.snippets.values()))

    def meeting(self, name: str) -> Recipe | None:
        """The meeting profile called ``name`` (or with that alias), or None."""
        return _by_name(self.meetings, name)

    def plan(self, name: str | None = None) -> Recipe | None:
        """The plan recipe called ``name`` (or alias); the first one when no name is given."""
        if name is None:
            return next(iter(self.plans.values()), None)
        return _by_name(self.plans, name)


def _by_name(recipes: dict[str, Recipe], name: str) -> Recipe | None:
    if name in recipes:
        return recipes[name]
    return next((r for r in recipes.values() if name in r.aliases), None)


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
    from .cache import parse_files

    lib = repository_base(folder)
    contents = parse_files(folder, repository_files(folder), parse_file)
    refs: list[_Ref] = []
    lay_over(lib, contents, refs)
    check_refs(lib, refs)
    check_keywords(lib)
    return lib, tuple(s for content in contents for s in content.snippets)


#: Where ``draft ingest`` puts candidates: inside a library folder, but not part of
#: the library until a person has reviewed them and moved them out.
REVIEW_FOLDER = "待审核"


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
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or (not review and rel[0] == REVIEW_FOLDER):
            continue
        if path.suffix.lower() in (".yaml", ".yml") and path.name != "draft.yaml" and path.is_file():
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
    from .yamlfile import load  # PyYAML only when a file has to be parsed

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
            "de_patterns、reduplications、placeholders 或 case_words 之一",
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
    return FileContent(snippets, plans, meetings, calendar, tuple(refs), terms, keywords, typos, ads,
                       CheckRules(de=de, reduplications=doubled, placeholders=forms, case_words=cases))


def _load_folder(folder: Path, lib: Library, refs: list[_Ref], review: bool = False) -> None:
    """Parse (or take from the cache) a folder's files and lay them over ``lib``."""
    from .cache import parse_files

    lay_over(lib, parse_files(folder, library_files(folder, review=review), parse_file), refs)


def lay_over(lib: Library, contents: Iterable[FileContent], refs: list[_Ref]) -> None:
    """Lay one folder's parsed files over ``lib``; an id or name defined twice in them is an error."""
    seen: dict[str, Snippet] = {}
    names: dict[str, Origin | None] = {}
    for content in contents:
        for snippet in content.snippets:
            if snippet.id in seen:
                origin = snippet.origin
                raise DataError(
                    f"片段 id“{snippet.id}”重复，已在 {seen[snippet.id].origin} 定义过",
                    path=origin.path if origin else None, line=origin.line if origin else None,
                    snippet=snippet.id,
                )
            seen[snippet.id] = snippet
            lib.snippets[snippet.id] = snippet
        for recipes, target in ((content.plans, lib.plans), (content.meetings, lib.meetings)):
            for recipe in recipes:
                if recipe.name in names:
                    origin = recipe.origin
                    raise DataError(
                        f"“{recipe.name}”重复，已在 {names[recipe.name]} 定义过",
                        path=origin.path if origin else None, line=origin.line if origin else None,
                    )
                names[recipe.name] = recipe.origin
                target[recipe.name] = recipe
        refs.extend(content.refs)
        if content.calendar is not None:
            lib.calendar = merge_calendars(lib.calendar, content.calendar)
        lib.terms = tuple(dict.fromkeys(lib.terms + content.terms))
        for cues in content.keywords:
            old = lib.keywords.get(cues.category)
            if old is not None:
                cues = Cues(
                    cues.category,
                    tuple(dict.fromkeys(old.heading + cues.heading)),
                    tuple(dict.fromkeys(old.words + cues.words)),
                    old.origin,
                    tuple(dict.fromkeys(old.covers + cues.covers)),
                )
            lib.keywords[cues.category] = cues
        if content.typos or content.ads or content.checks != CheckRules():
            lib.checks = merge_checks(lib.checks, replace(content.checks, typos=content.typos, ads=content.ads))


# -- snippets ---------------------------------------------------------------


def _jinja(node: Node, what: str, source: str, snippet_id: str | None = None) -> str:
    """Check a Jinja source: syntax and parameter names, failing at the right line."""
    from . import sandbox  # Jinja only when a file has to be parsed

    if sandbox.is_literal(source):
        return source
    try:
        names = sandbox.undeclared(source)
    except sandbox.TemplateSyntaxError as exc:
        message, lineno = sandbox.explain(exc, source)
        line = node.content_line + lineno - 1
        raise DataError(
            f"{what}的模板写法有误：{message}", path=node.path, line=line, snippet=snippet_id
        ) from None
    unknown = sorted(names - PARAM_NAMES)
    if unknown:
        raise DataError(
            f"{what}引用了未定义的参数：{'、'.join(unknown)}",
            path=node.path,
            line=node.content_line,
            snippet=snippet_id,
            hint=_PARAMS_HINT,
        )
    return source


# One object per distinct value, shared by every snippet that has it: the parse
# cache then stores (and reads back) each once, not once per snippet.
_GENRE_SETS = {frozenset(g): frozenset(g) for g in ((PLAN,), (SPEECH,), GENRES)}


def _genres(node: Node, what: str) -> frozenset[str]:
    values = node.texts(what)
    if values == ("both",):
        return _GENRE_SETS[frozenset(GENRES)]
    for value in values:
        if value not in GENRES:
            raise node.fail(f"{what}应为 plan、speech 或 both，而不是“{value}”")
    return _GENRE_SETS[frozenset(values)]


def _year(node: Node, what: str) -> int:
    return node.integer(what, low=1949, high=2100)


def parse_snippet(node: Node, default_category: str | None) -> Snippet:
    """One snippet mapping → ``Snippet``, validated."""
    m = node.mapping("片段", SNIPPET_KEYS)
    if "id" not in m:
        raise node.fail("片段缺少 id")
    sid = m["id"].text("id")
    if not _ID.match(sid):
        raise m["id"].fail(f"id“{sid}”只能包含字母、数字、汉字和 - _ .", snippet=sid)

    def need(key: str, what: str) -> Node:
        if key not in m:
            raise node.fail(f"片段缺少{what}（{key}）", snippet=sid)
        return m[key]

    kind = m["kind"].text("kind") if "kind" in m else ITEM
    if kind not in KINDS:
        raise m["kind"].fail(f"kind 应为 {'、'.join(KINDS)} 之一，而不是“{kind}”", snippet=sid)
    if "category" in m:
        category = m["category"].text("类别（category）")
    elif default_category:
        category = default_category
    else:
        raise node.fail("片段缺少类别：请写 category，或在文件开头写默认类别", snippet=sid)
    genres = _genres(need("genre", "适用文种"), "genre")
    lines: list[tuple[str, int]] = []

    def text_field(key: str, what: str) -> str:
        src = m[key].text(what)
        if m[key].node.style == ">":  # folded: a single newline is where a blank line stood
            src = src.replace("\n", "\n\n")
        lines.append((key, m[key].content_line))
        return _jinja(m[key], what, src, sid)

    need("body", "正文")
    body = text_field("body", "正文")
    lead = None
    points: tuple[str, ...] = ()
    if kind == ITEM:
        if "lead" in m:
            lead = text_field("lead", "小标题（lead）")
        elif PLAN in genres:
            raise node.fail("工作要点的条目需要小标题（lead）", snippet=sid)
        if "points" in m:
            pts = []
            for i, p in enumerate(m["points"].sequence("points")):
                src = p.text("列举项（points）")
                lines.append((f"points[{i}]", p.content_line))
                pts.append(_jinja(p, "列举项（points）", src, sid))
            points = tuple(pts)
    else:
        for key in ("lead", "points"):
            if key in m:
                raise m[key].fail(f"{KIND_NAMES[kind]}片段不用 {key}，只写 body", snippet=sid)
    since = _year(m["since"], "since") if "since" in m else None
    until = _year(m["until"], "until") if "until" in m else None
    if since is not None and until is not None and until < since:
        raise m["until"].fail(f"until（{until}）早于 since（{since}）", snippet=sid)
    tags = m["tags"].texts("tags") if "tags" in m else ()
    if "note" in m:
        m["note"].text("note", empty=True)
    return Snippet(
        id=sid,
        category=sys.intern(category),
        kind=sys.intern(kind),
        genres=genres,
        body=body,
        lead=lead,
        points=points,
        tags=tuple(map(sys.intern, tags)),
        since=since,
        until=until,
        origin=Origin(sys.intern(str(node.path)), node.line),
        field_lines=tuple(lines),
    )


# -- recipes ----------------------------------------------------------------


def parse_recipe(node: Node, genre: str | None, refs: list[_Ref], *, name: str | None = None) -> Recipe:
    """A plan recipe, meeting profile or spec file mapping → ``Recipe``, validated.

    ``genre`` is fixed by the file section (``plans``/``meetings``) or, for a spec
    file, read from its ``genre`` key. Snippet ids are collected in ``refs``.
    """
    m = node.mapping("配方", RECIPE_KEYS)
    if genre is None:
        if "genre" not in m:
            raise node.fail("缺少文种（genre: plan 或 speech）")
        genre = m["genre"].text("genre")
        if genre not in GENRES:
            raise m["genre"].fail(f"genre 应为 plan 或 speech，而不是“{genre}”")
    elif "genre" in m:
        raise m["genre"].fail("这里不用写 genre：plans 下都是工作要点，meetings 下都是讲话")
    if "name" in m:
        name = m["name"].text("名称（name）")
    elif name is None:
        raise node.fail("缺少名称（name）")
    not_for = {PLAN: ("opening", "closing"), SPEECH: ("preamble", "signature")}[genre]
    for key in not_for:
        if key in m:
            raise m[key].fail(f"{'工作要点' if genre == PLAN else '讲话'}不用 {key}")
    if "title" not in m:
        raise node.fail("缺少标题（title）")
    title = _jinja(m["title"], "标题（title）", m["title"].text("标题（title）"))

    def ids(key: str, kind: str) -> tuple[str, ...]:
        if key not in m:
            return ()
        out = []
        for n in m[key].items(key):
            sid = n.text(key)
            refs.append(_Ref(sid, kind, genre, n.path, n.line))
            out.append(sid)
        return tuple(out)

    sections = []
    if "sections" not in m:
        raise node.fail("缺少章节（sections）")
    # A category or item named twice would put the same text into the document twice.
    categories: dict[str, int] = {}
    listed: dict[str, int] = {}
    for sn in m["sections"].sequence("sections"):
        s = sn.mapping("章节", SECTION_KEYS)
        if "category" not in s:
            raise sn.fail("章节缺少类别（category）")
        category = s["category"].text("类别（category）")
        if category in categories:
            raise s["category"].fail(
                f"类别“{category}”在第 {categories[category]} 行已有一个部分，同一类别不能写两次",
                hint="两个部分会取到同样的条目；请删去一个，或把要用的条目合在一个部分的 items 里",
            )
        categories[category] = s["category"].line
        heading = None
        if "heading" in s:
            heading = s["heading"].text("heading")
            refs.append(_Ref(heading, HEADING, genre, sn.path, s["heading"].line))
        items = None
        if "items" in s:
            items = []
            for n in s["items"].items("items"):
                sid = n.text("items")
                if sid in listed:
                    where = "这一行" if listed[sid] == n.line else f"第 {listed[sid]} 行"
                    raise n.fail(f"片段“{sid}”在{where}已经列过，同一片段不能用两次", snippet=sid)
                listed[sid] = n.line
                refs.append(_Ref(sid, ITEM, genre, n.path, n.line))
                items.append(sid)
            items = tuple(items)
        count = s["count"].integer("count", low=1, high=50) if "count" in s else None
        sections.append(
            SectionSpec(
                category=category,
                heading=heading,
                items=items,
                count=count,
                origin=Origin(str(sn.path), sn.line),
            )
        )
    if not sections:
        raise m["sections"].fail("章节（sections）是空的：至少要有一个部分")
    return Recipe(
        name=name,
        genre=genre,
        title=title,
        sections=tuple(sections),
        description=m["description"].text("description", empty=True) if "description" in m else "",
        aliases=m["aliases"].texts("aliases") if "aliases" in m else (),
        preamble=ids("preamble", PREAMBLE),
        opening=ids("opening", OPENING),
        closing=ids("closing", CLOSING),
        signature=m["signature"].boolean("signature") if "signature" in m else False,
        origin=Origin(str(node.path), node.line),
        exclude_tags=m["exclude_tags"].texts("exclude_tags") if "exclude_tags" in m else (),
    )


def load_spec(path: Path, lib: Library) -> Recipe:
    """A user's recipe file (``--spec``), validated against the library."""
    from .yamlfile import load

    refs: list[_Ref] = []
    recipe = parse_recipe(load(path), None, refs, name=path.stem)
    check_refs(lib, refs, [recipe])
    return recipe


def check_refs(lib: Library, refs: Iterable[_Ref], recipes: Iterable[Recipe] | None = None) -> None:
    """Every snippet id a recipe names exists with the right kind and genre; categories exist."""
    for ref in refs:
        snippet = lib.get(ref.id)
        if snippet is None:
            raise DataError(f"引用了不存在的片段“{ref.id}”", path=ref.path, line=ref.line)
        if snippet.kind != ref.kind or ref.genre not in snippet.genres:
            raise DataError(
                f"片段“{ref.id}”是{KIND_NAMES[snippet.kind]}片段（{snippet.origin}），"
                f"不能用作这里的{KIND_NAMES[ref.kind]}",
                path=ref.path,
                line=ref.line,
            )
    categories = set(lib.categories())
    if recipes is None:
        recipes = list(lib.plans.values()) + list(lib.meetings.values())
    for recipe in recipes:
        for spec in recipe.sections:
            if spec.category not in categories:
                origin = spec.origin or recipe.origin
                raise DataError(
                    f"素材库中没有“{spec.category}”类别的片段",
                    path=origin.path if origin else None,
                    line=origin.line if origin else None,
                    hint="已有类别：" + "、".join(sorted(categories)),
                )


# -- terms and keywords -----------------------------------------------------


def _term(node: Node, what: str) -> str:
    value = node.text(what)
    if not _TERM.match(value):
        raise node.fail(f"{what}“{value}”应为 2 到 16 个字，不含空格和标点")
    return value


def parse_terms(node: Node) -> tuple[str, ...]:
    """A ``terms`` list → the domain terms, validated."""
    return tuple(dict.fromkeys(_term(n, "术语") for n in node.items("terms")))


def parse_keywords(node: Node) -> tuple[Cues, ...]:
    """A ``keywords`` mapping (category → heading/words lists) → ``Cues``, validated."""
    out = []
    for category, value in node.mapping("keywords").items():
        m = value.mapping(f"类别“{category}”的关键词", CUE_KEYS)
        if not m:
            raise value.fail(f"类别“{category}”的关键词为空：请写 heading、words 或 covers")
        covers = []
        for n in m["covers"].items("covers") if "covers" in m else ():
            name = n.text("covers 中的类别")
            if name == category:
                raise n.fail(f"类别“{category}”的 covers 不能包含它自己")
            covers.append(name)
        out.append(Cues(
            category,
            tuple(_term(n, "关键词") for n in m["heading"].items("heading")) if "heading" in m else (),
            tuple(_term(n, "关键词") for n in m["words"].items("words")) if "words" in m else (),
            Origin(str(value.path), value.line),
            tuple(dict.fromkeys(covers)),
        ))
    return tuple(out)


def check_keywords(lib: Library) -> None:
    """Every category given keywords, or covered by one, has snippets (a misspelt
    category would sort nothing)."""
    categories = set(lib.categories())
    for cues in lib.keywords.values():
        for category in (cues.category, *cues.covers):
            if category not in categories:
                origin = cues.origin
                raise DataError(
                    f"keywords 中的“{category}”不是素材库中的类别",
                    path=origin.path if origin else None,
                    line=origin.line if origin else None,
                    hint="已有类别：" + "、".join(sorted(categories)),
                )


# -- check rules: typos and advertising phrases -----------------------------

TYPO_KEYS = frozenset({"right", "unless", "alone"})
DE_KEYS = frozenset({"right", "before", "degree", "after", "unless", "not_after"})
#: A wrong form or advertising phrase: a few characters without spaces.
_PHRASE = re.compile(r"^\S{2,30}$")


def _phrase(node: Node, what: str) -> str:
    value = node.text(what)
    if not _PHRASE.match(value):
        raise node.fail(f"{what}“{value}”应为 2 到 30 个字，不含空格")
    return value


def _exception(node: Node, wrong: str) -> str:
    phrase = _phrase(node, "例外")
    if wrong not in phrase:
        raise node.fail(f"例外“{phrase}”应包含错误写法“{wrong}”",
                        hint="unless 列出的是含有这个写法、但本身正确的词语")
    return phrase


def parse_typos(node: Node) -> tuple[Typo, ...]:
    """A ``typos`` mapping (wrong → right, or wrong → right/unless) → ``Typo`` values, validated."""
    out = []
    for wrong, value in node.mapping("typos").items():
        if not _PHRASE.match(wrong):
            raise value.fail(f"错误写法“{wrong}”应为 2 到 30 个字，不含空格")
        unless: tuple[str, ...] = ()
        if value.is_mapping():
            m = value.mapping(f"“{wrong}”的更正", TYPO_KEYS, required=("right",))
            right_node = m["right"]
            if "unless" in m:
                unless = tuple(_exception(n, wrong) for n in m["unless"].items("unless"))
            alone = m["alone"].boolean("alone（只在单独成词时算错）") if "alone" in m else False
        else:
            right_node = value
            alone = False
        right = right_node.text(f"“{wrong}”的正确写法")
        if wrong in right:
            raise right_node.fail(f"正确写法“{right}”里又含有错误写法“{wrong}”，改正后仍会被标出",
                                  hint="请把错误写法写得更具体一些，或用 unless 列出例外")
        out.append(Typo(wrong, right, unless, Origin(str(value.path), value.line), alone))
    return tuple(out)


def parse_ads(node: Node) -> tuple[str, ...]:
    """An ``ads`` list → the advertising phrases, validated."""
    return tuple(dict.fromkeys(_phrase(n, "广告用语") for n in node.items("ads")))


def _words(node: Node, what: str, *, single: bool = True) -> tuple[str, ...]:
    """A list of words without spaces (of one character at least when ``single``)."""
    out = []
    for n in node.items(what):
        word = n.text(what)
        if not re.fullmatch(r"\S{1,30}" if single else r"\S{2,30}", word):
            raise n.fail(f"{what}“{word}”应为{'1' if single else '2'} 到 30 个字，不含空格")
        out.append(word)
    if not out:
        raise node.fail(f"{what}不能为空")
    return tuple(dict.fromkeys(out))


def parse_de_patterns(node: Node) -> tuple[DePattern, ...]:
    """A ``de_patterns`` list (right 得/地, before, degree, after, unless, not_after) → ``DePattern`` values."""
    out = []
    for item in node.items("de_patterns"):
        m = item.mapping("的/得/地规则", DE_KEYS, required=("right", "before", "after"))
        right = m["right"].choice("right（正确的字）", ("得", "地"))
        unless: tuple[str, ...] = ()
        if "unless" in m:
            unless = _words(m["unless"], "例外", single=False)
            for phrase, n in zip(unless, m["unless"].items("例外")):
                if "的" not in phrase:
                    raise n.fail(f"例外“{phrase}”应包含“的”", hint="unless 列出的是其中“的”用得对的词语")
        out.append(DePattern(
            right, _words(m["before"], "before（“的”前面的词）"), _words(m["after"], "after（“的”后面的词）"),
            _words(m["degree"], "degree（程度词）") if "degree" in m else (), unless,
            Origin(str(item.path), item.line),
            _words(m["not_after"], "not_after（使后面的动词作名词的词）") if "not_after" in m else (),
        ))
    return tuple(out)


def parse_reduplications(node: Node) -> tuple[str, ...]:
    """A ``reduplications`` list: words rightly written twice (研究研究), or phrases holding one (党组织组织力)."""
    out = _words(node, "叠用词语", single=False)
    for word, n in zip(out, node.items("叠用词语")):
        if not _DOUBLED.search(word):
            raise n.fail(f"叠用词语“{word}”里没有连写两遍的词，应如“研究研究”或“组织组织力”")
    return out


_DOUBLED = re.compile(r"(\S{2,})\1")


def parse_placeholders(node: Node) -> tuple[str, ...]:
    """A ``placeholders`` list: placeholder forms besides the built-in ones."""
    return tuple(dict.fromkeys(_phrase(n, "占位符") for n in node.items("placeholders")))


def parse_case_words(node: Node) -> tuple[str, ...]:
    """A ``case_words`` list: words of a case report, where 某某 and 某县 name people and places on purpose."""
    return tuple(dict.fromkeys(_phrase(n, "案例用语") for n in node.items("case_words")))


def merge_checks(base: CheckRules, extra: CheckRules) -> CheckRules:
    """Lay ``extra`` over ``base``: a typo with the same wrong form is replaced, the rest is added."""
    typos = {t.wrong: t for t in base.typos}
    typos.update((t.wrong, t) for t in extra.typos)
    return CheckRules(
        tuple(typos.values()), tuple(dict.fromkeys(base.ads + extra.ads)), base.de + extra.de,
        tuple(dict.fromkeys(base.reduplications + extra.reduplications)),
        tuple(dict.fromkeys(base.placeholders + extra.placeholders)),
        tuple(dict.fromkeys(base.case_words + extra.case_words)),
    )


# -- calendar ---------------------------------------------------------------


def _entries(node: Node, what: str, keys: set[str]) -> list[dict[str, Node]]:
    return [n.mapping(what, keys) for n in node.sequence(what)]


def _month(node: Node) -> str:
    value = node.text("date")
    if not _MONTH.match(value):
        raise node.fail(f"日期应写成“年-月”，如 \"2025-10\"，而不是“{value}”")
    return value


def _required(m: dict[str, Node], key: str, owner: Node | None = None) -> Node:
    if key not in m:
        any_node = next(iter(m.values()), owner)
        raise any_node.fail(f"缺少 {key}")
    return m[key]


def parse_calendar(node: Node) -> Calendar:
    """A ``calendar`` mapping → ``Calendar``, validated."""
    m = node.mapping("calendar", CALENDAR_KEYS)

    def spans(key: str):
        out = []
        for e in _entries(m[key], key, {"name", "start", "end", "aliases"}) if key in m else ():
            start = _year(_required(e, "start"), "start")
            end = _year(_required(e, "end"), "end")
            if end < start:
                raise e["end"].fail(f"end（{end}）早于 start（{start}）")
            aliases = tuple(e["aliases"].texts("aliases")) if "aliases" in e else ()
            out.append(Span(_required(e, "name").text("name"), start, end, aliases))
        return tuple(out)

    congresses = tuple(
        Congress(_required(e, "number").integer("number", low=1, high=99), _month(_required(e, "date")))
        for e in (_entries(m["congresses"], "congresses", {"number", "date"}) if "congresses" in m else ())
    )
    def plenums(key: str) -> tuple[Plenum, ...]:
        return tuple(
            Plenum(
                _required(e, "term").integer("term", low=1, high=99),
                _required(e, "session").integer("session", low=1, high=20),
                _month(_required(e, "date")),
            )
            for e in (_entries(m[key], key, {"term", "session", "date"}) if key in m else ())
        )

    anniversaries = []
    keys = {"name", "base", "text", "aliases", "named"}
    for e in _entries(m["anniversaries"], "anniversaries", keys) if "anniversaries" in m else ():
        text = _required(e, "text").text("text")
        if "{n}" not in text:
            raise e["text"].fail("纪念日的 text 里要有 {n}，代表周年数")
        aliases = tuple(e["aliases"].texts("aliases")) if "aliases" in e else ()
        named = tuple(
            (_required(n, "text").text("text"), _required(n, "count").integer("count", low=1, high=999))
            for n in (_entries(e["named"], "named", {"text", "count"}) if "named" in e else ())
        )
        anniversaries.append(Anniversary(
            _required(e, "name").text("name"), _required(e, "base").integer("base", low=1800, high=2100),
            text, aliases, named,
        ))
    return Calendar(
        five_year_plans=spans("five_year_plans"),
        congresses=congresses,
        plenums=plenums("plenums"),
        anniversaries=tuple(anniversaries),
        campaigns=spans("campaigns"),
        legal_plans=spans("legal_plans"),
        discipline_plenums=plenums("discipline_plenums"),
        goals=spans("goals"),
        cues=_cues(m["cues"]) if "cues" in m else (),
    )


def _cues(node: Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
    m = node.mapping("cues", CUE_NAMES)
    return tuple((key, tuple(m[key].texts(key))) for key in sorted(m))


def _merge(old: tuple, new: tuple, key) -> tuple:
    merged = {key(x): x for x in old}
    merged.update((key(x), x) for x in new)
    return tuple(merged.values())


def merge_calendars(base: Calendar, extra: Calendar) -> Calendar:
    """Lay ``extra`` over ``base``: new entries are added, equal ones replaced."""
    return Calendar(
        five_year_plans=_merge(base.five_year_plans, extra.five_year_plans, lambda p: p.name),
        congresses=_merge(base.congresses, extra.congresses, lambda c: c.number),
        plenums=_merge(base.plenums, extra.plenums, lambda p: (p.term, p.session)),
        anniversaries=_merge(base.anniversaries, extra.anniversaries, lambda a: a.name),
        campaigns=_merge(base.campaigns, extra.campaigns, lambda c: c.name),
        legal_plans=_merge(base.legal_plans, extra.legal_plans, lambda p: p.name),
        discipline_plenums=_merge(base.discipline_plenums, extra.discipline_plenums,
                                  lambda p: (p.term, p.session)),
        goals=_merge(base.goals, extra.goals, lambda g: g.name),
        cues=tuple(
            (key, tuple(dict.fromkeys(base.cue(key) + extra.cue(key))))
            for key in sorted({k for k, _ in base.cues} | {k for k, _ in extra.cues})
        ),
    )


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


if __name__ == "__main__":
    raise SystemExit(main())
