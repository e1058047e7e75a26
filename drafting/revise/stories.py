"""Where each edit goes: the part its paragraph lives in, and where Word can show its comment.

Word keeps no comments in headers and footers, nor comment ranges in notes and
text boxes (MS-OI29500 on commentRangeStart): a comment in a note or text box is
anchored at a point after its words, and a question about a header or footer is
put on the first paragraph of the body, saying what it is about. A text box's
fallback copy for older readers (``mc:Fallback``) gets the same tracked changes
when it holds the same text.
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
        #: questions about a header or footer, for the first paragraph of the body
        self.elsewhere: list[tuple[Edit, str]] = []

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
        if twin is not None and visible_text(twin, self.t) != visible_text(p, self.t):
            twin = None
        done = self.edit(p, para, edit, mode)
        if done and (edit.new is not None or mode != "elsewhere"):
            self.touched.add(story)  # a question about a header changes nothing in it
        if done and twin is not None:
            self.edit(twin, para, replace(edit, comment=None), mode)
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
            self._comment(content[0], p[-1], text)
        self.touched.add(self.doc_name)
        return set()
