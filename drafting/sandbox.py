"""The Jinja environment snippet texts are written in: sandboxed and strict.

Snippet sources come from a shared repository that many people edit, so they are
rendered in a ``SandboxedEnvironment`` (no ``''.__class__.__mro__`` tricks) with
``StrictUndefined`` (a misspelt parameter stops the run instead of vanishing).
Snippets render to plain text, not markup: escaping for Word XML happens once, in
the renderer, so ``&`` and ``<`` are never escaped twice. Renders stay within the
bounds of ``drafting.bounds``; analysing a snippet (``undeclared``) only walks its
parsed tree and never evaluates any of it, so one bad expression in a snippet no
recipe uses cannot stop a command that merely loads the library.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Iterator

import jinja2
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .bounds import BoundedSandbox, LimitExceeded, SnippetRuntimeError, code_generation
from .numerals import cn_digits, cn_number

__all__ = [
    "CachingSandbox",
    "LimitExceeded",
    "SnippetRuntimeError",
    "SecurityError",
    "TemplateSyntaxError",
    "UndefinedError",
    "environment",
    "explain",
    "is_literal",
    "parse",
    "render",
    "undeclared",
]


class CachingSandbox(BoundedSandbox):
    """A bounded sandbox that keeps compiled templates between runs (see ``cache``)."""

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        # Kept in memory and beside the program's byte code, never in the cache folder:
        # code read from there would be code anyone able to write that folder put there.
        if raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        from .cache import code_get, code_put

        options = (jinja2.__version__, type(self).__qualname__, type(self).__module__, self.autoescape,
                   self.trim_blocks, self.lstrip_blocks, self.keep_trailing_newline, name, filename,
                   code_generation())
        key = hashlib.sha1(repr(options).encode("utf-8") + source.encode("utf-8", "surrogatepass")).hexdigest()
        memo = self.__dict__.setdefault("_compiled_code", {})
        code = memo.get(key) or code_get(key)
        if code is None:
            code = super().compile(source, name, filename, raw, defer_init)
            code_put(key, code)
        if len(memo) >= 4096:  # a long run over many sources (lint) must not grow without bound
            memo.clear()
        memo[key] = code
        return code


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The shared environment for snippet texts, with the Chinese numeral filters."""
    env = CachingSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn"] = cn_number
    env.filters["cn_year"] = cn_digits
    return env


def is_literal(source: str) -> bool:
    """True if ``source`` has no Jinja syntax at all, so it renders as itself."""
    return "{" not in source


# Most snippets only substitute plain names (``{{ org }}``); those are filled in
# directly, which is the same text Jinja would give, without compiling a template.
_NAME = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@lru_cache(maxsize=4096)
def simple_names(source: str) -> tuple[str, ...] | None:
    """The names of a source made only of text and ``{{ name }}``; None for anything else."""
    if "{" in _NAME.sub("", source):
        return None
    return tuple(_NAME.findall(source))


_TOO_DEEP = "nested too deeply"


def parse(source: str) -> nodes.Template:
    """Parse a snippet source; raises ``TemplateSyntaxError`` with a line number."""
    try:
        return environment().parse(source)
    except RecursionError:  # (((((…))))) deeper than Python's parser can follow
        raise TemplateSyntaxError(_TOO_DEEP, 1) from None


def undeclared(source: str) -> set[str]:
    """The parameter names a snippet source reads from its context (nothing of it is evaluated)."""
    if is_literal(source):
        return set()
    names = simple_names(source)
    if names is not None:
        return set(names)
    reads = _Reads(frozenset(environment().globals))
    try:
        reads.block(parse(source).body, frozenset())
    except RecursionError:
        raise TemplateSyntaxError(_TOO_DEEP, 1) from None
    return reads.found


class _Reads:
    """The names a parsed template reads from its context, found by walking the tree.

    ``jinja2.meta.find_undeclared_variables`` runs the code generator, which folds
    constants (``10**5000``, ``"x" * 10**9``) as it goes; this walk only follows
    Jinja's scoping: loop variables, ``{% set %}``, macro arguments and ``{% with %}``
    names are local, globals such as ``range`` are not parameters.
    """

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self.found: set[str] = set()

    def expr(self, node: nodes.Node | None, bound: set[str] | frozenset[str]) -> None:
        # Expressions bind nothing in Jinja (no lambdas, no comprehensions): every Name is a read.
        if node is None:
            return
        for name in _within(node, nodes.Name):
            if name.ctx == "load":
                self.read(name.name, bound)

    def read(self, name: str, bound) -> None:
        if name not in bound and name not in self.known:
            self.found.add(name)

    def exprs(self, items, bound) -> None:
        for item in items:
            self.expr(item, bound)

    def target(self, node: nodes.Node, bound: set[str]) -> None:
        for ref in _within(node, nodes.NSRef):  # {% set ns.x = … %} reads ns
            self.read(ref.name, bound)
        bound.update(_stored(node))

    def block(self, body: list[nodes.Node], outer) -> set[str]:
        """Walk ``body`` in a scope that starts with ``outer``; the names bound at its end."""
        bound = set(outer)
        for node in body:
            self.stmt(node, bound)
        return bound

    def macro(self, node: nodes.Macro | nodes.CallBlock, bound: set[str]) -> None:
        self.exprs(node.defaults, bound)
        inner = bound | {a.name for a in node.args} | {"varargs", "kwargs", "caller"}
        self.block(node.body, inner)

    def stmt(self, node: nodes.Node, bound: set[str]) -> None:
        if isinstance(node, nodes.Output):
            self.exprs(node.nodes, bound)
        elif isinstance(node, nodes.For):
            self.expr(node.iter, bound)
            inner = bound | _stored(node.target) | {"loop"}
            self.expr(node.test, inner)
            self.block(node.body, inner)
            self.block(node.else_, bound)
        elif isinstance(node, nodes.If):
            # A name is set after an {% if %} only when every branch sets it; otherwise Jinja
            # reads it from the context on the branch that does not.
            branches = []
            self.expr(node.test, bound)
            branches.append(self.block(node.body, bound))
            for elif_ in node.elif_:
                self.expr(elif_.test, bound)
                branches.append(self.block(elif_.body, bound))
            branches.append(self.block(node.else_, bound))
            bound.update(set.intersection(*branches))
        elif isinstance(node, nodes.Assign):
            self.expr(node.node, bound)
            self.target(node.target, bound)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, bound)
            self.expr(node.filter, bound)
            self.target(node.target, bound)
        elif isinstance(node, nodes.Macro):
            bound.add(node.name)  # its body runs when it is called, after the definition
            self.macro(node, bound)
        elif isinstance(node, nodes.CallBlock):
            self.expr(node.call, bound)
            self.macro(node, bound)
        elif isinstance(node, nodes.With):
            self.exprs(node.values, bound)
            inner = set(bound)
            for target in node.targets:
                inner |= _stored(target)
            self.block(node.body, inner)
        elif isinstance(node, nodes.FilterBlock):
            self.expr(node.filter, bound)
            self.block(node.body, bound)
        elif isinstance(node, (nodes.Import, nodes.FromImport)):
            self.expr(node.template, bound)
            if isinstance(node, nodes.Import):
                bound.add(node.target)
            else:
                bound.update(n[1] if isinstance(n, tuple) else n for n in node.names)
        else:  # {% include %}, {% block %}, scopes and what extensions add
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, bound)
                else:
                    self.stmt(child, bound)


def _within(node: nodes.Node, kind: type) -> Iterator:
    """``node`` and the nodes under it that are of ``kind``."""
    if isinstance(node, kind):
        yield node
    yield from node.find_all(kind)


def _stored(node: nodes.Node) -> set[str]:
    return {n.name for n in _within(node, nodes.Name) if n.ctx in ("store", "param")}


@lru_cache(maxsize=4096)
def _compiled(source: str):
    return environment().from_string(source)


def render(source: str, params: dict) -> str:
    """Render a snippet source with ``params``; literal text is returned as it is."""
    if is_literal(source):
        return source
    if simple_names(source) is not None:
        def value(match: re.Match) -> str:
            name = match.group(1)
            if name not in params:
                raise UndefinedError(f"'{name}' is undefined")
            return str(params[name])

        return _NAME.sub(value, source)
    try:
        return _compiled(source).render(params)
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        exc.source_line = _failing_line(exc)  # the caller words these with the snippet's place
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a snippet does, it is the snippet's error
        error = unexpected(exc)
        error.source_line = _failing_line(exc)
        raise error from None


def _failing_line(exc: BaseException) -> int:
    """The line of the source a render failed on: Jinja's rewritten traceback names it; 1 if none does."""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line, tb = 1, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def source_line(exc: BaseException) -> int:
    """The line (1-based) of a snippet source that ``render`` failed on."""
    return getattr(exc, "source_line", 1)


def unexpected(exc: BaseException) -> SnippetRuntimeError:
    """A render failure that is not Jinja's own (recursion, memory, an assertion) in Chinese."""
    if isinstance(exc, RecursionError):
        return SnippetRuntimeError("模板嵌套或递归的层数过多")
    if isinstance(exc, MemoryError):
        return SnippetRuntimeError("渲染需要的内存过多")
    detail = str(exc)
    return SnippetRuntimeError(f"渲染时出错（{type(exc).__name__}{'：' + detail if detail else ''}）")


# -- syntax errors in the user's words -----------------------------------------

_TAG = re.compile(r"\{%-?\s*(\w+)")
_BLOCKS = ("if", "for", "macro", "call", "filter", "with", "block", "raw", "set")
_UNCLOSED = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_UNKNOWN = re.compile(r"Encountered unknown tag '(\w+)'")
_GOT = re.compile(r"got '([^']+)'")


def _line_of(source: str, pos: int) -> int:
    return source.count("\n", 0, pos) + 1


def _open_block(source: str, name: str) -> int | None:
    """Line of the last ``{% name %}`` left without its ``{% endname %}``."""
    stack: list[tuple[str, int]] = []
    for m in _TAG.finditer(source):
        tag = m.group(1)
        if tag in _BLOCKS:
            if tag == "set" and "=" in source[m.end():source.find("%}", m.end())]:
                continue  # {% set x = … %} has no end tag
            stack.append((tag, m.start()))
        elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
            stack.pop()
    for tag, pos in reversed(stack):
        if tag == name:
            return _line_of(source, pos)
    return None


def _open_print(source: str) -> int | None:
    """Line of the last ``{{`` that has no ``}}`` after it."""
    pos = source.rfind("{{")
    while pos >= 0:
        if "}}" not in source[pos + 2:source.find("{{", pos + 2) if source.find("{{", pos + 2) >= 0 else None]:
            return _line_of(source, pos)
        pos = source.rfind("{{", 0, pos)
    return None


def explain(exc: TemplateSyntaxError, source: str) -> tuple[str, int]:
    """A Chinese message for a Jinja syntax error and the line (1-based, in ``source``) to look at."""
    text = exc.message or ""
    line = exc.lineno or 1
    unclosed = _UNCLOSED.search(text)
    unknown = _UNKNOWN.search(text)
    if unknown:
        tag = unknown.group(1)
        if unclosed:
            block = unclosed.group(1)
            return (f"“{{% {tag} %}}”放错了位置：前面的“{{% {block} %}}”要先用“{{% end{block} %}}”结束", line)
        if tag.startswith("end") or tag in ("else", "elif"):
            return f"“{{% {tag} %}}”前面没有与之对应的开始标记", line
        return f"不认识的标记“{{% {tag} %}}”", line
    if unclosed:
        block = unclosed.group(1)
        opened = _open_block(source, block) or line
        return f"“{{% {block} %}}”没有对应的“{{% end{block} %}}”", opened
    if "end of print statement" in text and (opened := _open_print(source)):
        return "“{{”没有对应的“}}”", opened
    if text.startswith("unexpected '}'"):
        return "“}”多余或不配对：参数应当写成 {{ 参数名 }}", line
    if "Missing end of comment" in text:
        return "“{#”没有对应的“#}”", line
    if text.startswith("Expected an expression"):
        return "“{{ }}”或“{% %}”里缺少内容", line
    if "end of print statement" in text and (got := _GOT.search(text)):
        return f"“{{{{ }}}}”里多了“{got.group(1)}”：这里只写一个参数名，如 {{{{ year }}}}", line
    if text == _TOO_DEEP:
        return "括号或标记嵌套的层数过多", line
    if text.lower().startswith("unexpected end of template"):
        return "模板意外结束：可能缺少“}}”或“%}”", line
    return f"模板写法有误（{text}）", line
