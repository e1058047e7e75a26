"""The walk over a story's paragraphs: visible text as Word shows it, styles and numbers applied."""

from __future__ import annotations

from ..model import Paragraph
from .styles import Numbering, Styles, num_pr
from .text import clean
from .wordml import Tags, is_on, to_int


def paragraph_elements(container, t: Tags, in_table: bool = False):
    """Every ``w:p`` under ``container`` in reading order, with whether it is in a table."""
    for child in container:
        tag = child.tag
        if tag == t.p:
            yield child, in_table
        elif tag in t.block_containers:
            yield from paragraph_elements(child, t, in_table or tag == t.tbl)


def run_atoms(r, t: Tags, fields: list[bool], *, deleted: bool = False):
    """The visible text of one ``w:r`` as (child, text) pairs, for the readers of a paragraph's runs.

    ``fields`` holds, per open field, whether its result has begun; the caller
    keeps it across the paragraph's runs (a field spans runs). Hidden runs and
    field codes are left out. With ``deleted`` the text of a tracked deletion
    (``w:delText``) counts too, for a reader of revisions.
    """
    rpr = r.find(t.rPr)
    hidden = rpr is not None and is_on(rpr.find(t.vanish), t)
    texts = (t.t, t.p[: -len("p")] + "delText") if deleted else (t.t,)
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
        if tag in texts:
            if c.text:
                yield c, c.text
        elif tag == t.tab or tag == t.ptab:
            yield c, "\t"
        elif tag == t.br or tag == t.cr:
            yield c, "\n"
        elif tag == t.noBreakHyphen:
            yield c, "-"
        elif tag == t.sym:
            code = c.get(t.char) or ""
            try:
                ch = int(code, 16)
            except ValueError:
                continue
            # Symbol-font characters live in the private use area.
            if 0x20 <= ch < 0xD800 or 0xF900 <= ch <= 0xFFFD:
                yield c, chr(ch)


def visible_atoms(p, t: Tags):
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
        for c, text in run_atoms(r, t, fields):
            yield r, c, text

    yield from walk(p)


class DocumentReader:
    """Walks a story's paragraphs in reading order and turns each w:p into Paragraphs.

    One reader reads every story of a document, so indexes run on from the body
    into the other parts (and numbering counters with them, as in Word).
    """

    def __init__(self, t: Tags, styles: Styles, numbering: Numbering) -> None:
        self.t = t
        self.styles = styles
        self.numbering = numbering
        self.out: list[Paragraph] = []
        self.part, self.story = "body", None

    def read(self, elements, part: str = "body", story: str | None = None) -> list[Paragraph]:
        """Read ``elements`` ((w:p, in_table) pairs, as ``paragraph_elements`` gives them) of one story."""
        self.part, self.story = part, story
        carry: list[str] | None = None
        for block, (p, in_table) in enumerate(elements):
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
            if lvl is not None and to_int(lvl.get(t.val)) is not None:
                has_outline = True
                own_outline = to_int(lvl.get(t.val))
            if ppr.find(t.numPr) is not None:
                has_num = True
                own_num, own_ilvl = num_pr(ppr, t)
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
            text = clean(piece)
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
                part=self.part, story=self.story,
            ))
