"""A change to the unit's library: accepting an entry (the category file and the review file) or discarding
one (the review file), prepared as new texts, validated as the CLI validates the library, then written.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DataError, DraftError, InputError, OutputError, os_problem
from ...library import REVIEW_FOLDER
from .splice import Entry, _newline, reindented, append, cut, digest, dumped, edited, entries, read

if TYPE_CHECKING:
    from ...lint import Problem

#: Held around read → validate → write, so two requests never splice the same files at once.
LOCK = threading.Lock()
#: Characters a category may not hold: it names the file the snippet is filed in.
_UNSAFE_CATEGORY = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])$", re.I)


# -- a change ---------------------------------------------------------------------------------------


class Refused(DataError):
    """The change would break the library: nothing was written. ``problems`` are the errors, located."""

    def __init__(self, message: str, problems: tuple[Problem, ...], **kw) -> None:
        super().__init__(message, **kw)
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """What accepting or discarding an entry writes: each file's new text (``review_text`` None: removed)."""

    review: Path
    review_text: str | None
    review_bom: bool
    entry_id: str
    #: the category file and its new text (None for a discard)
    target: Path | None = None
    target_text: str | None = None
    target_bom: bool = False
    #: the line the accepted entry starts on in the category file
    line: int | None = None
    #: how many entries the review file keeps
    left: int = 0


def _picked(review: Path, index: int, seen: str) -> tuple[str, bool, tuple[Entry, ...], Entry]:
    text, bom = read(review)
    if digest(text) != seen:
        raise InputError("待审核文件在打开页面之后被修改过（可能在编辑器或另一个窗口中），这次没有改动任何文件",
                         path=review, hint="请刷新页面，看到最新的内容后再操作")
    found = entries(text, review)
    if not 0 <= index < len(found):
        raise InputError("待审核文件中没有这一条（可能已经处理过）", path=review, hint="请刷新页面")
    return text, bom, found, found[index]


def _rest(text: str, found: tuple[Entry, ...], entry: Entry, review: Path) -> str | None:
    """The review file without ``entry``, checked: the other entries read as before. None: none left."""
    if len(found) == 1:
        import yaml

        others = set(yaml.safe_load(text) or {}) - {"snippets", "category"}
        if others:  # the file holds more than candidates: removing it would lose that
            raise DataError(f"这是待审核文件中的最后一条，但文件中还有 {'、'.join(sorted(others))}，"
                            "不能在页面上删除这个文件", path=review, line=entry.line,
                            hint="请用文本编辑器处理这个文件")
        return None
    rest = cut(text, entry)
    kept = entries(rest, review)
    if [e.fields for e in kept] != [e.fields for e in found if e.index != entry.index]:
        raise DataError("无法从待审核文件中干净地取出这一条，没有改动任何文件", path=review, line=entry.line,
                        hint="请用文本编辑器处理这个文件")
    return rest


def category_file(folder: Path, category: str) -> Path:
    """``folder/<category>.yaml``, the file entries of ``category`` are filed in; refused if the name cannot be a file's."""
    name = category.strip()
    if not name:
        raise InputError("请填写类别（category）")
    bad = _UNSAFE_CATEGORY.search(name)
    if bad or name.startswith(".") or _RESERVED.match(name) or len(name) > 40:
        raise InputError(f"类别“{name}”不能作为文件名" + (f"（含有“{bad[0]}”）" if bad and bad[0].isprintable() else ""),
                         hint="类别是收入的文件名（类别.yaml），请不要用 \\ / : * ? \" < > | 等符号，也不要太长")
    path = folder / f"{name}.yaml"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InputError("这个类别的素材文件不是普通文件，不能在页面上修改", path=path)
    return path


def prepare_accept(review: Path, index: int, seen: str, folder: Path, changes: dict | None = None) -> Change:
    """The change that files entry ``index`` of ``review`` (with ``changes``) into ``folder``'s category file.

    ``seen`` is the fingerprint of the review file the page showed. Nothing is written.
    """
    from ...resources import bundled

    if folder.resolve() == bundled("snippets").resolve():
        raise InputError("内置素材库是只读的，不能把素材收入其中", path=folder,
                         hint="请在 draft.yaml 的 library: 中写本单位自己的素材库目录")
    text, bom, found, entry = _picked(review, index, seen)
    fields = edited(entry.fields, changes or {})
    if not fields.get("category") and _default_category(text):  # filed elsewhere, it says where it belongs
        fields = edited(fields, {"category": _default_category(text)})
    if fields == entry.fields and list(fields) == list(entry.fields):  # as it was: its own lines, comments and all
        block = reindented(text[entry.start:entry.end], -entry.column, _newline(text))
    else:
        block = dumped(fields)
    category = str(fields.get("category") or "").strip()
    target = category_file(folder, category)
    if target.exists():
        old, target_bom = read(target)
        before = entries(old, target)
    else:
        old, target_bom, before = None, False, ()
    new, line = append(old, category, block)
    after = entries(new, target)
    moved = [e for e in after if e.line == line]
    if [e.fields for e in after if e.line != line] != [e.fields for e in before] or \
            len(moved) != 1 or moved[0].fields != fields:
        raise DataError("无法把这一条干净地加到素材文件末尾，没有改动任何文件", path=target,
                        hint="请用文本编辑器检查这个文件的 snippets: 列表")
    return Change(review, _rest(text, found, entry, review), bom, str(fields.get("id", "")), target, new,
                  target_bom, line, len(found) - 1)


def _default_category(text: str) -> str | None:
    """The review file's own ``category:``, which its entries without one belong to."""
    import yaml

    value = (yaml.safe_load(text) or {}).get("category")
    return str(value) if value else None


def prepare_discard(review: Path, index: int, seen: str) -> Change:
    """The change that removes entry ``index`` from ``review``. Nothing is written."""
    text, bom, found, entry = _picked(review, index, seen)
    return Change(review, _rest(text, found, entry, review), bom, entry.id, left=len(found) - 1)


# -- validating and writing -----------------------------------------------------------------------------


def _copyable(folder: str, names: list[str]) -> set[str]:
    """What ``copytree`` leaves out of a library's copy: hidden things, the review folder, files other than YAML."""
    skip = set()
    for name in names:
        p = Path(folder) / name
        if name.startswith(".") or name == REVIEW_FOLDER:
            skip.add(name)
        elif not p.is_dir() and p.suffix.lower() not in (".yaml", ".yml"):
            skip.add(name)
    return skip


def _moved(exc: DraftError, copy: Path, folder: Path) -> DraftError:
    """``exc`` about the temporary copy, told about the library folder itself."""
    def real(text: str | None) -> str | None:
        return text.replace(str(copy), str(folder)) if text else text

    return DataError(real(exc.message) or "", path=real(exc.path), line=exc.line, snippet=exc.snippet,
                     hint=real(exc.hint))


def validate(change: Change, folder: Path, folders: tuple[Path, ...]) -> tuple[Problem, ...]:
    """Check ``change`` before it is written; the warnings about the accepted entry, or ``Refused``.

    ``folder`` is the library folder the category file is in; ``folders`` are
    the unit's library folders in the order ``draft plan`` lays them over the
    bundled one (``folder`` among them).
    """
    from ... import cache
    from ...library import load_library, parse_file
    from ...lint import Problem, lint

    with tempfile.TemporaryDirectory(prefix="draft-review-") as tmp:
        if change.review_text is not None:
            check = Path(tmp) / REVIEW_FOLDER / change.review.name
            check.parent.mkdir()
            check.write_bytes(_encoded(change.review_text, change.review_bom))
            try:
                parse_file(check)
            except DraftError as exc:
                # refused only if the cut broke it: a file broken before stays the reviewer's to mend
                if _parses(check, change.review):
                    raise _moved(exc, check.parent, change.review.parent) from None
        if change.target is None:
            return ()
        copy = Path(tmp) / "library"
        try:
            if folder.is_dir():
                shutil.copytree(folder, copy, ignore=_copyable, symlinks=False)
            else:
                copy.mkdir()
            placed = copy / change.target.relative_to(folder)
            placed.write_bytes(_encoded(change.target_text, change.target_bom))
        except OSError as exc:
            raise OutputError(f"无法在临时文件夹中检查素材库：{os_problem(exc)}", path=tmp) from None
        try:
            report = lint(copy)
            errors = [Problem(_moved(p.error, copy, folder), p.code, p.severity) for p in report.errors]
            warnings = tuple(Problem(_moved(p.error, copy, folder), p.code, p.severity) for p in report.warnings
                             if p.error.snippet == change.entry_id)
            if not errors:
                errors = _collisions(change, folder, folders, copy, load_library)
        finally:
            cache.forget(copy)
    if errors:
        raise Refused(f"这样收入后素材库会有 {len(errors)} 个错误，所以没有收入，待审核文件和素材文件都没有改动",
                      tuple(errors),
                      hint="请按上面列出的问题修改这一条再收入（例如改正模板写法、换一个 id，或用“适用年份”"
                           "限定过时提法的年份）；行号是收入后文件中的行号。如果问题不在这一条，请先修正素材库文件。")
    return warnings


def _collisions(change: Change, folder: Path, folders: tuple[Path, ...], copy: Path, load_library) -> list:
    """Errors of the unit's library as ``draft plan`` loads it with the change; an id taken elsewhere is one."""
    from ...lint import ERROR, Problem

    others = tuple(f for f in folders if f.resolve() != folder.resolve())
    laid = tuple(copy if f.resolve() == folder.resolve() else f for f in folders)
    try:
        load_library(laid if copy in laid else laid + (copy,))
        rest = load_library(others)
    except DraftError as exc:
        return [Problem(_moved(exc, copy, folder), "schema", ERROR)]
    taken = rest.get(change.entry_id)
    if taken is None:
        return []
    where = str(taken.origin) if taken.origin else "内置素材库"
    return [Problem(DataError(f"片段 id“{change.entry_id}”已被素材库中的另一个片段使用（{where}），"
                              "收入后会替换掉那个片段", path=change.target, line=change.line,
                              snippet=change.entry_id, hint="请换一个 id"), "duplicate-id", ERROR)]


def _parses(scratch: Path, review: Path) -> bool:
    """Whether the review file as it is now reads as the library reads it (checked at ``scratch``)."""
    from ...library import parse_file

    try:
        scratch.write_bytes(review.read_bytes())
        parse_file(scratch)
    except (OSError, DraftError):
        return False
    return True


def _encoded(text: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def commit(change: Change) -> None:
    """Write a validated change: the category file first, then the review file (removed when it has no entry left)."""
    from ...output import write_file

    if change.target is not None and change.target_text is not None:
        data = _encoded(change.target_text, change.target_bom)
        write_file(change.target, lambda stream: stream.write(data), force=True)
    if change.review_text is None:
        try:
            change.review.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"无法删除已处理完的待审核文件：{os_problem(exc)}", path=change.review) from None
    else:
        data = _encoded(change.review_text, change.review_bom)
        write_file(change.review, lambda stream: stream.write(data), force=True)
