"""Read an existing document into ``Paragraph`` values, as a reader of it sees them.

Two kinds of input are accepted, told apart by their content (magic bytes) and
only then by the file name:

* plain text (.txt) in whatever encoding an office PC wrote it: UTF-8 with or
  without BOM, UTF-16 with or without BOM, or GB18030 (a superset of GBK);
* Word documents (.docx), read straight from the zip with ``zipfile`` and lxml.
  python-docx is not used: it costs start-up time, and it does not show what a
  reader sees anyway — automatic list numbers (``一、`` living in numbering.xml),
  tracked changes as if accepted, field results, soft line breaks.

A .docx comes from outside and is treated as hostile: the zip's declared sizes
and compression ratios are checked before anything is inflated, no member is
read past its limit, and XML with a DOCTYPE (entity expansion, external
entities) is refused. Every refusal is an ``InputError`` with the file's path;
nothing is ever written.
"""

from __future__ import annotations

import codecs
import posixpath
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from .errors import InputError, os_problem
from .model import Paragraph
from .numerals import cn_digits, cn_number

__all__ = ["Package", "is_word_package", "paragraph_elements", "read_paragraphs", "visible_atoms", "word_tags"]

# --- limits (module constants so tests can lower them) ---------------------

#: Largest .txt accepted; a 20-page document is well under 100 KB.
MAX_TEXT_BYTES = 20 * 1024 * 1024
#: Largest total uncompressed size a .docx may declare.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Largest uncompressed size of one XML part that is actually read.
MAX_PART_BYTES = 100 * 1024 * 1024
#: Members larger than this must not be compressed more than MAX_RATIO : 1.
RATIO_MIN_BYTES = 1024 * 1024
MAX_RATIO = 200

# --- messages ---------------------------------------------------------------

_UNSUPPORTED = "不支持的文件类型：只能读取 .docx 和 .txt"
_SAVE_AS_DOCX = "请用 Word 或 WPS 打开后“另存为” .docx 格式，或把文字粘贴到 .txt 文件中"
_LEGACY_DOC = "这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再试"
_ENCRYPTED = "文件已加密（设置了打开密码），无法读取"
_ENCRYPTED_HINT = "请在 Word/WPS 中取消打开密码后另存为 .docx 再试"
_CORRUPT = "文件已损坏，或不是有效的 Word 文档（.docx）"
_CORRUPT_HINT = "请用 Word 或 WPS 打开后“另存为” .docx 再试"
_NOT_ZIP = "不是有效的 Word 文档（.docx）：文件内容不是 Word 格式（不是 zip 压缩包），可能已损坏，或只是改了扩展名"
_NOT_WORD_HINT = "请找到原来的 Word 文档；图片、PDF 中的文字请先复制到 Word 或 .txt 文件中"
_BOMB = "文件解压后体积异常（可能是恶意构造的压缩文件），已拒绝读取"
_DOCTYPE = "文件中含有不允许的 XML 声明（DOCTYPE/实体定义），可能是恶意构造的文件，已拒绝读取"
_ENCODING = "无法识别文件的文字编码（已尝试 UTF-8、UTF-16、GB18030），它可能不是文本文件"
_ENCODING_HINT = "请在记事本或 WPS 中把文件另存为 UTF-8 编码的 .txt 后再试"

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
                return _read_docx(f, path)
            if head == _OLE_MAGIC:
                raise _ole_error(f, path)
            suffix = path.suffix.lower()
            kind = next((name for magic, name in _OTHER_MAGIC.items() if head.startswith(magic)), None)
            if kind is not None:
                hint = "RTF 文件请在 Word/WPS 中另存为 .docx" if head.startswith(b"{\\rtf") else None
                if suffix in _WORD_SUFFIXES:  # a picture renamed to .docx is no Word document
                    raise InputError(f"不是有效的 Word 文档（.docx）：文件内容是 {kind}，"
                                     f"只是扩展名改成了 {path.suffix}", path=path, hint=hint or _NOT_WORD_HINT)
                raise InputError(_UNSUPPORTED, path=path, hint=hint or _SAVE_AS_DOCX)
            if suffix in _WORD_SUFFIXES:
                raise InputError(_NOT_ZIP, path=path, hint=_CORRUPT_HINT)
            if suffix not in _TEXT_SUFFIXES:
                raise InputError(_UNSUPPORTED, path=path, hint=_SAVE_AS_DOCX)
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
    return _text_paragraphs(_decode(data, path))


def _ole_error(f, path: Path) -> InputError:
    """A legacy .doc and a password-protected .docx are both OLE compound files."""
    names = (b"EncryptionInfo", b"EncryptedPackage")
    if _ole_stream_names(f, names) == set(names):
        return InputError(_ENCRYPTED, path=path, hint=_ENCRYPTED_HINT)
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


# --- plain text -------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Characters no document text contains: C0/C1 controls (tab, line and page breaks
# aside), replacement and non-characters. Many of them mean the encoding is wrong.
_BAD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff]")
# Characters a Chinese office document is made of. A guessed decoding (GB18030,
# UTF-16 without BOM) that yields many others (rare CJK extensions, private use,
# Hangul from misread bytes) is taken as wrong. Compiled on first use: the big
# ranges cost a millisecond, and only guessed decodings need it.
_COMMON_CHARS = (
    "[\\s\x21-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u27bf\u3000-\u33ff"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+"
)
# Stripped at both ends of a paragraph besides Python's whitespace (which covers
# tabs, U+3000 and no-break spaces): zero-width spaces and stray BOMs.
_EDGE = "\u200b\ufeff"
# Removed inside a paragraph: controls other than tab, and the characters above
# that XML cannot hold anyway.
_STRAY = re.compile("[\x00-\x08\x0a-\x1f\x7f\ufffe\uffff]")


def _plausible(text: str, guessed: bool) -> bool:
    size = len(text)
    if size and len(_BAD.findall(text)) * 50 > size:
        return False
    return not guessed or len(re.sub(_COMMON_CHARS, "", text)) * 10 <= size


def _decode(data: bytes, path: Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            data = data[len(bom):]
            attempts = [(encoding, False, False), (encoding, True, False)]
            break
    else:
        attempts = _guesses(data)
    for encoding, lenient, guessed in attempts:
        text = _lenient(data, encoding) if lenient else _strict(data, encoding)
        if text is not None and _plausible(text, guessed):
            return text
    raise InputError(_ENCODING, path=path, hint=_ENCODING_HINT)


def _guesses(data: bytes) -> list[tuple[str, bool, bool]]:
    """(encoding, lenient, guessed) in the order to try them, for data without a BOM."""
    guesses = [("utf-8", False, False)]
    if b"\x00" in data and len(data) % 2 == 0:
        # ASCII characters put their NUL in the high byte: odd offsets in LE.
        odd = data[1::2].count(0)
        even = data[0::2].count(0)
        order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
        guesses += [(order[0], False, True), (order[1], False, True)]
    # A UTF-8 file with a damaged byte (cut off mid-character) must not become
    # GB18030 mojibake, so UTF-8 is tried leniently before GB18030 strictly.
    guesses += [("utf-8", True, False), ("gb18030", False, True), ("gb18030", True, True)]
    return guesses


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, encoding: str) -> str | None:
    """The text with a few undecodable bytes replaced, if it is clearly this encoding."""
    text = data.decode(encoding, "replace")
    damaged = text.count("\ufffd")
    # Mostly-ASCII text in another encoding decodes with few errors too: require
    # far more well-decoded non-ASCII characters than damaged ones.
    decoded = len(text) - len(text.encode("ascii", "ignore")) - damaged
    return text if damaged * 100 <= len(text) and decoded >= 20 * damaged else None


def _clean(text: str) -> str:
    text = _STRAY.sub("", text)
    while True:
        stripped = text.strip().strip(_EDGE)
        if stripped == text:
            return text
        text = stripped


def _text_paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    # splitlines: CRLF, CR, LF, and the Unicode line/paragraph separators.
    for line in text.splitlines():
        line = _clean(line)
        if line:
            out.append(Paragraph(index=len(out), text=line, block=len(out), offset=0))
    return out


# --- the .docx container ----------------------------------------------------

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _read_docx(f, path: Path) -> list[Paragraph]:
    import zipfile
    import zlib

    from lxml import etree

    try:
        with zipfile.ZipFile(f) as zf:
            package = Package(zf, path)
            doc_name = package.main_document()
            doc = package.xml(doc_name)
            rels = package.part_rels(doc_name)
            styles_xml = package.optional_xml(rels.get("styles", "word/styles.xml"))
            numbering_xml = package.optional_xml(rels.get("numbering", "word/numbering.xml"))
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError, OSError, etree.LxmlError):
        # zipfile reports a truncated or garbled archive in many ways.
        raise InputError(_CORRUPT, path=path, hint=_CORRUPT_HINT) from None
    ns = etree.QName(doc).namespace
    if ns not in _W_NAMESPACES:
        raise InputError(_CORRUPT, path=path, hint=_CORRUPT_HINT)
    t = word_tags(ns)
    body = doc.find(t.body)
    if body is None:
        return []
    styles = _Styles(styles_xml, t)
    numbering = _Numbering(numbering_xml, t, styles)
    return _DocumentReader(t, styles, numbering).read(body)


class Package:
    """The parts of a .docx zip, read within the limits (also used to write a revised copy)."""

    def __init__(self, zf, path: Path) -> None:
        self.zf = zf
        self.path = path
        # Part names in a package are case-insensitive.
        self.members = {info.filename.lower(): info for info in zf.infolist()}
        self._check_sizes()

    def _check_sizes(self) -> None:
        total = 0
        for info in self.zf.infolist():  # all entries, duplicate names included
            total += info.file_size
            if (
                info.file_size > RATIO_MIN_BYTES
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise InputError(_BOMB, path=self.path)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(_BOMB, path=self.path)

    def main_document(self) -> str:
        target = None
        if "_rels/.rels" in self.members:
            target = self._rels("_rels/.rels", "").get("officeDocument")
        for name in (target, "word/document.xml"):
            if name and name.lower() in self.members:
                return name
        raise InputError(self._not_word(), path=self.path, hint=_SAVE_AS_DOCX)

    def _not_word(self) -> str:
        if "xl/workbook.xml" in self.members:
            return "这是 Excel 表格，不是 Word 文档：" + _UNSUPPORTED
        if "ppt/presentation.xml" in self.members:
            return "这是 PowerPoint 演示文稿，不是 Word 文档：" + _UNSUPPORTED
        if "content.xml" in self.members and "mimetype" in self.members:
            return "这是 OpenDocument（.odt 等）文件：" + _UNSUPPORTED
        return "不是 Word 文档（.docx）：压缩包中没有正文部分 word/document.xml"

    def part_rels(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        return self._rels(rels, folder) if rels.lower() in self.members else {}

    def _rels(self, name: str, base: str) -> dict[str, str]:
        """Relationship type (last path segment) → part name, for internal targets."""
        out: dict[str, str] = {}
        for rel in self.xml(name).iter(_PKG_RELS):
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = unquote(rel.get("Target") or "")
            if not kind or not target or kind in out:
                continue
            joined = target[1:] if target.startswith("/") else posixpath.join(base, target)
            out[kind] = posixpath.normpath(joined)
        return out

    def read(self, name: str) -> bytes:
        info = self.members[name.lower()]
        if info.flag_bits & 0x1:
            raise InputError(_ENCRYPTED, path=self.path, hint=_ENCRYPTED_HINT)
        limit = min(info.file_size, MAX_PART_BYTES)
        with self.zf.open(info) as member:
            # Declared sizes can lie: never inflate more than the limit allows.
            data = member.read(limit + 1)
        if len(data) > limit:
            raise InputError(_BOMB, path=self.path)
        return data

    def optional_xml(self, name: str):
        """A part that may be missing (styles, numbering): its root, or None."""
        return self.xml(name) if name.lower() in self.members else None

    def xml(self, name: str):
        from lxml import etree

        data = self.read(name)
        # An internal subset is where entity bombs and external entities live; no
        # Office part has one. Checked on the bytes before parsing, and again on
        # the parsed tree for encodings the byte check cannot see (UTF-16).
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise InputError(_DOCTYPE, path=self.path)
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, dtd_validation=False,
            load_dtd=False, huge_tree=False,
        )
        try:
            root = etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, ValueError):
            raise InputError(
                f"文件已损坏：其中的 {name} 不是有效的 XML", path=self.path, hint=_CORRUPT_HINT
            ) from None
        if root.getroottree().docinfo.doctype:
            raise InputError(_DOCTYPE, path=self.path)
        return root


# --- WordprocessingML names -------------------------------------------------


class _Tags:
    """Clark names of the elements and attributes read, for one namespace."""

    def __init__(self, ns: str) -> None:
        w = f"{{{ns}}}"
        for name in (
            "body p pPr rPr r t tab ptab br cr sym noBreakHyphen fldChar fldSimple "
            "ins del moveFrom moveTo hyperlink smartTag customXml sdt sdtContent dir bdo "
            "tbl tr tc pStyle numPr numId ilvl outlineLvl vanish "
            "style name basedOn abstractNum abstractNumId num lvl start numFmt lvlText "
            "lvlRestart isLgl lvlOverride startOverride numStyleLink null"
        ).split():
            setattr(self, name, w + name)
        self.del_ = w + "del"
        self.val = w + "val"
        self.type = w + "type"
        self.styleId = w + "styleId"
        self.default = w + "default"
        self.ilvl_attr = w + "ilvl"
        self.numId_attr = w + "numId"
        self.abstractNumId_attr = w + "abstractNumId"
        self.fldCharType = w + "fldCharType"
        self.char = w + "char"
        self.font = w + "font"
        # Containers whose children are more paragraphs / more runs.
        self.block_containers = frozenset({self.tbl, self.tr, self.tc, self.sdt, self.sdtContent,
                                           self.customXml})
        self.run_containers = frozenset({self.ins, self.moveTo, self.hyperlink, self.smartTag,
                                         self.customXml, self.sdt, self.sdtContent,
                                         self.fldSimple, self.dir, self.bdo})


_TAGS: dict[str, _Tags] = {}


def word_tags(ns: str) -> _Tags:
    """The Clark names of WordprocessingML for namespace ``ns`` (transitional or Strict)."""
    if ns not in _TAGS:
        _TAGS[ns] = _Tags(ns)
    return _TAGS[ns]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _on(el, t: _Tags) -> bool:
    """An OOXML on/off property: present and not switched off."""
    return el is not None and el.get(t.val) not in ("0", "false", "off")


# --- styles -----------------------------------------------------------------

# Word writes some built-in style names in lower case; show them as Word's UI does.
_BUILTIN_NAMES = {
    name.lower(): name
    for name in ("Normal", "Title", "Subtitle", "Caption", "Header", "Footer",
                 *(f"Heading {n}" for n in range(1, 10)))
}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


class _Style(NamedTuple):
    name: str | None
    based_on: str | None
    outline: int | None  # as stored: 0-based, 9 = body text
    num_id: str | None
    ilvl: int | None


class _Resolved(NamedTuple):
    name: str | None
    outline_level: int | None  # 1-based
    num_id: str | None
    ilvl: int | None
    style_id: str | None


class _Styles:
    """styles.xml: paragraph style names, outline levels and numbering, with inheritance."""

    def __init__(self, root, t: _Tags) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_id: str | None = None
        self._cache: dict[str | None, _Resolved] = {}
        if root is None:
            return
        for el in root.iterchildren(t.style):
            sid = el.get(t.styleId)
            if sid is None or sid in self.styles:
                continue
            name_el = el.find(t.name)
            based = el.find(t.basedOn)
            ppr = el.find(t.pPr)
            outline = num_id = ilvl = None
            if ppr is not None:
                lvl = ppr.find(t.outlineLvl)
                outline = _int(lvl.get(t.val)) if lvl is not None else None
                num_id, ilvl = _num_pr(ppr, t)
            name = name_el.get(t.val) if name_el is not None else None
            if name is not None:
                name = _BUILTIN_NAMES.get(name.lower(), name)
            self.styles[sid] = _Style(
                name, based.get(t.val) if based is not None else None, outline, num_id, ilvl
            )
            if (
                self.default_id is None
                and el.get(t.type, "paragraph") == "paragraph"
                and el.get(t.default) in ("1", "true", "on")
            ):
                self.default_id = sid

    def _chain(self, sid: str | None) -> list[tuple[str, _Style]]:
        chain: list[tuple[str, _Style]] = []
        seen: set[str] = set()
        while sid is not None and sid in self.styles and sid not in seen and len(chain) < 32:
            seen.add(sid)
            style = self.styles[sid]
            chain.append((sid, style))
            sid = style.based_on
        return chain

    def resolve(self, sid: str | None) -> _Resolved:
        """A paragraph style with what it inherits; unknown or absent ids mean the default."""
        if sid not in self.styles:
            sid = self.default_id
        if sid in self._cache:
            return self._cache[sid]
        chain = self._chain(sid)
        outline_level = None
        for _, style in chain:
            if style.outline is not None:
                outline_level = style.outline + 1 if 0 <= style.outline <= 8 else None
                break
        else:
            for _, style in chain:
                m = _HEADING_NAME.match(style.name or "")
                if m:
                    outline_level = int(m.group(1))
                    break
        num_id = ilvl = None
        for _, style in chain:
            if style.num_id is not None:
                num_id, ilvl = style.num_id, style.ilvl
                break
        name = chain[0][1].name if chain else None
        resolved = _Resolved(name, outline_level, num_id, ilvl, sid)
        self._cache[sid] = resolved
        return resolved

    def num_id_of(self, sid: str) -> str | None:
        """The numbering a (numbering) style points to, for numStyleLink."""
        for _, style in self._chain(sid):
            if style.num_id is not None:
                return style.num_id
        return None


def _num_pr(ppr, t: _Tags) -> tuple[str | None, int | None]:
    num_pr = ppr.find(t.numPr)
    if num_pr is None:
        return None, None
    num_id = num_pr.find(t.numId)
    ilvl = num_pr.find(t.ilvl)
    return (
        num_id.get(t.val) if num_id is not None else None,
        _int(ilvl.get(t.val)) if ilvl is not None else None,
    )


# --- automatic numbering ----------------------------------------------------


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str | None
    restart: int | None
    legal: bool
    style: str | None


class _Num(NamedTuple):
    abstract_id: str | None
    starts: dict[int, int]  # startOverride per level
    levels: dict[int, _Level]  # whole-level overrides


_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")


class _Numbering:
    """numbering.xml, and the running counters that give each paragraph its number.

    As in Word, counters belong to the abstract definition: several ``w:num``
    instances of one abstractNum continue one sequence, and an instance with a
    ``startOverride`` restarts its level the first time it is used.
    """

    def __init__(self, root, t: _Tags, styles: _Styles) -> None:
        self.t = t
        self.styles = styles
        self.abstracts: dict[str, tuple[dict[int, _Level], str | None]] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.applied: set[tuple[str, int]] = set()
        if root is None:
            return
        for el in root.iterchildren(t.abstractNum):
            aid = el.get(t.abstractNumId_attr)
            if aid is None or aid in self.abstracts:
                continue
            link = el.find(t.numStyleLink)
            levels = {}
            for lvl in el.iterchildren(t.lvl):
                ilvl = _int(lvl.get(t.ilvl_attr))
                if ilvl is not None and 0 <= ilvl < _LEVELS and ilvl not in levels:
                    levels[ilvl] = self._level(lvl)
            self.abstracts[aid] = (levels, link.get(t.val) if link is not None else None)
        for el in root.iterchildren(t.num):
            nid = el.get(t.numId_attr)
            if nid is None or nid in self.nums:
                continue
            aid = el.find(t.abstractNumId)
            starts: dict[int, int] = {}
            overrides: dict[int, _Level] = {}
            for ov in el.iterchildren(t.lvlOverride):
                ilvl = _int(ov.get(t.ilvl_attr))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                start = ov.find(t.startOverride)
                if start is not None and _int(start.get(t.val)) is not None:
                    starts[ilvl] = _int(start.get(t.val))
                lvl = ov.find(t.lvl)
                if lvl is not None:
                    overrides[ilvl] = self._level(lvl)
            self.nums[nid] = _Num(aid.get(t.val) if aid is not None else None, starts, overrides)

    def _level(self, el) -> _Level:
        t = self.t

        def val(tag):
            child = el.find(tag)
            return child.get(t.val) if child is not None else None

        text_el = el.find(t.lvlText)
        text = None
        if text_el is not None and not _on(text_el.find(t.null), t):
            text = text_el.get(t.val)
        return _Level(
            start=_int(val(t.start)) or 0,
            fmt=val(t.numFmt) or "decimal",
            text=text,
            restart=_int(val(t.lvlRestart)),
            legal=_on(el.find(t.isLgl), t),
            style=val(t.pStyle),
        )

    def _abstract(self, num: _Num) -> tuple[str, dict[int, _Level]] | None:
        """The abstract definition behind ``num``, following numStyleLink to its style."""
        aid = num.abstract_id
        for _ in range(4):
            if aid not in self.abstracts:
                return None
            levels, link = self.abstracts[aid]
            if link is None:
                return aid, levels
            linked_num = self.nums.get(self.styles.num_id_of(link) or "")
            if linked_num is None or linked_num.abstract_id == aid:
                return aid, levels
            aid = linked_num.abstract_id
        return None

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level a style-linked list gives a paragraph that names no ilvl."""
        num = self.nums.get(num_id)
        found = self._abstract(num) if num is not None else None
        if found is not None and style_id is not None:
            for ilvl, level in sorted(found[1].items()):
                if level.style == style_id:
                    return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph; the number Word shows."""
        num = self.nums.get(num_id)
        found = self._abstract(num) if num is not None else None
        if found is None:
            return None
        aid, abstract_levels = found
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        levels = {**abstract_levels, **num.levels}
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, [None] * _LEVELS)
        if ilvl in num.starts and (num_id, ilvl) not in self.applied:
            self.applied.add((num_id, ilvl))
            counters[ilvl] = num.starts[ilvl]
        elif counters[ilvl] is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            # lvlRestart names the (1-based) level after which this one restarts;
            # 0 means never; absent or not above this level means "any higher level".
            if restart is None or restart > deeper or ilvl < restart:
                counters[deeper] = None
        if level.fmt == "bullet" or not level.text:
            return None

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            ref = levels.get(k)
            value = counters[k] if counters[k] is not None else (ref.start if ref else 0)
            fmt = "decimal" if level.legal else (ref.fmt if ref else "decimal")
            return _format_number(value, fmt)

        return _PLACEHOLDER.sub(number, level.text).strip() or None


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百千", "壹貳參肆伍陸柒捌玖拾佰仟")
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CN_COUNTING = frozenset({
    "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
    "taiwaneseCountingThousand", "koreanCounting", "japaneseDigitalTenThousand",
})
_CN_DIGITAL = frozenset({"ideographDigital", "taiwaneseDigital", "koreanDigital", "koreanDigital2"})


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def _format_number(n: int, fmt: str) -> str:
    """``n`` as a Word ST_NumberFormat shows it; unknown formats fall back to decimal."""
    if fmt == "none":
        return ""
    if fmt in _CN_COUNTING:
        return cn_number(n) if 0 <= n <= 9999 else str(n)
    if fmt in _CN_DIGITAL:
        return cn_digits(n) if n >= 0 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        if not 0 <= n <= 9999:
            return str(n)
        table = _LEGAL_SIMPLIFIED if fmt == "chineseLegalSimplified" else _LEGAL_TRADITIONAL
        return cn_number(n).translate(table)
    if n < 1:
        return str(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "ideographZodiacTraditional":
        return _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_WIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3280, 10)
    if fmt in ("upperLetter", "lowerLetter") and n <= 26 * 50:
        letters = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman") and n < 4000:
        roman = ""
        for value, symbol in _ROMAN:
            count, n = divmod(n, value)
            roman += symbol * count
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)


# --- the document body ------------------------------------------------------

def paragraph_elements(container, t: _Tags, in_table: bool = False):
    """Every ``w:p`` under ``container`` in reading order, with whether it is in a table."""
    for child in container:
        tag = child.tag
        if tag == t.p:
            yield child, in_table
        elif tag in t.block_containers:
            yield from paragraph_elements(child, t, in_table or tag == t.tbl)


def visible_atoms(p, t: _Tags):
    """The visible text of a ``w:p`` as (run, child, text) triples in order.

    ``text`` is a w:t's text, "\t" for a tab and "\n" for a manual line break.
    Deleted runs, hidden runs and field codes (but not field results) are left
    out, so the text is what Word shows with tracked changes accepted.
    """
    fields: list[bool] = []  # per open field: are we in its result yet?

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == t.r:
                yield from run(child)
            elif tag in t.run_containers:
                yield from walk(child)

    def run(r):
        rpr = r.find(t.rPr)
        hidden = rpr is not None and _on(rpr.find(t.vanish), t)
        for c in r:
            tag = c.tag
            if tag == t.fldChar:
                kind = c.get(t.fldCharType)
                if kind == "begin":
                    fields.append(False)
                elif kind == "separate" and fields:
                    fields[-1] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if hidden or not all(fields):
                continue
            if tag == t.t:
                if c.text:
                    yield r, c, c.text
            elif tag == t.tab or tag == t.ptab:
                yield r, c, "\t"
            elif tag == t.br or tag == t.cr:
                yield r, c, "\n"
            elif tag == t.noBreakHyphen:
                yield r, c, "-"
            elif tag == t.sym:
                code = c.get(t.char) or ""
                try:
                    ch = int(code, 16)
                except ValueError:
                    continue
                # Symbol-font characters live in the private use area.
                if 0x20 <= ch < 0xD800 or 0xF900 <= ch <= 0xFFFD:
                    yield r, c, chr(ch)

    yield from walk(p)



class _DocumentReader:
    """Walks the body in reading order and turns each w:p into Paragraphs."""

    def __init__(self, t: _Tags, styles: _Styles, numbering: _Numbering) -> None:
        self.t = t
        self.styles = styles
        self.numbering = numbering
        self.out: list[Paragraph] = []

    def read(self, body) -> list[Paragraph]:
        carry: list[str] | None = None
        for block, (p, in_table) in enumerate(paragraph_elements(body, self.t)):
            pieces, mark_deleted = self._text(p)
            merged = carry is not None
            if merged:
                # The previous paragraph's mark was deleted (tracked): accepted, its
                # text runs on into this paragraph, which keeps its own properties.
                pieces = carry[:-1] + [carry[-1] + pieces[0]] + pieces[1:]
                carry = None
            if mark_deleted:
                carry = pieces
                continue
            # Text merged across two w:p cannot be placed in either of them.
            self._emit(p, pieces, in_table, None if merged else block)
        if carry is not None:
            self._add(carry, None, None, None, False, None)
        return self.out

    def _text(self, p) -> tuple[list[str], bool]:
        """The paragraph's visible text split at manual line breaks; is its mark deleted."""
        t = self.t
        pieces: list[str] = []
        current: list[str] = []
        for _run, _child, text in visible_atoms(p, t):
            if text == "\n":
                pieces.append("".join(current))
                current.clear()
            else:
                current.append(text)
        pieces.append("".join(current))
        ppr = p.find(t.pPr)
        mark_deleted = False
        if ppr is not None:
            rpr = ppr.find(t.rPr)
            if rpr is not None:
                mark_deleted = rpr.find(t.del_) is not None or rpr.find(t.moveFrom) is not None
        return pieces, mark_deleted

    def _emit(self, p, pieces: list[str], in_table: bool, block: int | None) -> None:
        t = self.t
        ppr = p.find(t.pPr)
        style_id = own_num = own_ilvl = None
        own_outline: int | None = None
        has_outline = has_num = False
        if ppr is not None:
            ps = ppr.find(t.pStyle)
            style_id = ps.get(t.val) if ps is not None else None
            lvl = ppr.find(t.outlineLvl)
            if lvl is not None and _int(lvl.get(t.val)) is not None:
                has_outline = True
                own_outline = _int(lvl.get(t.val))
            if ppr.find(t.numPr) is not None:
                has_num = True
                own_num, own_ilvl = _num_pr(ppr, t)
        style = self.styles.resolve(style_id)
        outline_level = style.outline_level
        if has_outline:
            outline_level = own_outline + 1 if 0 <= own_outline <= 8 else None
        num_id = own_num if own_num is not None else style.num_id
        ilvl = own_ilvl if has_num and own_ilvl is not None else style.ilvl
        label = None
        if num_id is not None and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style.style_id)
            # Counted even when the paragraph turns out empty: Word numbers it too.
            label = self.numbering.label(num_id, ilvl)
        self._add(pieces, label, style.name, outline_level, in_table, block)

    def _add(self, pieces, label, style, outline_level, in_table, block) -> None:
        first = True
        start = 0  # where the piece starts in the paragraph's visible text (breaks are "\n")
        for piece in pieces:
            text = _clean(piece)
            piece_start, start = start, start + len(piece) + 1
            if not text:
                continue
            found = piece.find(text) if block is not None else -1
            offset = piece_start + found if found >= 0 else None
            if first and label:
                text, this_label = label + text, label
            else:
                this_label = None
            first = False
            self.out.append(Paragraph(
                index=len(self.out), text=text, label=this_label, style=style,
                outline_level=outline_level, in_table=in_table,
                block=block if offset is not None else None, offset=offset,
            ))
