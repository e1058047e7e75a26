"""The bounds snippet texts and Word templates are rendered within.

A shared snippet repository is edited by many people, and one expression such as
``{{ 10**5000 }}`` or ``{{ "x" * 10**9 }}`` must not stop every command, fill the
machine's memory or run until it is killed. ``BoundedSandbox`` checks each operation
that can make a value large *before* it makes it (``*``, ``**``, ``+``, ``%``,
``range()``, ``lipsum()``, the widening filters and string methods), counts the loop
iterations, macro calls and characters of one render, and stops it with
``LimitExceeded``, whose Chinese message says which bound was crossed. The bounds are
far beyond any office text, and a render within them gives exactly the text it gave
before. Invalid filter arguments (``truncate(-1)``, ``wordwrap(0)``) are refused the
same way, with a message instead of an assertion.
"""

from __future__ import annotations

import hashlib
import math
import re
import string
from dataclasses import dataclass
from functools import lru_cache, update_wrapper
from pathlib import Path
from typing import Any, Callable

from jinja2 import nodes, pass_context
from jinja2.exceptions import TemplateRuntimeError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace, generate_lorem_ipsum

__all__ = ["BoundedSandbox", "LimitExceeded", "Limits", "SnippetRuntimeError", "code_generation"]


class SnippetRuntimeError(TemplateRuntimeError):
    """A render stopped for a reason put in the user's words (``message`` is Chinese)."""


class LimitExceeded(SnippetRuntimeError):
    """A render crossed one of the ``Limits``."""


@dataclass(frozen=True)
class Limits:
    """How far one render may go; ``where`` names what is rendered in the messages (片段, 模板)."""

    where: str = "片段"
    digits: int = 100  # digits of any number computed
    text: int = 20_000  # characters (or items) of any one value
    output: int = 100_000  # characters printed by one render, loop bodies' text included
    loops: int = 10_000  # loop iterations of one render, and the length of a range()
    depth: int = 20  # macro calls inside one another
    calls: int = 10_000  # macro calls of one render


class _Budget:
    """What one render has used so far; kept on its evaluation context."""

    __slots__ = ("loops", "calls", "depth", "output")

    def __init__(self) -> None:
        self.loops = self.calls = self.depth = self.output = 0


def _budget(context) -> _Budget:
    eval_ctx = context.eval_ctx
    budget = getattr(eval_ctx, "draft_budget", None)
    if budget is None:
        budget = eval_ctx.draft_budget = _Budget()
    return budget


# -- the checks, each before the value is made ---------------------------------------


def _too_many_digits(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"{limits.where}中的计算结果过大（超过 {limits.digits} 位）")


def _too_long(limits: Limits, value: object = "", what: str = "") -> LimitExceeded:
    unit = "项" if isinstance(value, (list, tuple, dict, set)) else "字"
    thing = "列表" if unit == "项" else "文字"
    what = f" {what} " if what else ""
    return LimitExceeded(f"{limits.where}中{what}生成的{thing}过长（超过 {limits.text} {unit}）")


def _too_wide(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"{limits.where}中的格式宽度过大（超过 {limits.text} 字）")


def _log10(n: int) -> float:
    return math.log10(abs(n)) if n else 0.0


def _sized(limits: Limits, value: Any, what: str = "") -> Any:
    """``value``, unless it is a text or collection longer than the bound."""
    if isinstance(value, (str, list, tuple, dict, set)) and len(value) > limits.text:
        raise _too_long(limits, value, what)
    return value


def _check_binop(limits: Limits, op: str, left: Any, right: Any) -> None:
    ints = isinstance(left, int) and isinstance(right, int)
    if op == "**":
        if ints and right > 0 and abs(left) > 1 and right * _log10(left) >= limits.digits:
            raise _too_many_digits(limits)
    elif op == "*":
        if ints:
            if left and right and _log10(left) + _log10(right) >= limits.digits:
                raise _too_many_digits(limits)
        elif isinstance(right, int) and hasattr(left, "__len__"):
            if len(left) * right > limits.text:
                raise _too_long(limits, left)
        elif isinstance(left, int) and hasattr(right, "__len__"):
            if len(right) * left > limits.text:
                raise _too_long(limits, right)
    elif op == "+":
        if not ints and hasattr(left, "__len__") and hasattr(right, "__len__"):
            if len(left) + len(right) > limits.text:
                raise _too_long(limits, left)
    elif op == "%" and isinstance(left, str):
        _check_printf(limits, left, right)


# %-formatting: a width or precision makes a text of that many characters.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_printf(limits: Limits, fmt: str, values: Any) -> None:
    starred = False
    for m in _PRINTF.finditer(fmt):
        for part in m.groups():
            if part == "*":
                starred = True
            elif part and int(part) > limits.text:
                raise _too_wide(limits)
    if starred:
        given = values if isinstance(values, tuple) else (values,)
        if any(isinstance(v, int) and v > limits.text for v in given):
            raise _too_wide(limits)


def _check_str_format(limits: Limits, fmt: str, args: tuple, kwargs: dict) -> None:
    """``str.format``: the widths and precisions of its fields, nested ones from the arguments."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format reports the mistake itself
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if any(int(n) > limits.text for n in re.findall(r"\d+", spec)):
            raise _too_wide(limits)
        if "{" in spec and any(isinstance(v, int) and v > limits.text for v in (*args, *kwargs.values())):
            raise _too_wide(limits)


def _replaced_length(s: str, old: str, new: str, count: int | None) -> int:
    times = len(s) + 1 if old == "" else s.count(old)
    if count is not None and 0 <= count < times:
        times = count
    return len(s) + times * (len(new) - len(old))


def _joined_length(items: list, sep: str) -> int:
    size = sum(len(x) if isinstance(x, str) else len(str(x)) for x in items)
    return size + len(sep) * max(len(items) - 1, 0)


def _check_method(limits: Limits, method: Any, args: tuple, kwargs: dict) -> None:
    """Methods of a text that make one longer than themselves: widths, tabs, replace, join, format."""
    target = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(target, "__name__", "")
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        width = first if first is not None else kwargs.get("width")
        if isinstance(width, int) and width > limits.text:
            raise _too_long(limits, owner, f"{name}()")
    elif name == "expandtabs":
        tab = first if first is not None else kwargs.get("tabsize", 8)
        if isinstance(tab, int) and len(owner) * max(tab, 1) > limits.text:
            raise _too_long(limits, owner, "expandtabs()")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = args[2] if len(args) > 2 else kwargs.get("count")
        if _replaced_length(owner, args[0], args[1], count if isinstance(count, int) else None) > limits.text:
            raise _too_long(limits, owner, "replace()")
    elif name == "join" and first is not None and hasattr(first, "__len__"):
        if isinstance(first, (list, tuple)) and _joined_length(list(first), owner) > limits.text:
            raise _too_long(limits, owner, "join()")
    elif name in ("format", "format_map"):
        _check_str_format(limits, owner, args, kwargs if name == "format" else
                          first if isinstance(first, dict) else {})


# -- filters and globals that can make large values ------------------------------------------


def _guarded(original: Callable, check: Callable) -> Callable:
    """``original`` with ``check`` run on its arguments first (those after the one Jinja passes)."""
    skip = 1 if hasattr(original, "jinja_pass_arg") else 0

    def guarded(*args, **kwargs):
        check(*args[skip:], **kwargs)
        return original(*args, **kwargs)

    update_wrapper(guarded, original)
    return guarded


def _bounded_filters(env: SandboxedEnvironment, limits: Limits) -> dict[str, Callable]:
    filters = env.filters

    def invalid(message: str) -> SnippetRuntimeError:
        return SnippetRuntimeError(f"{limits.where}中 {message}")

    def center(value, width=80):
        if isinstance(width, int) and width > limits.text:
            raise _too_long(limits, "", "center")

    def indent(s, width=4, first=False, blank=False):
        w = width if isinstance(width, int) else len(str(width))
        s = str(s)
        if len(s) + (s.count("\n") + 1) * max(w, 0) > limits.text:
            raise _too_long(limits, "", "indent")

    def wordwrap(s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
        if not isinstance(width, int) or width < 1:
            raise invalid(f"wordwrap 的宽度应当是大于 0 的整数，而不是 {width!r}")
        s = str(s)
        wrap = len(wrapstring) if isinstance(wrapstring, str) else 1
        if len(s) + (len(s) // width + s.count("\n") + 1) * wrap > limits.text:
            raise _too_long(limits, "", "wordwrap")

    def truncate(s, length=255, killwords=False, end="...", leeway=None):
        if not isinstance(length, int) or length < len(str(end)):
            raise invalid(f"truncate 的长度应当不小于省略号“{end}”的长度，而不是 {length!r}")
        if leeway is not None and (not isinstance(leeway, int) or leeway < 0):
            raise invalid(f"truncate 的 leeway 应当是不小于 0 的整数，而不是 {leeway!r}")

    def replace(s, old, new, count=None):
        if _replaced_length(str(s), str(old), str(new), count if isinstance(count, int) else None) > limits.text:
            raise _too_long(limits, "", "replace")

    def printf(value, *args, **kwargs):
        if isinstance(value, str):
            _check_printf(limits, value, kwargs or args)

    def batch(value, linecount, fill_with=None):
        if fill_with is not None and isinstance(linecount, int) and linecount > limits.text:
            raise _too_long(limits, [], "batch")

    def slice_(value, slices, fill_with=None):
        if isinstance(slices, int) and slices > limits.text:
            raise _too_long(limits, [], "slice")

    original_join = filters["join"]

    def join(eval_ctx, value, d="", attribute=None):
        if attribute is None and not isinstance(value, str):
            value = list(value)
            if _joined_length(value, str(d)) > limits.text:
                raise _too_long(limits, "", "join")
        return original_join(eval_ctx, value, d, attribute)

    join.jinja_pass_arg = original_join.jinja_pass_arg
    out = {name: _guarded(filters[name], check) for name, check in (
        ("center", center), ("indent", indent), ("wordwrap", wordwrap), ("truncate", truncate),
        ("replace", replace), ("format", printf), ("batch", batch), ("slice", slice_))}
    out["join"] = join

    @pass_context
    def loop(context, iterable, weight=0):
        # Every {% for %} iterates through this (see _count_loops); ``weight`` is the
        # literal text of the loop body, printed once per iteration.
        budget = _budget(context)
        for item in iterable:
            budget.loops += 1
            if budget.loops > limits.loops:
                raise LimitExceeded(f"{limits.where}中的循环次数超过上限（{limits.loops} 次）")
            budget.output += weight
            if budget.output > limits.output:
                raise _too_much_output(limits)
            yield item

    out[_LOOP_FILTER] = loop
    return out


def _too_much_output(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"{limits.where}渲染出的文字过长（超过 {limits.output} 字）")


def _bounded_globals(limits: Limits) -> dict[str, Any]:
    def bounded_range(*args):
        rng = range(*args)
        if len(rng) > limits.loops:
            raise LimitExceeded(f"{limits.where}中 range() 的范围过大（超过 {limits.loops} 个数）")
        return rng

    def lipsum(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja's own parameter names
        if isinstance(n, int) and isinstance(max, int) and n * max * 12 > limits.text:
            raise _too_long(limits, "", "lipsum()")
        return generate_lorem_ipsum(n, html, min, max)

    class BoundedNamespace(Namespace):
        """``namespace()``, whose attributes cannot grow past the bound ({% set ns.x = ns.x ~ ns.x %})."""

        def __setitem__(self, name, value):
            Namespace.__setitem__(self, name, _sized(limits, value))

    return {"range": bounded_range, "lipsum": lipsum, "namespace": BoundedNamespace}


# -- loops: every {% for %} counts its iterations ----------------------------------------

_LOOP_FILTER = "_bounded_loop"


def _literal_size(body: list[nodes.Node]) -> int:
    """Characters of template text in ``body``, outside the loops and macros it holds."""
    size = 0
    stack: list[nodes.Node] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            size += len(node.data)
        elif not isinstance(node, (nodes.For, nodes.Macro, nodes.CallBlock)):
            stack.extend(node.iter_child_nodes())
    return size


def _count_loops(template: nodes.Template, env: SandboxedEnvironment) -> None:
    """Make every loop of ``template`` iterate through the counting filter."""
    for loop in template.find_all(nodes.For):
        counted = nodes.Filter(loop.iter, _LOOP_FILTER, [nodes.Const(_literal_size(loop.body))],
                               [], None, None, lineno=loop.iter.lineno)
        counted.set_environment(env)
        loop.iter = counted


@lru_cache(maxsize=1)
def code_generation() -> str:
    """A digest of this module, which shapes the code Jinja generates: it keys the compiled-code cache."""
    try:
        return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
    except OSError:  # running from an archive: no cache would be wrong, so key by the package version
        from . import __version__

        return __version__


# -- the environment ------------------------------------------------------------------


class BoundedSandbox(SandboxedEnvironment):
    """A sandbox whose renders stay within ``limits`` (class attribute; subclasses set their own)."""

    limits = Limits()
    intercepted_binops = frozenset(("*", "**", "+", "%"))

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._printed, **options)
        self.filters.update(_bounded_filters(self, self.limits))
        self.globals.update(_bounded_globals(self.limits))

    def _generate(self, source, name, filename, defer_init=False):
        _count_loops(source, self)
        return super()._generate(source, name, filename, defer_init=defer_init)

    @pass_context
    def _printed(self, context, value):
        # Every {{ … }}, at the top, in macros and in {% set %} blocks alike, is charged to the budget.
        budget = _budget(context)
        size = len(value) if isinstance(value, str) else len(str(value))
        if size > self.limits.text:
            raise _too_long(self.limits)
        budget.output += size
        if budget.output > self.limits.output:
            raise _too_much_output(self.limits)
        return value

    def call_binop(self, context, operator_: str, left: Any, right: Any) -> Any:
        """``left operator right`` for ``*``, ``**``, ``+`` and ``%``, refused before a too large result."""
        _check_binop(self.limits, operator_, left, right)
        return _sized(self.limits, self.binop_table[operator_](left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's signature
        """Every call a template makes: macros counted and nested no deeper than the bound, methods checked."""
        limits = __self.limits
        for value in (*args, *kwargs.values()):
            _sized(limits, value)
        if isinstance(__obj, (Macro, LoopContext)):
            budget = _budget(__context)
            budget.calls += 1
            if budget.calls > limits.calls:
                raise LimitExceeded(f"{limits.where}中的宏调用次数超过上限（{limits.calls} 次）")
            budget.depth += 1
            try:
                if budget.depth > limits.depth:
                    raise LimitExceeded(
                        f"{limits.where}中的宏嵌套调用超过上限（{limits.depth} 层），可能是宏调用了它自己")
                return _sized(limits, super().call(__context, __obj, *args, **kwargs))
            finally:
                budget.depth -= 1
        _check_method(limits, __obj, args, kwargs)
        result = _sized(limits, super().call(__context, __obj, *args, **kwargs))
        receiver = getattr(__obj, "__self__", None)
        if isinstance(receiver, (list, dict, set)):
            _sized(limits, receiver)  # list.extend and friends grow their list in place
        return result

