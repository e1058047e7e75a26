"""The snippet repository tools at a city's scale: 5,000 snippets, and a 50,000-snippet stress check.

Usage: python bench/bench_scale.py [--rounds N] [--count 5000] [--huge 50000 | --huge 0]

1. A synthetic library of ``--count`` snippets (``synthetic.py``) in a temporary
   folder. Whole processes, interleaved, medians, each as a ratio to ``draft plan``
   on the bundled library measured in the same run:
   ``draft snippets search 三会一课 --library BIG`` (target ≤ 1.5),
   ``draft plan --library BIG`` (target ≤ 1.5), ``draft snippets lint BIG``
   (target ≤ 10). The caches are warm after the first round, as they are for a
   user; the cold cases — the first lint of a fresh CI checkout, the first search
   after a change — are measured once and printed for the record.
   Peak memory (maximum resident set) of each command, target < 200 MiB.
2. A library of ``--huge`` snippets: lint and plan still finish (times and
   ratios printed); then one snippet in the middle of it is broken, and lint must
   stop with the file and line and ``draft plan`` with the same message, exit
   code 2 and no traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, WORK, compare, draft_command
from synthetic import generate

MAXRSS = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
          "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


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


def scale(draft: list[str], big: Path, rounds: int, plan: list[str]) -> None:
    commands = {
        "draft plan": draft + plan,
        "search BIG": draft + ["snippets", "search", "三会一课", "--library", str(big)],
        "plan BIG": draft + plan + ["--library", str(big)],
        "lint BIG": draft + ["snippets", "lint", str(big)],
    }
    medians = compare(commands, WORK, rounds, ok=(0, 1))  # lint exits 1: the library has near-duplicates
    base = medians["draft plan"]
    targets = {"search BIG": 1.5, "plan BIG": 1.5, "lint BIG": 10}
    print(f"{'':12s} {'median':>10s} {'ratio':>7s} {'target':>7s} {'peak MiB':>9s}")
    for name, t in medians.items():
        target = f"≤ {targets[name]:g}" if name in targets else ""
        print(f"{name:12s} {t * 1000:8.0f} ms {t / base:7.2f} {target:>7s} {peak_mib(commands[name]):9.1f}")
    # Cold: no parse cache at all (a fresh CI checkout), and a search index rebuilt after a change.
    cold_lint, _ = once(commands["lint BIG"], {"DRAFT_CACHE_DIR": "off"})
    print(f"lint BIG without any cache (first CI run): {cold_lint / base:.2f} × draft plan, "
          f"peak {peak_mib(commands['lint BIG'], {'DRAFT_CACHE_DIR': 'off'}):.1f} MiB")
    touched = next(big.rglob("*.yaml"))
    touched.write_text(touched.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rebuild, _ = once(commands["search BIG"])
    print(f"search BIG right after a file changed (index rebuilt, one file re-cut): {rebuild / base:.2f} × draft plan")


def huge(draft: list[str], folder: Path, count: int, plan: list[str]) -> None:
    start = time.perf_counter()
    generate(folder, count)
    print(f"\n{count} snippets generated in {time.perf_counter() - start:.1f} s")
    base = min(once(draft + plan)[0] for _ in range(3))
    for name, cmd, ok in (("lint", draft + ["snippets", "lint", str(folder)], (0, 1)),
                          ("plan", draft + plan + ["--library", str(folder)], (0,))):
        # Without any cache (a fresh checkout), then with the parse cache the first run left.
        for label, env in (("no cache", {"DRAFT_CACHE_DIR": "off"}), (None, None), ("cached", None)):
            t, proc = once(cmd, env)
            if proc.returncode not in ok:
                raise SystemExit(f"{name} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
            if label:
                print(f"{name} HUGE ({label}): {t:.1f} s, {t / base:.1f} × draft plan")
        print(f"{name} HUGE peak memory: {peak_mib(cmd):.0f} MiB")
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
        print(f"synthetic library: {args.count} snippets in {len(list(big.rglob('*.yaml')))} files")
        scale(draft, big, args.rounds, plan)
        if args.huge:
            huge(draft, Path(tmp) / "huge", args.huge, plan)


if __name__ == "__main__":
    main()
