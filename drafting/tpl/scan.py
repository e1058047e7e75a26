"""Read a template's parts into paragraphs: their text as docxtpl and Word see it, and where each character is.

docxtpl does not read a document, it edits the XML of each part as a string: it
joins a tag's characters across runs by cutting out everything from one ``</w:t>``
to the next ``<w:t>``, and renders the part with Jinja. So a check needs, for each
character of a paragraph, the text element it came from (to know what docxtpl will
cut between two characters) and what lies between text elements: deleted text
(``w:delText``, which docxtpl keeps and Jinja reads), field codes and field marks.

The parts are those docxtpl renders — the body, headers, footers and footnotes —
and the paragraphs are enumerated as the reader does (``reader.stories``), so a
finding and ``draft check``'s paragraph numbers agree and ``--annotate`` finds the
paragraph again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import PART_NAMES, Paragraph
from ..reader import Package
from ..reader.stories import other_stories, story_blocks, word_document

@dataclass(eq=False)
class Atom:
    """One text node of a paragraph, in document order: ``kind`` "t" (text), "del" (deleted) or "instr" (field code)."""

    kind: str
    text: str
    el: object  # the w:t / w:delText / w:instrText element
    #: the field marks (w:fldChar) met since the previous atom
    marks: int = 0
    #: inside how many fields (complex or simple) the atom is
    in_field: bool = False


@dataclass(eq=False)
class Para:
    """A ``w:p`` of a part as docxtpl will read it."""

    part: str  # "body", "header", "footer", "footnote", "endnote", "textbox"
    story: str  # the package part holding it ("word/document.xml")
    block: int  # its ordinal among story_blocks(part) of that story
    el: object
    number: int  # 第N段: as draft check counts (the reader's paragraphs); see ``where``
    atoms: list[Atom] = field(default_factory=list)
    #: the visible text: the "t" atoms joined; ``pos[i]`` is (atom index, offset) of character i
    text: str = ""
    pos: list[tuple[int, int]] = field(default_factory=list)
    reader: Paragraph | None = None

    def where(self) -> str:
        """第N段 of the body, or the part and its own count (页脚第1段)."""
        name = PART_NAMES.get(self.part, self.part)
        return f"第{self.number}段" if self.part == "body" else f"{name}第{self.number}段"

    def atom_at(self, i: int) -> Atom:
        """The atom holding visible character ``i``."""
        return self.atoms[self.pos[i][0]]


@dataclass
class Scanned:
    """A template read: its paragraphs by part (one Jinja template each), styles.xml, its reader paragraphs."""

    path: Path
    ns: str
    #: part name → its paragraphs, in order; every part is rendered by docxtpl on its own
    parts: dict[str, list[Para]]
    styles: object | None  # the styles.xml root
    paragraphs: list[Paragraph]
    #: the main document's content type ([Content_Types].xml), "" when the package does not say
    main_type: str = ""

    def all(self) -> list[Para]:
        """Every paragraph, the body first."""
        return [p for paras in self.parts.values() for p in paras]


def scan(path: Path, paragraphs: list[Paragraph]) -> Scanned:
    """Read the template at ``path`` (already read by the reader into ``paragraphs``) for the checks."""
    with word_document(path) as (package, doc_name, doc, t):
        ns = etree.QName(doc).namespace
        rels = package.part_rels(doc_name)
        styles = package.optional_xml(rels.get("styles", "word/styles.xml"))
        main_type = _content_type(package, doc_name)
        stories = [("body", doc_name, doc)] + [(k, n, r) for k, n, r in other_stories(package, doc_name, doc, t)
                                              if k != "endnote"]  # docxtpl renders no endnotes
    by_block: dict[tuple[str, str, int], Paragraph] = {}
    counts: dict[str, int] = {}
    for p in paragraphs:
        story = p.story or doc_name
        counts[story] = counts.get(story, 0) + 1
        if p.block is not None:
            by_block.setdefault((story, p.part, p.block), p)
    parts: dict[str, list[Para]] = {}
    for kind, name, root in stories:
        paras = parts.setdefault(name, [])
        for part in (kind, "textbox"):
            for block, (p, _) in enumerate(story_blocks(root, t, part)):
                para = Para(part, name, block, p, 0)
                _read_atoms(para, t)
                para.reader = by_block.get((name, part, block))
                paras.append(para)
    # numbers: the reader's, counted in the part for a part other than the body
    for name, paras in parts.items():
        first = {p.index for p in paragraphs if (p.story or doc_name) == name}
        base = min(first) if first else 0
        last = 0
        for para in paras:
            if para.reader is not None:
                last = para.reader.index - (0 if name == doc_name else base) + 1
                para.number = last
            else:
                para.number = last + 1  # an empty paragraph: numbered as the one after it would be
    return Scanned(path, ns, parts, styles, paragraphs, main_type)


def _content_type(package: Package, part: str) -> str:
    """The content type [Content_Types].xml gives ``part`` (its Override), or ""."""
    types = package.optional_xml("[Content_Types].xml")
    if types is None:
        return ""
    for el in types:
        if etree.QName(el).localname == "Override" and (el.get("PartName") or "").lstrip("/").lower() == part.lower():
            return el.get("ContentType") or ""
    return ""


def _read_atoms(para: Para, t) -> None:
    w = t.body[: -len("body")]
    text_tag, del_tag, instr_tags = w + "t", w + "delText", (w + "instrText", w + "delInstrText")
    fld_char, fld_simple, txbx = w + "fldChar", w + "fldSimple", w + "txbxContent"
    deleted = (w + "del", w + "moveFrom")
    atoms = para.atoms
    marks = 0
    fields = 0

    def walk(el, in_del: bool, simple: int) -> None:
        nonlocal marks, fields
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == txbx:  # comments, PIs; a text box is a story of its own
                continue
            if tag == text_tag or tag == del_tag or tag in instr_tags:
                kind = "instr" if tag in instr_tags else ("del" if in_del or tag == del_tag else "t")
                if child.text:
                    atoms.append(Atom(kind, child.text, child, marks, bool(fields or simple)))
                    marks = 0
                continue
            if tag == fld_char:
                marks += 1
                kind = child.get(w + "fldCharType")
                fields = fields + 1 if kind == "begin" else max(fields - 1, 0) if kind == "end" else fields
                continue
            walk(child, in_del or tag in deleted, simple + (tag == fld_simple))

    walk(para.el, False, 0)
    pieces = []
    for n, atom in enumerate(atoms):
        if atom.kind == "t":
            pieces.append(atom.text)
            para.pos.extend((n, i) for i in range(len(atom.text)))
    para.text = "".join(pieces)
