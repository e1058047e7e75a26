"""Renew's recorded changes, classified by what the reviewer did with them; the rejected ones as cases.

Accepting a tracked change in Word leaves its new text and no mark; rejecting it
brings the old text back; a change not yet decided still shows our ``w:del`` and
``w:ins``. Each recorded change is looked for with the unchanged text renew kept
around it: in the paragraph of the same index first, else in the one paragraph
anywhere that has it. Old text found → rejected, new text → accepted, our
revision still there → pending, neither (the reviewer rewrote the sentence, or
the spot is no longer unambiguous) → unknown. Pure.
"""

from __future__ import annotations

from typing import Sequence

from .record import Change, RenewRecord
from .values import ACCEPTED, DEL, INS, PENDING, REJECTED, UNKNOWN, Block, Judged


def judge(record: RenewRecord, blocks: Sequence[Block], texts: dict[int, str]) -> list[Judged]:
    """Each change of ``record`` with its verdict, found in the reviewed paragraphs ``texts`` (index → text)."""
    by_paragraph: dict[int, Block] = {}
    for block in blocks:
        for index, _ in block.paragraphs:
            by_paragraph.setdefault(index, block)
    out = []
    for change in record.changes:
        out.append(_judge(change, record.author, by_paragraph, texts))
    return [_with_original(j, out, texts) for j in out]


def _pending(change: Change, block: Block | None, author: str) -> bool:
    """Whether our own revision of ``change`` is still in the paragraph, undecided, at its place.

    The place is told by the unchanged text around it, read with every revision
    still pending rejected (the text renew saw), so that of two equal changes in
    a paragraph, one accepted and one not, only the one left is pending.
    """
    if block is None:
        return False
    segs = block.segments
    kind, text = (DEL, change.old) if change.old else (INS, change.new)
    for k, s in enumerate(segs):
        if s.kind != kind or s.author != author or s.text != text:
            continue
        before = "".join(x.text for x in segs[:k] if x.kind != INS)
        after = "".join(x.text for x in segs[k + 1:] if x.kind != INS)
        if before.endswith(change.before) and after.startswith(change.after):
            return True
    return False


def _judge(change: Change, author: str, blocks: dict[int, Block], texts: dict[int, str]) -> Judged:
    if _pending(change, blocks.get(change.paragraph), author):
        return Judged(change, PENDING, change.paragraph)
    here = texts.get(change.paragraph)
    if here is not None:
        verdict = _verdict(change, here)
        if verdict != UNKNOWN:
            return Judged(change, verdict, change.paragraph)
    # paragraphs were added or removed before it: the one paragraph with the spot, if there is one
    if len(change.before) + len(change.after) >= 4:
        found = [(i, _verdict(change, t)) for i, t in texts.items() if i != change.paragraph]
        found = [(i, v) for i, v in found if v != UNKNOWN]
        if len(found) == 1:
            index, verdict = found[0]
            if _pending(change, blocks.get(index), author):
                verdict = PENDING
            return Judged(change, verdict, index)
    return Judged(change, UNKNOWN, None)


def _verdict(change: Change, text: str) -> str:
    """ACCEPTED, REJECTED or UNKNOWN for ``change`` in one paragraph's text."""
    new = text.count(change.before + change.new + change.after) if change.new else 0
    if change.old:
        old = text.count(change.before + change.old + change.after)
    else:  # an insertion (、五中): rejected, the words around it meet again
        old = text.count(change.before + change.after) if change.before or change.after else 0
    if change.new and change.old and (change.new in change.old or change.old in change.new):
        # one holds the other (2025年 → 2025—2026年): the longer one found decides
        longer, shorter = (change.new, change.old) if len(change.new) > len(change.old) else (change.old, change.new)
        if text.count(change.before + longer + change.after):
            return ACCEPTED if longer == change.new else REJECTED
        return REJECTED if shorter == change.old and old else (ACCEPTED if new else UNKNOWN)
    if new and not old:
        return ACCEPTED
    if old and not new:
        return REJECTED
    return UNKNOWN


def _with_original(j: Judged, judged: Sequence[Judged], texts: dict[int, str]) -> Judged:
    """A rejected change with its paragraph as renew read it: the other changes accepted there turned back."""
    from dataclasses import replace

    if j.verdict != REJECTED or j.paragraph is None:
        return j
    text = texts.get(j.paragraph, "")
    for other in judged:
        if other is j or other.paragraph != j.paragraph or other.verdict != ACCEPTED:
            continue
        c = other.change
        text = text.replace(c.before + c.new + c.after, c.before + c.old + c.after, 1)
    c = j.change
    at = text.find(c.before + c.old + c.after)
    return replace(j, original=text, start=at + len(c.before) if at >= 0 else None)
