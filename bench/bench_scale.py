"""The snippet repository tools at a city's scale: 5,000 snippets, and a 50,000-snippet stress check.

Usage: python bench/bench_scale.py [--rounds N] [--count 5000] [--huge 50000 | --huge 0]

1. A synthetic library of ``--count`` snippets (``synthetic.py``) in a temporary
   folder, made a git checkout (one commit). Whole processes, interleaved,
   medians, each as a ratio to ``draft plan`` on the bundled library measured in
   the same run, and the peak memory (maximum resident set) of each, target
   < 200 MiB:
   ``draft snippets search 三会一课 --library BIG`` (target ≤ 1.5),
   ``draft plan --library BIG`` (target ≤ 1.5),
   ``draft snippets lint BIG`` cold: its cache folder (``DRAFT_CACHE_DIR``)
   emptied before each round, as in a fresh CI checkout (target ≤ 10),
   warm: one snippet's text changed before each round, the rest cached as a
   pre-commit hook finds it (target ≤ 2),
   ``draft snippets lint BIG --changed`` with that one file changed against git
   HEAD (its text changed again before each round; target ≤ 1.5).
   PASS or FAIL is printed against each target.
2. A library of ``--huge`` snippets: lint (cold) and plan still finish; the cold
   lint's growth from ``--count`` to ``--huge`` snippets is given as an exponent,
   log(t_huge/t_count)/log(huge/count), which must be near 1 (linear). Then one
   snippet in the middle of it is broken, and lint must stop with the file and
   line and ``draft plan`` with the same message, exit code 2 and no traceback.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, WORK, draft_command
from synthetic import generate

MAXRSS = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
          "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


#: Peak memory every command must stay under.
PEAK_MIB = 200


def peak_mib(cmd: list[str], env: dict | None = None) -> float:
    """The peak resident memory of ``cmd`` in MiB (ru_maxrss of a child is in KiB on Linux)."""
    out = subprocess.run([sys.executable, "-c", MAXRSS, *cmd], capture_output=True, text=True, cwd=WORK,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, check=True).stdout
    return int(out.strip()) / 1024


def once(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``cmd`` once: wall time and the finished process."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=WORK,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    return time.perf_counter() - start, proc


def _fresh(folder: Path) -> None:
    """Empty a cache folder (the cold lint's)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


class Editor:
    """Changes the text of one snippet of the library, differently each time (a user editing it)."""

    def __init__(self, big: Path) -> None:
        self.path = sorted(big.rglob("*.yaml"))[len(list(big.rglob("*.yaml"))) // 2]
        self.original = self.path.read_text(encoding="utf-8")
        self.count = 0

    def touch(self) -> None:
        self.count += 1
        lines = self.original.splitlines()
        n = next(i for i, line in enumerate(lines) if line.strip() == "body: >-") + 1
        lines[n] = lines[n].rstrip("。") + f"，第{self.count}次修改后的要求同步落实。"
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def scale(draft: list[str], big: Path, edited: Path, rounds: int, plan: list[str], cold_cache: Path) -> float:
    """The ratios to ``draft plan`` and peak memory of each command; returns the median cold lint (s).

    The warm lints edit a copy of the library (``edited``), so that search and plan
    find theirs as a user does between changes, with their caches warm.
    """
    editor = Editor(edited)
    lint = draft + ["snippets", "lint", str(big)]
    lint_edited = draft + ["snippets", "lint", str(edited)]
    # name: (command, environment, what to do before it, exit codes that count as success)
    commands = {
        "draft plan": (draft + plan, None, None, (0,)),
        "search BIG": (draft + ["snippets", "search", "三会一课", "--library", str(big)], None, None, (0,)),
        "plan BIG": (draft + plan + ["--library", str(big)], None, None, (0,)),
        # lint exits 1: the library has near-duplicates
        "lint cold": (lint, {"DRAFT_CACHE_DIR": str(cold_cache)}, lambda: _fresh(cold_cache), (0, 1)),
        "lint warm 1 file": (lint_edited, None, editor.touch, (0, 1)),
        "lint --changed": (lint_edited + ["--changed"], None, editor.touch, (0, 1)),
    }
    targets = {"search BIG": 1.5, "plan BIG": 1.5, "lint cold": 10, "lint warm 1 file": 2, "lint --changed": 1.5}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for r in range(rounds + 1):
        for name, (cmd, env, before, ok) in commands.items():
            if before:
                before()
            t, proc = once(cmd, env)
            if proc.returncode not in ok:
                raise SystemExit(f"{name} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
            if r:  # the first round warms the disk cache, byte-code and the caches
                times[name].append(t)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["draft plan"]
    failed = []
    print(f"{'':17s} {'median':>10s} {'ratio':>7s} {'target':>7s} {'':5s} {'peak MiB':>9s}")
    for name, t in medians.items():
        cmd, env, before, _ = commands[name]
        if before:
            before()
        peak = peak_mib(cmd, env)
        verdict = ""
        if name in targets:
            verdict = "PASS" if t / base <= targets[name] and peak < PEAK_MIB else "FAIL"
            if verdict == "FAIL":
                failed.append(name)
        target = f"≤ {targets[name]:g}" if name in targets else ""
        print(f"{name:17s} {t * 1000:8.0f} ms {t / base:7.2f} {target:>7s} {verdict:5s} {peak:9.1f}")
    print(f"targets: ratios as shown, peak memory < {PEAK_MIB} MiB: "
          + ("all PASS" if not failed else "FAIL: " + ", ".join(failed)))
    editor.path.write_text(editor.original, encoding="utf-8")
    return medians["lint cold"]


def timed_peak(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Run ``cmd`` once: wall time, peak memory in MiB and exit code."""
    code = MAXRSS.replace("subprocess.run(", "import time; t = time.perf_counter(); p = subprocess.run(")
    code = code.replace("; print(", "; print(time.perf_counter() - t, p.returncode, ")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, cwd=WORK,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, check=True).stdout.split()
    return float(out[0]), int(out[2]) / 1024, int(out[1])


def huge(draft: list[str], folder: Path, count: int, plan: list[str], cold_cache: Path,
         small: int, small_cold: float) -> None:
    start = time.perf_counter()
    generate(folder, count)
    print(f"\n{count} snippets generated in {time.perf_counter() - start:.1f} s")
    base = min(once(draft + plan)[0] for _ in range(3))
    lint = draft + ["snippets", "lint", str(folder)]
    _fresh(cold_cache)
    t, peak, code = timed_peak(lint, {"DRAFT_CACHE_DIR": str(cold_cache)})
    if code not in (0, 1):
        raise SystemExit(f"lint HUGE failed ({code})")
    exponent = math.log(t / small_cold) / math.log(count / small)
    print(f"lint HUGE cold: {t:.1f} s, {t / base:.1f} × draft plan, peak {peak:.0f} MiB")
    print(f"cold lint growth from {small} to {count} snippets: {small_cold:.2f} s → {t:.1f} s, "
          f"exponent {exponent:.2f} (near 1: linear) {'PASS' if exponent <= 1.2 else 'FAIL'}")
    for label, env in (("no cache", {"DRAFT_CACHE_DIR": "off"}), (None, None), ("cached", None)):
        t, proc = once(draft + plan + ["--library", str(folder)], env)
        if proc.returncode != 0:
            raise SystemExit(f"plan failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        if label:
            print(f"plan HUGE ({label}): {t:.1f} s, {t / base:.1f} × draft plan")
    print(f"plan HUGE peak memory: {peak_mib(draft + plan + ['--library', str(folder)]):.0f} MiB")
    # Break one snippet in the middle of the library.
    files = sorted(folder.rglob("*.yaml"))
    broken = files[len(files) // 2]
    lines = broken.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "genre: plan")
    lines[n] = lines[n].replace("genre: plan", "genre: plam")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, lint = once(draft + ["snippets", "lint", str(folder)])
    _, drafting = once(draft + plan + ["--library", str(folder)])
    expected = f"文件 {broken}，第 {n + 1} 行"
    lint_lines = [line for line in lint.stdout.splitlines() if expected in line]
    plan_lines = [line for line in drafting.stderr.splitlines() if expected in line]
    print(f"broken snippet at {broken.name}:{n + 1}")
    print(f"  lint: exit {lint.returncode}: {lint_lines[0] if lint_lines else '(not reported)'}")
    print(f"  plan: exit {drafting.returncode}: {plan_lines[0] if plan_lines else '(not reported)'}")
    same = bool(lint_lines) and lint_lines[0] in plan_lines
    traceback = "Traceback" in lint.stderr + drafting.stderr
    ok = lint.returncode == 1 and drafting.returncode == 2 and same and not traceback
    print(f"  same message, file and line, no traceback: {'yes' if ok else 'NO'}")
    if not ok:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--huge", type=int, default=50000, help="0 to skip")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    draft = draft_command()
    plan = ["plan", "--year", "2026", "--org", "市发展改革委", "-o", str(WORK / "plan.docx"), "--force"]
    with tempfile.TemporaryDirectory(prefix="draft-scale-") as tmp:
        os.environ["DRAFT_CACHE_DIR"] = str(Path(tmp) / "cache")  # a cache of its own, removed afterwards
        big = generate(Path(tmp) / "big", args.count)
        edited = Path(tmp) / "edited"
        shutil.copytree(big, edited)
        git = ["git", "-C", str(edited), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
        for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "synthetic library"]):
            subprocess.run(git + step, check=True, capture_output=True)
        print(f"synthetic library: {args.count} snippets in {len(list(big.rglob('*.yaml')))} files "
              "(and a copy of it, a git checkout, for the lints that edit it)")
        cold = scale(draft, big, edited, args.rounds, plan, Path(tmp) / "cold-cache")
        if args.huge:
            huge(draft, Path(tmp) / "huge", args.huge, plan, Path(tmp) / "cold-cache", args.count, cold)


if __name__ == "__main__":
    main()
