"""WordprocessingML names (Clark notation, per namespace) and its small value conventions."""

from __future__ import annotations

#: Markup compatibility: a text box's VML copy for older readers sits in its ``mc:Fallback``.
MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: The main namespace: transitional, and ISO 29500 Strict.
W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)

class Tags:
    """Clark names of the elements and attributes read, for one namespace."""

    def __init__(self, ns: str) -> None:
        w = f"{{{ns}}}"
        for name in (
            "body p pPr rPr r t tab ptab br cr sym noBreakHyphen fldChar fldSimple "
            "ins del moveFrom moveTo hyperlink smartTag customXml sdt sdtContent dir bdo "
            "tbl tr tc pStyle numPr numId ilvl outlineLvl vanish "
            "style name basedOn abstractNum abstractNumId num lvl start numFmt lvlText "
            "lvlRestart isLgl lvlOverride startOverride numStyleLink null "
            "document hdr ftr footnotes endnotes footnote endnote headerReference footerReference txbxContent"
        ).split():
            setattr(self, name, w + name)
        self.del_ = w + "del"
        self.val = w + "val"
        self.type = w + "type"
        self.styleId = w + "styleId"
        self.default = w + "default"
        self.ilvl_attr = w + "ilvl"
        self.numId_attr = w + "numId"
        self.abstractNumId_attr = w + "abstractNumId"
        self.fldCharType = w + "fldCharType"
        self.char = w + "char"
        self.font = w + "font"
        # Containers whose children are more paragraphs / more runs.
        self.block_containers = frozenset({self.tbl, self.tr, self.tc, self.sdt, self.sdtContent,
                                           self.customXml})
        self.run_containers = frozenset({self.ins, self.moveTo, self.hyperlink, self.smartTag,
                                         self.customXml, self.sdt, self.sdtContent,
                                         self.fldSimple, self.dir, self.bdo})


_TAGS: dict[str, Tags] = {}


def word_tags(ns: str) -> Tags:
    """The Clark names of WordprocessingML for namespace ``ns`` (transitional or Strict)."""
    if ns not in _TAGS:
        _TAGS[ns] = Tags(ns)
    return _TAGS[ns]


def to_int(value: str | None) -> int | None:
    """An attribute's integer value, None when absent or not a number."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def is_on(el, t: Tags) -> bool:
    """An OOXML on/off property: present and not switched off."""
    return el is not None and el.get(t.val) not in ("0", "false", "off")
