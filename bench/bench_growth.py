"""Cost that grows with the input: each job timed from 1× to 8× its input, with the fitted exponent.

Usage: python bench/bench_growth.py [--only fix-one fix-many ingest search] [--scale 1.0]

Each case is run in this process (after one small run to load what it needs) on a
synthetic input at 1, 2, 4 and 8 times its base size; the exponent is the slope
of log(time) over log(size) fitted by least squares: about 1.0 is linear, 2.0
quadratic. The cases (issue #14, part 6):

* fix-one: ``check --fix --annotate`` on one paragraph with N half-width commas
  (base 1,000): every comma a tracked change, every spot a comment;
* fix-many: the same on N paragraphs of one comma each (base 1,000);
* ingest: ``draft ingest`` of a plan whose one section has N items (base 250),
  the worst case for reading each item with its siblings;
* search: ``snippets search`` in a library with one snippet of N characters
  (base 250,000), which is indexed by its first ``search.MAX_INDEXED`` characters
  (the index is rebuilt for each size; the slope is then about 0).

Synthetic texts only (no document of ../shared), written to a temporary folder.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACTORS = (1, 2, 4, 8)
WORDS = ("加强 党建 工作 落实 责任 推进 学习 教育 组织 建设 队伍 纪律 作风 制度 监督 群众 服务 发展 "
         "改革 创新 调查 研究 基层 减负 担当 作为 政治 理论 武装 思想 阵地 管理 廉洁 风险 排查").split()
NUMERALS = "一二三四五六七八九"


def _words(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(count))


def fix_one(folder: Path, n: int) -> float:
    from drafting import jobs

    src = folder / f"one-{n}.txt"
    src.write_text("关于某某工作的安排\n" + "推进工作,落实责任" * n + "。\n", encoding="utf-8")
    start = time.perf_counter()
    checked = jobs.check_file(src, annotate=True, fix=True, output=folder / f"one-{n}.docx", force=True)
    elapsed = time.perf_counter() - start
    assert checked.fixed == n, checked.fixed
    return elapsed


def fix_many(folder: Path, n: int) -> float:
    from drafting import jobs

    src = folder / f"many-{n}.txt"
    src.write_text("关于某某工作的安排\n" + "".join(f"第{i}项推进工作,落实责任。\n" for i in range(n)), encoding="utf-8")
    start = time.perf_counter()
    checked = jobs.check_file(src, annotate=True, fix=True, output=folder / f"many-{n}.docx", force=True)
    elapsed = time.perf_counter() - start
    assert checked.fixed == n, checked.fixed
    return elapsed


def ingest(folder: Path, n: int) -> float:
    from drafting import jobs

    rng = random.Random(n)
    lines = ["某某机关2024年党建工作要点", "一、加强党的建设"]
    lines += [f"{k}.{_words(rng, 4)}。{_words(rng, 40)}。" for k in range(1, n + 1)]
    src = folder / f"plan-{n}.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    jobs.ingest((src,), into=folder / f"lib-{n}")
    return time.perf_counter() - start


def search(folder: Path, n: int) -> float:
    from drafting import jobs

    rng = random.Random(n)
    parts, size = [], 0
    while size < n:
        part = _words(rng, 12) + "，"
        parts.append(part)
        size += len(part)
    lib = folder / f"search-{n}"
    lib.mkdir()
    (lib / "大.yaml").write_text(
        "snippets:\n  - id: big-1\n    kind: item\n    category: 作风建设\n    genre: plan\n"
        f"    lead: 加强作风建设\n    body: {''.join(parts)}三会一课。\n", encoding="utf-8")
    start = time.perf_counter()
    found = jobs.search("三会一课", (lib,))
    elapsed = time.perf_counter() - start
    assert found.hits
    return elapsed


CASES = {
    "fix-one": (fix_one, 1000, "逗号"),
    "fix-many": (fix_many, 1000, "段"),
    "ingest": (ingest, 250, "条"),
    "search": (search, 250_000, "字"),
}


def slope(sizes: list[int], times: list[float]) -> float:
    """The least-squares slope of log(time) over log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DRAFT_CACHE_DIR", str(Path(tmp) / "cache"))  # a search index of its own
        for name in args.only:
            job, base, unit = CASES[name]
            base = max(1, int(base * args.scale))
            folder = Path(tmp) / name
            folder.mkdir()
            warm = folder / "warm"
            warm.mkdir()
            job(warm, max(2, base // 50))  # load the library, jieba, the templates
            sizes = [base * f for f in FACTORS]
            times = [job(folder, n) for n in sizes]
            cells = "  ".join(f"{n:>9,}{unit} {t:6.2f} s" for n, t in zip(sizes, times))
            print(f"{name:9s} {cells}  exponent {slope(sizes, times):.2f}", flush=True)


if __name__ == "__main__":
    main()
