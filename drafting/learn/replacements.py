"""The reviewer's word-level replacements, and the typo or wording rules the recurring ones suggest.

A replacement is a deleted stretch right next to an inserted one (either order)
by the same author, in one paragraph, not by the tool itself. Only word-level
ones teach a rule: a rewritten sentence (long, or holding 。；！？), numbers and
years (renew's business), blanks and punctuation alone are left out, each
counted by reason. The rest is reduced to the characters that differ (一如继往
→ 一如既往 and 继 → 既 are one change) and grouped; a group seen at least
``MIN_SEEN`` times becomes a proposal, its wrong form widened by the Han
characters all its places share around it when it is a single character (社 → 杜
in 防微社渐 twice gives 防微社渐 → 防微杜渐), as ``typos`` wants two at least; a
change of two characters or more is taken as the reviewer wrote it.

Precision first: a proposal is withheld, with the reason, when the library has
the rule already, when its wrong form still stands elsewhere in the reviewed
text (the reviewer left it there: it depends on the context), when it is no
valid entry of ``typos`` (``library.checks``), when it would fire on the tool's
own drafts (given the texts of every draft the recipes give, and of every
snippet), or when the two forms differ in more than half their characters (a
near miss is a typo; another word or name is the reviewer's choice). Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Sequence

from .values import DEL, INS, Block, Proposal, Replacement

#: A replacement seen this often (in one document or over several) is worth a rule.
MIN_SEEN = 2
#: Longest replacement taken as word-level, in characters of either side.
MAX_WORD = 12
#: Most Han characters of shared context a wrong form is widened by, on each side.
MAX_CONTEXT = 3
#: Longest wrong form ``typos`` accepts (``library.checks``).
MAX_WRONG = 30

_SENTENCE = re.compile(r"[。；！？;!?\n]")
_DIGITS = re.compile(r"[0-9０-９]")
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Why a replacement teaches no rule (keys of Lesson.skipped, shown to the user).
SENTENCE = "整句或较长的改写"
NUMBER = "数字、年份的改动"
PUNCT = "只改了标点或空格"
SAME = "只改了格式"


def replacements(blocks: Sequence[Block], ours: Iterable[str], source: str = "") -> list[Replacement]:
    """Every replacement in ``blocks`` by an author not in ``ours`` (the tool's own revision authors)."""
    ours = frozenset(ours)
    out = []
    for block in blocks:
        segs = block.segments
        pos = 0  # in the accepted text
        starts = []
        for s in segs:
            starts.append(pos)
            if s.kind != DEL:
                pos += len(s.text)
        accepted = block.accepted()
        n = 0
        while n < len(segs) - 1:
            a, b = segs[n], segs[n + 1]
            if {a.kind, b.kind} == {INS, DEL} and a.author == b.author and a.author not in ours:
                old, new = (a, b) if a.kind == DEL else (b, a)
                at = starts[n]
                before, after = accepted[:at], accepted[at + len(new.text):]
                out.append(Replacement(old.text, new.text, before, after, block.paragraph_at(at), old.author,
                                       old.date or new.date, source))
                n += 2
                continue
            n += 1
    return out


def kind_of(r: Replacement) -> str:
    """Why ``r`` teaches no rule (SENTENCE, NUMBER, PUNCT, SAME), or "" when it is word-level."""
    old, new = r.old.strip(), r.new.strip()
    if old == new:
        return SAME
    if not _HAN.search(old) and not _HAN.search(new):
        return PUNCT
    if len(old) > MAX_WORD or len(new) > MAX_WORD or _SENTENCE.search(old + new):
        return SENTENCE
    o, n, _, _ = _core(old, new, "", "")
    if _DIGITS.search(old + new) or (o + n and all(ch in _NUMERALS for ch in o + n)):
        return NUMBER
    if not _HAN.search(o + n):
        return PUNCT
    return ""


def _core(old: str, new: str, before: str, after: str) -> tuple[str, str, str, str]:
    """The characters that differ, the common start and end moved into the context."""
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[-1 - j] == new[-1 - j]:
        j += 1
    return (old[i:len(old) - j], new[i:len(new) - j], before + old[:i], (old[len(old) - j:] if j else "") + after)


def _han_tail(text: str) -> str:
    m = re.search(r"[\u3400-\u9fff\uf900-\ufaff]*$", text)
    return m.group()[-MAX_CONTEXT:] if m else ""


def _han_head(text: str) -> str:
    m = re.match(r"[\u3400-\u9fff\uf900-\ufaff]*", text)
    return m.group()[:MAX_CONTEXT] if m else ""


def _shared_tail(texts: Sequence[str]) -> str:
    first = texts[0]
    k = 0
    while k < len(first) and all(len(t) > k and t[-1 - k] == first[-1 - k] for t in texts):
        k += 1
    return first[len(first) - k:] if k else ""


def _shared_head(texts: Sequence[str]) -> str:
    first = texts[0]
    k = 0
    while k < len(first) and all(len(t) > k and t[k] == first[k] for t in texts):
        k += 1
    return first[:k]


def propose(found: Sequence[Replacement], *, known: Iterable[str] = (), texts: Sequence[str] = (),
            drafts: Sequence[str] = ()) -> list[Proposal]:
    """The rules the word-level replacements ``found`` suggest, each proposed or withheld with its reason.

    ``known`` are the wrong forms the library has rules for already; ``texts`` the
    reviewed documents' paragraphs, revisions accepted; ``drafts`` the texts of the
    tool's own drafts, which no rule may fire on.
    """
    groups: dict[tuple[str, str], list[tuple[Replacement, str, str]]] = defaultdict(list)
    for r in found:
        if kind_of(r):
            continue
        o, n, before, after = _core(r.old, r.new, r.before, r.after)
        groups[(o, n)].append((r, _han_tail(before), _han_head(after)))
    known = tuple(dict.fromkeys(known))
    out = []
    for (o, n), members in groups.items():
        for wrong, right, evidence in _widened(o, n, members):
            if len(evidence) < MIN_SEEN:
                continue
            out.append(Proposal(wrong, right, evidence, _withheld(wrong, right, evidence, known, texts, drafts)))
    out.sort(key=lambda p: (bool(p.withheld), -len(p.evidence), p.wrong))
    return out


def _widened(o: str, n: str, members) -> list[tuple[str, str, tuple[Replacement, ...]]]:
    """(wrong, right, evidence) for a group of one core change, split by neighbours when too short."""
    if len(o) >= 2:  # a word of its own (党员干部 → 广大党员): the reviewer's words, no wider
        return [(o, n, tuple(m[0] for m in members))]
    tail = _shared_tail([m[1] for m in members])
    head = _shared_head([m[2] for m in members])
    wrong, right = tail + o + head, tail + n + head
    if len(wrong) >= 2 or len(members) < 2:
        return [(wrong, right, tuple(m[0] for m in members))]
    # too short to be a rule (它 → 他): the places that share a neighbour may make one (其它 → 其他)
    by_left: dict[str, list] = defaultdict(list)
    by_right: dict[str, list] = defaultdict(list)
    for m in members:
        if m[1]:
            by_left[m[1][-1]].append(m)
        if m[2]:
            by_right[m[2][0]].append(m)
    out = []
    for split in (by_left, by_right):
        for group in split.values():
            if 2 <= len(group) < len(members):
                out += [w for w in _widened(o, n, group) if len(w[0]) >= 2]
    # a place counts for one rule only: the rule with more evidence keeps it
    out.sort(key=lambda w: -len(w[2]))
    seen: set[int] = set()
    kept = []
    for w in out:
        if not any(id(r) in seen for r in w[2]):
            kept.append(w)
            seen.update(id(r) for r in w[2])
    return kept


def _withheld(wrong: str, right: str, evidence, known, texts, drafts) -> str:
    """Why the rule wrong → right is not proposed, or ""."""
    covered = next((k for k in known if k in wrong), None)
    if covered is not None:
        return "素材库（或待审核文件夹）已有这条规则" if covered == wrong else f"素材库已有规则“{covered}”，已能查出"

    if len(wrong) < 2 or len(wrong) > MAX_WRONG or re.search(r"\s", wrong):
        return "错误写法应为 2 到 30 个字、不含空格，无法写成规则"
    if not right.strip():
        return "改成了空白，不是错别字"
    if wrong in right:
        return "正确写法里又含有错误写法，写成规则后改对了仍会被标出"
    left = sum(t.count(wrong) for t in texts)
    if left:
        return f"审稿人在文中另有 {left} 处“{wrong}”没有改，可能要看上下文"
    fired = sum(t.count(wrong) for t in drafts)
    if fired:
        return f"会在本工具自己生成的文稿中误报（{fired} 处“{wrong}”）"
    o, n, _, _ = _core(wrong, right, "", "")
    if max(len(o), len(n)) > max(1, len(wrong) // 2):
        # a typo is a near miss (防微社渐); a word swapped for another (人名、说法) is a choice, not a rule
        return "前后差别较大，像是换了说法或名字，不是错别字"
    return ""


def skipped(found: Sequence[Replacement]) -> tuple[tuple[str, int], ...]:
    """How many of ``found`` teach no rule, by reason."""
    counts: dict[str, int] = {}
    for r in found:
        why = kind_of(r)
        if why:
            counts[why] = counts.get(why, 0) + 1
    return tuple(counts.items())
