"""The reviewed .docx read for ``draft learn``: its paragraphs, each w:p's revisions, comments, renew's record.

The package is opened through ``reader`` (its limits, its refusals in Chinese,
the same enumeration of stories and paragraphs), so a paragraph index here is
the index ``draft renew`` recorded. Each ``w:p`` becomes a ``Block`` of segments:
text as it was, and text inserted or deleted by a tracked revision with its
author and date. Comments come from the comments part, anchored on the paragraph
their range starts in; Word's replies (``commentsExtended``) name the comment
they answer. Nothing is written; the file is only read.
"""

from __future__ import annotations

from pathlib import Path

from ..reader import read_paragraphs
from ..reader.body import run_atoms
from ..reader.package import Package
from ..reader.properties import read_properties
from .record import Damaged, read_record
from .values import DEL, INS, TEXT, Block, Comment, Reviewed, Segment

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def read_reviewed(path: Path) -> Reviewed:
    """The reviewed document at ``path`` (a .docx); ``InputError`` in Chinese if it cannot be read."""
    from ..reader.stories import other_stories, story_blocks, word_document

    paragraphs = read_paragraphs(path)  # refuses what is no .docx, a damaged or encrypted one, in Chinese
    by_place = {}
    for p in paragraphs:
        if p.block is not None:
            by_place.setdefault((p.story, p.part, p.block), []).append((p.index, p.offset or 0))
    with word_document(path) as (package, doc_name, doc, t):
        w = t.p[: -len("p")]  # "{namespace}"
        stories = [(None, "body", doc), (doc_name, "textbox", doc)]
        for kind, name, root in other_stories(package, doc_name, doc, t):
            stories += [(name, kind, root), (name, "textbox", root)]
        blocks = []
        starts: dict[str, int] = {}
        for story, part, root in stories:
            for n, (p, _) in enumerate(story_blocks(root, t, "body" if part == "body" else part)):
                placed = tuple(by_place.get((story, part, n), ()))
                blocks.append(Block(tuple(_segments(p, t)), placed, part))
                if part == "body":
                    for el in p.iter(f"{w}commentRangeStart", f"{w}commentReference"):
                        cid = el.get(f"{w}id")
                        if cid is not None and placed:
                            starts.setdefault(cid, placed[0][0])
        comments = _comments(package, doc_name, t, starts, _anchors(doc, t))
    try:
        record, damaged = read_record(read_properties(path)), False
    except Damaged:
        record, damaged = None, True
    return Reviewed(path, tuple(paragraphs), tuple(blocks), tuple(comments), record, damaged)


def _segments(p, t):
    """The text of ``p`` as segments: unchanged, inserted or deleted (with author and date), merged."""
    w = t.p[: -len("p")]
    out: list[Segment] = []

    def add(kind, text, author="", date=""):
        if not text:
            return
        if out and out[-1].kind == kind and out[-1].author == author and (kind == TEXT or out[-1].date == date):
            out[-1] = Segment(kind, out[-1].text + text, author, out[-1].date)
        else:
            out.append(Segment(kind, text, author, date))

    fields: list[bool] = []

    def run(r, state):
        for _, text in run_atoms(r, t, fields, deleted=True):
            add(state[0], text, *state[1:])

    def walk(el, state):
        for child in el:
            tag = child.tag
            if tag == t.r:
                run(child, state)
            elif tag in (t.ins, t.del_):
                kind = INS if tag == t.ins else DEL
                walk(child, (kind, child.get(w + "author") or "", child.get(w + "date") or ""))
            elif tag == t.moveFrom:
                continue  # moved away: not in the text a reader sees, and no replacement
            elif tag in t.run_containers:
                walk(child, state)

    walk(p, (TEXT,))
    return out


def _anchors(doc, t) -> dict[str, str]:
    """The words each comment's range covers in the body, as a reader sees them (by comment id)."""
    w = t.p[: -len("p")]
    open_ids: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    body = doc.find(t.body)
    if body is None:
        return done
    for el in body.iter(w + "commentRangeStart", w + "commentRangeEnd", t.t):
        if el.tag == t.t:
            if any(a.tag == t.del_ for a in el.iterancestors()):
                continue
            for parts in open_ids.values():
                parts.append(el.text or "")
        elif el.tag == w + "commentRangeStart":
            open_ids[el.get(w + "id") or ""] = []
        else:
            cid = el.get(w + "id") or ""
            if cid in open_ids:
                done[cid] = "".join(open_ids.pop(cid))[:200]
    return done


def _comments(package: Package, doc_name: str, t, starts: dict[str, int], anchors: dict[str, str]) -> list[Comment]:
    """The comments of the document, each with its paragraph and the comment it answers (Word's replies)."""
    rels = package.part_rels(doc_name)
    name = rels.get("comments")
    root = package.story_xml(name) if name else None
    if root is None:
        return []
    w = t.p[: -len("p")]
    # A reply names its parent by the w14:paraId of the parent's last paragraph.
    parents: dict[str, str] = {}
    extended = rels.get("commentsExtended")
    ext = package.story_xml(extended) if extended else None
    if ext is not None:
        for ex in ext.iter(f"{{{_W15}}}commentEx"):
            parent = ex.get(f"{{{_W15}}}paraIdParent")
            if parent:
                parents[ex.get(f"{{{_W15}}}paraId") or ""] = parent
    by_para: dict[str, str] = {}
    out = []
    for c in root.iterchildren(w + "comment"):
        cid = c.get(w + "id") or ""
        paras = list(c.iter(t.p))
        text = "\n".join("".join(x.text or "" for x in p.iter(t.t)) for p in paras).strip()
        last = paras[-1].get(f"{{{_W14}}}paraId") if paras else None
        if last:
            by_para[last] = cid
        out.append((cid, c.get(w + "author") or "", c.get(w + "date") or "", text, last))
    comments = []
    for cid, author, date, text, last in out:
        parent = by_para.get(parents.get(last or "", ""), None)
        comments.append(Comment(cid, author, date, text, starts.get(cid), parent, anchors.get(cid, "")))
    return comments
