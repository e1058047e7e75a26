"""What the commands print about a result: a draft, a parsed outline, findings, a harvest, a renewal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..model import GENRE_NAMES, PLAN, SPEECH
from ..numerals import item_marker, section_label

if TYPE_CHECKING:
    from .. import jobs
    from ..parse import Parsed



def _quoted(text: str) -> str:
    """``text`` in “”, or after a colon when it holds quotation marks of its own (改为：“四个意识”)."""
    return f"：{text}" if any(q in text for q in "“”\"‘’") else f"“{text}”"

def _report(result: jobs.Result) -> None:
    outline = result.outline
    count = len(outline.items())
    unit = "条" if outline.genre == PLAN else "段"
    if result.notice_title:
        typer.echo(f"已生成印发通知：{result.path}")
        typer.echo(f"  标题：{result.notice_title}")
        typer.echo(f"  附件：{outline.title}")
    else:
        typer.echo(f"已生成{GENRE_NAMES[outline.genre]}：{result.path}")
        typer.echo(f"  标题：{outline.title}")
    typer.echo(f"  共 {len(outline.sections)} 个部分，{count} {unit}")
    if result.length is not None:
        from ..speech.length import describe

        asked = f"（要求 {result.minutes} 分钟）" if result.minutes else ""
        typer.echo(f"  {describe(result.length, result.rate)}{asked}")
    for note in result.notes:
        typer.echo(f"  提示：{note}", err=True)


#: Where ``draft parse`` read the organisation, when not from the title.
ORG_SOURCES = {"opening": "（据开头一句）", "signature": "（据落款）"}


def _report_parsed(parsed: Parsed, mark: str = "．") -> None:
    """Print a parsed outline; an item's number is followed by ``mark``, the unit's 下脚点."""
    from ..parse import level_marker

    outline = parsed.outline
    plan = outline.genre == PLAN
    typer.echo(f"文种：{GENRE_NAMES[outline.genre]}")
    typer.echo(f"标题：{outline.title or '（没有标题）'}")
    typer.echo(f"年份：{f'{outline.year}年' if outline.year else '（未识别）'}")
    source = ORG_SOURCES.get(parsed.org_source or "", "") if outline.org else ""
    typer.echo(f"单位：{outline.org or '（未识别）'}{source}")
    if outline.speaker:
        typer.echo(f"讲话人：{outline.speaker}")
    if outline.preamble:
        typer.echo(f"{'总体要求' if plan else '开场'}：{len(outline.preamble)} 段")
    for section in outline.sections:
        label = section_label(section.number) if 1 <= section.number <= 99 else ""
        typer.echo(f"{label}{section.heading or '（无标题部分）'}")
        for item in section.items:
            label = item_marker(outline.genre, item.number, mark) if item.number is not None else "· "
            if item.number is not None and not plan:
                label = level_marker(item.level, item.number) or label  # a speech's （一） is no 一是
            typer.echo(f"    {label}{item.lead or _short(item.text)}")
    if outline.closing:
        typer.echo(f"结尾：{_short(outline.closing[0])}")
    if outline.signature:
        typer.echo(f"落款：{outline.signature}")
    count = len(outline.items())
    typer.echo(f"共 {len(outline.sections)} 个部分，{count} {'条' if plan else '段'}")
    if parsed.findings:
        typer.echo(f"发现的问题（{len(parsed.findings)} 处）：")
        for finding in parsed.findings:
            typer.echo(f"  - {finding.message}［{finding.code}］")
    else:
        typer.echo("没有发现问题。")


def _short(text: str, width: int = 24) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "……"


SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def _in_context(text: str, start: int, excerpt: str, width: int = 12) -> str:
    """The excerpt marked with 【】 in its paragraph, with a little text either side."""
    shown = excerpt if len(excerpt) <= 2 * width else excerpt[: 2 * width] + "……"
    before = text[max(0, start - width):start]
    after = text[start + len(excerpt):start + len(excerpt) + width]
    head = "…" if start > width else ""
    tail = "…" if start + len(excerpt) + width < len(text) else ""
    return f"{head}{before}【{shown}】{after}{tail}".replace("\n", " ").replace("\t", " ")


def _where(paragraphs, index: int) -> str:
    """Where a paragraph stands, for a report: 第N段 in the body, else its part (页眉、页脚、脚注 …)."""
    from ..model import PART_NAMES

    part = next((p.part for p in paragraphs if p.index == index), "body")
    return f"第{index + 1}段" if part == "body" else PART_NAMES.get(part, part)


def _report_checked(checked: jobs.Checked) -> None:
    from ..check import CODE_NAMES, REQUIRED, SUGGESTED, kind, kinds, tally

    texts = {p.index: p.text for p in checked.paragraphs}
    sources = {r.id: f"{r.level} {r.source}" for r in checked.rules}
    by_id = {r.id: r for r in checked.rules}
    order = list(SEVERITY_NAMES)
    # errors first, then warnings, then notes; in reading order within each
    findings = sorted(checked.findings, key=lambda f: order.index(f.severity) if f.severity in order else len(order))
    typer.echo(f"检查：{checked.path}")
    for f in findings:
        where = f"{_where(checked.paragraphs, f.paragraph)} " if f.paragraph is not None else ""
        code = f"{f.code} {f.rule}" if f.rule else f.code
        # like GONGWEN, only what a regulation or standard requires is marked: the rest is advice
        required = f"〔{REQUIRED}〕" if kind(f, by_id) == REQUIRED else ""
        typer.echo(f"{where}{SEVERITY_NAMES.get(f.severity, f.severity)}［{code}］{f.message}{required}")
        if f.excerpt and f.paragraph in texts:
            text = texts[f.paragraph]
            start = f.start if f.start is not None else text.find(f.excerpt)
            fix = ""
            if f.suggestion is not None:
                fix = f"  → 改为{_quoted(f.suggestion)}" if f.suggestion else "  → 删去"
            typer.echo(f"    {_in_context(text, start, f.excerpt)}{fix}")
        if f.rule in sources:
            typer.echo(f"    依据：{sources[f.rule]}")
    if not findings:
        typer.echo("没有发现问题。")
        return
    counts = tally(findings)
    total = sum(sum(c.values()) for c in counts.values())
    detail = "，".join(f"{name} {sum(counts[key].values())} 处" for key, name in SEVERITY_NAMES.items()
                      if sum(counts.get(key, {}).values()))
    typer.echo(f"共发现 {total} 处问题：{detail}。")
    by_code = [f"{name} {sum(counts[key].values())} 处："
               + "、".join(f"{CODE_NAMES.get(code, code)} {n}" for code, n in counts[key].most_common())
               for key, name in SEVERITY_NAMES.items() if counts.get(key)]
    typer.echo("其中" + "；".join(by_code) + "。")
    split = kinds(findings, checked.rules)
    typer.echo(f"按依据：“{REQUIRED}”（条例、国标、标准要求的）{split[REQUIRED]} 处，其余 {split[SUGGESTED]} 处为“{SUGGESTED}”。")


def _report_rules(rules) -> None:
    """``draft check --rules``: the rule set as a table, one rule a line."""
    from ..model import BINDING_LEVELS

    if not rules:
        typer.echo("素材库中没有检查规则（rules）。")
        return
    typer.echo("id\t级别\t依据\t出处\t适用年份\t机械修改")
    for r in rules:
        years = f"{r.since or ''}—{r.until or ''}" if r.since or r.until else "不限"
        state = "（已关闭）" if r.off else ""
        typer.echo(f"{r.id}{state}\t{SEVERITY_NAMES.get(r.severity, r.severity)}\t{r.level}\t{r.source}\t{years}\t"
                   f"{'是' if r.mechanical else '否'}")
    binding = sum(1 for r in rules if r.level in BINDING_LEVELS)
    typer.echo(f"共 {len(rules)} 条规则，其中依据条例、国标、标准的“规定” {binding} 条，"
               f"可机械改正（--fix 写成修订）{sum(1 for r in rules if r.mechanical)} 条。")


def _report_harvest(harvest: jobs.Harvest) -> None:
    from collections import Counter

    added_total = dup_total = 0
    for report in harvest.reports:
        facts = "，".join(x for x in (
            GENRE_NAMES[report.genre],
            f"{report.year}年" if report.year else "年份未识别",
            report.org or "",
        ) if x)
        added, dups = report.added, report.duplicates
        added_total += len(added)
        dup_total += len(dups)
        typer.echo(f"{report.source.name}（{facts}）")
        skipped = f"，另有 {report.skipped} 处过短的片段未收录" if report.skipped else ""
        typer.echo(f"  候选 {len(report.candidates)} 条：新增 {len(added)} 条，重复 {len(dups)} 条{skipped}")
        if added:
            counts = Counter(c.category for c in added)
            typer.echo("  类别：" + "、".join(f"{name} {n}" for name, n in counts.items()))
        if report.written:
            typer.echo(f"  已写入：{report.written}")
        for c in added:
            if c.content:
                typer.echo(f"  请核对：{c.where}“{_short(c.lead or c.body, 16)}”按标题归入{c.category}，"
                           f"单看内容更像{c.content}")
        for c in dups:
            typer.echo(f"  重复：{c.where}“{_short(c.lead or c.body, 16)}”与 {c.duplicate_of} 相同或相近"
                       f"（相似度 {c.similarity:.2f}），未收录")
    typer.echo(f"共 {len(harvest.reports)} 个文件，新增 {added_total} 条素材，{dup_total} 条已有未收录。")
    if added_total:
        typer.echo(f"请审核 {harvest.review} 中的新文件：核对类别和文字，删去不要的条目。", err=True)


def _report_renewed(done: jobs.Renewed) -> None:
    from ..renew import CHANGED, COMMENTED, KIND_NAMES, KEPT

    r = done.renewal
    typer.echo(f"已生成{r.target_year}年初稿（修订模式）：{done.path}")
    typer.echo(f"  原文：{done.source.name}（{r.source_year}年）")
    marks = {CHANGED: "修订", COMMENTED: "批注", KEPT: "保留"}
    for e in r.entries:
        what = f"{e.text} → {e.new}" if e.action == CHANGED else e.text
        note = f"：{e.note}" if e.note and e.action != KEPT else ""
        typer.echo(f"  {_where(done.paragraphs, e.paragraph)}\t{KIND_NAMES.get(e.kind, e.kind)}\t{marks[e.action]}\t{what}{note}")
    typer.echo(f"共发现 {len(r.entries)} 处与年份有关的表述：修订 {r.count(CHANGED)} 处，"
               f"批注 {r.count(COMMENTED)} 处，保留 {r.count(KEPT)} 处。")
    c = done.carried
    if c is not None and c.total:
        typer.echo(f"本稿约 {c.percent(c.same):.0f}% 的文字与{r.source_year}年原文相同，"
                   f"{c.percent(c.light):.0f}% 只更新了年份等表述（共 {c.total} 字）；请重点修改沿用的部分。")
    for edit in done.skipped:
        typer.echo(f"  提示：{_where(done.paragraphs, edit.paragraph)}的“{edit.old}”未能写入文档（位于域代码或他人修订中），请手工处理。",
                   err=True)
    for note in done.notes:
        typer.echo(f"  提示：{note}", err=True)
    typer.echo("请在 Word 中打开，用“审阅”选项卡逐条接受或拒绝修订，并处理批注。", err=True)


def _renewed_json(done: jobs.Renewed) -> dict:
    r = done.renewal
    return {
        "source": str(done.source), "output": str(done.path),
        "source_year": r.source_year, "target_year": r.target_year,
        "entries": [{"paragraph": e.paragraph, "kind": e.kind, "text": e.text, "action": e.action,
                     "new": e.new, "note": e.note or None} for e in r.entries],
        "skipped": [{"paragraph": e.paragraph, "text": e.old} for e in done.skipped],
        "notes": list(done.notes),
        **({"carried_over": {"characters": done.carried.total, "unchanged": done.carried.same,
                             "lightly_edited": done.carried.light,
                             "unchanged_percent": round(done.carried.percent(done.carried.same), 1)}}
           if done.carried is not None else {}),
    }


def _genres(genres) -> str:
    return "/".join(GENRE_NAMES[g] for g in (PLAN, SPEECH) if g in genres)


def provenance_lines(prov) -> list[str]:
    """A draft's provenance (``model.Provenance``) in a few lines for the user."""
    what = "，".join(x for x in (f"{prov.tool} 版" if prov.tool else "",
                                 f"{prov.year}年" if prov.year else "",
                                 f"配方“{prov.recipe}”" if prov.recipe else "") if x)
    lines = [f"来源：起草工具生成（{what}）" if what else "来源：起草工具生成"]
    if prov.libraries:
        for commit, folder in prov.libraries:
            lines.append(f"    素材库版本 {commit[:12]}（{folder}）")
    else:
        lines.append("    素材库版本：未记录（素材库不在 git 仓库中，或只用了自带素材库）")
    lines.append(f"    用到 {len(prov.snippets)} 个片段：{'、'.join(prov.snippets[:8])}"
                 f"{' 等' if len(prov.snippets) > 8 else ''}" if prov.snippets else "    用到 0 个片段")
    return lines


def provenance_json(prov) -> dict:
    """A draft's provenance for ``--json``."""
    return {"snippets": list(prov.snippets), "libraries": [{"commit": c, "folder": f} for c, f in prov.libraries],
            "tool": prov.tool, "year": prov.year, "recipe": prov.recipe}


def report_verified(verified, as_json: bool = False) -> None:
    """Print each layout measure of ``draft preview --verify``; exit 1 if one failed, 3 without LibreOffice."""
    from ..gongwen.measures import FAIL

    if as_json:
        import json

        data = {
            "file": str(verified.path), "pages": verified.pages, "reason": verified.reason,
            "measures": [{"code": m.code, "name": m.name, "value": m.value, "target": m.target, "status": m.status,
                          "pages": list(m.pages)} for m in verified.measures],
            "fonts": [{"name": u.name, "role": u.role, "status": u.status, "used": u.used} for u in verified.fonts],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        pages = f"，共 {verified.pages} 页" if verified.pages else ""
        typer.echo(f"版式核验（GB/T 9704）：{verified.path}{pages}")
        for m in verified.measures:
            typer.echo(f"  [{m.status}] {m.name}：{m.value}；标准：{m.target}")
        counts = {}
        for m in verified.measures:
            counts[m.status] = counts.get(m.status, 0) + 1
        typer.echo("结果：" + "，".join(f"{n} 项{s}" for s, n in counts.items()))
        if verified.unverified and verified.reason is None:
            typer.echo("提示：本机缺少文档要求的字体、又没有字宽相同的替代字体，依赖字宽的项目未核验；"
                       "安装这些字体后再核验。", err=True)
    if verified.reason is not None:
        typer.echo(f"错误：{verified.reason}", err=True)
        raise typer.Exit(3)
    if any(m.status == FAIL for m in verified.measures):
        raise typer.Exit(1)
