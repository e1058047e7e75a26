"""更新去年文稿 as the page shows it: every year-bound expression renew found, in its paragraph.

The CLI prints one line per expression (``第N段  类别  修订/批注/保留  表述``); the
page shows the same entries as a table whose rows name the decision the way
staff say it — 改 (a tracked change), 问 (a comment for the reviewer), 不动 —
with the expression marked in the words around it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..jobs import Renewed
from ..model import PART_NAMES
from ..renew import CHANGED, COMMENTED, KEPT, KIND_NAMES

#: The decisions, as the page names them, in the order the summary counts them.
ACTIONS = {CHANGED: "改", COMMENTED: "问", KEPT: "不动"}

#: What each decision means in the copy (the CLI's 修订/批注/保留).
ACTION_TITLES = {CHANGED: "已写成修订，接受即生效", COMMENTED: "写成批注，请审稿人决定", KEPT: "保留原样"}


@dataclass(frozen=True)
class Row:
    """One expression as the table shows it."""

    where: str
    kind: str
    action: str
    before: str
    text: str
    after: str
    new: str | None
    note: str
    #: the change or comment could not be written into the copy (a field, another reviewer's revision)
    skipped: bool = False

    @property
    def action_name(self) -> str:
        """改, 问 or 不动."""
        return ACTIONS.get(self.action, self.action)

    @property
    def action_title(self) -> str:
        """What the decision means in the copy."""
        return ACTION_TITLES.get(self.action, "")


def where(done: Renewed, index: int) -> str:
    """第N段 in the body, else the part the paragraph is in (页眉、脚注 …), as the CLI says it."""
    part = next((p.part for p in done.paragraphs if p.index == index), "body")
    return f"第{index + 1}段" if part == "body" else PART_NAMES.get(part, part)


def rows(done: Renewed, width: int = 24) -> list[Row]:
    """Every entry of the renewal in reading order, with the expression located in its paragraph."""
    texts = {p.index: p.text for p in done.paragraphs}
    # an entry changed or commented has its edit, whose offsets say which occurrence it is
    edits: dict[tuple[int, str], list[int]] = {}
    for e in sorted(done.renewal.edits, key=lambda e: (e.paragraph, e.start)):
        edits.setdefault((e.paragraph, e.old), []).append(e.start)
    skipped = {(e.paragraph, e.start) for e in done.skipped}
    taken: dict[int, set[int]] = {}
    result = []
    for entry in done.renewal.entries:
        text = texts.get(entry.paragraph, "")
        starts = edits.get((entry.paragraph, entry.text)) if entry.action != KEPT else None
        if starts:
            start = starts.pop(0)
        else:
            start = _free(text, entry.text, taken.setdefault(entry.paragraph, set()))
        taken.setdefault(entry.paragraph, set()).add(start)
        new = entry.new if entry.action == CHANGED else None
        note = entry.note if entry.action != KEPT else ""
        kind = KIND_NAMES.get(entry.kind, entry.kind)
        if start < 0 or not entry.text:
            result.append(Row(where(done, entry.paragraph), kind, entry.action, "", entry.text, "", new, note))
            continue
        end = start + len(entry.text)
        before = ("…" if start > width else "") + text[max(0, start - width):start]
        after = text[end:end + width] + ("…" if end + width < len(text) else "")
        result.append(Row(where(done, entry.paragraph), kind, entry.action, before, entry.text, after, new, note,
                          (entry.paragraph, start) in skipped))
    return result


def _free(text: str, found: str, taken: set[int]) -> int:
    """Where ``found`` stands in ``text``: its first occurrence no other row has taken (-1 if none)."""
    if not found:
        return -1
    at = text.find(found)
    first = at
    while at >= 0 and at in taken:
        at = text.find(found, at + 1)
    return at if at >= 0 else first


def counts(done: Renewed) -> dict[str, int]:
    """How many expressions got each decision: {改: n, 问: n, 不动: n}."""
    return {name: done.renewal.count(action) for action, name in ACTIONS.items()}
