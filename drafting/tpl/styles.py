"""The template's styles: theme fonts where the GB/T 9704 fonts should be, and styles its paragraphs use that are gone.

A ``w:rFonts`` with ``w:eastAsiaTheme`` (``asciiTheme``, ``hAnsiTheme``) names a
slot of the Office theme; Word takes the theme's font over the named one beside
it, so a style can say 仿宋_GB2312 and print 等线. Word puts these attributes back
when a style is edited with a theme font picked, and a document made from Word's
blank one has them in its defaults. Where a style used by the template gets its
font is resolved as Word does: the style, the styles it is based on, the
document defaults; the first of them that sets the slot decides.

A paragraph or run whose style id is not in styles.xml is shown by Word in the
default style (正文): the headings lose their 黑体, and ``draft parse`` no longer
sees them as headings.
"""

from __future__ import annotations

from .issues import ERROR, WARNING, Issue
from .scan import Scanned

#: the font slots a GB/T 9704 style names, and the theme attribute that overrides each
_SLOTS = (("eastAsia", "eastAsiaTheme", "中文"), ("ascii", "asciiTheme", "西文"), ("hAnsi", "hAnsiTheme", "西文"))


def style_issues(scanned: Scanned) -> list[Issue]:
    """Theme fonts on the styles the template uses and on its runs (warnings); styles used but missing (errors)."""
    w = f"{{{scanned.ns}}}"
    root = scanned.styles
    defined: dict[str, object] = {}
    default_para = None
    if root is not None:
        for el in root.iterchildren(w + "style"):
            sid = el.get(w + "styleId")
            if sid is not None and sid not in defined:
                defined[sid] = el
                if el.get(w + "type") == "paragraph" and el.get(w + "default") in ("1", "true", "on"):
                    default_para = sid
    issues: list[Issue] = []
    used: dict[str, object] = {}  # style id → the first paragraph using it
    missing_seen: set[str] = set()
    fonts = _gb_fonts()
    for para in scanned.all():
        for ref in para.el.iter(w + "pStyle", w + "rStyle"):
            if ref.getparent() is not None and ref.getparent().getparent() is not None:
                sid = ref.get(w + "val")
                if not sid:
                    continue
                used.setdefault(sid, para)
                if sid not in defined and sid not in missing_seen:
                    missing_seen.add(sid)
                    gb = fonts.get(sid)
                    should = f"（按 GB/T 9704 应为{gb}）" if gb else ""
                    issues.append(Issue("missing-style", ERROR,
                                        f"这一段用的样式“{sid}”{should}已从模板的样式表中删除，"
                                        "Word 会改用“正文”样式，生成的文稿这里字体字号不对",
                                        para, para.text[:20], 0 if para.text else None,
                                        hint="请从 templates/ 中的内置模板把这个样式复制回来"
                                             "（Word：样式 → 管理样式 → 导入/导出），或给这一段换用现有的样式"))
        for rfonts in para.el.iter(w + "rFonts"):
            rpr = rfonts.getparent()
            if rpr is None or rpr.getparent() is None or rpr.getparent().tag != w + "r":
                continue  # a paragraph mark's fonts print nothing
            themes = [f"{theme}={rfonts.get(w + theme)}" for _, theme, _ in _SLOTS if rfonts.get(w + theme)]
            if themes:
                issues.append(Issue("theme-font", WARNING,
                                    f"这一段的文字直接设了主题字体（{'，'.join(themes)}），"
                                    "Word 会用主题里的字体，而不是 GB/T 9704 规定的字体",
                                    para, para.text[:20], 0 if para.text else None,
                                    hint="请选中这段文字，在“字体”对话框中选定具体的字体（如 仿宋_GB2312），不要选“+正文”“+标题”"))
                break
    if root is None:
        return issues
    if default_para is not None:
        used.setdefault(default_para, None)
    layers: dict[object, list[str]] = {}  # the rFonts setting a theme slot → the styles that take it
    for sid, para in used.items():
        if sid not in defined:
            continue
        for slot, theme, _ in _SLOTS:
            source = _slot_source(defined, sid, slot, theme, w, root)
            if source is not None and source[0].get(w + theme):
                layers.setdefault(source, [])
                if sid not in layers[source]:
                    layers[source].append(sid)
    for (rfonts, owner), sids in layers.items():
        themes = [f"{theme}={rfonts.get(w + theme)}" for _, theme, _ in _SLOTS if rfonts.get(w + theme)]
        names = "、".join(f"“{_name(defined[s], w) or s}”" for s in sids)
        gb = "、".join(dict.fromkeys(fonts[s] for s in sids if s in fonts))
        should = f"（GB/T 9704：{gb}）" if gb else ""
        if owner is None:
            place = "文档默认字体"
            message = (f"文档默认字体用的是主题字体（{'，'.join(themes)}），样式{names}没有自己的字体，"
                       f"Word 会用主题里的字体{should}")
        else:
            place = f"样式“{_name(defined[owner], w) or owner}”"
            message = (f"样式“{_name(defined[owner], w) or owner}”的字体用的是主题字体（{'，'.join(themes)}），"
                       f"Word 会用主题里的字体，不用样式里写的字体名{should}")
        # the defaults are no paragraph's: their comment goes on the first paragraph of the body
        first = None if owner is None else next((used[s] for s in sids if used.get(s) is not None), None)
        issues.append(Issue("theme-font", WARNING, message, first, "", None, place=place,
                            hint="请在 Word 中修改这个样式的字体，选定具体的字体名（如 仿宋_GB2312），"
                                 "不要选“+正文”“+标题”或“（中文正文）”"))
    return issues


def _slot_source(defined: dict, sid: str, slot: str, theme: str, w: str, root):
    """(the rFonts that decides ``slot`` for style ``sid``, its style id or None for the defaults), or None."""
    seen = set()
    current = sid
    while current is not None and current in defined and current not in seen:
        seen.add(current)
        style = defined[current]
        rfonts = style.find(f"{w}rPr/{w}rFonts")
        if rfonts is not None and (rfonts.get(w + slot) is not None or rfonts.get(w + theme) is not None):
            return rfonts, current
        based = style.find(w + "basedOn")
        current = based.get(w + "val") if based is not None else None
    if defined[sid].get(w + "type") == "character":
        return None  # a run's character style falls back on its paragraph's style, checked as that
    rfonts = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}rFonts")
    if rfonts is not None and (rfonts.get(w + slot) is not None or rfonts.get(w + theme) is not None):
        return rfonts, None
    return None


def _name(style, w: str) -> str | None:
    el = style.find(w + "name")
    return el.get(w + "val") if el is not None else None


def _gb_fonts() -> dict[str, str]:
    """Style id → the font GB/T 9704 (styles/gbt9704.yaml) gives that style in the bundled templates."""
    from ..errors import DraftError
    from ..layout import load_layout
    from ..layout.styles import STYLE_IDS

    try:
        layout = load_layout()
    except DraftError:
        return {}
    out = {}
    for role, sid in STYLE_IDS.items():
        if role in layout.styles:
            out[sid] = layout.styles[role].font
        elif role == "lead" and layout.lead.font:
            out[sid] = layout.lead.font
        elif role == "footer":
            out[sid] = layout.page_number.font
    return out
