"""``draft parse`` of each seed document against ``draft plan``, both as whole processes.

Usage: python bench/bench_parse.py [--rounds N]
Prints the medians and the ratio (target: ≤ 1.5). Needs ../shared/seeds beside the repo.
"""

from __future__ import annotations

from common import seeds_against_plan

if __name__ == "__main__":
    seeds_against_plan("parse", ["--json"])
