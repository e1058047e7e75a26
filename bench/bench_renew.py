"""``draft renew`` of seed documents against ``draft plan``, both as whole processes.

Usage: python bench/bench_renew.py [--rounds N]
Each seed is renewed twice: as its .txt (laid into the template) and as a .docx
built from it (one paragraph per line), the form staff usually have. Prints the
medians and the ratio (target: ≤ 2). Needs ../shared/seeds beside the repo.
"""

from __future__ import annotations

import argparse
import sys

from common import ROOT, WORK, compare, draft_command, plan_command, print_ratios

SEEDS = ROOT.parent / "shared" / "seeds"
#: seed → target year
TARGETS = {"000": 2017, "001": 2021, "003": 2024}


def seed_docx(seed, out):
    """The seed as a plain .docx, built with python-docx (not with our own code)."""
    import docx

    document = docx.Document()
    for line in seed.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    draft = draft_command()
    commands = {"draft plan": plan_command(WORK / "plan.docx")}
    for prefix, year in TARGETS.items():
        found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
        if not found:
            sys.exit(f"no seed {prefix} in {SEEDS}")
        docx_path = seed_docx(found[0], WORK / f"seed-{prefix}.docx")
        for label, src in (("txt", found[0]), ("docx", docx_path)):
            commands[f"renew {prefix} {label}"] = draft + [
                "renew", str(src), "--year", str(year), "-o", str(WORK / f"renew-{prefix}-{label}.docx"), "--force"]
    medians = compare(commands, WORK, args.rounds)
    print_ratios(medians, "draft plan", "draft renew", 2)


if __name__ == "__main__":
    main()
