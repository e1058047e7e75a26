"""Where each edit goes: the part its paragraph lives in, and where its comment can be shown.

Tracked changes go where the text is. Comments go into the body only: Word keeps
no comments in headers and footers, and ignores comment ranges in notes and text
boxes (MS-OI29500 on commentRangeStart); LibreOffice (7.4) refuses to open a
document with a comment inside a footnote. So a question about a note is put on
the note's reference mark in the body, one about a text box on the text box's
place in its body paragraph, and one about a header or footer (or a text box in
one) on the first paragraph of the body; each says where the words are
(“［脚注］“……”：”). A text box's fallback copy for older readers
(``mc:Fallback``) gets the same tracked changes when it holds the same text.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from lxml import etree

from ..model import PART_NAMES, Edit, Paragraph
from ..reader import paragraph_elements
from ..reader.stories import story_blocks
from ..reader.wordml import MC_ALTERNATE, MC_FALLBACK
from .runs import RunEditor, visible_text


class Revisor(RunEditor):
    """Applies edits to the document's story trees; collects the comments part."""

    def __init__(self, doc_name: str, roots: dict, comments, author: str, when: _dt.datetime) -> None:
        doc = roots[doc_name]
        ns = etree.QName(doc).namespace
        w = f"{{{ns}}}"
        # Revision and comment ids are unique across all the parts of a document.
        ids = [int(v) for root in roots.values() for el in root.iter() for k, v in el.attrib.items()
               if k == w + "id" and v.lstrip("-").isdigit()]
        super().__init__(ns, ids, comments, author, when)
        self.doc, self.doc_name, self.roots = doc, doc_name, roots
        self.touched: set[str] = set()
        self._blocks: dict[tuple[str, str], list] = {}
        #: questions about other parts, their text and the run of the body they go on (None: the first paragraph)
        self.elsewhere: list[tuple[Edit, str, object]] = []

    def blocks(self, story: str, part: str) -> list:
        """The w:p of one kind of story in part ``story``, as the reader counted them."""
        key = (story, part)
        if key not in self._blocks:
            root = self.roots.get(story)
            self._blocks[key] = [p for p, _ in story_blocks(root, self.t, part)] if root is not None else []
        return self._blocks[key]

    def apply(self, paragraphs: list[Paragraph], edits) -> tuple[tuple[Edit, ...], tuple[Edit, ...]]:
        """Write ``edits`` about ``paragraphs``: (those placed, those that could not be), in order."""
        by_index = {p.index: p for p in paragraphs}
        placed: list[Edit] = []
        skipped: list[Edit] = []
        para = None
        # Right to left within a paragraph: earlier offsets stay valid.
        ordered = sorted(edits, key=lambda e: (e.paragraph, e.start), reverse=True)
        for n, edit in enumerate(ordered):
            if para is None or edit.paragraph != para.index:
                self._states.clear()  # done with that paragraph: its atoms are not needed again
                self._presplit(by_index.get(edit.paragraph), ordered, n)
            para = by_index.get(edit.paragraph)
            done = False
            if para is not None and para.block is not None:
                story = para.story or self.doc_name
                blocks = self.blocks(story, para.part)
                if para.block < len(blocks):
                    done = self._apply_in(blocks[para.block], story, para, edit)
            (placed if done else skipped).append(edit)
        lost = self._place_elsewhere(paragraphs)
        placed = [e for e in placed if id(e) not in lost]
        skipped += [e for e in edits if id(e) in lost]
        return tuple(reversed(placed)), tuple(sorted(skipped, key=lambda e: (e.paragraph, e.start)))

    def _presplit(self, para: Paragraph | None, ordered: list, n: int) -> None:
        """Split the runs of ``para``'s w:p in one pass for its edits ``ordered[n:]`` (body text only)."""
        if para is None or para.block is None or para.part == "textbox":
            return
        blocks = self.blocks(para.story or self.doc_name, para.part)
        if para.block >= len(blocks):
            return
        end = n
        while end < len(ordered) and ordered[end].paragraph == para.index:  # not ordered[n:]: a copy per paragraph
            end += 1
        mine = ordered[n:end]
        if len(mine) > 1:
            self.presplit(blocks[para.block], para, mine)

    def _apply_in(self, p, story: str, para: Paragraph, edit: Edit) -> bool:
        """``edit`` in ``p`` of part ``story``; its comment on the words, or kept for the body."""
        in_body = para.part == "body"
        twin = self._fallback_twin(p) if para.part == "textbox" and edit.new is not None else None
        if twin is not None and visible_text(twin, self.t) != visible_text(p, self.t):
            twin = None
        done = self.edit(p, para, edit, comment=in_body)
        if not done:
            return False
        if edit.new is not None or in_body:
            self.touched.add(story)  # a question about a header changes nothing in it
        if twin is not None:
            self.edit(twin, para, replace(edit, comment=None))
        if edit.comment and not in_body:
            root_tag = self.roots[story].tag
            where = PART_NAMES[para.part]
            if root_tag in (self.t.hdr, self.t.ftr) and para.part == "textbox":
                where = ("页眉" if root_tag == self.t.hdr else "页脚") + "的" + where
            self.elsewhere.append((edit, f"［{where}］“{edit.old}”：{edit.comment}", self._anchor_in_body(p, story, para)))
        return True

    def _anchor_in_body(self, p, story: str, para: Paragraph):
        """The run of the body a question about ``p`` goes on (a note's reference mark, a text box's
        place), or None for the first paragraph."""
        t = self.t
        body = self.doc.find(t.body)
        if body is None:
            return None
        if para.part == "textbox" and story == self.doc_name:
            outer = list(p.iterancestors(t.txbxContent))[-1]
            return next(outer.iterancestors(t.r), None)
        if para.part in ("footnote", "endnote"):
            note = next(p.iterancestors(self.w + para.part), None)
            nid = note.get(self.w + "id") if note is not None else None
            for ref in body.iter(self.w + para.part + "Reference"):
                if ref.get(self.w + "id") == nid and ref.getparent().tag == t.r:
                    return ref.getparent()
        return None

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
        """Questions about other parts, in the body; ids of the edits whose question found no place."""
        if not self.elsewhere:
            return set()
        first = next((p for p in paragraphs if p.part == "body" and p.block is not None), None)
        blocks = self.blocks(self.doc_name, "body")
        content = []
        if first is not None and first.block < len(blocks):
            p = blocks[first.block]
            content = [c for c in p if c.tag != self.t.pPr]
        lost = set()
        for edit, text, anchor in self.elsewhere:
            if anchor is not None:
                self._comment(anchor, anchor, text)
            elif content:  # on the whole first paragraph
                self._comment(content[0], content[0].getparent()[-1], text)
            elif edit.new is None:
                lost.add(id(edit))
                continue
            self.touched.add(self.doc_name)
        return lost
