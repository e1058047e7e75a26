"""A library file as text: the entries of its ``snippets:`` list and their exact lines; cutting one out,
appending one (re-indented, in the file's own line breaks), writing an edited one in ``draft ingest``'s style.

Pure text in, text out: no file is read or written here (``read`` excepted, which
only reads). Line numbers follow PyYAML's marks, which count YAML's line breaks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DataError, InputError, os_problem
from ...yamlfile import snippet_dumper

# YAML's line breaks (PyYAML counts lines by these, so its marks agree with our line table).
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
#: The order of a snippet's keys when a new one is written (``draft ingest``'s, with the rest where they read best).
KEY_ORDER = ("id", "kind", "category", "genre", "since", "until", "lead", "body", "points", "tags", "note")


# -- reading -------------------------------------------------------------------------


def read(path: Path) -> tuple[str, bool]:
    """A library file's text (UTF-8) and whether it starts with a BOM (kept when it is written back)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("找不到文件（可能已被移走或删除）", path=path, hint="请刷新页面") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_problem(exc)}", path=path) from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8-sig"), bom
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError("文件不是 UTF-8 编码", path=path, line=line,
                        hint="请在编辑器中以 UTF-8 编码另存该文件。") from None


def digest(text: str) -> str:
    """A short fingerprint of a file's text: the page sends it back, so a file changed meanwhile is noticed."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _starts(text: str) -> list[int]:
    """The offset where each line starts (0-based lines, as PyYAML's marks count them)."""
    return [0] + [m.end() for m in _BREAK.finditer(text)]


def _line_of(starts: list[int], offset: int) -> int:
    """The 0-based line holding ``offset``."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _compose(text: str, path: Path):
    """The node tree of ``text`` (pure-Python parser: its marks count characters); errors in the library's words."""
    import yaml

    from ...yamlfile import load

    try:
        load(path, text)  # a syntax error, reported as the library reports it
    except DataError as exc:
        if exc.message == "文件是空的":  # nothing but comments
            return None
        raise
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _top(root, path: Path):
    import yaml

    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise DataError("文件的顶层不是逐行书写的“键: 值”映射，无法在页面上修改", path=path,
                        hint="请用文本编辑器修改这个文件")
    return root


def _snippets_pair(root):
    """The (key, value) nodes of ``snippets`` in the top mapping, or None."""
    import yaml

    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "snippets":
            return key, value
    return None


def _end(node) -> int:
    """The offset just after the last character a node's own text may end on (before comments and blank lines)."""
    import yaml

    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _end(node.value[-1])
    return node.end_mark.index


def _dash(text: str, node, path: Path) -> int:
    """The offset of the ``-`` that opens the list item ``node``."""
    i = node.start_mark.index - 1
    while i >= 0 and text[i] in " \t\r\n\x85\u2028\u2029":
        i -= 1
    if i < 0 or text[i] != "-":
        raise DataError("无法确定这一条在文件中的位置（“- ”后面紧跟着注释？）", path=path,
                        line=node.start_mark.line + 1, hint="请用文本编辑器修改这个文件")
    return i


@dataclass(frozen=True)
class Entry:
    """One item of a file's ``snippets:`` list: what it says, and exactly which lines of the file it is."""

    index: int
    fields: dict = field(compare=False)
    #: 1-based line of its ``-``
    line: int
    #: offsets of its whole lines: from the start of the ``-`` line to the end of its last line
    start: int
    end: int
    #: the column of its ``-``
    column: int

    @property
    def id(self) -> str:
        return str(self.fields.get("id", ""))


def _spans(text: str, path: Path, root) -> list[tuple[int, int, int, int]]:
    """(start, end, column, line) of each item of the ``snippets:`` list."""
    import yaml

    pair = _snippets_pair(_top(root, path))
    if pair is None or (isinstance(pair[1], yaml.ScalarNode) and pair[1].tag.endswith(":null")):
        return []
    seq = pair[1]
    if not isinstance(seq, yaml.SequenceNode):
        raise DataError("snippets 应当是列表（每项以“- ”开头）", path=path, line=seq.start_mark.line + 1)
    if seq.flow_style:
        if not seq.value:
            return []
        raise DataError("snippets 写成了方括号列表，无法在页面上逐条处理", path=path,
                        line=seq.start_mark.line + 1, hint="请用文本编辑器把它改成每项以“- ”开头的列表")
    starts = _starts(text)
    out = []
    for item in seq.value:
        dash = _dash(text, item, path)
        first = _line_of(starts, dash)
        last_char = _end(item) - 1
        while last_char > dash and text[last_char] in " \t\r\n\x85\u2028\u2029":
            last_char -= 1
        last = _line_of(starts, last_char)
        end = starts[last + 1] if last + 1 < len(starts) else len(text)
        out.append((starts[first], end, dash - starts[first], first + 1))
    return out


def entries(text: str, path: Path) -> tuple[Entry, ...]:
    """The items of the file's ``snippets:`` list, each with its lines; DataError (file, line) if it cannot be read."""
    import yaml

    root = _compose(text, path)
    if root is None:
        return ()
    spans = _spans(text, path, root)
    data = yaml.safe_load(text) or {}
    values = data.get("snippets") or []
    out = []
    for n, ((start, end, column, line), value) in enumerate(zip(spans, values)):
        if not isinstance(value, dict):
            raise DataError("这一条不是“键: 值”的映射", path=path, line=line)
        out.append(Entry(n, value, line, start, end, column))
    return tuple(out)


# -- splicing ---------------------------------------------------------------------------------------


def _is_blank(line: str) -> bool:
    return not line.strip()


def _line_at(text: str, starts: list[int], n: int) -> str | None:
    """Line ``n`` (0-based) of ``text``, or None outside the text."""
    if n < 0 or n >= len(starts) or (n == len(starts) - 1 and starts[n] == len(text)):
        return None
    end = starts[n + 1] if n + 1 < len(starts) else len(text)
    return text[starts[n]:end]


def cut(text: str, entry: Entry) -> str:
    """``text`` without ``entry``'s lines; a blank line left doubled (or trailing) by the cut goes too."""
    starts = _starts(text)
    first = _line_of(starts, entry.start)
    before, after = text[:entry.start], text[entry.end:]
    prev = _line_at(text, starts, first - 1)
    nxt = after.split("\n", 1)[0] if after else None
    if prev is not None and _is_blank(prev) and (nxt is None or _is_blank(nxt)):
        before = before[: len(before) - len(prev)]
    return before + after


def _lines(block: str) -> list[str]:
    """The lines of ``block``, each without its line break."""
    parts = _BREAK.split(block)
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def reindented(block: str, by: int, newline: str) -> str:
    """``block`` with every line indented ``by`` more columns (fewer if negative), ending in ``newline``."""
    out = []
    for line in _lines(block):
        if _is_blank(line):
            out.append("")
        elif by >= 0:
            out.append(" " * by + line)
        else:
            strip = min(-by, len(line) - len(line.lstrip(" ")))
            out.append(line[strip:])
    return "".join(line + newline for line in out)


def dumped(fields: dict) -> str:
    """A snippet mapping as one list item at column 0, in ``draft ingest``'s style (tags in brackets)."""
    import yaml

    Dumper, Flow = snippet_dumper()
    value = {k: (Flow(v) if k == "tags" and isinstance(v, (list, tuple)) else v) for k, v in fields.items()}
    return yaml.dump([value], Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, indent=2)


def _scalar_line(key: str, value: str) -> str:
    """``key: value`` as YAML writes it (quoted where the value needs it), without the line break."""
    import yaml

    Dumper, _ = snippet_dumper()
    return yaml.dump({key: value}, Dumper=Dumper, allow_unicode=True, width=1_000_000).rstrip("\n")


def edited(fields: dict, changes: dict) -> dict:
    """``fields`` with ``changes`` applied (None removes a key); new keys take their place in ``KEY_ORDER``."""
    out = dict(fields)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    known = [k for k in fields if k in out]
    added = [k for k in KEY_ORDER if k in out and k not in fields]
    order = list(known)
    for k in added:  # after the last key that comes before it in KEY_ORDER
        rank = KEY_ORDER.index(k)
        at = 0
        for i, other in enumerate(order):
            if other in KEY_ORDER and KEY_ORDER.index(other) < rank:
                at = i + 1
        order.insert(at, k)
    return {k: out[k] for k in order}


def append(text: str | None, category: str, block: str) -> tuple[str, int]:
    """The category file's text with the list item ``block`` (at column 0) appended to its ``snippets:`` list.

    ``text`` None: a new file, with a ``category:`` header. The line the item
    starts on in the result (1-based) comes second.
    """
    if text is None:
        nl = "\n"
        head = (f"# {category}：本单位的素材（在起草工具的素材库页面从待审核中收入）。{nl}"
                f"{_scalar_line('category', category)}{nl}snippets:{nl}{nl}")
        return head + reindented(block, 2, nl), head.count("\n") + 1
    import yaml

    path = Path(f"{category}.yaml")
    nl = _newline(text)
    root = _compose(text, path)
    if root is None:  # only comments: a snippets list below them
        before = text if not text or text.endswith(("\n", "\r")) else text + nl
        before += f"{_scalar_line('category', category)}{nl}snippets:{nl}{nl}"
        return before + reindented(block, 2, nl), _starts_count(before) + 1
    root = _top(root, path)
    starts = _starts(text)
    pair = _snippets_pair(root)
    if pair is None:
        before = text if text.endswith(("\n", "\r")) else text + nl
        before += f"snippets:{nl}{nl}"
        return before + reindented(block, 2, nl), _starts_count(before) + 1
    key, value = pair
    spans = _spans(text, path, root)
    if spans:
        start, end, column, line = spans[-1]
        gap = _line_at(text, starts, line - 2)
        blank = gap is not None and _is_blank(gap)
        before, after = text[:end], text[end:]
        if not before.endswith(("\n", "\r")):
            before += nl
        before += nl if blank else ""
        return before + reindented(block, column, nl) + after, _starts_count(before) + 1
    # an empty list: ``snippets:`` alone, or ``snippets: []``
    if isinstance(value, yaml.SequenceNode):
        text = text[:value.start_mark.index] + text[value.end_mark.index:]
        starts = _starts(text)
    key_line = key.start_mark.line
    end = starts[key_line + 1] if key_line + 1 < len(starts) else len(text)
    before, after = text[:end], text[end:]
    if not before.endswith(("\n", "\r")):
        before += nl
    before += nl
    return before + reindented(block, key.start_mark.column + 2, nl) + after, _starts_count(before) + 1


def _starts_count(text: str) -> int:
    """How many lines ``text`` (ending in a line break) holds."""
    return len(_starts(text)) - 1
