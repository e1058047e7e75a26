"""Render an ``Outline`` into a Word document through a docxtpl template.

The template's names are a contract (see ``drafting.layout``): ``context_for``
builds exactly that context, numbering included, so a template only places text.
Rendering runs in a sandboxed, strict Jinja environment with autoescaping: text
from snippets is plain text, and this is the one place where it is escaped for
Word XML, so ``&`` and ``<`` arrive in the document as themselves. A user's own
template is held to the bounds snippets are (``drafting.bounds``), sized for a
whole document.

The output is written to a temporary file beside the target and moved into place,
so a failed render never leaves a half-written document or clobbers the old one.
A draft records where it came from (``drafting.provenance``) in its custom
properties, ``docProps/custom.xml``, which no reader sees in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import XMLSyntaxError

from .errors import InputError, TemplateProblem
from .model import PLAN, SPEECH, Item, Outline, Provenance, Section
from .numerals import date_cn, item_marker, section_label
from .output import check_target, write_file
from .resources import template_path
from .bounds import Limits, SnippetRuntimeError
from .sandbox import CachingSandbox, explain, unexpected

__all__ = ["SALUTATION", "context_for", "render"]

SALUTATION = "同志们："
_SENTENCE_END = ("。", "！", "？")
# Characters XML 1.0 cannot hold; pasted text sometimes carries them, and the
# rendered part would otherwise be parsed with lxml's "recover" and lose text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str | None) -> str:
    return _XML_INVALID.sub("", text) if text else ""


def _lead(lead: str | None) -> str:
    lead = _clean(lead).strip()
    if lead and not lead.endswith(_SENTENCE_END):
        lead += "。"
    return lead


def _item(item: Item, genre: str, mark: str) -> dict[str, str]:
    return {
        "label": item_marker(genre, item.number, mark) if item.number is not None else "",
        "lead": _lead(item.lead),
        "body": _clean(item.text),
    }


def _section(section: Section, genre: str, mark: str) -> dict[str, object]:
    return {
        "label": section_label(section.number),
        "heading": _clean(section.heading),
        "items": [_item(item, genre, mark) for item in section.items],
    }


def context_for(outline: Outline, *, ordinal_mark: str = "．", title_width: float | None = None,
                terms: Iterable[str] = (), words: Callable[[str], Iterable[str]] | None = None) -> dict:
    """The template context for ``outline``: the names plan.docx / speech.docx use.

    ``ordinal_mark`` follows an item's number in a plan (the layout's ``numbering.ordinal_mark``).
    With ``title_width`` (characters a line) a title too long for one line is broken
    into lines (GB/T 9704 7.3.1, ``gongwen.titles``) joined by "\\n", which docxtpl
    writes as line breaks inside the one title paragraph; ``terms`` are words kept
    whole, ``words`` a segmenter asked only when nothing else gives a sound break.
    """
    title = _clean(outline.title)
    if title and title_width is not None:
        from .gongwen.titles import break_title

        keep = tuple(_clean(name) for name in (outline.org, outline.signature) if name)
        title = "\n".join(break_title(title, title_width, keep=keep, terms=terms, words=words))
    date = date_cn(outline.date) if outline.date else ""
    if outline.genre == PLAN:
        signature = None
        if outline.signature:
            signature = {"org": _clean(outline.signature), "date": date}
        return {
            "title": title,
            "preamble": [_clean(p) for p in outline.preamble],
            "sections": [_section(s, PLAN, ordinal_mark) for s in outline.sections],
            "signature": signature,
        }
    if outline.genre == SPEECH:
        return {
            "title": title,
            "speaker": _clean(outline.speaker),
            "date": date,
            "salutation": SALUTATION,
            "opening": [_clean(p) for p in outline.preamble],
            "sections": [_section(s, SPEECH, ordinal_mark) for s in outline.sections],
            "closing": [_clean(p) for p in outline.closing],
        }
    raise ValueError(f"unknown genre {outline.genre!r}")


class _TemplateEnvironment(CachingSandbox):
    """The sandbox, except that ``x.name`` on a dict reads the key before the attribute.

    Jinja tries attributes first, so ``section.items`` would be ``dict.items``, not
    the section's items; templates written the natural way must just work. The
    bounds are a snippet's, except the text: the document's XML is rendered whole.
    """

    limits = Limits(where="模板", text=1_000_000, output=5_000_000)

    def getattr(self, obj, attribute):
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    # A user's own template is untrusted too: sandboxed, and strict so a misspelt
    # name stops the run instead of leaving a gap in the document.
    return _TemplateEnvironment(undefined=StrictUndefined, autoescape=True)


def render(
    outline: Outline,
    out_path: str | Path,
    *,
    template: str | Path | None = None,
    force: bool = False,
    inputs: Sequence[tuple[str, Path]] = (),
    provenance: Provenance | None = None,
    ordinal_mark: str = "．",
    terms: Sequence[str] = (),
) -> Path:
    """Write ``outline`` to ``out_path`` as .docx; refuses to overwrite unless ``force``.

    Neither the template nor any of ``inputs`` (other files read, named for the user) is overwritten.
    ``provenance`` is recorded in the document's custom properties; ``ordinal_mark`` follows an
    item's number (the unit's layout, ``drafting.jobs.common.ordinal_mark``). A long title is
    broken into lines as wide as the template's title style allows, keeping the
    organisation's name and ``terms`` (the library's domain terms) whole.
    """
    out = Path(out_path)
    source = Path(template) if template is not None else template_path(outline.genre)
    if not source.is_file():
        raise InputError("找不到 Word 模板文件", path=source)
    check_target(out, force=force, inputs=(("模板文件", source), *inputs))
    document = _load(source)
    context = context_for(outline, ordinal_mark=ordinal_mark, title_width=_title_width(document), terms=terms,
                          words=_words(terms))
    fill(document, context, source)
    if provenance is not None:
        _record(document, provenance)
    _save(document, out, force)
    return out


def fill(document: DocxTemplate, context: dict, source: Path) -> None:
    """Render the template ``document`` (read from ``source``) with ``context``; its problems as ``TemplateProblem``."""
    try:
        # autoescape is already on in the environment; docxtpl's own flag would
        # switch it on by mutating the environment it is given.
        document.render(context, jinja_env=_environment())
    except TemplateError as exc:
        raise _template_problem(exc, source, context) from exc
    except (RecursionError, MemoryError, AssertionError, ArithmeticError, TypeError, ValueError,
            LookupError) as exc:
        # What a template's expressions can raise besides Jinja's own errors; docxtpl
        # itself raises none of these on a template that opened.
        raise _template_problem(unexpected(exc), source, context) from exc
    except XMLSyntaxError as exc:
        raise TemplateProblem(
            f"模板渲染后不是有效的 Word XML：{exc}",
            path=source,
            hint="模板中的 {{ }} 或 {% %} 标记可能放在了段落之外",
        ) from exc


def _title_width(document: DocxTemplate) -> float:
    """Characters a line of the template's title style holds: its text width over one character's advance."""
    from docx.oxml.ns import qn

    from .gongwen.titles import STANDARD_WIDTH, chars_per_line

    try:
        section = document.docx.sections[0]
        text = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    except (AttributeError, IndexError, TypeError, ValueError):
        return STANDARD_WIDTH  # a template without page settings: GB/T 9704's page
    styles = {el.get(qn("w:styleId")): el for el in document.docx.styles.element.iterfind(qn("w:style"))}
    size = spacing = None
    style, seen = styles.get("Title"), set()
    while style is not None and (size is None or spacing is None) and id(style) not in seen:
        seen.add(id(style))
        rpr = style.find(qn("w:rPr"))
        if rpr is not None:
            sz, sp = rpr.find(qn("w:sz")), rpr.find(qn("w:spacing"))
            if size is None and sz is not None:
                size = _twips(sz.get(qn("w:val")))
            if spacing is None and sp is not None:
                spacing = _twips(sp.get(qn("w:val")))
        based = style.find(qn("w:basedOn"))
        style = styles.get(based.get(qn("w:val"))) if based is not None else None
    if size is None or size <= 0 or text <= 0:
        return STANDARD_WIDTH
    advance = size * 10 + (spacing or 0)  # w:sz is in half-points: 10 twips each
    return chars_per_line(text, advance) if advance > 0 else STANDARD_WIDTH


def _twips(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _words(terms: Sequence[str]) -> Callable[[str], Iterable[str]]:
    """A segmenter for the rare title no known boundary breaks well: jieba is loaded only then."""
    def cut(text: str) -> Iterable[str]:
        from .segment import segmenter

        return segmenter(terms).cut(text)
    return cut


def _load(source: Path) -> DocxTemplate:
    document = DocxTemplate(str(source))
    try:
        document.init_docx()
    # python-docx fails in many ways on a file that is not a .docx (not a zip, no
    # main part, a spreadsheet, a legacy .doc); to the user they are all one problem.
    except Exception as exc:
        raise TemplateProblem(
            "不是有效的 Word 文档（.docx），不能用作模板",
            path=source,
            hint="请用 Word 或 WPS 打开后“另存为” .docx 格式",
        ) from exc
    # A finished document (last year's output, say) renders to a copy of itself: refuse it.
    # patch_xml joins tags Word split across runs, as rendering would.
    body = document.patch_xml(document.get_xml())
    if "{{" not in body and "{%" not in body:
        raise TemplateProblem(
            "这个 Word 文档不是模板：正文里没有本工具填写的 {{ }} 或 {% %} 标记，照它生成只会得到原文的副本",
            path=source,
            hint="模板要有 {{ title }}、{% for section in sections %} 等标记；"
                 "请以 templates/ 中的 plan.docx 或 speech.docx 为基础修改版式后另存",
        )
    return document


_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _template_problem(exc: TemplateError, source: Path, context: dict) -> TemplateProblem:
    names = "、".join(context)
    if isinstance(exc, UndefinedError):
        m = _UNDEFINED.search(exc.message or "")
        name = (m.group(1) or m.group(2)) if m else str(exc)
        return TemplateProblem(
            f"模板引用了未定义的变量“{name}”", path=source, hint=f"模板可用的变量：{names}"
        )
    if isinstance(exc, SnippetRuntimeError):
        return TemplateProblem(exc.message or "模板渲染失败", path=source)
    if isinstance(exc, SecurityError):
        return TemplateProblem(f"模板中有不允许的访问：{exc.message}", path=source)
    if isinstance(exc, TemplateSyntaxError):
        # docxtpl attaches the document text around the error line.
        near = "".join(getattr(exc, "docx_context", ()) or ()).strip()
        hint = f"出错位置附近的文字：{near[:80]}" if near else None
        return TemplateProblem(
            f"模板中的 Jinja 标记有语法错误：{explain(exc, '')[0]}", path=source, hint=hint
        )
    return TemplateProblem(f"模板渲染失败：{exc.message or exc}", path=source)


def _save(document: DocxTemplate, out: Path, force: bool) -> None:
    write_file(out, document.save, force=force)


_CUSTOM_PART = "/docProps/custom.xml"


def _record(document: DocxTemplate, provenance: Provenance) -> None:
    """Write ``provenance`` into the package's custom properties, keeping a template's own ones."""
    from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from .provenance import NAMES, merged_properties, properties

    package = document.docx.part.package
    existing = next((rel.target_part for rel in package.rels.values()
                     if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external), None)
    # last year's provenance in a template made from a draft is dropped; a template's own properties stay
    blob = merged_properties(existing.blob if existing is not None else None,
                             [(name, _clean(value)) for name, value in properties(provenance)], NAMES.__contains__)
    if existing is not None:
        existing._blob = blob  # python-docx keeps an unknown part's bytes there and has no setter
    else:
        part = Part(PackURI(_CUSTOM_PART), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
