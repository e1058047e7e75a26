"""Write edits into a copy of a Word document as tracked changes (修订) and comments (批注).

The reviewer's language in these offices is Word's review mode: every change the
tool makes is a ``w:del`` + ``w:ins`` pair with author and date, accepted or
rejected one by one; every question is a comment anchored on the words it is
about. The copy keeps everything else of the source as it was: parts other than
the main document, comments and their relationships are copied byte for byte, and
a paragraph without an edit is serialized unchanged (identical after XML
canonicalisation). The source file is never written to. A copy may record
something about its edits in its custom properties (renew's record of the
changes it proposed, ``learn.record``): that part, its relationship and content
type are then written too, the other properties kept.

A .txt source has no Word document to copy: its paragraphs are laid into the
project's template (``text_document``) and the edits applied to that.

Edits are written into the part where their paragraph lives (``Paragraph.story``:
the body, a header, footer, footnote, endnote or text box; ``stories`` decides
where, and where Word can show a comment), found again through ``Paragraph.block``
and ``Paragraph.offset`` recorded by the reader, and cut into runs by ``runs``;
``package`` writes the copy. An edit whose text is no longer where it was
recorded is looked for in its paragraph, and reported back as not applied when it
cannot be placed unambiguously, or when it falls where a revision cannot go (a
field, text another reviewer already inserted or moved).
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..model import Edit, Paragraph
from ..output import check_target
from ..reader import Package, word_tags
from ..reader.stories import other_stories
from .package import (add_comments_rel, add_compatibility_mode, add_override, comment_style_ids, comments_part,
                      related_part, rels_part, serialize, set_properties, write_zip)
from .runs import preserve
from .stories import Revisor

__all__ = ["Applied", "revise_docx", "revise_text"]


@dataclass(frozen=True)
class Applied:
    """What was written: the edits placed, and those that could not be."""

    path: Path
    placed: tuple[Edit, ...]
    skipped: tuple[Edit, ...]


def revise_docx(source: Path, paragraphs: list[Paragraph], edits: list[Edit] | tuple[Edit, ...],
                out: Path, *, author: str, when: _dt.datetime, force: bool = False, record=None) -> Applied:
    """Copy ``source`` to ``out`` with ``edits`` as tracked changes and comments.

    ``record``, when given, says what the copy records about the edits placed in its
    custom properties (``record.properties(placed)``, replacing those ``record.owns``).
    """
    check_target(out, force=force, source=source)
    return _revise(source, out, paragraphs, edits, author, when, force=force, record=record)


def revise_text(paragraphs: list[Paragraph], styles: dict[int, str], edits: list[Edit] | tuple[Edit, ...],
                out: Path, *, template: Path, author: str, when: _dt.datetime,
                force: bool = False, source: Path | None = None, record=None) -> Applied:
    """Lay ``paragraphs`` of a .txt into the Word ``template`` and apply ``edits``.

    ``styles`` maps a paragraph index to a style id of the template (Title,
    Heading1, Signature, Date…); other paragraphs get the body style. ``source``,
    the .txt read, is never the output, not even through a link.
    """
    check_target(out, force=force, source=source, inputs=(("模板文件", template),))
    by_block = [Paragraph(p.index, p.text, block=n, offset=0) for n, p in enumerate(paragraphs)]
    return _revise(template, out, by_block, edits, author, when, force=force,
                   prepare=lambda doc: _fill_body(doc, paragraphs, styles), record=record)


def _revise(package_path: Path, out: Path, paragraphs, edits, author: str, when: _dt.datetime,
            prepare=None, force: bool = False, record=None) -> Applied:
    """The package at ``package_path`` (its body first rebuilt by ``prepare``) with ``edits``, written to ``out``."""
    with open(package_path, "rb") as f, zipfile.ZipFile(f) as zf:
        package = Package(zf, package_path)
        doc_name = package.main_document()
        rels_name = rels_part(doc_name)
        doc = package.xml(doc_name)
        rels = package.xml(rels_name) if rels_name.lower() in package.members else None
        types = package.xml("[Content_Types].xml")
        comments_name = comments_part(doc_name, rels)
        comments = package.xml(comments_name) if comments_name and comments_name.lower() in package.members else None
        if prepare is not None:
            prepare(doc)
        t = word_tags(etree.QName(doc).namespace)
        roots = {doc_name: doc, **{name: root for _, name, root in other_stories(package, doc_name, doc, t)}}
        replaced: dict[str, bytes] = {}
        revisor = Revisor(doc_name, roots, comments, author, when)
        styles_name = related_part(doc_name, rels, "styles")
        styles = package.xml(styles_name) if styles_name and styles_name.lower() in package.members else None
        revisor.comment_text_style, revisor.comment_reference_style, missing = comment_style_ids(styles)
        earlier = len(revisor.comments)
        placed, skipped = revisor.apply(paragraphs, edits)
        if missing and len(revisor.comments) > earlier:
            # the comment styles the new comments name, added; the document's own styles stay as they were
            styles.extend(missing)
            replaced[package.members[styles_name.lower()].filename] = serialize(styles)
        replaced[doc_name] = serialize(doc)
        settings_name = related_part(doc_name, rels, "settings")
        if settings_name and settings_name.lower() in package.members:
            settings = package.xml(settings_name)
            if add_compatibility_mode(settings):
                replaced[package.members[settings_name.lower()].filename] = serialize(settings)
        for name in revisor.touched - {doc_name}:
            # the member's own spelling: part names are case-insensitive, zip names are not
            replaced[package.members[name.lower()].filename] = serialize(roots[name])
        if len(revisor.comments):
            if comments_name is None:
                comments_name, rels = add_comments_rel(doc_name, rels, doc)
                replaced[rels_name] = serialize(rels)
            if comments is None:
                add_override(types, comments_name)
                replaced["[Content_Types].xml"] = serialize(types)
            replaced[comments_name] = serialize(revisor.comments)
        if record is not None:
            listed = serialize(types)
            replaced.update(set_properties(package, types, record.properties(placed), record.owns))
            if serialize(types) != listed:
                replaced["[Content_Types].xml"] = serialize(types)
        write_zip(out, [(info, None if info.filename in replaced else package.read(info.filename))
                         for info in zf.infolist()], replaced, force=force)
    return Applied(out, placed, skipped)


# --- a .txt laid into the template ---------------------------------------------


def _fill_body(doc, paragraphs: list[Paragraph], styles: dict[int, str]) -> None:
    ns = etree.QName(doc).namespace
    t = word_tags(ns)
    body = doc.find(t.body)
    sect = body.find(f"{{{ns}}}sectPr")
    for child in list(body):
        body.remove(child)
    for para in paragraphs:
        p = etree.SubElement(body, t.p)
        style = styles.get(para.index)
        if style:
            ppr = etree.SubElement(p, t.pPr)
            etree.SubElement(ppr, t.pStyle).set(t.val, style)
        r = etree.SubElement(p, t.r)
        el = etree.SubElement(r, t.t)
        el.text = para.text
        preserve(el)
    if sect is not None:
        body.append(sect)
