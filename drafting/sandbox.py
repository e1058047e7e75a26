"""The Jinja environment snippet texts are written in: sandboxed and strict.

Snippet sources come from a shared repository that many people edit, so they are
rendered in a ``SandboxedEnvironment`` (no ``''.__class__.__mro__`` tricks) with
``StrictUndefined`` (a misspelt parameter stops the run instead of vanishing).
Snippets render to plain text, not markup: escaping for Word XML happens once, in
the renderer, so ``&`` and ``<`` are never escaped twice.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import jinja2
from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .numerals import cn_digits, cn_number

__all__ = [
    "CachingSandbox",
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


class CachingSandbox(SandboxedEnvironment):
    """A sandboxed environment that keeps compiled templates between runs (see ``cache``)."""

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        # Kept in memory and beside the program's byte code, never in the cache folder:
        # code read from there would be code anyone able to write that folder put there.
        if raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        from .cache import code_get, code_put

        options = (jinja2.__version__, type(self).__qualname__, type(self).__module__, self.autoescape,
                   self.trim_blocks, self.lstrip_blocks, self.keep_trailing_newline, name, filename)
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


def parse(source: str) -> nodes.Template:
    """Parse a snippet source; raises ``TemplateSyntaxError`` with a line number."""
    return environment().parse(source)


def undeclared(source: str) -> set[str]:
    """The parameter names a snippet source reads from its context."""
    if is_literal(source):
        return set()
    names = simple_names(source)
    if names is not None:
        return set(names)
    return meta.find_undeclared_variables(parse(source))


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
    return _compiled(source).render(params)


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
    if text.lower().startswith("unexpected end of template"):
        return "模板意外结束：可能缺少“}}”或“%}”", line
    return f"模板写法有误（{text}）", line
