"""Tracked changes and comments cut into one paragraph's runs.

An edit's span is found in the paragraph's visible text, the runs covering it are
split so that whole runs hold exactly the span, and those runs are wrapped in a
``w:del`` (their ``w:t`` become ``w:delText``) followed by a ``w:ins`` formatted
like them. Nothing is cut inside a field, a line break, or another reviewer's
revision: such an edit is not applied.
"""

from __future__ import annotations

import copy
import datetime as _dt

from lxml import etree

from ..model import Edit, Paragraph
from ..reader import visible_atoms, word_tags

_XML_NS = "http://www.w3.org/XML/1998/namespace"
# Where a run must not be cut into revisions: another reviewer's insertion or move.
_FOREIGN = ("ins", "del", "moveTo", "moveFrom", "fldSimple")


class RunEditor:
    """Cuts edits into runs of one namespace's paragraphs; collects the comments part."""

    def __init__(self, ns: str, taken_ids: list[int], comments, author: str, when: _dt.datetime) -> None:
        self.ns = ns
        self.t = word_tags(ns)
        self.w = f"{{{ns}}}"
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        if comments is None:
            comments = etree.Element(self.w + "comments", nsmap={"w": ns})
        self.comments = comments
        # One counter for revisions and comments, above every id already used.
        taken = [int(c.get(self.w + "id")) for c in comments if (c.get(self.w + "id") or "").isdigit()]
        self.next_id = max(taken + taken_ids, default=0) + 1

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def edit(self, p, para: Paragraph, edit: Edit, comment: bool = True) -> bool:
        """Write ``edit`` into ``p``, with its comment on the words unless ``comment`` is False."""
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
        if edit.comment and comment:
            self._comment(first, last, edit.comment)
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
        preserve(t)
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
        """A comment on ``first``…``last`` (siblings or not, in document order)."""
        cid = self._id()
        start = etree.Element(self.w + "commentRangeStart")
        start.set(self.w + "id", cid)
        first.addprevious(start)
        end = etree.Element(self.w + "commentRangeEnd")
        end.set(self.w + "id", cid)
        last.addnext(end)
        ref_run = etree.Element(self.t.r)
        ref = etree.SubElement(ref_run, self.w + "commentReference")
        ref.set(self.w + "id", cid)
        end.addnext(ref_run)
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


def visible_text(p, t) -> str:
    """What Word shows of ``p`` (with tracked changes accepted)."""
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


def preserve(t) -> None:
    """Keep a w:t's leading or trailing spaces (XML would drop them)."""
    if t.text and (t.text[0].isspace() or t.text[-1].isspace()):
        t.set(f"{{{_XML_NS}}}space", "preserve")
