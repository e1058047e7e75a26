"""Shared timing helpers for the bench scripts: whole processes, interleaved, medians.

These machines are shared and noisy, so absolute times mean little: every script
measures its baseline in the same run, alternating the two commands, and prints
the ratio of the medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"


def draft_command() -> list[str]:
    """``draft`` from this checkout (not whatever version is installed), byte-compiled.

    ``pip install`` byte-compiles the package, so users never pay for compiling
    the sources; a checkout run with PYTHONDONTWRITEBYTECODE set would, on every run.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "drafting"), quiet=1)
    return [sys.executable, "-m", "drafting"]  # the same entry point as the draft script


def run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    """Run ``cmd`` once and return its wall time; fail loudly if its exit code is not in ``ok``."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr}")
    return elapsed


def compare(named: dict[str, list[str]], cwd: Path, rounds: int, before=None,
            ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Median wall time of each command over ``rounds`` interleaved runs (after one warm-up).

    ``ok`` are the exit codes that count as success (``draft check`` exits 1 on errors found).
    """
    times: dict[str, list[float]] = {name: [] for name in named}
    for r in range(rounds + 1):
        for name, cmd in named.items():
            if before:
                before(name)
            t = run(cmd, cwd, ok)
            if r:  # the first round warms the disk cache and byte-code
                times[name].append(t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def plan_command(out: Path) -> list[str]:
    """``draft plan`` on the bundled library: the baseline the other commands are measured against."""
    return draft_command() + ["plan", "--year", "2026", "--org", "市发展改革委", "-o", str(out), "--force"]


def print_ratios(medians: dict[str, float], base_name: str, what: str, target: float) -> float:
    """Print each median and its ratio to ``base_name``'s; returns the worst ratio."""
    base = medians[base_name]
    width = max(len(name) for name in medians)
    for name, t in medians.items():
        print(f"{name:{width}s} median {t * 1000:7.1f} ms   ratio {t / base:.2f}")
    worst = max(t for name, t in medians.items() if name != base_name) / base
    print(f"worst ratio {what} / {base_name}: {worst:.2f} (target ≤ {target:g})")
    return worst


SEEDS = ROOT.parent / "shared" / "seeds"


def seeds_against_plan(command: str, extra: list[str], ok: tuple[int, ...] = (0,)) -> None:
    """Time ``draft <command> SEED <extra>`` on each seed document against ``draft plan``.

    Parses ``--rounds`` from the command line, prints each median and ratio and the
    worst ratio (target ≤ 1.5). Needs ../shared/seeds beside the repo.
    """
    import argparse

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
        commands[f"{command} {seed.name[:3]}"] = draft + [command, str(seed), *extra]
    medians = compare(commands, WORK, args.rounds, ok=ok)
    print_ratios(medians, "draft plan", f"draft {command}", 1.5)
