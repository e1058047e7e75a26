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
    "is_literal",
    "parse",
    "render",
    "undeclared",
]


class CachingSandbox(SandboxedEnvironment):
    """A sandboxed environment that keeps compiled templates between runs (see ``cache``)."""

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        from .cache import code_get, code_put

        options = (jinja2.__version__, type(self).__qualname__, type(self).__module__, self.autoescape,
                   self.trim_blocks, self.lstrip_blocks, self.keep_trailing_newline, name, filename)
        key = hashlib.sha1(repr(options).encode("utf-8") + source.encode("utf-8")).hexdigest()
        code = code_get(key)
        if code is None:
            code = super().compile(source, name, filename, raw, defer_init)
            code_put(key, code)
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
