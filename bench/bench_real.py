"""Score parse, check and renew on the real documents of ``../shared/real`` against its key.

Usage: python bench/bench_real.py [--verbose] [--doc NN ...] [--json]

The documents are third-party text nobody here wrote (``SOURCES.md``); ``key.yaml``
says, by careful reading, what each one is and what a reviewer would mark.
Most of them are openings of web pages whose full-width punctuation was
normalised to ASCII when stored, so half-width punctuation is scored apart.

Printed per document and overall:

* parse: exact on title, year, org, section count and item count;
* check: true positives, false positives and misses per code, on the kinds the
  tool claims (a key entry of code ``other`` counts once the tool has a code of
  its category); half-width punctuation per paragraph;
* renew: automatic changes right, wrong and doubtful, comments, misses, against
  ``renew.expect``.

How findings and entries are matched is written next to each scorer below. The
figures are what the issue's "Done means" asks for: parse ≥ 90 % exact, check
precision ≥ 0.95 and recall ≥ 0.9, renew with no wrong change and misses ≤ 10 %.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "real"

from drafting import jobs  # noqa: E402
from drafting.check import CODE_NAMES, check_paragraphs  # noqa: E402
from drafting.errors import DraftError  # noqa: E402
from drafting.parse import parse_paragraphs  # noqa: E402
from drafting.reader import read_paragraphs  # noqa: E402
from drafting.renew import CHANGED, COMMENTED  # noqa: E402

HALFWIDTH = "halfwidth-punctuation"


# --- parse -----------------------------------------------------------------------


def _as_list(value) -> list:
    if value is None:
        return [None]
    return value if isinstance(value, list) else [value]


def item_count(outline) -> int:
    """Numbered entries at the item level: 1． items, or （一） entries of a plan or speech;
    a speech's 一是 enumerations are not items."""
    count = 0
    for section in outline.sections:
        for item in section.items:
            level = getattr(item, "level", None)
            if item.number is not None and level != "enum":
                count += 1
    return count


def score_parse(doc: dict, parsed) -> dict:
    """Which of title, year, org, sections, items the parser got right."""
    o = parsed.outline
    orgs = list(doc.get("org") or [])
    org_ok = o.org in orgs or (o.org is None and bool(doc.get("org_ok_null")))
    got = {
        "title": o.title in _as_list(doc.get("title")),
        # a year the text never states may be inferred or left unknown, never wrong
        "year": o.year == doc.get("year") or (o.year is None and doc.get("year_stated") is False),
        "org": org_ok,
        "sections": sum(1 for s in o.sections if s.number) == doc.get("sections", 0),
        "items": item_count(o) == doc.get("items", 0),
    }
    detail = {
        "title": o.title, "year": o.year, "org": o.org,
        "sections": sum(1 for s in o.sections if s.number), "items": item_count(o),
    }
    return {"ok": all(got.values()), "fields": got, "got": detail}


# --- check -----------------------------------------------------------------------
#
# A finding matches a key entry when it is about one of the entry's paragraphs and
# its excerpt overlaps an occurrence of the entry's text there (or either contains
# the other). A finding is a true positive when it matches an entry whose code (or
# an alt_code, or for ``other`` its category) is the finding's code; it is ignored
# when it matches an entry of a kind the tool does not claim, or a soft one; it is
# a false positive otherwise (a wrong code counts as a false alarm). An entry is
# found when some finding of an acceptable code matches it; recall counts the
# claimed entries that are not soft.


def _entry_codes(entry: dict) -> set[str]:
    codes = {entry["code"], *entry.get("alt_codes", ())}
    if entry["code"] == "other":
        codes = {entry.get("category", "other")}
    return codes


def _paragraphs_of(entry: dict) -> list[int]:
    if "paragraphs" in entry:
        return list(entry["paragraphs"])
    return [entry["paragraph"]]


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    out, at = [], text.find(needle) if needle else -1
    while at >= 0:
        out.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    return out


def _overlaps(finding, entry: dict, texts: dict[int, str]) -> bool:
    if finding.paragraph not in _paragraphs_of(entry):
        return False
    text = texts.get(finding.paragraph, "")
    excerpt, want = finding.excerpt or "", entry["text"]
    if excerpt and (excerpt in want or want in excerpt):
        return True
    start = finding.start if finding.start is not None else text.find(excerpt)
    if start is None or start < 0:
        return False
    end = start + max(len(excerpt), 1)
    return any(s < end and start < e for s, e in _spans(text, want))


@dataclass
class CheckScore:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    ignored: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)  # claimed, non-soft entries found, per code
    missed: Counter = field(default_factory=Counter)
    false_alarms: list = field(default_factory=list)
    misses: list = field(default_factory=list)
    # half-width punctuation, per paragraph
    hw_tp: int = 0
    hw_fp: int = 0
    hw_missed: int = 0
    hw_count_key: int = 0
    hw_count_tool: int = 0


def score_check(doc: dict, findings, texts: dict[int, str], claimed: set[str]) -> CheckScore:
    """Check findings against the key's defects (see the comment above)."""
    key = doc.get("check") or {}
    entries = list(key.get("defects") or [])
    score = CheckScore()
    seen: set[tuple] = set()
    for f in findings:
        if f.code == HALFWIDTH:
            continue
        ident = (f.code, f.paragraph, f.start, f.excerpt)
        if ident in seen:
            continue
        seen.add(ident)
        matching = [e for e in entries if _overlaps(f, e, texts)]
        if any(f.code in _entry_codes(e) for e in matching):
            score.tp[f.code] += 1
        elif any(e.get("soft") or not (_entry_codes(e) & claimed) for e in matching):
            score.ignored[f.code] += 1
        else:
            score.fp[f.code] += 1
            score.false_alarms.append((f.paragraph, f.code, f.excerpt, f.message))
    for e in entries:
        codes = _entry_codes(e)
        if e.get("soft") or not (codes & claimed):
            continue
        name = sorted(codes & claimed)[0]
        if any(f.code in codes and _overlaps(f, e, texts) for f in findings):
            score.found[name] += 1
        else:
            score.missed[name] += 1
            score.misses.append((_paragraphs_of(e)[0], name, e["text"], e.get("why", "")))
    # half-width punctuation: paragraphs flagged against the key's paragraphs
    want = {int(p): n for p, n in (key.get("halfwidth") or {}).items()}
    got: Counter = Counter()
    for f in findings:
        if f.code == HALFWIDTH:
            got[f.paragraph] += len(getattr(f, "positions", ()) or ()) or 1
    score.hw_tp = len(want.keys() & got.keys())
    score.hw_fp = len(got.keys() - want.keys())
    score.hw_missed = len(want.keys() - got.keys())
    score.hw_count_key = sum(want.values())
    score.hw_count_tool = sum(got.values())
    return score


# --- renew -----------------------------------------------------------------------
#
# Expectations are matched in order, one-to-one, against the tool's report entries
# of the same paragraph: equal text first, then text contained either way.
#   change (new N):     changed to a text holding N → right; changed otherwise → wrong;
#                       commented → asked (not a miss); nothing → miss
#   comment:            commented → right; changed → doubtful (wrong if if_changed: wrong)
#   change_or_comment:  changed or commented → right
#   keep:               changed → wrong; commented or nothing → right
#   keep_quiet:         changed → wrong; commented → false alarm
#   optional:           anything
# A soft expectation's miss is not counted. A change no expectation matches is
# listed as unkeyed (to be read by a person), and so is a comment.

WANTED = ("change", "comment", "change_or_comment")


@dataclass
class RenewScore:
    right: int = 0
    wrong: int = 0
    doubtful: int = 0
    asked: int = 0
    missed: int = 0
    soft_missed: int = 0
    false_alarms: int = 0
    wanted: int = 0  # non-soft expectations that want a change or a comment
    changes: int = 0  # automatic changes made
    comments: int = 0
    unkeyed_changes: list = field(default_factory=list)
    unkeyed_comments: list = field(default_factory=list)
    details: list = field(default_factory=list)  # (verdict, paragraph, text, note)


def score_renew(doc: dict, entries) -> RenewScore:
    """The renewal report against the key's ``renew.expect`` (see the comment above)."""
    expect = list((doc.get("renew") or {}).get("expect") or [])
    score = RenewScore()
    score.changes = sum(1 for e in entries if e.action == CHANGED)
    score.comments = sum(1 for e in entries if e.action == COMMENTED)
    used: set[int] = set()
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        by_paragraph[e.paragraph].append(i)
    for x in expect:
        want, text, soft = x["want"], x["text"], bool(x.get("soft"))
        pool = [i for i in by_paragraph.get(x["paragraph"], []) if i not in used]
        hit = next((i for i in pool if entries[i].text == text), None)
        if hit is None:
            hit = next((i for i in pool if text in entries[i].text or entries[i].text in text), None)
        entry = entries[hit] if hit is not None else None
        if hit is not None:
            used.add(hit)
        action = entry.action if entry is not None else None
        if want in WANTED and not soft:
            score.wanted += 1
        verdict = _verdict(x, entry, action)
        if verdict == "miss":
            if soft:
                score.soft_missed += 1
                verdict = "soft-miss"
            else:
                score.missed += 1
        else:
            setattr(score, _FIELD[verdict], getattr(score, _FIELD[verdict]) + 1) if verdict in _FIELD else None
        score.details.append((verdict, x["paragraph"], text, entry.new if entry is not None and entry.new else "",
                              x.get("why", "")))
    for i, e in enumerate(entries):
        if i in used:
            continue
        if e.action == CHANGED:
            score.unkeyed_changes.append((e.paragraph, e.text, e.new, e.note))
        elif e.action == COMMENTED:
            score.unkeyed_comments.append((e.paragraph, e.text, e.note))
    return score


_FIELD = {"right": "right", "wrong": "wrong", "doubtful": "doubtful", "asked": "asked",
          "false-alarm": "false_alarms"}


def _verdict(x: dict, entry, action) -> str:
    want = x["want"]
    if want == "optional":
        return "optional"
    if want == "change":
        if action == CHANGED:
            return "right" if x.get("new") and x["new"] in (entry.new or "") else "wrong"
        return "asked" if action == COMMENTED else "miss"
    if want == "comment":
        if action == COMMENTED:
            return "right"
        if action == CHANGED:
            return "wrong" if x.get("if_changed") == "wrong" else "doubtful"
        return "miss"
    if want == "change_or_comment":
        return "right" if action in (CHANGED, COMMENTED) else "miss"
    if want in ("keep", "keep_quiet"):
        if action == CHANGED:
            return "wrong"
        if action == COMMENTED and want == "keep_quiet":
            return "false-alarm"
        return "right"
    raise SystemExit(f"key: unknown want {want!r}")


# --- running ------------------------------------------------------------------------


def run_document(doc: dict, lib, claimed: set[str], work: Path) -> dict:
    path = REAL / f"{doc['id']}.txt"
    paragraphs = read_paragraphs(path)
    texts = {p.index: p.text for p in paragraphs}
    parsed = parse_paragraphs(paragraphs, ads=lib.checks.ads)
    findings = check_paragraphs(paragraphs, year=None, rules=lib.checks, calendar=lib.calendar)
    renew_key = doc.get("renew") or {}
    error = None
    entries = []
    if renew_key:
        from_year = None if doc.get("year_stated", True) else renew_key.get("from_year", doc["year"])
        try:
            done = jobs.renew(path, year=renew_key["to"], from_year=from_year,
                              output=work / f"{doc['id']}-renewed.docx", force=True)
            entries = list(done.renewal.entries)
        except DraftError as exc:
            error = str(exc)
    return {
        "parse": score_parse(doc, parsed),
        "check": score_check(doc, findings, texts, claimed),
        "renew": score_renew(doc, entries),
        "renew_error": error,
    }


def main() -> None:
    global REAL
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss, false alarm and wrong change")
    ap.add_argument("--doc", nargs="*", help="only these documents (NN)")
    ap.add_argument("--json", action="store_true", help="print the overall figures as JSON")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="a folder of NN.txt with its key.yaml (default: ../shared/real)")
    args = ap.parse_args()
    REAL = args.corpus or REAL
    key_file = REAL / "key.yaml"
    if not key_file.is_file():
        sys.exit(f"no key.yaml in {REAL}")
    key = yaml.safe_load(key_file.read_text(encoding="utf-8"))
    docs = [d for d in key["documents"] if not args.doc or d["id"] in args.doc]
    lib = jobs.library(())
    claimed = set(CODE_NAMES) - {HALFWIDTH}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            results[doc["id"]] = run_document(doc, lib, claimed, Path(tmp))

    total_check = CheckScore()
    total_renew = RenewScore()
    parse_ok = 0
    field_ok: Counter = Counter()
    print(f"{'doc':4s} {'parse':24s} {'check tp/fp/miss':18s} {'renew right/wrong/doubt/miss/fa':32s}")
    for doc in docs:
        r = results[doc["id"]]
        p, c, n = r["parse"], r["check"], r["renew"]
        parse_ok += p["ok"]
        field_ok.update(k for k, v in p["fields"].items() if v)
        bad = ",".join(k for k, v in p["fields"].items() if not v) or "exact"
        for name in ("tp", "fp", "ignored", "found", "missed"):
            getattr(total_check, name).update(getattr(c, name))
        for name in ("hw_tp", "hw_fp", "hw_missed", "hw_count_key", "hw_count_tool"):
            setattr(total_check, name, getattr(total_check, name) + getattr(c, name))
        for name in ("right", "wrong", "doubtful", "asked", "missed", "soft_missed", "false_alarms", "wanted",
                     "changes", "comments"):
            setattr(total_renew, name, getattr(total_renew, name) + getattr(n, name))
        total_renew.unkeyed_changes += [(doc["id"], *u) for u in n.unkeyed_changes]
        total_renew.unkeyed_comments += [(doc["id"], *u) for u in n.unkeyed_comments]
        tp, fp = sum(c.tp.values()), sum(c.fp.values())
        renew = f"{n.right}/{n.wrong}/{n.doubtful}/{n.missed}/{n.false_alarms}"
        if r["renew_error"]:
            renew += " (refused)"
        print(f"{doc['id']:4s} {bad:24s} {tp:3d}/{fp:2d}/{sum(c.missed.values()):2d}{'':9s} {renew}")
        if args.verbose:
            if not p["ok"]:
                print(f"     parse got {p['got']}")
            for para, code, excerpt, message in c.false_alarms:
                print(f"     check FALSE p{para} {code} 「{excerpt}」 {message}")
            for para, code, text, why in c.misses:
                print(f"     check MISS  p{para} {code} 「{text}」 {why}")
            if r["renew_error"]:
                print(f"     renew refused: {r['renew_error']}")
            for verdict, para, text, new, why in n.details:
                if verdict in ("wrong", "doubtful", "miss", "false-alarm", "asked", "soft-miss"):
                    print(f"     renew {verdict.upper():11s} p{para} 「{text}」{' → ' + new if new else ''}  {why}")
            for para, text, new, note in n.unkeyed_changes:
                print(f"     renew UNKEYED-CHANGE p{para} 「{text}」 → 「{new}」 {note}")
            for para, text, note in n.unkeyed_comments:
                print(f"     renew unkeyed-comment p{para} 「{text}」 {note[:60]}")

    n_docs = len(docs) or 1
    tp, fp = sum(total_check.tp.values()), sum(total_check.fp.values())
    found, missed = sum(total_check.found.values()), sum(total_check.missed.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = found / (found + missed) if found + missed else 1.0
    miss_share = total_renew.missed / total_renew.wanted if total_renew.wanted else 0.0
    print()
    print(f"parse exact: {parse_ok}/{len(docs)} = {parse_ok / n_docs:.0%}   "
          + "  ".join(f"{k} {field_ok[k]}/{len(docs)}" for k in ("title", "year", "org", "sections", "items")))
    print(f"check precision {precision:.2f} ({tp} true, {fp} false, {sum(total_check.ignored.values())} "
          f"on unclaimed or soft defects)   recall {recall:.2f} ({found} of {found + missed} found)")
    codes = sorted(set(total_check.tp) | set(total_check.fp) | set(total_check.found) | set(total_check.missed))
    for code in codes:
        print(f"    {code:22s} tp {total_check.tp[code]:3d}  fp {total_check.fp[code]:3d}  "
              f"found {total_check.found[code]:3d}  missed {total_check.missed[code]:3d}")
    hw = total_check
    print(f"    half-width (paragraphs): {hw.hw_tp} flagged rightly, {hw.hw_fp} wrongly, {hw.hw_missed} missed; "
          f"{hw.hw_count_tool} marks found, {hw.hw_count_key} in the key")
    print(f"renew: {total_renew.changes} automatic changes, {total_renew.comments} comments; against the key: "
          f"{total_renew.right} right, {total_renew.wrong} wrong, {total_renew.doubtful} doubtful, "
          f"{total_renew.asked} asked instead of changed, {total_renew.false_alarms} false-alarm comments")
    print(f"       misses {total_renew.missed} of {total_renew.wanted} = {miss_share:.0%} "
          f"(+{total_renew.soft_missed} soft); unkeyed: {len(total_renew.unkeyed_changes)} changes, "
          f"{len(total_renew.unkeyed_comments)} comments")
    if args.json:
        print(json.dumps({
            "parse_exact": parse_ok / n_docs, "check_precision": precision, "check_recall": recall,
            "renew_wrong": total_renew.wrong, "renew_miss_share": miss_share,
            "renew_unkeyed_changes": len(total_renew.unkeyed_changes),
        }))


if __name__ == "__main__":
    main()
