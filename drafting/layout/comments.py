"""The comment styles, 批注文字 and 批注引用: small and single-spaced, off the body's line grid.

Without them a comment's paragraph takes the document's Normal style, which in a
GB/T 9704 document is 三号 on a fixed 28.95 pt line with a two-character indent:
a one-line remark fills the whole comment pane. The styles carry Word's built-in
names ("annotation text", "annotation reference"), so Word and WPS show them as
their own 批注文字 / 批注引用 and a reviewer's new comments use them too.

``styles`` writes them into the templates; ``drafting.revise`` adds them to a
document it writes comments into when that document has none, so they are built
here for any WordprocessingML namespace (transitional or strict).
"""

from __future__ import annotations

from lxml import etree

#: style ids, as Word writes them in an English-named document
COMMENT_TEXT = "CommentText"
COMMENT_REFERENCE = "CommentReference"
#: the built-in names Word localises (批注文字, 批注引用); a document's own id for them is found by name
COMMENT_TEXT_NAME = "annotation text"
COMMENT_REFERENCE_NAME = "annotation reference"
_SIZE = "18"  # 小五 (9 pt) in half-points: the size of a note, not of the text it is about


def comment_styles(ns: str, *, paragraph_base: str | None, character_base: str | None) -> list[etree._Element]:
    """The 批注文字 paragraph style and the 批注引用 character style, in namespace ``ns``.

    ``paragraph_base`` and ``character_base`` are the ids they are based on
    (Normal, Default Paragraph Font) when the document has them, else None.
    """
    w = f"{{{ns}}}"

    def el(tag: str, parent=None, **attrs) -> etree._Element:
        elem = etree.Element(w + tag, nsmap={"w": ns}) if parent is None else etree.SubElement(parent, w + tag)
        for key, value in attrs.items():
            elem.set(w + key, value)
        return elem

    def style(kind: str, sid: str, name: str, base: str | None) -> etree._Element:
        elem = el("style", type=kind, styleId=sid)
        el("name", elem, val=name)
        if base:
            el("basedOn", elem, val=base)
        el("uiPriority", elem, val="99")
        el("semiHidden", elem)
        el("unhideWhenUsed", elem)
        return elem

    text = style("paragraph", COMMENT_TEXT, COMMENT_TEXT_NAME, paragraph_base)
    ppr = el("pPr", text)
    # Off the grid and single-spaced: the body's exact 28.95 pt line would space a 9 pt note
    # three lines apart. Every indent is cancelled, the *Chars forms too (Word prefers them).
    el("snapToGrid", ppr, val="0")
    el("spacing", ppr, before="0", after="0", line="240", lineRule="auto")
    el("ind", ppr, leftChars="0", left="0", rightChars="0", right="0", firstLineChars="0", firstLine="0")
    rpr = el("rPr", text)
    el("spacing", rpr, val="0")  # the body's tightened character spacing is for its 28 characters a line
    el("sz", rpr, val=_SIZE)
    el("szCs", rpr, val=_SIZE)
    reference = style("character", COMMENT_REFERENCE, COMMENT_REFERENCE_NAME, character_base)
    rpr = el("rPr", reference)
    el("sz", rpr, val=_SIZE)
    el("szCs", rpr, val=_SIZE)
    return [text, reference]
