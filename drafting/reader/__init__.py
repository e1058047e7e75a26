"""Read an existing document into ``Paragraph`` values, as a reader of it sees them.

Two kinds of input are accepted, told apart by their content (magic bytes) and
only then by the file name:

* plain text (.txt) in whatever encoding an office PC wrote it (``text``);
* Word documents (.docx), read straight from the zip with ``zipfile`` and lxml.
  python-docx is not used: it costs start-up time, and it does not show what a
  reader sees anyway — automatic list numbers (``一、`` living in numbering.xml),
  tracked changes as if accepted, field results, soft line breaks.

The modules, along the way a .docx is read: ``package`` (the zip, treated as
hostile: sizes, ratios and DOCTYPEs checked before anything is parsed),
``wordml`` (element names), ``styles`` (styles and automatic numbering),
``body`` (the walk over a story's paragraphs), ``stories`` (which stories there
are: the body, headers, footers, footnotes, endnotes, text boxes); ``properties``
reads the custom properties a draft records its provenance in. Every refusal
is an ``InputError`` with the file's path; nothing is ever written.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, os_problem
from ..model import Paragraph
from .body import paragraph_elements, visible_atoms
from .package import CORRUPT_HINT, ENCRYPTED, ENCRYPTED_HINT, SAVE_AS_DOCX, UNSUPPORTED, Package
from .stories import read_docx
from .text import decode, text_paragraphs
from .wordml import word_tags

__all__ = ["Package", "is_word_package", "paragraph_elements", "read_paragraphs", "visible_atoms", "word_tags"]

#: Largest .txt accepted; a 20-page document is well under 100 KB. (The zip limits
#: live in ``reader.package``: lower them there, not on this package.)
MAX_TEXT_BYTES = 20 * 1024 * 1024

_LEGACY_DOC = "这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再试"
_NOT_ZIP = "不是有效的 Word 文档（.docx）：文件内容不是 Word 格式（不是 zip 压缩包），可能已损坏，或只是改了扩展名"
_NOT_WORD_HINT = "请找到原来的 Word 文档；图片、PDF 中的文字请先复制到 Word 或 .txt 文件中"

# --- dispatch ---------------------------------------------------------------

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Formats people mistake for documents: refused whatever their name says, by what they are.
_OTHER_MAGIC = {
    b"%PDF": "PDF 文件", b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片", b"GIF8": "GIF 图片",
    b"II*\x00": "TIFF 图片", b"MM\x00*": "TIFF 图片", b"Rar!": "RAR 压缩包", b"7z\xbc\xaf": "7z 压缩包",
    b"\x1f\x8b": "gzip 压缩包", b"{\\rtf": "RTF 文档", b"\x7fELF": "程序文件",
}
_TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
_WORD_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".dotm"})


def is_word_package(path: Path) -> bool:
    """Whether ``path`` holds a zip package (a .docx), whatever its name says."""
    with open(path, "rb") as f:
        return f.read(4).startswith(_ZIP_MAGIC)


def read_paragraphs(path: str | Path) -> list[Paragraph]:
    """The non-empty paragraphs of a .docx or .txt file, in reading order."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if head.startswith(_ZIP_MAGIC):
                return read_docx(f, path)
            if head == _OLE_MAGIC:
                raise _ole_error(f, path)
            suffix = path.suffix.lower()
            kind = next((name for magic, name in _OTHER_MAGIC.items() if head.startswith(magic)), None)
            if kind is not None:
                hint = "RTF 文件请在 Word/WPS 中另存为 .docx" if head.startswith(b"{\\rtf") else None
                if suffix in _WORD_SUFFIXES:  # a picture renamed to .docx is no Word document
                    raise InputError(f"不是有效的 Word 文档（.docx）：文件内容是 {kind}，"
                                     f"只是扩展名改成了 {path.suffix}", path=path, hint=hint or _NOT_WORD_HINT)
                raise InputError(UNSUPPORTED, path=path, hint=hint or SAVE_AS_DOCX)
            if suffix in _WORD_SUFFIXES:
                raise InputError(_NOT_ZIP, path=path, hint=CORRUPT_HINT)
            if suffix not in _TEXT_SUFFIXES:
                raise InputError(UNSUPPORTED, path=path, hint=SAVE_AS_DOCX)
            f.seek(0)
            data = f.read(MAX_TEXT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("找不到文件", path=path) from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件", path=path) from None
    except PermissionError:
        # Windows reports a folder opened as a file as a permission error.
        if path.is_dir():
            raise InputError("这是一个文件夹，不是文件", path=path) from None
        raise InputError("没有权限读取文件", path=path) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_problem(exc)}", path=path) from None
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(
            f"文件太大（超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB），不像是一份文稿", path=path
        )
    return text_paragraphs(decode(data, path))


def _ole_error(f, path: Path) -> InputError:
    """A legacy .doc and a password-protected .docx are both OLE compound files."""
    names = (b"EncryptionInfo", b"EncryptedPackage")
    if _ole_stream_names(f, names) == set(names):
        return InputError(ENCRYPTED, path=path, hint=ENCRYPTED_HINT)
    return InputError(_LEGACY_DOC, path=path)


def _ole_stream_names(f, names: tuple[bytes, ...]) -> set[bytes]:
    # Directory entries hold stream names in UTF-16LE. Scanning the bytes is enough
    # to tell the two apart and avoids parsing the FAT of a file we refuse anyway.
    wanted = {name: name.decode("ascii").encode("utf-16-le") for name in names}
    overlap = max(len(w) for w in wanted.values())
    found: set[bytes] = set()
    f.seek(0)
    tail = b""
    while len(found) < len(wanted):
        chunk = f.read(1 << 20)
        if not chunk:
            break
        window = tail + chunk
        found.update(name for name, w in wanted.items() if w in window)
        tail = window[-overlap:]
    return found
