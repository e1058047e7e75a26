"""The .docx zip package, treated as hostile: sizes, ratios and DOCTYPEs checked before reading.

The zip's declared sizes and compression ratios are checked before anything is
inflated, no member is read past its limit, and XML with a DOCTYPE (entity
expansion, external entities) or nested deeper than libxml2 reads safely is
refused. Every refusal is an ``InputError`` with the file's path, saying which
limit was passed (a large document is not called malicious). Every part read — the main document, styles, numbering,
headers, footers, notes — goes through ``Package.xml``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from ..errors import InputError

class _Broken(Exception):
    """An optional part that is not well-formed XML."""


# --- limits (module constants so tests can lower them) ---------------------

#: Largest total uncompressed size a .docx may declare.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Largest uncompressed size of one XML part that is actually read.
MAX_PART_BYTES = 100 * 1024 * 1024
#: Members larger than this must not be compressed more than MAX_RATIO : 1.
RATIO_MIN_BYTES = 1024 * 1024
MAX_RATIO = 200

# --- messages ---------------------------------------------------------------

UNSUPPORTED = "不支持的文件类型：只能读取 .docx 和 .txt"
SAVE_AS_DOCX = "请用 Word 或 WPS 打开后“另存为” .docx 格式，或把文字粘贴到 .txt 文件中"
ENCRYPTED = "文件已加密（设置了打开密码），无法读取"
ENCRYPTED_HINT = "请在 Word/WPS 中取消打开密码后另存为 .docx 再试"
CORRUPT = "文件已损坏，或不是有效的 Word 文档（.docx）"
CORRUPT_HINT = "请用 Word 或 WPS 打开后“另存为” .docx 再试"
_TOO_LARGE_HINT = "文稿确实这么大时，请把它拆分成几个文件后再试"
_DEPTH = "文件的结构嵌套太深（{depth}），超出可以安全读取的范围，已拒绝读取"
_DEPTH_HINT = "请在 Word 或 WPS 中减少表格套表格等层层嵌套的内容，或把文字复制到新文档后另存为 .docx 再试"
_DOCTYPE = "文件中含有不允许的 XML 声明（DOCTYPE/实体定义），可能是恶意构造的文件，已拒绝读取"

_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


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
                ratio = info.file_size // max(info.compress_size, 1)
                raise InputError(f"文件中的 {info.filename} 解压后有 {_mb(info.file_size)}，是压缩时的 {ratio} 倍，"
                                 f"超过可读取的上限（{MAX_RATIO} 倍），已拒绝读取", path=self.path,
                                 hint=_TOO_LARGE_HINT)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(f"文件太大：解压后共 {_mb(total)}，超过可读取的上限（{_mb(MAX_UNCOMPRESSED_BYTES)}）",
                             path=self.path, hint=_TOO_LARGE_HINT)

    def main_document(self) -> str:
        """The main document part's name (from the package relationships, else word/document.xml)."""
        target = None
        if "_rels/.rels" in self.members:
            target = self._rels("_rels/.rels", "").get("officeDocument")
        for name in (target, "word/document.xml"):
            if name and name.lower() in self.members:
                return name
        raise InputError(self._not_word(), path=self.path, hint=SAVE_AS_DOCX)

    def _not_word(self) -> str:
        if "xl/workbook.xml" in self.members:
            return "这是 Excel 表格，不是 Word 文档：" + UNSUPPORTED
        if "ppt/presentation.xml" in self.members:
            return "这是 PowerPoint 演示文稿，不是 Word 文档：" + UNSUPPORTED
        if "content.xml" in self.members and "mimetype" in self.members:
            return "这是 OpenDocument（.odt 等）文件：" + UNSUPPORTED
        return "不是 Word 文档（.docx）：压缩包中没有正文部分 word/document.xml"

    def part_rels(self, part: str) -> dict[str, str]:
        """Relationship type (last path segment) → part name, the first of each type, of ``part``."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        return self._rels(rels, folder) if rels.lower() in self.members else {}

    def _rels(self, name: str, base: str) -> dict[str, str]:
        """Relationship type (last path segment) → part name, for internal targets."""
        out: dict[str, str] = {}
        for _rid, kind, target in self._relationships(name, base):
            out.setdefault(kind, target)
        return out

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type's last path segment, part name) of ``part``'s internal targets."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels.lower() not in self.members:
            return {}
        return {rid: (kind, target) for rid, kind, target in self._relationships(rels, folder) if rid}

    def _relationships(self, name: str, base: str):
        for rel in self.xml(name).iter(_PKG_RELS):
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = unquote(rel.get("Target") or "")
            if not kind or not target:
                continue
            joined = target[1:] if target.startswith("/") else posixpath.join(base, target)
            yield rel.get("Id"), kind, posixpath.normpath(joined)

    def read(self, name: str) -> bytes:
        """The bytes of member ``name``, never inflating more than its limit."""
        info = self.members[name.lower()]
        if info.flag_bits & 0x1:
            raise InputError(ENCRYPTED, path=self.path, hint=ENCRYPTED_HINT)
        limit = min(info.file_size, MAX_PART_BYTES)
        with self.zf.open(info) as member:
            # Declared sizes can lie: never inflate more than the limit allows.
            data = member.read(limit + 1)
        if len(data) > limit:
            if limit < MAX_PART_BYTES:  # more than the zip declared: the package lies about its size
                raise InputError(f"文件已损坏：其中的 {name} 比记录的大小更大", path=self.path, hint=CORRUPT_HINT)
            raise InputError(f"文件太大：其中的 {name} 解压后超过可读取的上限（{_mb(MAX_PART_BYTES)}）",
                             path=self.path, hint=_TOO_LARGE_HINT)
        return data

    def optional_xml(self, name: str):
        """A part that may be missing (styles, numbering): its root, or None."""
        return self.xml(name) if name.lower() in self.members else None

    def story_xml(self, name: str):
        """A part the text may go on in (header, footer, notes): its root, or None if missing or not XML.

        Such a part is not needed to read the body, so a broken one is skipped; the
        size and DOCTYPE checks still refuse the whole file.
        """
        if name.lower() not in self.members:
            return None
        try:
            return self._parse(name)
        except _Broken:
            return None

    def xml(self, name: str):
        """The root of part ``name``, read within the limits; a DOCTYPE or broken XML is refused."""
        try:
            return self._parse(name)
        except _Broken:
            raise InputError(
                f"文件已损坏：其中的 {name} 不是有效的 XML", path=self.path, hint=CORRUPT_HINT
            ) from None

    def _parse(self, name: str):
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
        except etree.XMLSyntaxError as exc:
            if "Excessive depth" in str(exc):  # libxml2's limit without huge_tree, not damage
                raise InputError(_DEPTH.format(depth=_depth(data)), path=self.path, hint=_DEPTH_HINT) from None
            raise _Broken(name) from None
        except ValueError:
            raise _Broken(name) from None
        if root.getroottree().docinfo.doctype:
            raise InputError(_DOCTYPE, path=self.path)
        return root


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} 字节"


#: libxml2's deepest nesting of elements when huge_tree is off.
_PARSER_DEPTH = 256


def _depth(data: bytes) -> str:
    """How deep the elements of ``data`` nest, in words: counted on its tags, else libxml2's limit."""
    import re

    depth = deepest = 0
    for m in re.finditer(rb"<(/?)[A-Za-z_][^<>]*?(/?)>", data):
        if m[1]:
            depth -= 1
        elif not m[2]:
            depth += 1
            deepest = max(deepest, depth)
    return f"{deepest} 层" if deepest > _PARSER_DEPTH else f"超过 {_PARSER_DEPTH} 层"
