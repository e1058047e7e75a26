"""``draft plan`` as a whole process against a bare docxtpl script rendering the same content.

Usage: python bench/bench_plan.py [--rounds N]
Prints the medians and the ratio (target: ≤ 1.25).
"""

from __future__ import annotations

import argparse
import json
import sys

from common import ROOT, WORK, compare, draft_command

BASELINE = r'''
import json, sys
from docxtpl import DocxTemplate
ctx = json.load(open(sys.argv[2], encoding="utf-8"))
tpl = DocxTemplate(sys.argv[1])
tpl.render(ctx, autoescape=True)
tpl.save(sys.argv[3])
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from drafting import jobs
    from drafting.render import context_for
    from drafting.resources import template_path

    WORK.mkdir(parents=True, exist_ok=True)
    # The baseline renders exactly the context draft plan renders.
    req = jobs.Request(genre="plan", year=2026, org="市发展改革委", output=WORK / "probe.docx", force=True)
    result = jobs.draft(req)
    ctx_file = WORK / "context.json"
    ctx_file.write_text(json.dumps(context_for(result.outline), ensure_ascii=False), encoding="utf-8")
    script = WORK / "baseline.py"
    script.write_text(BASELINE, encoding="utf-8")

    args_ = ["plan", "--year", "2026", "--org", "市发展改革委", "-o", str(WORK / "plan.docx"), "--force"]
    commands = {
        "draft plan": draft_command() + args_,
        # cli.main with an ordinary interpreter exit: what entry.run saves, shown for the record
        "ordinary exit": [sys.executable, "-m", "drafting.cli"] + args_,
        "docxtpl script": [sys.executable, str(script), str(template_path("plan")), str(ctx_file),
                           str(WORK / "baseline.docx")],
    }
    medians = compare(commands, WORK, args.rounds)
    for name, t in medians.items():
        print(f"{name:16s} median {t * 1000:7.1f} ms")
    base = medians["docxtpl script"]
    print(f"ratio draft plan / docxtpl script: {medians['draft plan'] / base:.2f} (target ≤ 1.25)")
    print(f"  (with GC and interpreter teardown left on: {medians['ordinary exit'] / base:.2f})")


if __name__ == "__main__":
    main()
