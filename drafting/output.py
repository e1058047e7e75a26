"""Writing an output file safely: the one path every command's document goes through.

A document is written under a temporary name beside the target and renamed into
place, so that a failure leaves neither a half-written document nor a damaged
earlier one. The temporary file is created like a plain ``open()`` would create
it (mode 0666 less the umask), not by ``mkstemp``, whose 0600 would end up on
the document. Every failure becomes an ``OutputError`` in Chinese.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import BinaryIO, Callable, Sequence

from .errors import InputError, OutputError, os_problem

__all__ = ["check_docx_name", "check_target", "write_file"]


def check_docx_name(out: Path) -> None:
    """Refuse a Word output whose name does not end in .docx: it would not open as a document."""
    if out.suffix.lower() != ".docx":
        raise InputError("输出的是 Word 文档，文件名应以 .docx 结尾", path=out,
                         hint=f"请改为 {out.stem or '文稿'}.docx 这样的文件名")


def check_target(out: Path, *, force: bool, source: Path | None = None,
                 inputs: Sequence[tuple[str, Path]] = ()) -> None:
    """Refuse an output path that is an input, a folder, already taken or in a missing folder.

    ``source`` is the document being revised; ``inputs`` are the other files read,
    each with what the user calls it (模板文件, 配方文件). ``--force`` never
    overwrites an input.
    """
    named = ((("原文件", source),) if source is not None else ()) + tuple(inputs)
    for what, path in named:
        if _same_file(out, path):
            raise InputError(f"输出文件不能与{what}相同：{what}不会被修改", path=out,
                             hint="请用 -o 指定另一个文件名")
    if out.is_dir():
        raise OutputError("输出路径是一个文件夹，不是文件", path=out,
                          hint="请在文件夹名后面加上文件名，如 文件夹/文稿.docx")
    if out.exists() and not force:
        raise OutputError("文件已存在，没有覆盖", path=out,
                          hint="如要覆盖，请加 --force，或换一个输出文件名")
    parent = out.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError("输出文件所在的路径不是文件夹", path=parent)
    if not parent.is_dir():
        raise OutputError("输出文件所在的文件夹不存在", path=parent)


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one existing file (links and case-insensitive names included)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def write_file(out: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``out`` through ``write(stream)`` into a temporary file beside it, then move it into place."""
    tmp = out.with_name(f".~{out.name}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise _failed(exc, out, creating=True) from None
    try:
        try:
            with os.fdopen(fd, "wb") as stream:
                write(stream)
        except OSError as exc:
            raise _failed(exc, out, creating=True) from None
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise _failed(exc, out, creating=False) from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return out


def _failed(exc: OSError, out: Path, *, creating: bool) -> OutputError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if creating or not out.exists():
            return OutputError("没有权限在这个文件夹中写文件", path=out.parent,
                               hint="请换一个可以保存文件的文件夹（如“文档”或桌面），用 -o 指定")
        # Windows refuses to replace a document Word holds open.
        return OutputError("无法覆盖文件：它可能正在 Word 或 WPS 中打开", path=out,
                           hint="请关闭该文件后重试，或换一个输出文件名")
    if exc.errno == errno.EISDIR:
        return OutputError("输出路径是一个文件夹，不是文件", path=out)
    return OutputError(f"无法写入文件：{os_problem(exc)}", path=out)


# -- names short enough to write --------------------------------------------------

#: Longest file name written, in UTF-8 bytes: the filesystems' 255 (ext4 counts
#: bytes, NTFS UTF-16 units, never more than the bytes) less the room the
#: temporary name ``write_file`` writes first takes (".~" + name + ".1234abcd.tmp").
MAX_NAME_BYTES = 255 - len(".~.1234abcd.tmp")


def _name_bytes(name: str) -> int:
    # surrogateescape: a name taken from the command line may hold bytes that are not UTF-8
    return len(name.encode("utf-8", "surrogateescape"))


def fit_name(stem: str, tail: str = ".docx") -> str:
    """``stem + tail``, the stem cut at a character boundary so the name fits ``MAX_NAME_BYTES``."""
    room = MAX_NAME_BYTES - _name_bytes(tail)
    if _name_bytes(stem) > room:
        stem = stem[:room]  # every character is at least one byte
        while stem and _name_bytes(stem) > room:
            stem = stem[:-1]
        stem = stem.rstrip(" .")  # Windows drops a name's trailing dots and spaces
    return stem + tail


def check_name_length(out: Path) -> None:
    """Refuse an output path the user gave whose file name is too long to be written."""
    size = _name_bytes(out.name)
    if size > MAX_NAME_BYTES:
        raise InputError(f"输出文件名太长（{size} 字节），最多 {MAX_NAME_BYTES} 字节（约 {MAX_NAME_BYTES // 3} 个汉字）",
                         path=out, hint="请用 -o 指定一个短一些的文件名")
