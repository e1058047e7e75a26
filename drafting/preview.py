"""Preview a Word document as PDF or PNG through headless LibreOffice (``draft preview``).

``soffice --headless --convert-to pdf`` lays the document out as LibreOffice
would print it; ``pdftoppm`` (poppler) turns a page of that PDF into a PNG. Both
are found on PATH (or LibreOffice in its usual Windows folder, or where
``DRAFT_SOFFICE`` points); a missing one is a ``MissingTool`` error with a Chinese
message, never a traceback.

The document is first checked as ``draft parse`` and ``draft check`` check it
(``reader.read_paragraphs``: a zip bomb, a DOCTYPE, an encrypted or renamed file
such as an ODT called .docx are refused), and every other XML part for a
DOCTYPE, since LibreOffice reads them all. It is then copied into a private
temporary folder, and LibreOffice runs with a profile of its own there: the input
is never touched (LibreOffice would leave a lock file beside it) and a
LibreOffice the user has open does not get in the way. The result is moved into
place only when it is complete.

LibreOffice runs in a process group (a session) of its own: ``soffice`` starts
``soffice.bin``, which outlives a killed ``soffice``. On a timeout, Ctrl+C or
SIGTERM/SIGHUP the whole group is killed, so no converter is left running.

GB/T 9704 fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are missing on most
machines and LibreOffice silently substitutes others, which changes line breaks
and page count. So the fonts the document asks for (``w:rFonts`` in its styles
and text) are compared with the fonts installed (``fc-list``) and with those
embedded in the PDF (``pdffonts``): the missing ones and what the preview used
instead are reported.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, MissingTool, OutputError, os_problem
from .output import check_target, write_file

__all__ = ["Preview", "check_input", "find_soffice", "page_images", "preview", "to_pdf"]

#: Seconds LibreOffice may take for one document (its first start creates a profile).
TIMEOUT = 180
#: Seconds to wait for a killed converter's output to close.
_DRAIN = 5
#: Resolution of PNG previews: an A4 page about 900 pixels wide.
PNG_DPI = 110
SUFFIXES = (".pdf", ".png")
INSTALL_HINT = ("请安装 LibreOffice（https://zh-cn.libreoffice.org/，免费），或设置环境变量 DRAFT_SOFFICE "
                "指向 soffice 程序；也可以直接用 Word 或 WPS 打开文档查看。")

# PostScript names of the Chinese fonts GB/T 9704 documents name, for machines
# without fontconfig, where the PDF's font names are all there is to compare.
_POSTSCRIPT = {
    "宋体": "simsun", "黑体": "simhei", "仿宋": "fangsong", "楷体": "kaiti",
    "仿宋_gb2312": "fangsonggb2312", "楷体_gb2312": "kaitigb2312", "方正小标宋简体": "fzxiaobiaosong",
    "微软雅黑": "microsoftyahei",
}
_RFONTS = re.compile(r'<w:rFonts\b([^>]*)>')
_FONT_ATTR = re.compile(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')


@dataclass(frozen=True)
class Preview:
    """A written preview: where, how many pages the document has, and the font substitutions."""

    path: Path
    pages: int | None
    page: int | None  # the page shown in a PNG
    missing: tuple[str, ...]  # fonts the document asks for that this machine does not have
    used: tuple[str, ...]  # fonts in the preview the document did not ask for (the substitutes)


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``: DRAFT_SOFFICE, PATH, or the usual Windows install folders."""
    env = os.environ.get("DRAFT_SOFFICE")
    if env:
        return env if Path(env).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
        if base:
            candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def _tool(name: str, what: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise MissingTool(f"没有找到 {name}（{what}），无法生成 PNG 预览",
                          hint="请安装 poppler（Linux：poppler-utils），或改为输出 PDF（-o 文件.pdf）。")
    return found


def _check(docx: Path, out: Path, force: bool) -> None:
    check_input(docx)
    if out.suffix.lower() not in SUFFIXES:
        raise InputError("预览只能输出 PDF 或 PNG：输出文件名请以 .pdf 或 .png 结尾", path=out)
    check_target(out, force=force, source=docx)


def check_input(docx: Path) -> None:
    """Refuse what is not a .docx LibreOffice may be given (a missing file, another format, a damaged one)."""
    if not docx.is_file():
        raise InputError("找不到这个文件" if not docx.exists() else "这不是一个文件", path=docx)
    suffix = docx.suffix.lower()
    if suffix != ".docx":
        if suffix == ".doc":
            hint = "旧的 .doc 文件请先用 Word 或 WPS 另存为 .docx。"
        elif suffix in (".txt", ".text"):
            hint = "draft preview 只接受 .docx；.txt 文稿可以用 draft check 检查、用 draft parse 分析。"
        else:
            hint = "draft preview 只接受 .docx；其他格式请先用 Word 或 WPS 另存为 .docx。"
        raise InputError("只能预览 Word 文档（.docx）", path=docx, hint=hint)
    _inspect(docx)


def _inspect(docx: Path) -> None:
    """Refuse what ``draft parse`` and ``draft check`` refuse, before LibreOffice sees the file."""
    import zlib

    from .reader import Package, read_paragraphs

    read_paragraphs(docx)  # not a Word package, a bomb, encrypted, damaged, a DOCTYPE in the text
    # LibreOffice reads every part (comments, headers, footnotes …), not only the text.
    try:
        with zipfile.ZipFile(docx) as zf:
            package = Package(zf, docx)
            for name in dict.fromkeys(zf.namelist()):
                if name.lower().endswith((".xml", ".rels")):
                    data = package.read(name)
                    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                        package.xml(name)  # refuses a DOCTYPE with the reader's message
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError):
        raise InputError("文件已损坏，或不是有效的 Word 文档（.docx）", path=docx,
                         hint="请用 Word 或 WPS 打开后另存为 .docx。") from None


def _new_group() -> dict:
    """``Popen`` options that start a process in a group of its own, which can be killed as a whole."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and everything it started in its group, and reap it."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the group's id is the leader's pid (start_new_session)
        except (ProcessLookupError, PermissionError):
            pass
    with contextlib.suppress(OSError):
        proc.kill()
    try:
        proc.communicate(timeout=_DRAIN)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        # something outside the group still holds the output pipes: stop reading them
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=_DRAIN)


@contextlib.contextmanager
def _termination_interrupts():
    """SIGINT, SIGTERM and SIGHUP raise KeyboardInterrupt meanwhile, so the converter is killed.

    LibreOffice's own session no longer gets the signals the terminal sends to ours, and
    the ``draft`` command's own handler (``entry``) would end the process at once,
    leaving it running: during the conversion the interrupt unwinds through ``_run``.
    """
    names = [n for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    try:
        for name in names:
            number = getattr(signal, name)
            previous[number] = signal.signal(number, interrupt)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _run(cmd: list[str], what: str, path: Path) -> subprocess.CompletedProcess:
    with _termination_interrupts():
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, errors="replace", **_new_group())
        except OSError as exc:
            raise MissingTool(f"无法运行 {cmd[0]}（{os_problem(exc)}）", hint=INSTALL_HINT) from None
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise OutputError(f"{what}超过 {TIMEOUT} 秒仍未完成，已放弃", path=path) from None
        except BaseException:  # Ctrl+C, SIGTERM: nothing of it may go on running
            _kill_group(proc)
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


#: The PDF filter with the blank pages an odd/even section break inserts kept, as a printer prints
#: them (LibreOffice's export leaves them out by default, and the page count with them).
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def to_pdf(soffice: str, docx: Path, work: Path) -> Path:
    """The PDF LibreOffice makes of a copy of ``docx`` in the folder ``work`` (its profile there too)."""
    source = work / "document.docx"  # an ASCII name: LibreOffice names the PDF after it
    shutil.copyfile(docx, source)
    result = _run([
        soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
        "--convert-to", PDF_FILTER, "--outdir", str(work), str(source),
    ], "LibreOffice 转换", docx)
    pdf = work / "document.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise InputError("LibreOffice 无法转换这个文档", path=docx,
                         hint=f"LibreOffice 的输出：{detail[-1][:200]}" if detail else None)
    return pdf


def _pages(pdf: Path) -> int | None:
    exe = shutil.which("pdfinfo")
    if exe is None:
        return None
    result = subprocess.run([exe, str(pdf)], capture_output=True, text=True, errors="replace")
    m = re.search(r"^Pages:\s+(\d+)", result.stdout, re.M)
    return int(m.group(1)) if m else None


def _to_png(pdf: Path, page: int, work: Path, docx: Path) -> Path:
    exe = _tool("pdftoppm", "poppler 的 PDF 转图片程序")
    _run([exe, "-png", "-r", str(PNG_DPI), "-f", str(page), "-l", str(page), "-singlefile",
          str(pdf), str(work / "page")], "生成 PNG", docx)
    png = work / "page.png"
    if not png.is_file():
        raise OutputError(f"无法生成第 {page} 页的图片", path=docx)
    return png


def requested_fonts(docx: Path) -> tuple[str, ...]:
    """The fonts a document names in its styles and text (``w:rFonts``), in first-seen order."""
    names: dict[str, None] = {}
    with zipfile.ZipFile(docx) as z:
        for part in ("word/styles.xml", "word/document.xml"):
            try:
                xml = z.read(part).decode("utf-8", errors="replace")
            except KeyError:
                continue
            for attrs in _RFONTS.findall(xml):
                names.update((n, None) for n in _FONT_ATTR.findall(attrs))
    return tuple(names)


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).lower()


def _pdf_fonts(pdf: Path) -> list[str] | None:
    exe = shutil.which("pdffonts")
    if exe is None:
        return None
    out = subprocess.run([exe, str(pdf)], capture_output=True, text=True, errors="replace").stdout
    names = []
    for line in out.splitlines()[2:]:
        name = line.split(" ", 1)[0]
        name = name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name
        name = re.sub(r"-(Regular|Bold|Italic|BoldItalic|Light|Medium)?(-VKana)?$", "", name)
        if name and name not in names:
            names.append(name)
    return names


def _installed() -> set[str] | None:
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    out = subprocess.run([exe, ":", "family"], capture_output=True, text=True, errors="replace").stdout
    return {_norm(f) for line in out.splitlines() for f in line.split(",") if f.strip()}


def font_report(docx: Path, pdf: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Fonts the document asks for that are missing here, and the preview's fonts it did not ask for."""
    requested = requested_fonts(docx)
    used = _pdf_fonts(pdf) or []
    in_pdf = {_norm(u) for u in used}
    installed = _installed()

    def present(font: str) -> bool:
        if installed is not None:
            return _norm(font) in installed
        key = _POSTSCRIPT.get(font.lower(), _norm(font))
        return any(u.startswith(key) for u in in_pdf)

    wanted = {_norm(f) for f in requested} | {_POSTSCRIPT.get(f.lower(), "") for f in requested}
    substitutes = tuple(u for u in used if not any(w and _norm(u).startswith(w) for w in wanted))
    return tuple(f for f in requested if not present(f)), substitutes


def preview(docx: Path, out: Path, *, force: bool = False, page: int = 1) -> Preview:
    """Write a PDF (all pages) or a PNG (one page) of ``docx`` to ``out``."""
    _check(docx, out, force)
    soffice = find_soffice()
    if soffice is None:
        raise MissingTool("没有找到 LibreOffice（soffice），无法生成预览", hint=INSTALL_HINT)
    png = out.suffix.lower() == ".png"
    if png:
        _tool("pdftoppm", "poppler 的 PDF 转图片程序")
    with tempfile.TemporaryDirectory(prefix="draft-preview-") as tmp:
        work = Path(tmp)
        pdf = to_pdf(soffice, docx, work)
        pages = _pages(pdf)
        if png and pages is not None and page > pages:
            raise InputError(f"文档只有 {pages} 页，没有第 {page} 页", path=docx)
        missing, used = font_report(docx, pdf)
        result = _to_png(pdf, page, work, docx) if png else pdf
        # Copied into place through a file beside the target: the temporary folder may be on another drive.
        with open(result, "rb") as made:
            write_file(out, lambda stream: shutil.copyfileobj(made, stream), force=force)
    return Preview(out, pages, page if png else None, missing, used)


def page_images(docx: Path, folder: Path, *, dpi: int = PNG_DPI) -> tuple[Path, tuple[Path, ...]]:
    """A PDF of ``docx`` and a PNG of each of its pages, written into ``folder`` (which must be new or empty).

    LibreOffice runs once for the whole document; the files are ``<name>.pdf`` and
    ``第N页.png``.
    """
    _check(docx, folder / f"{docx.stem}.pdf", False)
    soffice = find_soffice()
    if soffice is None:
        raise MissingTool("没有找到 LibreOffice（soffice），无法生成预览", hint=INSTALL_HINT)
    exe = _tool("pdftoppm", "poppler 的 PDF 转图片程序")
    with tempfile.TemporaryDirectory(prefix="draft-preview-") as tmp:
        work = Path(tmp)
        pdf = to_pdf(soffice, docx, work)
        _run([exe, "-png", "-r", str(dpi), str(pdf), str(work / "page")], "生成 PNG", docx)
        # pdftoppm pads the page number to the width of the last one: page-01.png … page-12.png
        made = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not made:
            raise OutputError("无法生成页面图片", path=docx)
        outputs = [(pdf, folder / f"{docx.stem}.pdf")] + [(png, folder / f"第{n}页.png")
                                                          for n, png in enumerate(made, 1)]
        for source, out in outputs:
            with open(source, "rb") as stream:
                write_file(out, lambda target, s=stream: shutil.copyfileobj(s, target))
    return outputs[0][1], tuple(out for _, out in outputs[1:])
