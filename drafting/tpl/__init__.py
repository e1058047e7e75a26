"""Template lint: the mistakes people make editing a docxtpl template in Word, found before a render.

``lint_template`` reads a template (``scan``), finds its tags and how Word split
them (``tags``), checks docxtpl's level tags and Jinja's blocks (``blocks``), the
characters, syntax and names Jinja will meet (``names``), and the styles
(``styles``); ``annotate`` writes the findings as Word comments on a copy.
``vet`` is what the drafting commands run on a ``--template``: errors stop them,
warnings are returned to be shown. ``issues`` holds what is reported.

Every check is what docxtpl 0.20 does to the XML, each tried with a real render in
tests/test_tpllint.py; a template that renders as Word shows it gets no error.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, TemplateProblem
from ..model import PLAN, SPEECH
from .annotate import annotate
from .issues import CODE_NAMES, ERROR, WARNING, Issue, TemplateReport

__all__ = ["CODE_NAMES", "ERROR", "WARNING", "Issue", "TemplateReport", "annotate", "lint_template", "vet"]

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_NOT_TEMPLATE = "这个 Word 文档不是模板：里面没有 {{ }} 或 {% %} 标记，像是一份写好的文稿"
_NOT_TEMPLATE_HINT = ("模板要有 {{ title }}、{%p for section in sections %} 等标记；"
                      "请以 templates/ 中的 plan.docx 或 speech.docx 为基础修改")


def lint_template(path: str | Path, genre: str | None = None) -> TemplateReport:
    """Check the template at ``path`` as a ``genre`` template (None: the genre whose names it uses)."""
    from ..reader import read_paragraphs
    from .blocks import check_blocks
    from .names import char_issues, loose_tree, name_issues, parse_part, read_names, unknown_top
    from .scan import scan
    from .styles import style_issues
    from .tags import find_tags

    path = Path(path)
    if not path.is_file():
        raise InputError("找不到 Word 模板文件" if not path.is_dir() else "这是一个文件夹，不是 Word 模板文件",
                         path=path)
    if path.suffix.lower() not in (".docx", ".dotx", ".docm", ".dotm") and not _is_zip(path):
        raise InputError("不是 Word 模板（.docx）", path=path, hint="请选择 .docx 格式的模板文件")
    paragraphs = read_paragraphs(path)  # refuses what is not a readable .docx, naming the file
    if not _is_zip(path):
        raise InputError("不是有效的 Word 文档（.docx），不能用作模板", path=path,
                         hint="请用 Word 或 WPS 打开后“另存为” .docx 格式")
    scanned = scan(path, paragraphs)
    if scanned.main_type and scanned.main_type != _DOCX_MAIN:
        # python-docx, and so docxtpl, opens only a plain .docx: a Word template (.dotx) or a
        # macro document (.docm) is refused when drafting, so it is refused here first.
        kind = "这是 Word 模板文件（.dotx）" if "template" in scanned.main_type else "这是含宏的 Word 文档（.docm）"
        raise InputError(f"{kind}，起草时不能使用", path=path,
                         hint="请在 Word 中“另存为” → 保存类型选“Word 文档（*.docx）”，再检查另存的文件")
    issues: list[Issue] = []
    parsed = []
    found_any = False
    for paras in scanned.parts.values():
        tags, tag_issues = find_tags(paras)
        found_any = found_any or bool(tags) or bool(tag_issues)
        chars, bad = char_issues(tags)
        blocks = check_blocks(tags)
        tree, syntax = (None, None) if blocks else parse_part(tags, bad)
        if syntax is not None and not any(i.para is syntax.para and i.start == syntax.start
                                          for i in (*tag_issues, *chars)):
            blocks.append(syntax)
        issues.extend(tag_issues + chars + blocks)
        if tree is None and tags:
            tree = loose_tree(tags, bad)  # names are still worth checking while blocks are wrong
        parsed.append((tree, tags, bad))
    if not found_any and not any("{{" in p.text or "{%" in p.text for p in scanned.all()):
        raise InputError(_NOT_TEMPLATE, path=path, hint=_NOT_TEMPLATE_HINT)
    if genre is None:
        names = set().union(*(read_names(tree, tags, bad) for tree, tags, bad in parsed if tree is not None))
        genre = min((PLAN, SPEECH), key=lambda g: len(unknown_top(names, g)))  # a tie: a plan
    for tree, tags, bad in parsed:
        if tree is not None:
            issues.extend(name_issues(tree, tags, bad, genre))
    issues.extend(style_issues(scanned))
    order = {id(p): n for n, p in enumerate(scanned.all())}
    issues.sort(key=lambda i: (order.get(id(i.para), -1) if i.para is not None else len(order),
                               i.start if i.start is not None else -1))
    return TemplateReport(path, genre, tuple(issues))


def _is_zip(path: Path) -> bool:
    from ..reader import is_word_package

    try:
        return is_word_package(path)
    except OSError:
        return False


def vet(path: str | Path, genre: str) -> tuple[str, ...]:
    """Lint the ``--template`` of a drafting command: raise ``TemplateProblem`` on errors, return the warnings."""
    report = lint_template(path, genre)
    if report.errors:
        lines = [f"  {i.describe()}" + (f"\n    提示：{i.hint}" if i.hint else "") for i in report.errors[:10]]
        more = f"\n  ……共 {len(report.errors)} 处" if len(report.errors) > 10 else ""
        raise TemplateProblem("模板有错误，照它生成的文稿会出错或缺内容，已停止：\n" + "\n".join(lines) + more,
                              path=path, hint=f"运行 draft templates lint {path} --annotate 批注稿.docx，"
                                              "在 Word 中按批注逐处修改")
    return tuple(f"模板 {Path(path).name}：{i.describe()}" for i in report.warnings)
