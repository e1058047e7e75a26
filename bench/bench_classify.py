"""Classification accuracy on the seed documents, and the start-up of ``draft ingest``.

Usage: python bench/bench_classify.py [--rounds N] [--no-timing] [-v]

Accuracy: every item of a seed whose section heading names a category is
classified from its own text, the heading hidden (alone, and with its section's
other items); and the section itself, from all its items together
(``section_topic``: the heading's category is a property of the section, and
about a quarter of the items differ from it by their own words — see the blind
readers below); the expected category comes
from the heading by the keyword rules below (written for this bench, independent
of the library's ``keywords``). A heading naming two categories (强化作风和纪律
建设) accepts either. Prints N and the percentage (target ≥ 90 %), strict, and
again with umbrella headings (``UMBRELLA``) accepting the finer categories the
library files their items under: 党风廉政建设 in a document of 2016 holds 纪律 and
作风 items, which this library (like documents since 2017) files as 纪律建设 and
作风建设. The strict figure is the one the target is about.

Blind readers (``gold_classify.yaml``): two annotators, working apart, each given
the 64 item texts shuffled, without headings, document names or any other file,
and only the category list with DOMAIN.md's notes on it (党风廉政建设 includes
反腐败; 群团建设 工会、共青团、妇委会、精神文明、文体活动; 党建责任 主体责任 and
考核), picked each item's category as a reviewer filing it in a library would (and
a second one only when they could not choose). They did not see the classifier or
its output. The bench prints how often a reader's first choice is the category the
heading names — what a careful person achieves on the target's own terms — and
how often the classifier picks a category both readers accept. The file keys items
by seed, section and item number; it holds no text of the seeds.

Hold-out: the library's own item snippets, in ``FOLDS`` folds, each classified
by a model that learnt from the other folds — a check on changes to the model
that does not tune it to the seeds; with the mean confidence, which should be
close to the accuracy (``TEMPERATURE``).

Timing: ``draft ingest`` of one seed into a fresh folder against ``draft plan``,
both whole processes, interleaved (medians and ratio); and the segmenter's own
start-up in one process, cold (dictionary built) and warm (loaded from the cache).
Needs ../shared/seeds beside the repo.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from common import ROOT, WORK, compare, draft_command

sys.path.insert(0, str(ROOT))

SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = Path(__file__).with_name("gold_classify.yaml")
FOLDS = 10

#: heading words → category: only words that name the category outright.
RULES = {
    "政治建设": ("政治建设",),
    "思想建设": ("思想建设", "思想引领", "理论学习"),
    "组织建设": ("组织建设", "支部建设", "基层组织", "大抓基层", "强组织"),
    "作风建设": ("作风",),
    "纪律建设": ("纪律",),
    "制度建设": ("制度建设", "工作制度"),
    "党风廉政建设": ("党风廉政", "反腐败"),
    "群团建设": ("群团", "工会", "共青团", "妇委会", "精神文明"),
    "党建责任": ("主体责任", "考核", "主责", "一岗双责", "齐抓共管"),
}


#: Umbrella headings: the category such a heading names → the finer categories its
#: items may be filed under (written for this bench, like ``RULES``).
UMBRELLA = {"党风廉政建设": ("作风建设", "纪律建设")}


def expected(heading: str) -> set[str]:
    """The categories a heading names by the rules."""
    return {category for category, words in RULES.items() if any(w in heading for w in words)}


def family(heading: str) -> set[str]:
    """The categories a heading names, and those its umbrella categories cover."""
    named = expected(heading)
    return named.union(*(UMBRELLA.get(c, ()) for c in named))


def accuracy(verbose: bool) -> None:
    from drafting.classify import Classifier
    from drafting.library import load_library
    from drafting.parse import parse_paragraphs
    from drafting.reader import read_paragraphs

    classifier = Classifier(load_library())
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["items"]
    total = ambiguous = 0
    right = {"alone": 0, "section": 0, "heading": 0}
    broad = dict.fromkeys(right, 0)
    topics = {"strict": 0, "broad": 0, "sections": 0, "sections right": 0}
    agreed = dict.fromkeys(right, 0)
    readers = {"A": 0, "B": 0}
    readers_agree = flagged = flag_right = 0
    per_seed = []
    for seed in sorted(SEEDS.glob("*.txt")):
        outline = parse_paragraphs(read_paragraphs(seed)).outline
        n = ok = 0
        for number, section in enumerate(outline.sections, 1):
            want = expected(section.heading)
            wider = family(section.heading)
            if not want:
                if verbose:
                    print(f"  skip {seed.name[:3]} {section.heading[:20]}")
                continue
            texts = [f"{item.lead or ''}。{item.text}" for item in section.items]
            together = classifier.classify_section(texts)  # siblings, heading still hidden
            shown = classifier.classify_section(texts, section.heading)
            topic = classifier.section_topic(texts).category  # the section as a whole, heading hidden
            topics["strict"] += len(texts) * (topic in want)
            topics["broad"] += len(texts) * (topic in wider)
            topics["sections"] += 1
            topics["sections right"] += topic in want
            if verbose:
                print(f"  section {seed.name[:3]} {section.heading[:16]}: want {'/'.join(sorted(want))},"
                      f" its items together say {topic}")
            for k, (text, with_siblings, with_heading) in enumerate(zip(texts, together, shown), 1):
                verdict = classifier.classify(text)
                labels = gold[f"{seed.name[:3]}:{number}:{k}"]
                accepted = set(labels["A"]) & set(labels["B"])
                readers_agree += labels["A"][0] == labels["B"][0]
                for reader in readers:
                    readers[reader] += labels[reader][0] in want
                for name, v in (("alone", verdict), ("section", with_siblings), ("heading", with_heading)):
                    agreed[name] += v.category in accepted
                if with_heading.content:
                    flagged += 1
                    flag_right += with_heading.content in accepted
                hit = verdict.category in want
                n += 1
                ok += hit
                right["alone"] += hit
                right["section"] += with_siblings.category in want
                right["heading"] += with_heading.category in want
                for name, v in (("alone", verdict), ("section", with_siblings), ("heading", with_heading)):
                    broad[name] += v.category in wider
                ambiguous += len(want) > 1
                if verbose and not hit:
                    print(f"  miss {seed.name[:3]} want {'/'.join(sorted(want))} got {verdict.category}"
                          f" ({verdict.confidence:.2f}; with siblings {with_siblings.category}): {text[:36]}")
        per_seed.append(f"{seed.name[:3]} {ok}/{n}")
        total += n
    print("per seed (item text alone): " + ", ".join(per_seed))
    print(f"N = {total} items under a heading naming a category ({ambiguous} naming two: either counts)")
    for name, label in (("alone", "item text alone, heading hidden"),
                        ("section", "item with its section's other items, heading hidden"),
                        ("heading", "as draft ingest runs: heading shown")):
        print(f"accuracy, {label}: {right[name]}/{total} = {100 * right[name] / max(total, 1):.1f} %"
              f"   (umbrella headings taking their finer categories: {broad[name]}/{total}"
              f" = {100 * broad[name] / max(total, 1):.1f} %)")
    print(f"the section as a whole (section_topic: what a heading candidate is filed by), heading hidden:"
          f" {topics['strict']}/{total} = {100 * topics['strict'] / max(total, 1):.1f} % of the items"
          f" ({topics['sections right']}/{topics['sections']} sections)   (umbrella headings taking their finer"
          f" categories: {topics['broad']}/{total} = {100 * topics['broad'] / max(total, 1):.1f} %)")
    print(f"target ≥ 90 % (heading hidden, strict): item by item {100 * right['section'] / max(total, 1):.1f} %"
          f" (with its section), the section as a whole {100 * topics['strict'] / max(total, 1):.1f} %")
    print("blind readers, heading hidden: first choice is the heading's category "
          + ", ".join(f"{r} {v}/{total} = {100 * v / max(total, 1):.1f} %" for r, v in readers.items())
          + f"; the two agree on {readers_agree}/{total}")
    print("classifier picks a category both readers accept: "
          + ", ".join(f"{label} {agreed[name]}/{total} = {100 * agreed[name] / max(total, 1):.1f} %"
                      for name, label in (("alone", "item alone"), ("section", "with its section"),
                                          ("heading", "heading shown"))))
    print(f"heading shown, items ingest flags as 单看内容更像…: {flagged}; the readers accept that category"
          f" for {flag_right}")


def holdout() -> None:
    from drafting.classify import Classifier, snippet_text
    from drafting.library import load_library
    from drafting.model import ITEM

    lib = load_library()
    items = sorted((s for s in lib.snippets.values() if s.kind == ITEM), key=lambda s: s.id)
    right = 0
    confidence = 0.0
    for fold in range(FOLDS):
        held = items[fold::FOLDS]
        classifier = Classifier(lib, holdout=frozenset(s.id for s in held))
        for snippet in held:
            verdict = classifier.classify(snippet_text(snippet))
            right += verdict.category == snippet.category
            confidence += verdict.confidence
    print(f"library hold-out ({FOLDS} folds, item snippets): {right}/{len(items)} ="
          f" {100 * right / len(items):.1f} %, mean confidence {100 * confidence / len(items):.1f} %")


def segmenter_startup() -> None:
    code = (
        "import time; t = time.perf_counter(); from drafting.segment import segmenter; "
        "s = segmenter(('三会一课',)); s.cut('落实三会一课制度'); "
        "print(f'{(time.perf_counter() - t) * 1000:.0f}')"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFT_CACHE_DIR": cache}
        runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                               check=True).stdout.strip() for _ in range(4)]
    off = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "DRAFT_CACHE_DIR": "off"}).stdout.strip()
    jieba_default = (
        "import time, tempfile, logging; t = time.perf_counter(); import jieba; "
        "jieba.setLogLevel(logging.WARNING); tk = jieba.Tokenizer(); tk.tmp_dir = tempfile.gettempdir(); "
        "tk.lcut('落实三会一课制度'); print(f'{(time.perf_counter() - t) * 1000:.0f}')"
    )
    default = [subprocess.run([sys.executable, "-c", jieba_default], capture_output=True, text=True,
                              check=True).stdout.strip() for _ in range(3)]
    print(f"segmenter start-up in-process: cold {runs[0]} ms, warm {', '.join(runs[1:])} ms,"
          f" no cache {off} ms; plain jieba with its own cache: {', '.join(default)} ms")


def timing(rounds: int) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    WORK.mkdir(parents=True, exist_ok=True)
    draft = draft_command()
    into = WORK / "ingest"
    commands = {
        "draft plan": draft + ["plan", "--year", "2026", "--org", "市发展改革委",
                               "-o", str(WORK / "plan.docx"), "--force"],
        "draft ingest": draft + ["ingest", str(seeds[1]), "--into", str(into)],
    }

    def fresh(name: str) -> None:
        if name == "draft ingest":
            shutil.rmtree(into, ignore_errors=True)

    medians = compare(commands, WORK, rounds, before=fresh)
    base = medians["draft plan"]
    for name, t in medians.items():
        print(f"{name:12s} median {t * 1000:7.1f} ms   ratio {t / base:.2f}")
    shutil.rmtree(into, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not any(SEEDS.glob("*.txt")):
        sys.exit(f"no seed documents in {SEEDS}")
    t = time.perf_counter()
    accuracy(args.verbose)
    holdout()
    print(f"(accuracy run {time.perf_counter() - t:.1f} s)")
    if not args.no_timing:
        segmenter_startup()
        timing(args.rounds)


if __name__ == "__main__":
    main()
