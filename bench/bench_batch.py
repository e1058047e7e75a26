"""``draft batch`` of 100 organisations against 100 ``pandoc`` runs making the same documents.

Usage: python bench/bench_batch.py [--rounds N] [--orgs 100]

A technical user without this tool would write each organisation's plan as
Markdown and convert it with pandoc, one process per document. The Markdown
here has exactly the text ``draft batch`` writes (the same outlines, assembled
in-process beforehand), so both sides produce the same documents' worth of
text. The two are run alternately, ``--rounds`` times each; the medians and
their ratio are printed (target: batch < 0.25 × pandoc). Without pandoc
installed, only the batch is timed, against one ``draft plan``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from common import ROOT, WORK, draft_command, run

DEPARTMENTS = [
    "发展改革委", "财政局", "审计局", "统计局", "教育局", "科技局", "民政局", "司法局", "人力社保局",
    "自然资源局", "生态环境局", "住房城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局",
    "文化旅游局", "卫生健康委", "应急管理局", "市场监管局", "医疗保障局", "林业局", "体育局", "信访局",
    "机关事务局",
]
PLACES = ["市", "东城区", "西城区", "高新区"]


def org_names(count: int) -> list[str]:
    names = [f"{place}{dept}" for place in PLACES for dept in DEPARTMENTS]
    if count > len(names):
        names += [f"第{n}党支部" for n in range(1, count - len(names) + 1)]
    return names[:count]


def markdown(outline) -> str:
    """The outline as the Markdown a pandoc user would write: the same text, same numbering."""
    from drafting.numerals import item_marker, section_label

    lines = [f"# {outline.title}", ""]
    lines += [p + "\n" for p in outline.preamble]
    for section in outline.sections:
        lines += [f"## {section_label(section.number)}{section.heading}", ""]
        for item in section.items:
            lead = f"**{item.lead}。**" if item.lead else ""
            lines += [f"{item_marker(outline.genre, item.number)}{lead}{item.text}", ""]
    if outline.signature:
        lines += [outline.signature, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--orgs", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from drafting.assemble import assemble
    from drafting.library import load_library
    from drafting.model import Occasion

    work = WORK / "batch"
    shutil.rmtree(work, ignore_errors=True)
    (work / "md").mkdir(parents=True)
    names = org_names(args.orgs)
    orgs = work / "orgs.yaml"
    orgs.write_text("superior: 市直机关工委\norgs:\n" + "".join(f"  - name: {n}\n" for n in names), encoding="utf-8")
    lib = load_library()
    sources = []
    for n, name in enumerate(names):
        outline = assemble(lib, lib.plan(), Occasion(year=2026, org=name, superior="市直机关工委"))
        md = work / "md" / f"{n:03d}.md"
        md.write_text(markdown(outline), encoding="utf-8")
        sources.append(md)

    draft = draft_command()
    batch_cmd = draft + ["batch", "--orgs", str(orgs), "--year", "2026", "--date", "2026-01-10",
                         "-o", str(work / "batch"), "--force"]
    pandoc = shutil.which("pandoc")

    def pandoc_all() -> float:
        start = time.perf_counter()
        for md in sources:
            subprocess.run([pandoc, str(md), "-f", "markdown", "-t", "docx", "-o", str(md.with_suffix(".docx"))],
                           check=True)
        return time.perf_counter() - start

    run(batch_cmd, work)  # warm-up: caches, byte-code
    if pandoc is None:
        plan = draft + ["plan", "--year", "2026", "--org", "市发展改革委", "-o", str(work / "one.docx"), "--force"]
        run(plan, work)
        batch_t = statistics.median(run(batch_cmd, work) for _ in range(args.rounds))
        plan_t = statistics.median(run(plan, work) for _ in range(args.rounds))
        print("pandoc is not installed: the comparison with pandoc is skipped (apt-get install pandoc).")
        print(f"draft batch of {len(names)}: {batch_t:.2f} s = {batch_t / plan_t:.1f} × one draft plan "
              f"({batch_t / len(names) * 1000:.0f} ms per organisation)")
        return
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    pandoc_all()  # warm-up
    batch_times, pandoc_times = [], []
    for _ in range(args.rounds):
        batch_times.append(run(batch_cmd, work))
        pandoc_times.append(pandoc_all())
    b, p = statistics.median(batch_times), statistics.median(pandoc_times)
    written = len(list((work / "batch").glob("*.docx")))
    print(f"{len(names)} organisations, {written} drafts written by draft batch; {version}")
    print(f"draft batch (one process)   median {b:6.2f} s  ({b / len(names) * 1000:.0f} ms per organisation)")
    print(f"pandoc ({len(names)} processes)      median {p:6.2f} s  ({p / len(names) * 1000:.0f} ms per document)")
    print(f"ratio draft batch / pandoc: {b / p:.3f} (target < 0.25)")


if __name__ == "__main__":
    main()
