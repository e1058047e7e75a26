"""What every job needs: the unit's settings and library, output names, checks of typed values."""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator

from ..config import Settings, find_config, load_config
from ..errors import InputError, os_problem
from ..library import Library, load_library
from ..model import PLAN
from ..output import check_docx_name, check_name_length, fit_name


def default_year(today: _dt.date) -> int:
    """The year a draft is most likely for: next year from November on."""
    return today.year + 1 if today.month >= 11 else today.year


#: The folder a job works in when it is not the process's current one (``draft serve``'s work folder).
_HERE: ContextVar[Path | None] = ContextVar("drafting_here", default=None)


def here() -> Path:
    """The folder jobs work in: the current folder, or the one ``working_in`` set."""
    return _HERE.get() or Path.cwd()


@contextlib.contextmanager
def working_in(folder: Path) -> Iterator[None]:
    """Run jobs as if ``folder`` were the current folder (its draft.yaml, its default outputs)."""
    token = _HERE.set(folder)
    try:
        yield
    finally:
        _HERE.reset(token)


def settings(cwd: Path | None = None) -> Settings:
    """The nearest ``draft.yaml``'s settings, or empty ones."""
    path = find_config(cwd or here())
    return load_config(path) if path else Settings()


def _unit_folders(extra: tuple[Path, ...], cfg: Settings) -> tuple[Path, ...]:
    """The unit's library folders: draft.yaml's, then the options', each once."""
    return tuple(dict.fromkeys(cfg.libraries + tuple(extra)))


def library(extra: tuple[Path, ...] = (), cfg: Settings | None = None, *, review: bool = False) -> Library:
    """The bundled library with the unit's folders (from draft.yaml, then options) laid over.

    A folder named twice is loaded once; ``review`` adds the candidates awaiting review.
    """
    cfg = cfg if cfg is not None else settings()
    return load_library(_unit_folders(extra, cfg), review=review)


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


#: The bundled layout file (``drafting.layout.reading.DEFAULT_STYLE_FILE``): named here so that a cached
#: ``ordinal_mark`` imports neither the layout package nor PyYAML.
_STYLE_FILE = "gbt9704.yaml"


def ordinal_mark(cfg: Settings) -> str:
    """The 下脚点 the unit's layout writes after an item's number (``numbering.ordinal_mark``: ．or .).

    The layout file (draft.yaml's ``styles``, else the bundled styles/gbt9704.yaml) is
    validated by ``drafting.layout.reading`` once; the value is kept in the cache folder
    under the file's checksum, so ``draft check`` and ``draft plan`` do not load the
    layout's YAML and Word-XML modules on every run for one character.
    """
    import hashlib

    from .. import cache
    from ..resources import bundled

    path = cfg.styles or bundled("styles") / _STYLE_FILE
    root = cache.cache_root()
    try:
        source = cache.digest(path.read_bytes())
    except OSError:
        source = None  # missing or unreadable: load_layout says so, with the file's name
    entry = key = None
    if root is not None and source is not None:
        where = str(path.resolve())
        entry = root / f"layout-{hashlib.sha1(where.encode('utf-8')).hexdigest()[:16]}.json"
        reader = Path(__file__).resolve().parents[1] / "layout" / "reading.py"
        with contextlib.suppress(OSError):
            st = reader.stat()
            key = f"{where}\n{st.st_mtime_ns}:{st.st_size}"  # a change to the validation re-validates
        hit = cache.read(entry, "layout", key) if key else None
        if hit is not None and hit[0] == source and type(hit[1]) is dict and hit[1].get("ordinal_mark") in ("．", "."):
            return hit[1]["ordinal_mark"]
    from ..layout.reading import load_layout

    mark = load_layout(path).ordinal_mark
    if entry is not None and key is not None:
        cache.write(entry, "layout", key, source, {"ordinal_mark": mark})
    return mark


def output_name(title: str | None, genre: str) -> str:
    """A file name from the document title, safe on Windows and short enough for any filesystem."""
    name = _UNSAFE_NAME.sub("", title or "") or ("工作要点" if genre == PLAN else "讲话")
    return fit_name(name[:120])


def _check_output(out: Path) -> None:
    """Refuse a Word output path the user gave: not .docx, or a name too long to write."""
    check_docx_name(out)
    check_name_length(out)


def _input_file(path: Path) -> None:
    """Refuse an input path that is not an existing file (a name too long to look up included)."""
    try:
        if path.is_file():
            return
        exists = path.exists()
    except OSError as exc:
        raise InputError(f"无法读取这个文件：{os_problem(exc)}", path=path) from None
    raise InputError("找不到这个文件" if not exists else "这不是一个文件", path=path)


# What no name typed by the user may hold: C0/C1 controls (tabs and line breaks
# included) and the non-characters XML cannot hold; surrogates are bytes of the
# command line that were not valid text (Python keeps them as U+DC80–U+DCFF).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_value(value: str | None, what: str) -> None:
    """Refuse a name the user gave (``what``: the option) holding control characters or broken bytes.

    Blanks at either end (a pasted line break) are not refused: the name is trimmed.
    """
    if value is None:
        return
    value = value.strip()
    if _SURROGATE.search(value):
        raise InputError(f"{what} 中有无法识别的字符（不是有效的文字编码），不能使用",
                         hint="请重新输入；在命令行中输入中文时，请确认终端使用 UTF-8 编码")
    bad = _CONTROL.search(value)
    if bad:
        raise InputError(f"{what} 中有不可见的控制字符（U+{ord(bad[0]):04X}），不能使用",
                         hint="请重新输入；从其他程序复制的文字可能带有这类字符")


#: The options of a draft that name people and organisations, and what the user calls each.
_NAME_OPTIONS = (("org", "--org"), ("org_short", "--org-short"), ("superior", "--superior"),
                 ("speaker", "--speaker"))


def _trimmed(name: str | None) -> str | None:
    """A name typed on the command line, trimmed; one of only spaces counts as not given."""
    return (name or "").strip() or None


def read_plan(path: Path, lib: Library, *, a_speech: tuple[str, str], no_parts: tuple[str, str]):
    """The outline of the 工作要点 ``path``, read and parsed as ``draft check`` reads it.

    A speech is refused with ``a_speech`` (message, hint), a plan without parts
    with ``no_parts``: each command says in its own words what it wanted the plan for.
    """
    from ..parse import parse_paragraphs  # the reader and parser only when a plan is given
    from ..reader import read_paragraphs

    _input_file(path)
    paragraphs = read_paragraphs(path)
    if not paragraphs:
        raise InputError("文件中没有文字", path=path, hint="请确认选对了文件；扫描件、图片中的文字无法读取。")
    outline = parse_paragraphs(paragraphs, ads=lib.checks.ads).outline
    if outline.genre != PLAN:
        raise InputError(a_speech[0], path=path, hint=a_speech[1])
    if not outline.sections:
        raise InputError(no_parts[0], path=path, hint=no_parts[1])
    return outline

