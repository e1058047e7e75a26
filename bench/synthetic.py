"""A synthetic snippet repository as a city's 机关工委 might keep: thousands of snippets.

Built from the bundled library so the text reads like the real thing: each snippet
recombines clauses of its category's bundled snippets, with terms varied
(党支部 → 党小组, 每季度 → 每半年 …), unit-specific phrases and figures, so most
snippets are distinct but share much of their wording — what makes near-duplicate
detection and search do real work. About one in twenty is a lightly edited copy of
an earlier one (a near-duplicate to be found). Files are grouped the way offices
contribute them: one folder per group of units, one file per unit.

Usage: python bench/synthetic.py DIR [COUNT]   (default 5000; DIR must not exist)
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Terms swapped for others of the same sort, to vary the recombined clauses.
VARIANTS = [
    ("党支部", ["党小组", "基层党组织", "支部", "党总支"]),
    ("机关党委", ["机关党组织", "党委办公室", "机关党总支"]),
    ("每季度", ["每半年", "每月", "每两个月", "每年"]),
    ("每年", ["每半年", "每季度", "年内"]),
    ("党员干部", ["党员", "干部职工", "全体党员", "青年党员"]),
    ("推动", ["促进", "推进", "带动"]),
    ("加强", ["强化", "抓好", "做实"]),
    ("深入", ["扎实", "持续", "认真"]),
    ("开展", ["组织", "举办", "推行"]),
    ("机制", ["制度", "办法", "工作机制"]),
    ("落实", ["执行", "贯彻", "抓实"]),
    ("学习", ["研学", "学习研讨", "集中学习"]),
]
PREFIXES = ["结合{{ org_short }}实际，", "围绕中心工作，", "坚持问题导向，", "聚焦主责主业，", "", "", "", ""]
FIGURES = [
    "全年开展不少于{n}次专题活动",
    "每名党员每年参加集中培训不少于{n}学时",
    "建立{n}个党员示范岗",
    "形成{n}项制度成果",
    "按季度通报{n}项重点任务进展",
    "覆盖率达到百分之{n}十以上",
]
#: What units work on, for headings of their own.
AREAS = ["财政", "税务", "交通", "教育", "卫生健康", "生态环境", "住房城乡建设", "商务", "审计", "统计",
         "农业农村", "水务", "文化旅游", "市场监管", "应急管理", "医疗保障", "人力社保", "自然资源"]
UNITS_PER_FOLDER = 10
SNIPPETS_PER_UNIT = 50


def _clauses(text: str) -> list[str]:
    """The clauses of a snippet source (between ，；。：), without control tags (which could not be split)."""
    if "{%" in text:
        return []
    return [c.strip() for c in re.split(r"[，；。：！？]", text.replace("\n", "")) if len(c.strip()) >= 4]


def _sentence(rng: random.Random, clauses: list[str]) -> str:
    return "，".join(_vary(rng, c, 1) for c in rng.sample(clauses, rng.randint(2, 4))) + "。"


def _vary(rng: random.Random, text: str, times: int) -> str:
    for term, options in rng.sample(VARIANTS, times):
        if term in text:
            text = text.replace(term, rng.choice(options), 1)
    return text


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _entry(s: dict) -> str:
    lines = [f"  - id: {s['id']}", f"    kind: {s['kind']}", f"    category: {s['category']}",
             f"    genre: {s['genre']}"]
    if s.get("lead"):
        lines.append(f"    lead: {_quote(s['lead'])}")
    lines += ["    body: >-", f"      {s['body']}"]
    if s.get("points"):
        lines.append("    points:")
        lines += [f"      - {_quote(p)}" for p in s["points"]]
    if s.get("tags"):
        lines.append(f"    tags: [{', '.join(s['tags'])}]")
    for key in ("since", "until"):
        if s.get(key):
            lines.append(f"    {key}: {s[key]}")
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int = 5000, seed: int = 20260101) -> Path:
    """Write a library of ``count`` snippets into the new folder ``folder``."""
    sys.path.insert(0, str(ROOT))
    from drafting.library import load_library

    lib = load_library()
    rng = random.Random(seed)
    pools: dict[str, dict[str, list]] = {}
    for s in lib.snippets.values():
        if s.kind not in ("item", "heading"):
            continue
        pool = pools.setdefault(s.category, {"clauses": [], "leads": [], "headings": [], "tags": []})
        if s.kind == "heading":
            pool["headings"] += s.body.split("，")
        else:
            pool["clauses"] += _clauses(s.body) + [c for p in s.points for c in _clauses(p)]
            if s.lead and "{%" not in s.lead:
                pool["leads"].append(s.lead)
        pool["tags"] += list(s.tags)
    categories = [c for c, p in pools.items() if p["clauses"] and p["leads"] and p["headings"]]
    made: dict[str, list[dict]] = {c: [] for c in categories}
    folder.mkdir(parents=True)
    units = (count + SNIPPETS_PER_UNIT - 1) // SNIPPETS_PER_UNIT
    n = 0
    for unit in range(units):
        entries = []
        for k in range(min(SNIPPETS_PER_UNIT, count - n)):
            n += 1
            category = rng.choice(categories)
            pool = pools[category]
            sid = f"u{unit:04d}-{k:02d}"
            earlier = made[category]
            if earlier and rng.random() < 0.04:  # a colleague's snippet, lightly edited
                s = dict(rng.choice(earlier), id=sid)
                s["body"] = _vary(rng, s["body"], 3).replace("。", "，" + rng.choice(AREAS) + "工作同步推进。", 1)
            elif rng.random() < 0.04:
                first, second = rng.sample(pool["headings"], 2)
                s = {"id": sid, "kind": "heading", "category": category, "genre": rng.choice(["plan", "speech"]),
                     "body": f"{_vary(rng, first, 2)}，服务{rng.choice(AREAS)}{second}"}
            else:
                genre = rng.choices(["plan", "speech", "both"], [45, 35, 20])[0]
                figure = rng.choice(FIGURES).format(n=rng.choice("二三四五六七八九"))
                body = rng.choice(PREFIXES) + "".join(_sentence(rng, pool["clauses"]) for _ in range(rng.randint(2, 3)))
                body = body.rstrip("。") + "，" + figure + "。"
                s = {"id": sid, "kind": "item", "category": category, "genre": genre, "body": body,
                     "tags": rng.sample(pool["tags"], min(len(pool["tags"]), rng.randint(1, 3)))}
                if genre != "speech" or rng.random() < 0.5:
                    s["lead"] = _vary(rng, rng.choice(pool["leads"]), 1)
                if rng.random() < 0.15:
                    s["points"] = [_sentence(rng, pool["clauses"]) for _ in range(2)]
                r = rng.random()
                if r < 0.2:
                    s["since"] = rng.randint(2016, 2024)
                elif r < 0.3:
                    s["since"], s["until"] = rng.randint(2012, 2020), rng.randint(2025, 2030)
            if s["kind"] == "item":
                earlier.append(s)
            entries.append(s)
        sub = folder / f"第{unit // UNITS_PER_FOLDER + 1:02d}组"
        sub.mkdir(exist_ok=True)
        text = f"# 单位 {unit + 1} 提交的素材\nsnippets:\n" + "\n".join(_entry(s) for s in entries)
        (sub / f"单位{unit + 1:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if target.exists():
        raise SystemExit(f"{target} exists")
    generate(target, int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
    print(f"wrote {target}")
