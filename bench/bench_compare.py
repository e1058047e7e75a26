"""``draft compare`` against ``draft plan``, both as whole processes.

Usage: python bench/bench_compare.py [--rounds N]
Two measures (targets from issue 18): the compare of two seed documents (≤ 1.5×
``draft plan``), and a compare with a 10-year history of plan-sized documents
(≤ 3×), the history made by ``draft plan --year Y`` for ten years into
bench/_work/history. Needs ../shared/seeds beside the repo.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from common import ROOT, SEEDS, WORK, compare, draft_command, plan_command, print_ratios

#: the two seeds compared: plans of neighbouring years
PAIR = ("001", "003")
YEARS = range(2016, 2027)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    seeds = {s.name[:3]: s for s in sorted(SEEDS.glob("*.txt"))}
    if not all(p in seeds for p in PAIR):
        sys.exit(f"seed documents {PAIR} not found in {SEEDS}")
    WORK.mkdir(parents=True, exist_ok=True)
    draft = draft_command()
    history = WORK / "history"
    history.mkdir(exist_ok=True)
    for year in YEARS:  # 2016–2025 the history, 2026 the new document
        out = (WORK / "plan-2026.docx") if year == YEARS[-1] else history / f"{year}.docx"
        subprocess.run(draft + ["plan", "--year", str(year), "--org", "市发展改革委", "-o", str(out), "--force"],
                       check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    old, new = seeds[PAIR[0]], seeds[PAIR[1]]
    commands = {
        "draft plan": plan_command(WORK / "plan.docx"),
        "compare two seeds": draft + ["compare", str(old), str(new)],
        "compare 10 years": draft + ["compare", str(history / "2025.docx"), str(WORK / "plan-2026.docx"),
                                     "--history", str(history)],
    }
    medians = compare(commands, WORK, args.rounds)
    print_ratios({k: medians[k] for k in ("draft plan", "compare two seeds")}, "draft plan", "compare (seeds)", 1.5)
    print_ratios({k: medians[k] for k in ("draft plan", "compare 10 years")}, "draft plan", "compare (history)", 3)


if __name__ == "__main__":
    main()
