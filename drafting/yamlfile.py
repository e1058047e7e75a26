"""Reading YAML with line numbers, for validation at the edge.

PyYAML's node tree keeps a mark on every node; ``Doc`` wraps a node with the file
it came from so that every value read through it can say where it stands
(``DataError`` with path and line). Duplicate keys, which PyYAML silently
resolves to the last one, are reported instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection, Iterable, Iterator

import yaml

from .errors import DataError, os_problem

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_constructor = yaml.constructor.SafeConstructor()
_NULL = "tag:yaml.org,2002:null"


def snippet_dumper() -> tuple[type, type]:
    """The YAML dumper library files are written with, and the list type it writes in brackets.

    Multi-line text as a ``|`` block, everything else plain; a ``Flow`` list (tags) as
    ``[a, b]``. ``draft ingest`` writes its candidates so, and the review queue writes
    an accepted entry the same way.
    """
    class Flow(list):
        pass

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    return Dumper, Flow


def read_text(path: Path) -> str:
    """A data file's text (UTF-8, with or without BOM); DataError if it is not readable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("找不到文件", path=path) from None
    except IsADirectoryError:
        raise DataError("这是一个文件夹，不是文件", path=path) from None
    except OSError as exc:
        raise DataError(f"无法读取文件：{os_problem(exc)}", path=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            "文件不是 UTF-8 编码", path=path, line=line, hint="请在编辑器中以 UTF-8 编码另存该文件。"
        ) from None


def load(path: Path, text: str | None = None) -> "Node":
    """Parse a YAML file into a ``Node``; syntax errors become ``DataError`` with the line."""
    if text is None:
        text = read_text(path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        message, line = _explain(exc, text)
        raise DataError(f"YAML 格式错误：{message}", path=path, line=line, hint=_YAML_HINT) from None
    except yaml.YAMLError as exc:
        raise DataError(f"YAML 格式错误（{exc}）", path=path, hint=_YAML_HINT) from None
    if root is None:
        raise DataError("文件是空的", path=path, line=1)
    return Node(root, path)


_YAML_HINT = "YAML 的写法：每行“键: 值”，冒号后有一个空格；用空格缩进（不能用 Tab），同一级对齐；值里有冒号、引号、# 等符号时，整个值用引号括起来。"

# Where PyYAML's problem_mark is not where the user has to look: a quote or a
# bracket left open is only noticed lines later (at the end of the file for a
# quote), so the context mark, where it was opened, is reported instead.
_OPENED = {
    "quoted scalar": "这一行的引号没有配对：从这里开始的引号一直到{where}都没有结束",
    "flow sequence": "这一行的方括号“[”没有配对的“]”",
    "flow mapping": "这一行的花括号“{”没有配对的“}”",
    "simple key": "这一行缺少“: ”：应当写成“键: 值”",
}


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """A Chinese message for a PyYAML syntax error, with the line the user should look at."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    for what, message in _OPENED.items():
        if what in context and "escape" not in problem:
            where = "文件末尾" if "end of stream" in problem else f"第 {line} 行"
            return message.format(where=where), opened
    char = _char_at(text, exc.problem_mark)
    if "tab" in problem or char == "\t":
        return "这一行有制表符（Tab）：YAML 只能用空格缩进", line
    if "cannot start any token" in problem:
        shown = f"“{char}”" if char and not char.isspace() else "这个符号"
        return f"值不能以{shown}开头：请把整个值用引号括起来", line
    if "mapping values are not allowed" in problem:
        return "这一行的冒号用得不对：值里有“: ”时请把整个值用引号括起来，或者检查缩进", line
    if "expected key" in problem or ("block end" in problem and "mapping" in context):
        return "这一行的缩进不对：同一级的键应当与上面对齐", line
    if "'-' indicator" in problem or ("block end" in problem and "collection" in context):
        return "这一行的缩进不对：列表的每一项应当以“- ”开头，并与上一项对齐", line
    if "alias" in problem or "alias" in context:
        return "值不能以“*”开头：请把整个值用引号括起来", line
    if "anchor" in context:
        return "值不能以“&”开头：请把整个值用引号括起来", line
    if "escape" in problem:
        return "双引号里有无法识别的“\\”转义：请改用单引号，或把“\\”写成“\\\\”", line
    if "single document" in context:
        return "文件中有第二个“---”：一个文件只能写一份内容", line
    if "block scalar" in context:
        return "“|”或“>”后面只能换行，正文写在下一行并缩进", line
    if "end of stream" in problem:
        return "文件意外结束：可能缺少引号、括号或缩进不对", line
    english = "，".join(x for x in (context, problem) if x)
    return f"无法识别的写法（{english}）", line


def _char_at(text: str, mark) -> str | None:
    if mark is None:
        return None
    lines = text.splitlines()
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return None


class Node:
    """A YAML node and its file: typed accessors that fail with file and line."""

    __slots__ = ("node", "path")

    def __init__(self, node: yaml.Node, path: Path) -> None:
        self.node = node
        self.path = path

    @property
    def line(self) -> int:
        """1-based line where the node starts."""
        return self.node.start_mark.line + 1

    @property
    def content_line(self) -> int:
        """1-based line of the node's first content line (block scalars start below ``|``)."""
        if isinstance(self.node, yaml.ScalarNode) and self.node.style in ("|", ">"):
            return self.line + 1
        return self.line

    def fail(self, message: str, **kw) -> DataError:
        """A ``DataError`` located at this node (to raise)."""
        return DataError(message, path=self.path, line=self.line, **kw)

    # -- containers --------------------------------------------------------

    def is_mapping(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    def is_sequence(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    def mapping(
        self,
        what: str,
        allowed: Collection[str] | None = None,
        *,
        required: Iterable[str] = (),
    ) -> dict[str, "Node"]:
        """The node as a mapping of key → value node; rejects duplicate, unknown and missing keys."""
        if not self.is_mapping():
            raise self.fail(f"{what}应当是“键: 值”的映射")
        out: dict[str, Node] = {}
        for key_node, value_node in self.node.value:
            key = Node(key_node, self.path)
            if not isinstance(key_node, yaml.ScalarNode):
                raise key.fail(f"{what}中的键应当是文字")
            name = str(key_node.value)
            if name in out:
                raise key.fail(f"{what}中的键“{name}”重复出现")
            if allowed is not None and name not in allowed:
                known = "、".join(sorted(allowed))
                raise key.fail(f"{what}中有未知的键“{name}”", hint=f"可用的键：{known}")
            out[name] = Node(value_node, self.path)
        for name in required:
            if name not in out:
                raise self.fail(f"{what}缺少“{name}”")
        return out

    def sequence(self, what: str) -> list["Node"]:
        """The node as a list of nodes."""
        if not self.is_sequence():
            raise self.fail(f"{what}应当是列表（每项以“- ”开头）")
        return [Node(n, self.path) for n in self.node.value]

    def items(self, what: str) -> Iterator["Node"]:
        """The node as a list, or a single scalar taken as a one-item list."""
        if self.is_sequence():
            yield from self.sequence(what)
        else:
            yield self

    # -- scalars -----------------------------------------------------------

    def _scalar(self, what: str):
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.fail(f"{what}应当是单个值，而不是列表或映射")
        try:
            return _constructor.construct_object(self.node)
        except (yaml.YAMLError, ValueError):
            # an unknown tag (!foo) or a tag its text does not fit (!!int abc)
            raise self.fail(f"{what}的写法无法识别：“{self.node.value}”") from None

    def is_null(self) -> bool:
        """Whether the value is left empty (or written ``null`` / ``~``)."""
        return isinstance(self.node, yaml.ScalarNode) and self.node.tag == _NULL

    def text(self, what: str, *, empty: bool = False) -> str:
        """A string value (numbers are accepted and turned into text)."""
        value = self._scalar(what)
        if value is None or isinstance(value, bool):
            if empty and value is None:
                return ""
            raise self.fail(f"{what}应当是文字")
        text = str(value).strip()
        if not text and not empty:
            raise self.fail(f"{what}不能为空")
        return text

    def integer(self, what: str, *, low: int | None = None, high: int | None = None) -> int:
        """A whole-number value, optionally within [low, high]."""
        value = self._scalar(what)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{what}应当是整数，而不是“{self.node.value}”")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(f"{what}应在 {low} 到 {high} 之间，而不是 {value}")
        return value

    def number(self, what: str, *, low: float, high: float) -> float:
        """A number (whole or decimal) within [low, high]."""
        value = self._scalar(what)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{what}应当是数字，而不是“{self.node.value}”")
        # written so that .nan fails too
        if not low <= value <= high:
            raise self.fail(f"{what}应在 {low:g} 到 {high:g} 之间，而不是 {value}")
        return float(value)

    def choice(self, what: str, options: Collection[str]) -> str:
        """A text value that must be one of ``options``."""
        value = self.text(what)
        if value not in options:
            raise self.fail(f"{what}应为 {'、'.join(options)} 之一，而不是“{value}”")
        return value

    def boolean(self, what: str) -> bool:
        """A true/false value."""
        value = self._scalar(what)
        if not isinstance(value, bool):
            raise self.fail(f"{what}应当是 true 或 false")
        return value

    def texts(self, what: str) -> tuple[str, ...]:
        """A list of strings (a single string counts as a list of one)."""
        return tuple(n.text(what) for n in self.items(what))
