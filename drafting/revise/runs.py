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
from bisect import bisect_left, bisect_right

from lxml import etree

from ..model import Edit, Paragraph
from ..reader import visible_atoms, word_tags

_XML_NS = "http://www.w3.org/XML/1998/namespace"
# What Word counts as either script (MS-OI29500 2.1.88) and Chinese text means as its own:
# quotation marks, the dash and ellipsis, the middle dot.
_AMBIGUOUS = frozenset("“”‘’—…·")
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
        self._states: dict = {}  # w:p → its visible atoms, kept current before the last edit's start
        self._pieces: dict = {}  # what the last edit's cuts made of each child: id(child) → pieces
        self._depths: dict = {}  # new run → the field depth where it starts
        #: how many times a paragraph's visible text was walked (once per paragraph, unless edits overlap)
        self.walks = 0
        #: the style ids of 批注文字 and 批注引用 the new comments use (``package.comment_style_ids``), if any
        self.comment_text_style: str | None = None
        self.comment_reference_style: str | None = None

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def edit(self, p, para: Paragraph, edit: Edit, comment: bool = True) -> bool:
        """Write ``edit`` into ``p``, with its comment on the words unless ``comment`` is False."""
        state = self._state(p)
        span = _locate_quick(state.text, state.valid, para, edit)
        if span is None:  # the text needed is not known to be current: walk the paragraph again
            state = self._state(p, fresh=True)
            span = _locate(state.text, para, edit)
        if span is None:
            return False
        start, end = span
        if edit.new is None and start == end:
            return False
        runs = self._isolate(state, start, end) if start != end else []
        if runs is None:
            return False
        if start == end:
            anchor = self._run_before(state, start)
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
        state.keep_before(start, self._pieces, self._depths)
        self._pieces, self._depths = {}, {}
        return True

    def _state(self, p, fresh: bool = False) -> "_Atoms":
        """The visible atoms of ``p``, walked once and then kept up to date edit by edit.

        Edits of a paragraph come right to left, and an edit changes nothing before
        its start: what lies there is kept (with the runs cut at the start put
        right), so a paragraph with thousands of edits is walked once, not once
        per edit.
        """
        state = self._states.get(p)
        if state is None or fresh:
            self.walks += 1
            state = self._states[p] = _Atoms(p, list(visible_atoms(p, self.t)), self.t)
        return state

    def presplit(self, p, para: Paragraph, edits) -> None:
        """Split ``p``'s runs at once where its edits (right to left) will cut them.

        Cutting one long run edit by edit would copy the text left of each edit
        again (quadratic in the edits of a paragraph); split in one pass, each edit
        then finds whole runs. Only boundaries of edits sure to be placed as they
        are recorded are split; the others are cut, or skipped, as before.
        """
        state = self._state(p)
        points: set[int] = set()
        limit = state.valid
        for edit in edits:
            span = _locate_quick(state.text, limit, para, edit)
            if span is None:
                break  # from here on the text may have moved: edit by edit
            start, end = span
            if start == end:
                if edit.new is None:
                    continue
                found = state.at(start)
                if found is None or (found[0] + len(found[1][2]) != start and found[1][1].tag != self.t.t):
                    continue
            else:
                atoms = list(state.overlapping(start, end))
                if any(text == "\n" or state.in_field(run)
                       or any(anc.tag == self.w + name for anc in run.iterancestors() for name in _FOREIGN)
                       for _, (run, _, text) in atoms):
                    continue
            points.update((start, end))
            limit = start
        if len(points) < 3:
            return  # one edit: cut as it comes
        for run, cuts in self._cuts_by_run(state, points).items():
            self._split(run, cuts, state.depth.get(run, 0))
        self._states.pop(p, None)  # walked again once, with the runs split

    def _cuts_by_run(self, state: "_Atoms", points: set[int]) -> dict:
        """For each run, the (child, offset in its text) where a point falls strictly inside it."""
        cuts: dict = {}
        ordered = sorted(points)
        k = 0
        run_start: dict = {}
        for a, (run, child, text) in zip(state.starts, state.atoms):
            run_start.setdefault(run, a)
            b = a + len(text)
            while k < len(ordered) and ordered[k] <= a:
                if ordered[k] == a and run_start[run] < a:
                    cuts.setdefault(run, []).append((child, 0))
                k += 1
            while k < len(ordered) and ordered[k] < b:
                cuts.setdefault(run, []).append((child, ordered[k] - a))
                k += 1
        return cuts

    def _split(self, run, cuts: list, depth: int) -> None:
        """Split ``run`` before each (child, offset) of ``cuts``: the pieces in order, formatted alike."""
        at_child: dict[int, list[int]] = {}
        for child, offset in cuts:
            at_child.setdefault(id(child), []).append(offset)
        groups: list[list] = [[]]
        for child in run:
            if child.tag == self.t.rPr:
                continue
            offsets = at_child.get(id(child))
            if offsets is None:
                groups[-1].append(child)
                continue
            if child.tag != self.t.t:  # one character: split before it
                groups.append([child])
                continue
            text = child.text or ""
            pos = 0
            for offset in offsets:
                if offset > pos:
                    groups[-1].append(self._text_el(text[pos:offset]))
                groups.append([])
                pos = offset
            groups[-1].append(self._text_el(text[pos:]))
        for kids in groups:
            if not kids:
                continue
            new = self._run_like(run)
            for kid in kids:
                new.append(kid)
            run.addprevious(new)
        run.getparent().remove(run)

    def _isolate(self, state: "_Atoms", start: int, end: int) -> list | None:
        """Split runs so that [start, end) is covered by whole runs; those runs, in order."""
        spans: dict = {}  # run → [first child, lo, last child, hi], in document order
        for a, (run, child, text) in state.overlapping(start, end):
            b = a + len(text)
            if text == "\n":
                return None
            if any(anc.tag == self.w + name for anc in run.iterancestors() for name in _FOREIGN):
                return None
            lo, hi = max(start - a, 0), min(end, b) - a
            if run in spans:
                spans[run][2:] = [child, hi]
            else:
                spans[run] = [child, lo, child, hi]
        if any(state.in_field(run) for run in spans):
            return None
        return [self._cut(run, *cut, depth=state.depth.get(run, 0)) for run, cut in spans.items()]

    def _cut(self, run, first, lo: int, last, hi: int, depth: int = 0):
        """Split ``run`` so that one run holds exactly its content from ``first``[lo] to ``last``[hi].

        ``lo``/``hi`` are character offsets into the text of w:t children; other
        children (tabs, symbols) are one character and never cut. Where each child
        went is kept in ``_pieces`` (and each new run's field depth in ``_depths``),
        so the paragraph's atoms before the cut can be put right without a new walk.
        """
        children = [c for c in run if c.tag != self.t.rPr]
        i, j = children.index(first), children.index(last)
        before, middle, after = list(children[:i]), [], list(children[j + 1:])
        origin: dict[int, object] = {}  # id(new child) → the child it was cut from
        for k in range(i, j + 1):
            child = children[k]
            if child.tag != self.t.t:
                middle.append(child)
                continue
            text = child.text or ""
            a = lo if k == i else 0
            b = hi if k == j else len(text)
            for part, into, at_start in ((text[:a], before, False), (text[a:b], middle, False),
                                         (text[b:], after, True)):
                if part:
                    el = self._text_el(part)
                    origin[id(el)] = child
                    if at_start:  # only the last child can have text after the cut
                        into.insert(0, el)
                    else:
                        into.append(el)
        made = []
        for kids in (before, middle, after):
            if not kids:
                made.append(None)
                continue
            new = self._run_like(run)
            self._depths[new] = depth
            for kid in kids:
                new.append(kid)
                self._pieces.setdefault(id(origin.get(id(kid), kid)), []).append((new, kid))
                for fld in kid.iter(self.t.fldChar):
                    kind = fld.get(self.t.fldCharType)
                    depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            run.addprevious(new)  # not parent.insert(index): that walks the siblings before it
            made.append(new)
        run.getparent().remove(run)
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

    def _run_before(self, state: "_Atoms", pos: int):
        """The run ending exactly at ``pos`` (split if needed), for an insertion after it."""
        found = state.at(pos)
        if found is None:
            return None
        a, (run, child, text) = found
        if a + len(text) != pos:
            if child.tag != self.t.t:
                return None
            run = self._cut(run, child, 0, child, pos - a, depth=state.depth.get(run, 0))
        return run

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
        self._hint(run, text)
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
        self._style_reference(ref_run)
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
            if self.comment_text_style:
                etree.SubElement(etree.SubElement(p, self.t.pPr), self.t.pStyle).set(self.t.val,
                                                                                    self.comment_text_style)
            if n == 0:
                ref_run = etree.SubElement(p, self.t.r)
                self._style_reference(ref_run)
                etree.SubElement(ref_run, self.w + "annotationRef")
            text_run = etree.SubElement(p, self.t.r)
            self._hint(text_run, line)
            text_run.append(self._text_el(line))

    def _hint(self, run, text: str) -> None:
        """Mark ``run`` East Asian for its “ ” — … when it has no font hint: Word would set them in the Latin font."""
        if not _AMBIGUOUS.intersection(text):
            return
        rpr = run.find(self.t.rPr)
        if rpr is None:
            rpr = etree.Element(self.t.rPr)
            run.insert(0, rpr)
        rfonts = rpr.find(self.w + "rFonts")
        if rfonts is None:
            rfonts = etree.Element(self.w + "rFonts")
            style = rpr.find(self.w + "rStyle")  # rFonts comes right after rStyle in rPr
            if style is not None:
                style.addnext(rfonts)
            else:
                rpr.insert(0, rfonts)
        if rfonts.get(self.w + "hint") is None:
            rfonts.set(self.w + "hint", "eastAsia")

    def _style_reference(self, run) -> None:
        if self.comment_reference_style:
            etree.SubElement(etree.SubElement(run, self.t.rPr), self.w + "rStyle").set(
                self.t.val, self.comment_reference_style)


class _Atoms:
    """A paragraph's visible atoms with their offsets, correct for the text before ``valid``."""

    def __init__(self, p, atoms: list, t) -> None:
        self.atoms = atoms
        self.starts: list[int] = []
        pos = 0
        for _, _, text in atoms:
            self.starts.append(pos)
            pos += len(text)
        self.text = "".join(a[2] for a in atoms)
        self.valid = len(self.text)
        # the field depth at each run, counted as Word nests fields (begin … end)
        self.depth: dict = {}
        depth = 0
        for el in p.iter(t.fldChar, t.r):
            if el.tag == t.fldChar:
                kind = el.get(t.fldCharType)
                depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            else:
                self.depth[el] = depth

    def in_field(self, run) -> bool:
        """Whether ``run`` is inside a field (its code or its result)."""
        return self.depth.get(run, 0) > 0

    def overlapping(self, start: int, end: int):
        """(offset, atom) of the atoms overlapping [start, end), in order."""
        k = max(bisect_right(self.starts, start) - 1, 0)
        while k < len(self.atoms) and self.starts[k] < end:
            atom = self.atoms[k]
            if self.starts[k] + len(atom[2]) > start:
                yield self.starts[k], atom
            k += 1

    def at(self, pos: int):
        """(offset, atom) of the atom with offset < pos ≤ its end, or None."""
        k = bisect_left(self.starts, pos) - 1
        if k < 0 or k >= len(self.atoms) or self.starts[k] + len(self.atoms[k][2]) < pos:
            return None
        return self.starts[k], self.atoms[k]

    def keep_before(self, start: int, pieces: dict, depths: dict) -> None:
        """Forget everything from ``start`` on (an edit changed it); atoms of runs cut there follow the cut."""
        k = bisect_left(self.starts, start)
        tail: list = []
        while k > 0 and id(self.atoms[k - 1][1]) in pieces:  # the run cut at ``start``
            k -= 1
            _, child, text = self.atoms[k]
            # a child moved whole keeps its text; one cut in two is now new w:t elements
            tail[:0] = [(run, kid, text if kid is child else kid.text) for run, kid in pieces[id(child)]]
        first = self.starts[k] if k < len(self.starts) else self.valid
        del self.atoms[k:], self.starts[k:]
        pos = first
        for atom in tail:
            if pos >= start:
                break
            self.atoms.append(atom)
            self.starts.append(pos)
            pos += len(atom[2])
        self.depth.update(depths)
        self.valid = min(self.valid, start)


def _locate_quick(text: str, valid: int, para: Paragraph, edit: Edit) -> tuple[int, int] | None:
    """``_locate``'s answer where it depends only on ``text[:valid]``; None where it needs more."""
    label = len(para.label or "") if para.label and para.text.startswith(para.label) else 0
    if edit.new is None and edit.start < label and para.offset is not None:
        start = para.offset
        end = start + max(edit.end - label, 4)
        return (start, end) if end <= valid else None
    if para.offset is not None and edit.start >= label:
        start = para.offset + edit.start - label
        end = start + len(edit.old)
        if end <= valid and text[start:end] == edit.old:
            return start, end
    return None


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
