"""Write edits into a copy of a Word document as tracked changes (修订) and comments (批注).

The reviewer's language in these offices is Word's review mode: every change the
tool makes is a ``w:del`` + ``w:ins`` pair with author and date, accepted or
rejected one by one; every question is a comment anchored on the words it is
about. The copy keeps everything else of the source as it was: parts other than
the main document, comments and their relationships are copied byte for byte, and
a paragraph without an edit is serialized unchanged (identical after XML
canonicalisation). The source file is never written to.

A .txt source has no Word document to copy: its paragraphs are laid into the
project's template (``text_document``) and the edits applied to that.

Edits are written into the part where their paragraph lives (``Paragraph.story``:
the body, a header, footer, footnote, endnote or text box), found again through
``Paragraph.block`` and ``Paragraph.offset`` recorded by the reader. Word keeps
no comments in headers and footers, nor comment ranges in notes and text boxes
(MS-OI29500 on commentRangeStart): a comment in a note or text box is anchored
at a point after its words, and a question about a header or footer is put on
the first paragraph of the body, saying what it is about. A text box's fallback
copy for older readers (``mc:Fallback``) gets the same tracked changes when it
holds the same text. An edit whose text is no longer where it was recorded is looked
for in its paragraph, and reported back as not applied when it cannot be placed
unambiguously, or when it falls where a revision cannot go (a field, text
another reviewer already inserted or moved).
"""

from __future__ import annotations

import copy
import datetime as _dt
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from .model import PART_NAMES, Edit, Paragraph
from .output import check_target, write_file
from .reader import Package, paragraph_elements, visible_atoms, word_tags
from .reader.stories import other_stories, story_blocks
from .reader.wordml import MC_ALTERNATE, MC_FALLBACK

__all__ = ["Applied", "revise_docx", "revise_text"]

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_PKG_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_REL_TYPES = {
    # transitional and ISO 29500 Strict relationship namespaces
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main":
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://purl.oclc.org/ooxml/wordprocessingml/main":
        "http://purl.oclc.org/ooxml/officeDocument/relationships/comments",
}
# Where a run must not be cut into revisions: another reviewer's insertion or move.
_FOREIGN = ("ins", "del", "moveTo", "moveFrom", "fldSimple")


@dataclass(frozen=True)
class Applied:
    """What was written: the edits placed, and those that could not be."""

    path: Path
    placed: tuple[Edit, ...]
    skipped: tuple[Edit, ...]


def revise_docx(source: Path, paragraphs: list[Paragraph], edits: list[Edit] | tuple[Edit, ...],
                out: Path, *, author: str, when: _dt.datetime, force: bool = False) -> Applied:
    """Copy ``source`` to ``out`` with ``edits`` as tracked changes and comments."""
    check_target(out, force=force, source=source)
    return _revise(source, out, paragraphs, edits, author, when)


def revise_text(paragraphs: list[Paragraph], styles: dict[int, str], edits: list[Edit] | tuple[Edit, ...],
                out: Path, *, template: Path, author: str, when: _dt.datetime,
                force: bool = False) -> Applied:
    """Lay ``paragraphs`` of a .txt into the Word ``template`` and apply ``edits``.

    ``styles`` maps a paragraph index to a style id of the template (Title,
    Heading1, Signature, Date…); other paragraphs get the body style.
    """
    check_target(out, force=force)
    by_block = [Paragraph(p.index, p.text, block=n, offset=0) for n, p in enumerate(paragraphs)]
    return _revise(template, out, by_block, edits, author, when,
                   prepare=lambda doc: _fill_body(doc, paragraphs, styles))


def _revise(package_path: Path, out: Path, paragraphs, edits, author: str, when: _dt.datetime,
            prepare=None) -> Applied:
    """The package at ``package_path`` (its body first rebuilt by ``prepare``) with ``edits``, written to ``out``."""
    with open(package_path, "rb") as f, zipfile.ZipFile(f) as zf:
        package = Package(zf, package_path)
        doc_name = package.main_document()
        rels_name = _rels_name(doc_name)
        doc = package.xml(doc_name)
        rels = package.xml(rels_name) if rels_name.lower() in package.members else None
        types = package.xml("[Content_Types].xml")
        comments_name = _comments_part(doc_name, rels)
        comments = package.xml(comments_name) if comments_name and comments_name.lower() in package.members else None
        if prepare is not None:
            prepare(doc)
        t = word_tags(etree.QName(doc).namespace)
        roots = {doc_name: doc, **{name: root for _, name, root in other_stories(package, doc_name, doc, t)}}
        revisor = _Revisor(doc_name, roots, comments, author, when)
        placed, skipped = revisor.apply(paragraphs, edits)
        replaced: dict[str, bytes] = {doc_name: _serialize(doc)}
        for name in revisor.touched - {doc_name}:
            # the member's own spelling: part names are case-insensitive, zip names are not
            replaced[package.members[name.lower()].filename] = _serialize(roots[name])
        if len(revisor.comments):
            if comments_name is None:
                comments_name, rels = _add_comments_rel(doc_name, rels, doc)
                replaced[rels_name] = _serialize(rels)
            if comments is None:
                _add_override(types, comments_name)
                replaced["[Content_Types].xml"] = _serialize(types)
            replaced[comments_name] = _serialize(revisor.comments)
        _write_zip(out, [(info, None if info.filename in replaced else package.read(info.filename))
                         for info in zf.infolist()], replaced)
    return Applied(out, placed, skipped)


# --- the document tree -------------------------------------------------------


class _Revisor:
    """Applies edits to the document's story trees; collects the comments part."""

    def __init__(self, doc_name: str, roots: dict, comments, author: str, when: _dt.datetime) -> None:
        doc = roots[doc_name]
        self.ns = etree.QName(doc).namespace
        self.t = word_tags(self.ns)
        self.w = f"{{{self.ns}}}"
        self.doc, self.doc_name, self.roots = doc, doc_name, roots
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        # Revision and comment ids are unique across all the parts of a document.
        ids = [int(v) for root in roots.values() for el in root.iter() for k, v in el.attrib.items()
               if k == self.w + "id" and v.lstrip("-").isdigit()]
        if comments is None:
            comments = etree.Element(self.w + "comments", nsmap={"w": self.ns})
        self.comments = comments
        # One counter for revisions and comments, above every id already used.
        taken = [int(c.get(self.w + "id")) for c in comments if (c.get(self.w + "id") or "").isdigit()]
        self.next_id = max(taken + ids, default=0) + 1
        self.touched: set[str] = set()
        self._blocks: dict[tuple[str, str], list] = {}
        #: questions about a header or footer, for the first paragraph of the body
        self.elsewhere: list[tuple[Edit, str]] = []

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def blocks(self, story: str, part: str) -> list:
        """The w:p of one kind of story in part ``story``, as the reader counted them."""
        key = (story, part)
        if key not in self._blocks:
            root = self.roots.get(story)
            self._blocks[key] = [p for p, _ in story_blocks(root, self.t, part)] if root is not None else []
        return self._blocks[key]

    def apply(self, paragraphs: list[Paragraph], edits) -> tuple[tuple[Edit, ...], tuple[Edit, ...]]:
        by_index = {p.index: p for p in paragraphs}
        placed: list[Edit] = []
        skipped: list[Edit] = []
        # Right to left within a paragraph: earlier offsets stay valid.
        for edit in sorted(edits, key=lambda e: (e.paragraph, e.start), reverse=True):
            para = by_index.get(edit.paragraph)
            done = False
            if para is not None and para.block is not None:
                story = para.story or self.doc_name
                blocks = self.blocks(story, para.part)
                if para.block < len(blocks):
                    done = self._apply_in(blocks[para.block], story, para, edit)
                    if done:
                        self.touched.add(story)
            (placed if done else skipped).append(edit)
        lost = self._place_elsewhere(paragraphs)
        placed = [e for e in placed if id(e) not in lost]
        skipped += [e for e in edits if id(e) in lost]
        return tuple(reversed(placed)), tuple(sorted(skipped, key=lambda e: (e.paragraph, e.start)))

    def _apply_in(self, p, story: str, para: Paragraph, edit: Edit) -> bool:
        """``edit`` in ``p`` of part ``story``, its comment where Word can show it."""
        root_tag = self.roots[story].tag
        if root_tag in (self.t.hdr, self.t.ftr):
            mode = "elsewhere"
        elif para.part == "body":
            mode = "range"
        else:  # notes and text boxes: Word ignores comment ranges there
            mode = "point"
        twin = self._fallback_twin(p) if para.part == "textbox" and edit.new is not None else None
        if twin is not None and _text(twin, self.t) != _text(p, self.t):
            twin = None
        done = self._apply(p, para, edit, mode)
        if done and twin is not None:
            self._apply(twin, para, replace(edit, comment=None), mode)
        if done and mode == "elsewhere" and edit.comment:
            where = "页眉" if root_tag == self.t.hdr else "页脚"
            if para.part == "textbox":
                where += "的" + PART_NAMES["textbox"]
            self.elsewhere.append((edit, f"［{where}］“{edit.old}”：{edit.comment}"))
        return done

    def _fallback_twin(self, p):
        """The same paragraph in the ``mc:Fallback`` copy of p's text box, if the copies line up."""
        t = self.t
        alt = next(p.iterancestors(MC_ALTERNATE), None)
        fallback = alt.find(MC_FALLBACK) if alt is not None else None
        if fallback is None:
            return None
        choice = [b for b in alt.iter(t.txbxContent) if not any(a.tag == MC_FALLBACK for a in b.iterancestors())]
        copies = list(fallback.iter(t.txbxContent))
        box = next(p.iterancestors(t.txbxContent))
        if len(choice) != len(copies) or box not in choice:
            return None
        mine = [q for q, _ in paragraph_elements(box, t)]
        theirs = [q for q, _ in paragraph_elements(copies[choice.index(box)], t)]
        return theirs[mine.index(p)] if p in mine and len(mine) == len(theirs) else None

    def _place_elsewhere(self, paragraphs: list[Paragraph]) -> set[int]:
        """Questions about headers and footers, on the first body paragraph; ids of edits that found no place."""
        if not self.elsewhere:
            return set()
        first = next((p for p in paragraphs if p.part == "body" and p.block is not None), None)
        blocks = self.blocks(self.doc_name, "body")
        if first is None or first.block >= len(blocks):
            return {id(e) for e, _ in self.elsewhere if e.new is None}
        p = blocks[first.block]
        content = [c for c in p if c.tag != self.t.pPr]
        if not content:
            return {id(e) for e, _ in self.elsewhere if e.new is None}
        for _, text in self.elsewhere:
            self._comment(content[0], p[len(p) - 1], text)
        self.touched.add(self.doc_name)
        return set()

    def _apply(self, p, para: Paragraph, edit: Edit, mode: str = "range") -> bool:
        atoms = list(visible_atoms(p, self.t))
        text = "".join(a[2] for a in atoms)
        span = _locate(text, para, edit)
        if span is None:
            return False
        start, end = span
        if edit.new is None and start == end:
            return False
        runs = self._isolate(atoms, start, end) if start != end else []
        if runs is None:
            return False
        if start == end:
            anchor = self._run_before(atoms, start)
            if anchor is None:
                return False
            first = last = self._insert_after(anchor, edit.new)
        elif edit.new is not None:
            deleted = [self._delete(group) for group in _adjacent(runs)]
            first, last = deleted[0], deleted[-1]
            if edit.new:
                last = self._insert_after(last, edit.new, like=runs[0])
        else:
            first, last = runs[0], runs[-1]
        if edit.comment and mode == "range":
            self._comment(first, last, edit.comment)
        elif edit.comment and mode == "point":
            self._comment(None, last, edit.comment)
        return True

    def _isolate(self, atoms, start: int, end: int) -> list | None:
        """Split runs so that [start, end) is covered by whole runs; those runs, in order."""
        pos = 0
        spans: dict = {}  # run → [first child, lo, last child, hi], in document order
        for run, child, text in atoms:
            a, b = pos, pos + len(text)
            pos = b
            if b <= start or a >= end:
                continue
            if text == "\n":
                return None
            if any(anc.tag == self.w + name for anc in run.iterancestors() for name in _FOREIGN):
                return None
            lo, hi = max(start - a, 0), min(end, b) - a
            if run in spans:
                spans[run][2:] = [child, hi]
            else:
                spans[run] = [child, lo, child, hi]
        if any(self._in_field(run) for run in spans):
            return None
        return [self._cut(run, *cut) for run, cut in spans.items()]

    def _in_field(self, run) -> bool:
        p = next(run.iterancestors(self.t.p))
        depth = 0
        for el in p.iter(self.t.fldChar, self.t.r):
            if el is run:
                return depth > 0
            if el.tag == self.t.fldChar:
                kind = el.get(self.t.fldCharType)
                depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        return False

    def _cut(self, run, first, lo: int, last, hi: int):
        """Split ``run`` so that one run holds exactly its content from ``first``[lo] to ``last``[hi].

        ``lo``/``hi`` are character offsets into the text of w:t children; other
        children (tabs, symbols) are one character and never cut.
        """
        children = [c for c in run if c.tag != self.t.rPr]
        i, j = children.index(first), children.index(last)
        before, middle, after = list(children[:i]), [], list(children[j + 1:])
        for k in range(i, j + 1):
            child = children[k]
            if child.tag != self.t.t:
                middle.append(child)
                continue
            text = child.text or ""
            a = lo if k == i else 0
            b = hi if k == j else len(text)
            if text[:a]:
                before.append(self._text_el(text[:a]))
            if text[a:b]:
                middle.append(self._text_el(text[a:b]))
            if text[b:]:  # only the last child can have text after the cut
                after.insert(0, self._text_el(text[b:]))
        parent = run.getparent()
        at = parent.index(run)
        parent.remove(run)
        made = []
        for kids in (before, middle, after):
            if not kids:
                made.append(None)
                continue
            new = self._run_like(run)
            for kid in kids:
                new.append(kid)
            parent.insert(at, new)
            at += 1
            made.append(new)
        return made[1]

    def _text_el(self, text: str):
        t = etree.Element(self.t.t)
        t.text = text
        _preserve(t)
        return t

    def _run_like(self, run):
        new = etree.Element(self.t.r)
        rpr = run.find(self.t.rPr)
        if rpr is not None:
            new.append(copy.deepcopy(rpr))
        return new

    def _run_before(self, atoms, pos: int):
        """The run ending exactly at ``pos`` (split if needed), for an insertion after it."""
        at = 0
        for run, child, text in atoms:
            a, b = at, at + len(text)
            at = b
            if a < pos <= b:
                if b != pos:
                    if child.tag != self.t.t:
                        return None
                    run = self._cut(run, child, 0, child, pos - a)
                return run
        return None

    def _delete(self, runs: list):
        """Wrap adjacent ``runs`` in one w:del; their w:t become w:delText."""
        wrapper = etree.Element(self.w + "del")
        wrapper.set(self.w + "id", self._id())
        wrapper.set(self.w + "author", self.author)
        wrapper.set(self.w + "date", self.date)
        runs[0].addprevious(wrapper)
        for run in runs:
            wrapper.append(run)
            for t in run.findall(self.t.t):
                t.tag = self.w + "delText"
        return wrapper

    def _insert_after(self, anchor, text: str, like=None):
        """A w:ins with ``text`` right after ``anchor``, formatted like ``like`` (or the anchor)."""
        model = like if like is not None else anchor
        if model.tag != self.t.r:
            model = model.find(self.t.r)
        wrapper = etree.Element(self.w + "ins")
        wrapper.set(self.w + "id", self._id())
        wrapper.set(self.w + "author", self.author)
        wrapper.set(self.w + "date", self.date)
        run = self._run_like(model)
        run.append(self._text_el(text))
        wrapper.append(run)
        anchor.addnext(wrapper)
        return wrapper

    def _comment(self, first, last, text: str) -> None:
        """A comment on ``first``…``last``; with ``first`` None, anchored at a point after ``last``."""
        cid = self._id()
        ref_run = etree.Element(self.t.r)
        ref = etree.SubElement(ref_run, self.w + "commentReference")
        ref.set(self.w + "id", cid)
        if first is not None:
            start = etree.Element(self.w + "commentRangeStart")
            start.set(self.w + "id", cid)
            first.addprevious(start)
            end = etree.Element(self.w + "commentRangeEnd")
            end.set(self.w + "id", cid)
            last.addnext(end)
            end.addnext(ref_run)
        else:
            last.addnext(ref_run)
        comment = etree.SubElement(self.comments, self.w + "comment")
        comment.set(self.w + "id", cid)
        comment.set(self.w + "author", self.author)
        comment.set(self.w + "date", self.date)
        comment.set(self.w + "initials", self.author[:2])
        for n, line in enumerate(text.split("\n")):
            p = etree.SubElement(comment, self.t.p)
            if n == 0:
                etree.SubElement(etree.SubElement(p, self.t.r), self.w + "annotationRef")
            etree.SubElement(p, self.t.r).append(self._text_el(line))


def _text(p, t) -> str:
    return "".join(a[2] for a in visible_atoms(p, t))


def _locate(text: str, para: Paragraph, edit: Edit) -> tuple[int, int] | None:
    """Where ``edit`` falls in its w:p's visible text, or None if it cannot be placed."""
    label = len(para.label or "") if para.label and para.text.startswith(para.label) else 0
    if edit.new is None and edit.start < label and para.offset is not None:
        # a question about Word's automatic number: the number is drawn, not written;
        # the comment goes on the first words of the paragraph instead
        start = para.offset
        return start, min(len(text), start + max(edit.end - label, 4))
    if para.offset is not None and edit.start >= label:
        start = para.offset + edit.start - label
        end = start + len(edit.old)
        if text[start:end] == edit.old:
            return start, end
    if not edit.old:
        return None
    first = text.find(edit.old)
    if first < 0 or text.find(edit.old, first + 1) >= 0:
        return None  # gone, or ambiguous: better a skipped edit than a wrong one
    return first, first + len(edit.old)


def _adjacent(runs: list) -> list[list]:
    """Runs grouped where each follows the previous one directly in the same parent."""
    groups: list[list] = []
    for run in runs:
        if groups and groups[-1][-1].getnext() is run:
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _preserve(t) -> None:
    if t.text and (t.text[0].isspace() or t.text[-1].isspace()):
        t.set(f"{{{_XML_NS}}}space", "preserve")


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
        _preserve(el)
    if sect is not None:
        body.append(sect)


# --- the package ---------------------------------------------------------------


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _comments_part(doc_name: str, rels) -> str | None:
    if rels is None:
        return None
    folder = doc_name.rpartition("/")[0]
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if (rel.get("Type") or "").endswith("/comments") and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else f"{folder}/{target}".lstrip("/")
    return None


def _add_comments_rel(doc_name: str, rels, doc):
    if rels is None:
        rels = etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
    taken = {rel.get("Id") for rel in rels}
    n = 1
    while f"rId{n}" in taken:
        n += 1
    rel = etree.SubElement(rels, f"{{{_PKG_REL}}}Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", _REL_TYPES.get(etree.QName(doc).namespace, next(iter(_REL_TYPES.values()))))
    rel.set("Target", "comments.xml")
    folder = doc_name.rpartition("/")[0]
    return (f"{folder}/comments.xml" if folder else "comments.xml"), rels


def _add_override(types, part: str) -> None:
    override = etree.SubElement(types, f"{{{_PKG_CT}}}Override")
    override.set("PartName", "/" + part)
    override.set("ContentType", _COMMENTS_CT)


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write_zip(out: Path, members, replaced: dict[str, bytes]) -> None:
    """Write the package to ``out`` (through a temporary file beside it)."""
    def write(stream) -> None:
        with zipfile.ZipFile(stream, "w") as zout:
            written = set()
            for info, data in members:
                if info.filename in written:
                    continue
                written.add(info.filename)
                if info.filename in replaced:
                    zout.writestr(_fresh(info), replaced[info.filename])
                else:
                    zout.writestr(info, data)
            for name, data in replaced.items():
                if name not in written:
                    zout.writestr(_fresh(zipfile.ZipInfo(name)), data)

    write_file(out, write)


def _fresh(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = zipfile.ZIP_DEFLATED
    new.external_attr = info.external_attr
    return new
