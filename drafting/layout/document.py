"""The template body (``word/document.xml``): docxtpl tags, the contract with ``drafting.render``."""

from __future__ import annotations

from lxml import etree

from .footer import _FOOTERS, _HEADER_DISTANCE
from .ooxml import _serialize, _w
from .styles import STYLE_IDS
from .values import Layout


def _run(text: str, style: str | None = None) -> etree._Element:
    run = _w("r")
    if style:
        run.append(_w("rPr", None, _w("rStyle", {"val": style})))
    t = _w("t", {"xml:space": "preserve"} if text != text.strip() else None)
    t.text = text
    run.append(t)
    return run


def _para(role: str | None, *runs: etree._Element) -> etree._Element:
    p = _w("p")
    if role and role != "body":
        p.append(_w("pPr", None, _w("pStyle", {"val": STYLE_IDS[role]})))
    p.extend(runs)
    return p


def _tag(source: str) -> etree._Element:
    """A paragraph holding a docxtpl ``{%p … %}`` tag; docxtpl removes the paragraph."""
    return _para(None, _run(source))


def _item_para(keep_next: bool = False) -> etree._Element:
    p = _para(
        "body",
        _run("{{ item.label }}{{ item.lead }}", STYLE_IDS["lead"]),
        _run("{{ item.body }}"),
    )
    if keep_next:
        p.insert(0, _w("pPr", None, _w("keepNext")))
    return p


def _items_block(signed: bool = False, of: str = "") -> list[etree._Element]:
    # One paragraph per item: label and lead in the lead style, then the plain body.
    # section['items'], not section.items: in plain Jinja that is the dict method.
    if signed:
        # The last item keeps its last lines with the 署名 (which keeps with the date):
        # the signature is never alone at the top of a page.
        item = [
            _tag(f"{{%p if {of}signature and item is sameas section['items'][-1]"
                 f" and section is sameas {of}sections[-1] %}}"),
            _item_para(keep_next=True),
            _tag("{%p else %}"),
            _item_para(),
            _tag("{%p endif %}"),
        ]
    else:
        item = [_item_para()]
    return [
        _tag(f"{{%p for section in {of}sections %}}"),
        _para("heading1", _run("{{ section.label }}{{ section.heading }}")),
        _tag("{%p for item in section['items'] %}"),
        *item,
        _tag("{%p endfor %}"),
        _tag("{%p endfor %}"),
    ]


def _paragraphs_block(name: str) -> list[etree._Element]:
    return [
        _tag(f"{{%p for para in {name} %}}"),
        _para("body", _run("{{ para }}")),
        _tag("{%p endfor %}"),
    ]


def _title_block(of: str = "") -> list[etree._Element]:
    return [
        _tag(f"{{%p if {of}title %}}"),
        _para("title", _run(f"{{{{ {of}title }}}}")),
        _tag("{%p endif %}"),
    ]


def _plan_body(of: str = "") -> list[etree._Element]:
    """The plan's paragraphs; ``of`` names the context they come from (``att.``: a notice's attachment)."""
    return [
        *_title_block(of),
        *_paragraphs_block(f"{of}preamble"),
        *_items_block(signed=True, of=of),
        _tag(f"{{%p if {of}signature %}}"),
        _para("signature", _run(f"{{{{ {of}signature.org }}}}")),
        _tag(f"{{%p if {of}signature.date %}}"),
        _para("date", _run(f"{{{{ {of}signature.date }}}}")),
        _tag("{%p endif %}"),
        _tag("{%p endif %}"),
    ]


def _speech_body() -> list[etree._Element]:
    return [
        *_title_block(),
        _tag("{%p if speaker %}"),
        _para("byline", _run("{{ speaker }}")),
        _tag("{%p endif %}"),
        _tag("{%p if date %}"),
        _para("byline", _run("（{{ date }}）")),
        _tag("{%p endif %}"),
        # A blank grid line between the byline and 同志们：, only if there is a byline.
        _tag("{%p if speaker or date %}"),
        _para("body"),
        _tag("{%p endif %}"),
        _para("salutation", _run("{{ salutation }}")),
        *_paragraphs_block("opening"),
        *_items_block(),
        *_paragraphs_block("closing"),
    ]


def _document_xml(layout: Layout, genre: str) -> bytes:
    paragraphs = _plan_body() if genre == "plan" else _speech_body()
    sect = _w(
        "sectPr",
        None,
        *(_w("footerReference", {"type": kind, "r:id": rid}) for _, kind, rid in _FOOTERS),
        _w("pgSz", {"w": layout.width, "h": layout.height}),
        _w(
            "pgMar",
            {
                "top": layout.margin_top,
                "right": layout.margin_right,
                "bottom": layout.margin_bottom,
                "left": layout.margin_left,
                "header": _HEADER_DISTANCE,
                "footer": layout.footer_distance,
                "gutter": 0,
            },
        ),
        # "lines", not "linesAndChars": LibreOffice halves the characters per line of
        # a character grid; the 28 characters come from the character spacing instead.
        _w("docGrid", {"type": "lines", "linePitch": layout.line_pitch}),
    )
    body = _w("body", None, *paragraphs, sect)
    return _serialize(_w("document", None, body))
