"""``draft speech --minutes 20`` and ``--plan`` as whole processes against a plain ``draft speech``.

Usage: python bench/bench_speech.py [--rounds N]
Prints the medians and the ratios (target for --minutes: ≤ 1.25; --plan reads and
parses a plan as well, and may cost more; it is reported, not held to a target).
"""

from __future__ import annotations

import argparse

from common import WORK, compare, draft_command, plan_command, run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    plan = WORK / "speech-plan.docx"
    run(plan_command(plan), WORK)
    speech = draft_command() + ["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市发展改革委",
                                "--speaker", "张三", "--force", "-o"]
    commands = {
        "draft speech": speech + [str(WORK / "speech.docx")],
        "--minutes 20": speech + [str(WORK / "speech-20.docx"), "--minutes", "20"],
        "--plan": speech + [str(WORK / "speech-plan-s.docx"), "--plan", str(plan)],
        "--plan --minutes 20": speech + [str(WORK / "speech-plan-20.docx"), "--plan", str(plan), "--minutes", "20"],
    }
    medians = compare(commands, WORK, args.rounds)
    base = medians["draft speech"]
    for name, t in medians.items():
        print(f"{name:20s} median {t * 1000:7.1f} ms   ratio {t / base:.2f}")
    print(f"ratio --minutes 20 / draft speech: {medians['--minutes 20'] / base:.2f} (target ≤ 1.25)")


if __name__ == "__main__":
    main()
