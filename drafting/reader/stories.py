"""A .docx opened: which stories hold its text, and their paragraphs walked in order.

Besides the body (tables included), a reader sees the headers and footers every
section references (default, first page, even pages), the footnotes and endnotes
(not the separator lines Word keeps as notes too), and text boxes wherever they
stand. A text box written as DrawingML carries a VML copy for older readers in
``mc:Fallback``: that copy is the same text and is not read a second time.

The body's paragraphs come first and keep their indexes; the other stories follow
in the order above. ``story_blocks`` is the one enumeration of a story's ``w:p``
that both the reader and ``revise`` use, so ``Paragraph.block`` finds its
paragraph again. A header or footer that a relationship names but the package
lacks, or that is not well-formed XML, is skipped: the body can be read without it.
"""

from __future__ import annotations

import contextlib

from pathlib import Path

from ..errors import InputError
from ..model import Paragraph
from .body import DocumentReader, paragraph_elements
from .package import CORRUPT, CORRUPT_HINT, Package
from .styles import Numbering, Styles
from .wordml import MC_FALLBACK, W_NAMESPACES, Tags, word_tags

#: Part kinds by relationship type, in reading order after the body.
STORY_RELS = (("header", "header"), ("footer", "footer"), ("footnotes", "footnote"), ("endnotes", "endnote"))
#: Note types that are Word's separator lines, not notes.
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})


@contextlib.contextmanager
def word_document(path: Path, f=None):
    """The Word package at ``path`` (or already open in ``f``) as (package, main part's name, its root, its tags).

    Whatever goes wrong reading it inside the block (a truncated or garbled
    archive, which zipfile reports in many ways, broken XML, a namespace that is
    not WordprocessingML) is refused as a damaged document, in Chinese, naming
    ``path``; an ``InputError`` raised in the block passes as it is.
    """
    import zipfile
    import zlib

    from lxml import etree

    try:
        with contextlib.ExitStack() as opened:
            zf = opened.enter_context(zipfile.ZipFile(f if f is not None else opened.enter_context(open(path, "rb"))))
            package = Package(zf, path)
            doc_name = package.main_document()
            doc = package.xml(doc_name)
            ns = etree.QName(doc).namespace
            if ns not in W_NAMESPACES:
                raise InputError(CORRUPT, path=path, hint=CORRUPT_HINT)
            yield package, doc_name, doc, word_tags(ns)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError, OSError, etree.LxmlError):
        raise InputError(CORRUPT, path=path, hint=CORRUPT_HINT) from None


def read_docx(f, path: Path) -> list[Paragraph]:
    """The paragraphs of the Word document open in ``f``: body first, then the other stories."""
    with word_document(path, f) as (package, doc_name, doc, t):
        rels = package.part_rels(doc_name)
        styles_xml = package.optional_xml(rels.get("styles", "word/styles.xml"))
        numbering_xml = package.optional_xml(rels.get("numbering", "word/numbering.xml"))
        body = doc.find(t.body)
        if body is None:
            return []
        others = [(kind, name, root) for kind, name, root in other_stories(package, doc_name, doc, t)]
    styles = Styles(styles_xml, t)
    numbering = Numbering(numbering_xml, t, styles)
    reader = DocumentReader(t, styles, numbering)
    reader.read(story_blocks(doc, t, "body"))
    reader.read(story_blocks(doc, t, "textbox"), "textbox", doc_name)
    for kind, name, root in others:
        reader.read(story_blocks(root, t, kind), kind, name)
        reader.read(story_blocks(root, t, "textbox"), "textbox", name)
    return reader.out


def other_stories(package: Package, doc_name: str, doc, t: Tags):
    """(kind, part name, root) of the headers, footers and notes of the document, each part once."""
    from lxml import etree

    rels = package.relationships(doc_name)
    by_kind: dict[str, list[str]] = {kind: [] for _, kind in STORY_RELS}
    # Headers and footers in the order the sections reference them.
    for ref in doc.iter(t.headerReference, t.footerReference):
        rid = next((v for k, v in ref.attrib.items() if etree.QName(k).localname == "id"), None)
        kind, name = rels.get(rid or "", ("", ""))
        expected = "header" if ref.tag == t.headerReference else "footer"
        if kind == expected and name not in by_kind[kind]:
            by_kind[kind].append(name)
    for kind, name in rels.values():
        if kind in ("footnotes", "endnotes") and name not in by_kind[kind[:-1]]:
            by_kind[kind[:-1]].append(name)
    roots = {"header": t.hdr, "footer": t.ftr, "footnote": t.footnotes, "endnote": t.endnotes}
    for _, kind in STORY_RELS:
        for name in by_kind[kind]:
            root = package.story_xml(name)
            if root is not None and root.tag == roots[kind]:
                yield kind, name, root


def story_blocks(root, t: Tags, part: str) -> list:
    """The (w:p, in_table) of one kind of story under a part's root, in reading order.

    ``part`` is "body" (the main document's body), "textbox" (every text box in
    the part, fallback copies left out), "header"/"footer", or "footnote"/"endnote"
    (the notes, separators left out).
    """
    if part == "body":
        body = root.find(t.body)
        return list(paragraph_elements(body, t)) if body is not None else []
    if part == "textbox":
        container = root.find(t.body) if root.tag == t.document else root
        if container is None:
            return []
        out = []
        for box in container.iter(t.txbxContent):
            if not any(anc.tag == MC_FALLBACK for anc in box.iterancestors()):
                out.extend(paragraph_elements(box, t))
        return out
    if part in ("footnote", "endnote"):
        note = t.footnote if part == "footnote" else t.endnote
        return [pair for n in root.iterchildren(note) if n.get(t.type) not in _SEPARATORS
                for pair in paragraph_elements(n, t)]
    return list(paragraph_elements(root, t))
