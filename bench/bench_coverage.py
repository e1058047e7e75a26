"""``draft check SPEECH --plan PLAN`` against ``draft plan``, both as whole processes.

Usage: python bench/bench_coverage.py [--rounds N]
The pairs: the bundled 工委会议 speech against the bundled plan of the same year (.docx), and the
seed speech against each seed plan (.txt, needs ../shared/seeds beside the repo). Prints the
medians and the worst ratio (target: ≤ 1.5; the coverage never loads jieba).
``draft check`` exits with 1 when it finds errors, as it does on some seeds: that counts as success here.
"""

from __future__ import annotations

import argparse

from common import SEEDS, WORK, compare, draft_command, plan_command, print_ratios, run

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    draft = draft_command()
    plan, speech = WORK / "coverage-plan.docx", WORK / "coverage-speech.docx"
    run(draft + ["plan", "--year", "2026", "--org", "市统计局", "-o", str(plan), "--force"], WORK)
    run(draft + ["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市统计局", "-o", str(speech),
                 "--force"], WORK)
    named = {"plan": plan_command(WORK / "bench-plan.docx"),
             "check --plan (bundled)": draft + ["check", str(speech), "--plan", str(plan)]}
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    seed_speech = next((p for p in seeds if p.name.startswith("004")), None)
    for p in seeds:
        if seed_speech is not None and p != seed_speech:
            named[f"check --plan {p.name[:3]}"] = draft + ["check", str(seed_speech), "--plan", str(p)]
    print_ratios(compare(named, WORK, args.rounds, ok=(0, 1)), "plan", "check --plan", 1.5)
