"""A .docx opened: its main document, styles and numbering read, its paragraphs walked."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Paragraph
from .body import _DocumentReader
from .package import CORRUPT, CORRUPT_HINT, Package
from .styles import _Numbering, _Styles
from .wordml import W_NAMESPACES, word_tags


def read_docx(f, path: Path) -> list[Paragraph]:
    """The paragraphs of the Word document open in ``f``."""
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
        raise InputError(CORRUPT, path=path, hint=CORRUPT_HINT) from None
    ns = etree.QName(doc).namespace
    if ns not in W_NAMESPACES:
        raise InputError(CORRUPT, path=path, hint=CORRUPT_HINT)
    t = word_tags(ns)
    body = doc.find(t.body)
    if body is None:
        return []
    styles = _Styles(styles_xml, t)
    numbering = _Numbering(numbering_xml, t, styles)
    return _DocumentReader(t, styles, numbering).read(body)
