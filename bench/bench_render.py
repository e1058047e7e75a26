"""Time drafting.render.render() against a bare docxtpl render of the same template and context.

    python bench/bench_render.py [ROUNDS]

Prints the median time of each in one process (imports excluded) and of each as a
whole fresh process (imports included), which is what the user waits for.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafting.model import Item, Outline, Section
from drafting.render import context_for, render
from drafting.resources import template_path


def sample_plan() -> Outline:
    """A plan of realistic size: six sections, twenty items, a long preamble."""
    body = "坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，健全“第一议题”制度。" * 3
    sections, number = [], 0
    for s in range(1, 7):
        items = []
        for _ in range(4 if s <= 2 else 3):
            number += 1
            items.append(Item(body, f"加强第{number}项工作", number))
        sections.append(Section(s, f"第{s}方面的工作，着力提高质量", tuple(items)))
    return Outline(
        genre="plan",
        title="2026年市发展改革委机关党的建设工作要点",
        sections=tuple(sections),
        preamble=("2026年是“十五五”开局之年。" + body,),
        signature="中共市发展改革委机关委员会",
        date=dt.date(2026, 1, 8),
    )


BARE = """
import sys
from docxtpl import DocxTemplate
import pickle
tpl = DocxTemplate(sys.argv[1]); tpl.render(pickle.load(open(sys.argv[2], 'rb')), autoescape=True)
tpl.save(sys.argv[3])
"""
OURS = """
import sys, pickle
from drafting.render import render
render(pickle.load(open(sys.argv[1], 'rb')), sys.argv[2], force=True)
"""


def median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import pickle

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    outline = sample_plan()
    context = context_for(outline)
    template = str(template_path("plan"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def bare() -> None:
            tpl = DocxTemplate(template)
            tpl.render(context, autoescape=True)
            tpl.save(str(folder / "bare.docx"))

        def ours() -> None:
            render(outline, folder / "ours.docx", force=True)

        bare(), ours()  # warm caches
        t_bare, t_ours = median(bare, rounds), median(ours, rounds)
        print(f"in process:   bare docxtpl {t_bare * 1000:.1f} ms   render() {t_ours * 1000:.1f} ms   ratio {t_ours / t_bare:.2f}")

        (folder / "outline.pkl").write_bytes(pickle.dumps(outline))
        (folder / "context.pkl").write_bytes(pickle.dumps(context))
        run_bare = [sys.executable, "-c", BARE, template, str(folder / "context.pkl"), str(folder / "b.docx")]
        run_ours = [sys.executable, "-c", OURS, str(folder / "outline.pkl"), str(folder / "o.docx")]
        p_rounds = max(3, rounds // 4)
        p_bare = median(lambda: subprocess.run(run_bare, check=True), p_rounds)
        p_ours = median(lambda: subprocess.run(run_ours, check=True), p_rounds)
        print(f"whole process: bare docxtpl {p_bare * 1000:.0f} ms   render() {p_ours * 1000:.0f} ms   ratio {p_ours / p_bare:.2f}")


if __name__ == "__main__":
    main()
