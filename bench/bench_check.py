"""``draft check`` of each seed document against ``draft plan``, both as whole processes.

Usage: python bench/bench_check.py [--rounds N]
Prints the medians and the ratios (target: ≤ 1.5). Needs ../shared/seeds beside the repo.
``draft check`` exits with 1 when it finds errors, as it does on most seeds: that counts as success here.
"""

from __future__ import annotations

from common import seeds_against_plan

if __name__ == "__main__":
    seeds_against_plan("check", [], ok=(0, 1))
