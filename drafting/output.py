"""Writing an output file safely: the one path every command's document goes through.

A document is written under a temporary name beside the target and moved into
place only when complete, so that a failure (a full disk, a signal) leaves
neither a half-written document nor a damaged earlier one. Without ``--force``
the move never replaces a file: it is a hard link to the final name, which fails
if that name exists even when another process created it a moment ago (Windows'
rename refuses the same way; a filesystem without hard links gets the name
created exclusively first). The temporary file is created like a plain
``open()`` would create it (mode 0666 less the umask), not by ``mkstemp``, whose
0600 would end up on the document. Every failure becomes an ``OutputError`` in
Chinese.

Files that must not outlive the process (the temporary files, ``held`` lock
files) are registered while they exist; ``abandon`` removes them, for the
signal handler of the ``draft`` command, which then ends the process at once.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import signal
import time
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .errors import InputError, OutputError, os_problem

__all__ = ["Busy", "Exists", "abandon", "check_docx_name", "check_target", "create_new", "held", "write_file"]


class Exists(OutputError):
    """The output name was taken, by the time the file was complete, and ``--force`` was not given."""


class Busy(OutputError):
    """A lock file is held by another running ``draft``."""


#: Paths to remove if the process is interrupted, with the descriptor still open on them (or None).
_pending: dict[str, int | None] = {}

# Signals the ``draft`` command handles; blocked while a file changes hands so an
# interrupt comes before or after, never between, moving it and forgetting it.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to block
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def abandon() -> int:
    """Remove every registered temporary and lock file (an interrupt); how many were removed."""
    removed = 0
    for path, fd in list(_pending.items()):
        if fd is not None and os.name == "nt":  # Windows removes no file that is open
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
        _pending.pop(path, None)
    return removed


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
    overwrites an input, nor a link to one.
    """
    named = ((("原文件", source),) if source is not None else ()) + tuple(inputs)
    for what, path in named:
        if _same_file(out, path):
            raise InputError(f"输出文件不能与{what}相同：{what}不会被修改", path=out,
                             hint="请用 -o 指定另一个文件名")
    if out.is_dir():
        raise OutputError("输出路径是一个文件夹，不是文件", path=out,
                          hint="请在文件夹名后面加上文件名，如 文件夹/文稿.docx")
    if (out.exists() or out.is_symlink()) and not force:
        # the same kind as a name taken while writing: callers that pick the next name catch both
        raise Exists("文件已存在，没有覆盖", path=out,
                          hint="如要覆盖，请加 --force，或换一个输出文件名")
    parent = out.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError("输出文件所在的路径不是文件夹", path=parent)
    if not parent.is_dir():
        raise OutputError("输出文件所在的文件夹不存在", path=parent)


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one existing file (symbolic and hard links, case-insensitive names)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _stream(fd: int) -> BinaryIO:
    """The stream over a new temporary file (a seam: tests make it fail like a full disk)."""
    return os.fdopen(fd, "wb")


def write_file(out: Path, write: Callable[[BinaryIO], None], *, force: bool = False) -> Path:
    """Write ``out`` through ``write(stream)`` into a temporary file beside it, then move it into place.

    Without ``force`` an existing ``out`` (even one created meanwhile) is never replaced: ``Exists``.
    """
    tmp = str(out.with_name(f".~{out.name}.{os.urandom(4).hex()}.tmp"))
    with _uninterrupted():
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except OSError as exc:
            raise _failed(exc, out, creating=True) from None
        _pending[tmp] = fd
    try:
        try:
            with _stream(fd) as stream:
                write(stream)
            _pending[tmp] = None
        except OSError as exc:
            raise _failed(exc, out, creating=True) from None
        with _uninterrupted():
            try:
                _move(tmp, out, force)
            except FileExistsError:
                raise Exists("文件已存在（在生成过程中被另一个程序写入），没有覆盖", path=out,
                             hint="如要覆盖，请加 --force，或换一个输出文件名") from None
            except OSError as exc:
                raise _failed(exc, out, creating=False) from None
    finally:
        with _uninterrupted():
            _pending.pop(tmp, None)
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return out


def create_new(names: Iterable[Path], data: bytes, what: str) -> Path:
    """Write ``data`` into the first of ``names`` no file has yet, created exclusively (never replacing one).

    For small files kept beside others (an upload, a backup): ``what`` names the file in
    a message (上传的文件). A write that fails midway leaves nothing behind.
    """
    last: Path | None = None
    for path in names:
        last = path
        try:
            stream = open(path, "xb")
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"无法保存{what}：{os_problem(exc)}", path=path) from None
        try:
            with stream:
                stream.write(data)
        except OSError as exc:
            path.unlink(missing_ok=True)
            raise OutputError(f"无法保存{what}：{os_problem(exc)}", path=path) from None
        return path
    raise OutputError("同名文件太多，无法再新建", path=last.parent if last is not None else None)


def _move(tmp: str, out: Path, force: bool) -> None:
    """The finished ``tmp`` as ``out``: replacing it only if ``force``; FileExistsError if taken."""
    if force:
        os.replace(tmp, out)
    elif os.name == "nt":
        os.rename(tmp, out)  # refuses an existing name
    else:
        try:
            os.link(tmp, out)  # refuses an existing name; the finally above removes tmp
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK,
                                 errno.ENOSYS, errno.EXDEV):
                raise
            # No hard links here (a FAT USB drive): claim the name exclusively, then fill it.
            os.close(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            try:
                os.replace(tmp, out)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(out)  # the empty name just claimed, never someone else's file
                raise


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
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputError(f"无法写入文件：{os_problem(exc)}，没有留下未写完的文件", path=out,
                           hint="请清理磁盘空间后重新运行")
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


# --- lock files --------------------------------------------------------------------


@contextlib.contextmanager
def held(lock: Path, what: str) -> Iterator[Path]:
    """Hold the lock file ``lock`` for the block; ``Busy`` (in Chinese, naming the holder) if taken.

    ``what`` names what is locked for the message (素材库的待审核文件夹). A lock
    left by a process of this computer that no longer runs is removed and taken.
    Folders created for the lock are removed again if they are left empty.
    """
    made = _make_folders(lock.parent)
    try:
        _acquire(lock, what)
        try:
            yield lock
        finally:
            with _uninterrupted():
                _pending.pop(str(lock), None)
                try:
                    os.unlink(lock)
                except OSError:
                    pass
    finally:
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                break


def _make_folders(folder: Path) -> list[Path]:
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    made = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            for done in reversed(made):
                with contextlib.suppress(OSError):
                    done.rmdir()
            raise OutputError(f"无法创建文件夹：{os_problem(exc)}", path=path) from None
        made.append(path)
    return made


def _acquire(lock: Path, what: str) -> None:
    import socket  # only for a lock: not on the path of every written document

    me = f"{os.getpid()}\n{socket.gethostname()}\n{_dt.datetime.now().strftime('%Y-%m-%d %H:%M:%S')}\n"
    for _ in range(3):
        # written whole beside it and moved into place: a rival never reads a lock without its holder
        tmp = str(lock.with_name(f"{lock.name}.{os.urandom(4).hex()}.tmp"))
        with _uninterrupted():
            try:
                with open(tmp, "x", encoding="utf-8") as fh:
                    _pending[tmp] = None
                    fh.write(me)
                _move(tmp, lock, False)
                _pending[str(lock)] = None
                return
            except FileExistsError:
                pass
            except OSError as exc:
                raise OutputError(f"无法创建锁文件：{os_problem(exc)}", path=lock) from None
            finally:
                _pending.pop(tmp, None)
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        pid, host, since = _holder(lock)
        if pid is None and lock.exists():  # a folder without hard links: its holder may be writing it
            time.sleep(0.2)
            pid, host, since = _holder(lock)
        if pid is not None and host == socket.gethostname() and not _alive(pid):
            with contextlib.suppress(OSError):
                os.unlink(lock)  # its process is gone: the lock protects nothing
            continue
        who = "，".join(x for x in (f"计算机 {host}" if host and host != socket.gethostname() else "",
                                   f"进程号 {pid}" if pid is not None else "",
                                   f"开始于 {since}" if since else "") if x)
        raise Busy(f"{what}正被另一个 draft 命令使用{f'（{who}）' if who else ''}，这次没有写入任何文件",
                   path=lock.parent,
                   hint=f"请等它结束后再运行；如果确定它已经不在运行，可以删除锁文件 {lock}")
    raise Busy(f"{what}正被另一个 draft 命令反复占用，这次没有写入任何文件", path=lock.parent,
               hint="请稍后再运行")


def _holder(lock: Path) -> tuple[int | None, str, str]:
    """Process id, computer and start time written in a lock file (what of it can be read)."""
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None, "", ""
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    return pid, (lines[1].strip() if len(lines) > 1 else ""), (lines[2].strip() if len(lines) > 2 else "")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this computer still runs (when unsure: yes)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes

        kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
