"""What Jinja makes of the tags: full-width characters, curly quotes, syntax, names the renderer does not give.

Each part is one Jinja template for docxtpl; here its tags are laid one per line
(``stream``), so a line Jinja names is a tag, and a tag is a paragraph. The names
a template may read are those ``drafting.render.context_for`` gives — taken from
a sample outline run through it, not from a list kept here — with the keys of the
sections and items a loop binds, the names the template binds itself, and Jinja's
globals.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from functools import lru_cache

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from ..model import PLAN, SPEECH, Item, Outline, Section
from ..sandbox import environment, explain, undeclared
from .issues import ERROR, Issue
from .tags import Tag

#: what docxtpl itself does to a tag's text before Jinja sees it (``patch_xml``'s clean_tags)
_DOCXTPL_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_CURLY = "“”‘’"
# Full-width forms of ASCII (U+FF01–FF5E) and the ideographic full stop and comma, as a
# Chinese IME types them. The ideographic space is whitespace to Jinja and harmless.
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"。": ".", "、": ","}
GENRE_NAMES = {PLAN: "工作要点", SPEECH: "讲话稿"}


def char_issues(tags: list[Tag]) -> tuple[list[Issue], set[int]]:
    """Full-width characters and curly quotes that break a tag; and the ids of the tags that have them."""
    issues: list[Issue] = []
    bad: set[int] = set()
    env = environment()
    for tag in tags:
        source = tag.jinja.translate(_DOCXTPL_QUOTES)
        wide = _outside_strings(source, _FULLWIDTH)
        if wide:
            fixed = "".join(_FULLWIDTH.get(c, c) if i in wide else c for i, c in enumerate(source))
            chars = "".join(dict.fromkeys(source[i] for i in wide))
            issues.append(Issue("fullwidth-char", ERROR, f"标记里有全角字符“{chars}”，生成时会报错",
                                tag.para, tag.text, tag.start,
                                hint=f"请切换到英文（半角）输入，写成“{_restore(tag, fixed)}”"))
            bad.add(id(tag))
            continue
        if any(c in tag.text for c in _CURLY):
            try:
                list(env.lex(source))
            except TemplateSyntaxError:
                issues.append(Issue("curly-quote", ERROR, "标记里的弯引号（“ ” ‘ ’）不成对，生成时会报错",
                                    tag.para, tag.text, tag.start,
                                    hint="请关闭 Word 的“自动套用格式”中的“直引号替换为弯引号”，"
                                         "用英文输入法重新输入成对的直引号 \" \" 或 ' '"))
                bad.add(id(tag))
    return issues, bad


def _restore(tag: Tag, fixed: str) -> str:
    """``fixed`` (the Jinja form) written back with the tag's docxtpl prefix."""
    return fixed[:2] + tag.prefix + fixed[2:] if tag.prefix else fixed


def _outside_strings(source: str, chars) -> list[int]:
    """Positions of ``chars`` in ``source`` that are not inside a quoted string."""
    out, quote = [], None
    for i, c in enumerate(source):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c in chars:
            out.append(i)
    return out


#: docxtpl's own table tags, turned into XML before Jinja runs (``patch_xml``)
_DOCXTPL_TAGS = frozenset({"colspan", "cellbg", "vm", "hm"})


def stream(tags: list[Tag], bad: set[int]) -> str:
    """The tags one per line, as Jinja will read them; a tag already reported stands in neutrally."""
    return "\n".join(_stand_in(t) if id(t) in bad or t.word in _DOCXTPL_TAGS else t.jinja.translate(_DOCXTPL_QUOTES)
                     for t in tags)


def _stand_in(tag: Tag) -> str:
    if tag.kind == "{{":
        return "{{ none }}"
    if tag.kind == "{#" or tag.word in _DOCXTPL_TAGS:
        return "{# #}"
    return {"if": "{% if true %}", "elif": "{% elif true %}", "for": "{% for _ in () %}"}.get(
        tag.word, tag.jinja.translate(_DOCXTPL_QUOTES))


def parse_part(tags: list[Tag], bad: set[int]) -> tuple[nodes.Template | None, Issue | None]:
    """The part's tags parsed; or the syntax error, on its tag."""
    if not tags:
        return None, None
    source = stream(tags, bad)
    try:
        return environment().parse(source), None
    except RecursionError:
        return None, None
    except TemplateSyntaxError as exc:
        message, line = explain(exc, source)
        tag = tags[min(max(line, 1), len(tags)) - 1]
        return None, Issue("tag-syntax", ERROR, f"标记写法有误：{message}", tag.para, tag.text, tag.start)


# --- names ---------------------------------------------------------------------


def _shape(value):
    """What a context value is, for checking names: a dict of shapes, a list of one shape, or "text"."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shape(value[0]) if value else "text"]
    return "text" if isinstance(value, str) else None


@lru_cache(maxsize=None)
def contract(genre: str) -> dict:
    """The shape of the context the renderer gives a template of ``genre`` (every optional part present)."""
    from ..render import context_for

    item = Item("正文。", "小标题", 1)
    outline = Outline(genre=genre, title="标题", sections=(Section(1, "部分", (item,)),), preamble=("开头。",),
                      closing=("结尾。",), speaker="某某", date=_dt.date(2026, 1, 1), signature="某某单位")
    return _shape(context_for(outline))


def unknown_top(template_names: set[str], genre: str) -> set[str]:
    """The names read from the context that a ``genre`` template is not given."""
    return {n for n in template_names if n not in contract(genre)}


def read_names(tree: nodes.Template, tags: list[Tag], bad: set[int]) -> set[str]:
    """The names a part's tags read from the context (Jinja's scoping: loops, set and macros bind).

    ``tree`` is the part parsed, or its ``loose_tree`` when the whole does not parse.
    """
    try:
        return undeclared(stream(tags, bad))
    except (TemplateSyntaxError, RecursionError):
        loaded = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
        return loaded - set(environment().globals)


def loose_tree(tags: list[Tag], bad: set[int]) -> nodes.Template | None:
    """A part whose blocks do not pair up, for its names: each tag that parses alone, blocks left out.

    The names a loop or ``set`` binds anywhere in the part count as bound everywhere in it, so a
    name is reported only if nothing could have given it.
    """
    env = environment()
    body: list[nodes.Node] = []
    bound: set[str] = set()
    for n, tag in enumerate(tags):
        if id(tag) in bad or tag.kind != "{{" and tag.word not in ("for", "set", "if", "elif"):
            continue
        source = tag.jinja.translate(_DOCXTPL_QUOTES)
        if tag.kind == "{%":
            end = {"for": "{% endfor %}", "set": "" if "=" in tag.inner else "{% endset %}",
                   "if": "{% endif %}", "elif": ""}[tag.word]
            source = ("{% if true %}" + source if tag.word == "elif" else source) + end
            if tag.word == "elif":
                source += "{% endif %}"
        try:
            tree = env.parse("\n" * n + source)
        except (TemplateSyntaxError, RecursionError):
            continue
        for node in tree.find_all((nodes.For, nodes.Assign, nodes.AssignBlock)):
            bound.update(_targets(node.target))
        body.extend(tree.body)
    for node in body:
        for name in node.find_all(nodes.Name):
            if name.name in bound:
                name.ctx = "store" if name.ctx == "load" else name.ctx  # bound somewhere: not read from the context
    return nodes.Template(body, lineno=1)


def name_issues(tree: nodes.Template, tags: list[Tag], bad: set[int], genre: str) -> list[Issue]:
    """Names and keys the template reads that the renderer of ``genre`` does not provide."""
    top = contract(genre)
    issues: list[Issue] = []
    what = GENRE_NAMES[genre]
    unknown = unknown_top(read_names(tree, tags, bad), genre)
    reported: set[tuple] = set()
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name in unknown and node.name not in reported:
            reported.add(node.name)
            tag = tags[min(node.lineno, len(tags)) - 1]
            near = difflib.get_close_matches(node.name, list(top), n=1, cutoff=0.6)
            guess = f"是不是“{near[0]}”？" if near else ""
            issues.append(Issue("unknown-name", ERROR,
                                f"模板用了变量“{node.name}”，{what}模板没有这个变量，生成时会报错",
                                tag.para, tag.text, tag.start,
                                hint=f"{guess}{what}模板可用的变量：{'、'.join(top)}"))
    _Keys(top, tags, issues, reported).walk(tree, {})
    return issues


class _Keys:
    """Walks the tree with the shapes loop variables take, reporting keys a section or item does not have."""

    def __init__(self, top: dict, tags: list[Tag], issues: list[Issue], reported: set) -> None:
        self.top, self.tags, self.issues, self.reported = top, tags, issues, reported

    def shape(self, node, scope: dict):
        if isinstance(node, nodes.Name):
            return scope[node.name] if node.name in scope else self.top.get(node.name)
        if isinstance(node, nodes.Getattr):
            base = self.shape(node.node, scope)
            return base.get(node.attr) if isinstance(base, dict) else None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = self.shape(node.node, scope)
            if isinstance(base, dict):
                return base.get(node.arg.value)
            if isinstance(base, list) and isinstance(node.arg.value, int):
                return base[0]
        return None

    def walk(self, node, scope: dict) -> None:
        if isinstance(node, nodes.For):
            self.walk(node.iter, scope)
            shape = self.shape(node.iter, scope)
            inner = dict(scope, loop=None)
            for name in _targets(node.target):
                inner[name] = None
            if isinstance(node.target, nodes.Name) and isinstance(shape, list):
                inner[node.target.name] = shape[0]
            for child in (node.test, *node.body):
                if child is not None:
                    self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            for name in _targets(node.target):
                scope[name] = None  # shadows whatever the context had
        if isinstance(node, nodes.Macro):
            scope = dict(scope, **{a.name: None for a in node.args})
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            self.check(node, scope)
        for child in node.iter_child_nodes():
            self.walk(child, scope)

    def check(self, node, scope: dict) -> None:
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            key = node.arg.value
        else:
            return
        base = self.shape(node.node, scope)
        if isinstance(base, dict):
            if key in base or (isinstance(node, nodes.Getattr) and hasattr(dict, key)):
                return
            known = list(base)
        elif base == "text":
            if isinstance(node, nodes.Getattr) and hasattr(str, key):
                return
            known = []
        else:
            return
        written = _written(node)
        if written in self.reported:
            return
        self.reported.add(written)
        tag = self.tags[min(node.lineno, len(self.tags)) - 1]
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        guess = f"是不是“{near[0]}”？" if near else ""
        have = f"可用的有：{'、'.join(known)}" if known else "它是一段文字，没有下一级的内容"
        issues_text = f"模板用了“{written}”，但“{_written(node.node)}”没有“{key}”，生成时会报错"
        self.issues.append(Issue("unknown-name", ERROR, issues_text, tag.para, tag.text, tag.start,
                                 hint=f"{guess}{have}"))


def _targets(target) -> list[str]:
    """The names a for/set target binds (``x``, or ``a, b``)."""
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _written(node) -> str:
    """``section.label`` / ``section['items']`` as the template writes it (for names and keys only)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_written(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_written(node.node)}[{node.arg.value!r}]"
    return "…"
