"""``draft serve`` against ``draft plan``, both as the user meets them.

Usage: python bench/bench_serve.py [--rounds N]

* start-up: from starting ``draft serve`` to its first answered page (the 起草 page),
  against ``draft plan`` as a whole process (target: ≤ 2);
* generating a plan in the page: the 生成 request of the 起草 form, answered with
  the result page, on a running server, against ``draft plan`` as a whole
  process (target: ≤ 1.5);
* ``draft plan`` itself does not load the web stack: the modules it imports are listed
  and any of flask, werkzeug, waitress among them is reported.

Interleaved rounds, medians, as the other bench scripts (``common``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from common import ROOT, WORK, draft_command, plan_command, run

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read().decode("utf-8", "replace")


def _post(port: int, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
    body = urllib.parse.urlencode(fields).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                   "Origin": f"http://127.0.0.1:{port}"})
    resp = conn.getresponse()
    return resp.status, resp.read().decode("utf-8", "replace")


class Served:
    """A ``draft serve`` process on a free port."""

    def __init__(self, folder: Path) -> None:
        self.proc = subprocess.Popen(draft_command() + ["serve", "--port", "0", "--folder", str(folder),
                                                        "--no-browser"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
        line = self.proc.stdout.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not m:
            raise SystemExit(f"draft serve did not start: {line}{self.proc.stdout.read()}")
        self.port = int(m[1])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def startup(folder: Path) -> float:
    """Seconds from starting ``draft serve`` to its first page answered."""
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    served = Served(folder)
    try:
        while True:
            try:
                status, _ = _get(served.port, "/draft")
                break
            except ConnectionError:
                time.sleep(0.005)
        elapsed = time.perf_counter() - start
        if status != 200:
            raise SystemExit(f"the 起草 page answered {status}")
        return elapsed
    finally:
        served.stop()


def plan_form(page: str) -> list[tuple[str, str]]:
    """The 起草 form's fields as the page sends them, with org and year filled in."""
    fields = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'\btype="([^"]+)"', tag) or [None, "text"])[1]
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if kind in ("checkbox", "radio") and "checked" not in tag:
            continue
        if kind in ("submit", "button", "file"):
            continue
        fields.append((name[1], value[1] if value else ""))
    filled = {"org": "市发展改革委", "year": "2026"}
    out = [(k, filled.get(k, v)) for k, v in fields]
    for k, v in filled.items():
        if k not in dict(out):
            out.append((k, v))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    plan = plan_command(WORK / "plan.docx")

    starts, plans = [], []
    for r in range(args.rounds + 1):
        t_serve = startup(WORK / "serve-start")
        t_plan = run(plan, WORK)
        if r:
            starts.append(t_serve)
            plans.append(t_plan)
    base = statistics.median(plans)
    print(f"draft plan          median {base * 1000:7.1f} ms")
    print(f"draft serve ready   median {statistics.median(starts) * 1000:7.1f} ms   "
          f"ratio {statistics.median(starts) / base:.2f} (target ≤ 2)")

    folder = WORK / "serve-generate"
    shutil.rmtree(folder, ignore_errors=True)
    served = Served(folder)
    try:
        status, page = _get(served.port, "/draft")
        fields = plan_form(page)
        gens, plans = [], []
        for r in range(args.rounds + 1):
            start = time.perf_counter()
            status, result = _post(served.port, "/draft", fields)
            t_gen = time.perf_counter() - start
            if status != 200 or ".docx" not in result:
                raise SystemExit(f"generating in the page failed ({status}):\n{result[:2000]}")
            t_plan = run(plan, WORK)
            if r:
                gens.append(t_gen)
                plans.append(t_plan)
    finally:
        served.stop()
    base = statistics.median(plans)
    print(f"draft plan          median {base * 1000:7.1f} ms")
    print(f"生成 in the page     median {statistics.median(gens) * 1000:7.1f} ms   "
          f"ratio {statistics.median(gens) / base:.2f} (target ≤ 1.5)")

    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "drafting", "plan", "--year", "2026", "--org",
                            "市发展改革委", "-o", str(WORK / "probe.docx"), "--force"], cwd=WORK, env=ENV,
                           capture_output=True, text=True)
    web = sorted({m for m in re.findall(r"\|\s+(\S+)$", probe.stderr, re.M)
                  if m.split(".")[0] in ("flask", "werkzeug", "waitress")})
    print("draft plan imports no web module" if not web else f"draft plan imports {', '.join(web)}")


if __name__ == "__main__":
    main()
