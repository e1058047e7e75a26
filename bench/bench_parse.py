"""``draft parse`` of each seed document against ``draft plan``, both as whole processes.

Usage: python bench/bench_parse.py [--rounds N]
Prints the medians and the ratio (target: ≤ 1.5). Needs ../shared/seeds beside the repo.
"""

from __future__ import annotations

import argparse
import sys

from common import ROOT, WORK, compare, draft_command

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
    commands = {"draft plan": draft + ["plan", "--year", "2026", "--org", "市发展改革委",
                                       "-o", str(WORK / "plan.docx"), "--force"]}
    for seed in seeds:
        commands[f"parse {seed.name[:3]}"] = draft + ["parse", str(seed), "--json"]
    medians = compare(commands, WORK, args.rounds)
    base = medians["draft plan"]
    for name, t in medians.items():
        print(f"{name:12s} median {t * 1000:7.1f} ms   ratio {t / base:.2f}")
    worst = max(t for name, t in medians.items() if name != "draft plan")
    print(f"worst ratio draft parse / draft plan: {worst / base:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
