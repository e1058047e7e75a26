"""``draft parse`` of each seed document against ``draft plan``, both as whole processes.

Usage: python bench/bench_parse.py [--rounds N]
Prints the medians and the ratio (target: ≤ 1.5). Needs ../shared/seeds beside the repo.
"""

from __future__ import annotations

import argparse
import sys

from common import ROOT, WORK, compare, draft_command, plan_command, print_ratios

SEEDS = ROOT.parent / "shared" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed documents in {SEEDS}")
    WORK.mkdir(parents=True, exist_ok=True)
    draft = draft_command()
    commands = {"draft plan": plan_command(WORK / "plan.docx")}
    for seed in seeds:
        commands[f"parse {seed.name[:3]}"] = draft + ["parse", str(seed), "--json"]
    medians = compare(commands, WORK, args.rounds)
    print_ratios(medians, "draft plan", "draft parse", 1.5)


if __name__ == "__main__":
    main()
