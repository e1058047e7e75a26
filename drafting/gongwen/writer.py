"""Writing the 印发通知: ``templates/notice.docx`` rendered, then what depends on the text set in its XML.

Rendered as ``drafting.render`` renders a draft (the same sandbox, errors and
provenance); then two things no template can know: a 发文机关标志 too long for the
版心 is narrowed (字符缩放, never a smaller size: GB/T 9704 7.2.3 wants it 醒目),
and the 署名 is centred over the 成文日期 (7.3.5.2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..model import Provenance
from ..output import check_target
from ..resources import bundled
from .notice import seal_indents, text_width

__all__ = ["NOTICE_TEMPLATE", "write_notice"]

NOTICE_TEMPLATE = "notice.docx"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


def _styled(body, style_id: str):
    """The body's paragraphs of the style ``style_id``, in order."""
    return [p for p in body.iter(_q("p"))
            if (s := p.find(f"{_q('pPr')}/{_q('pStyle')}")) is not None and s.get(_q("val")) == style_id]


def _set_indent(paragraph, right_chars: float, char: int) -> None:
    ppr = paragraph.find(_q("pPr"))
    ind = ppr.find(_q("ind"))
    if ind is None:
        from lxml import etree

        ind = etree.SubElement(ppr, _q("ind"))
        jc = ppr.find(_q("jc"))
        if jc is not None:  # ind comes before jc in a pPr
            jc.addprevious(ind)
    ind.set(_q("rightChars"), str(round(right_chars * 100)))
    ind.set(_q("right"), str(round(right_chars * char)))


def _twips(elem, name: str, default: int = 0) -> int:
    value = elem.get(_q(name)) if elem is not None else None
    return int(value) if value and value.lstrip("-").isdigit() else default


def _style_size(styles, style_id: str, default: int) -> int:
    """The type size (half-points) a style of the document sets, else ``default``."""
    for style in styles.iter(_q("style")):
        if style.get(_q("styleId")) == style_id:
            return _twips(style.find(f"{_q('rPr')}/{_q('sz')}"), "val", default)
    return default


def _finish(body, styles, context: dict, layout) -> None:
    """Narrow a long 发文机关标志 to the 版心 and centre the 署名 over the 成文日期, as the document is laid out.

    The page, the sizes and the date's indent are read from the document (a unit's own
    template may differ from the bundled layout); ``layout`` gives what it does not say.
    """
    from lxml import etree

    from ..layout.notice import NOTICE_STYLE_IDS

    notice = context["notice"]
    n = layout.notice
    sect = body.find(_q("sectPr"))
    page, margins = (sect.find(_q("pgSz")), sect.find(_q("pgMar"))) if sect is not None else (None, None)
    width = (_twips(page, "w", layout.width) - _twips(margins, "left", layout.margin_left)
             - _twips(margins, "right", layout.margin_right))
    heads = _styled(body, NOTICE_STYLE_IDS["letterhead"])
    if heads and notice["letterhead"]:
        size = _style_size(styles, NOTICE_STYLE_IDS["letterhead"], n.letterhead_size)
        needed = text_width(notice["letterhead"]) * size * 10
        scale = max(n.letterhead_min_scale, min(100, int(width * 100 // needed)))
        if scale < 100:
            for run in heads[0].iter(_q("r")):
                rpr = run.find(_q("rPr"))
                if rpr is None:
                    rpr = etree.Element(_q("rPr"))
                    run.insert(0, rpr)
                etree.SubElement(rpr, _q("w")).set(_q("val"), str(scale))
    char = _style_size(styles, "Normal", layout.styles["body"].size) * 10
    signatures, dates = _styled(body, "Signature"), _styled(body, "Date")
    if signatures and dates:  # the notice's own come first; the attachments' follow
        ind = dates[0].find(f"{_q('pPr')}/{_q('ind')}")
        date_right = _twips(ind, "rightChars", round(n.date_right_chars * 100)) / 100
        sign_right, date_right = seal_indents(notice["signature"], notice["date"], date_right)
        _set_indent(signatures[0], sign_right, char)
        _set_indent(dates[0], date_right, char)


def write_notice(context: dict, out: Path, *, force: bool = False, inputs: Sequence[tuple[str, Path]] = (),
                 provenance: Provenance | None = None, template: Path | None = None) -> Path:
    """Write the notice ``context`` (``notice_context``) to ``out``; refuses to overwrite unless ``force``."""
    from ..layout import load_layout
    from ..render import _load, _record, _save, fill

    source = template or bundled("templates") / NOTICE_TEMPLATE
    if not source.is_file():
        raise InputError("找不到印发通知的 Word 模板文件", path=source,
                         hint="请运行 python -m drafting.layout 重新生成模板")
    check_target(out, force=force, inputs=(("模板文件", source), *inputs))
    document = _load(source)
    fill(document, context, source)
    _finish(document.docx.element.body, document.docx.styles.element, context, load_layout())
    if provenance is not None:
        _record(document, provenance)
    _save(document, out, force)
    return out
