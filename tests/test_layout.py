"""The layout spec and the templates built from it, read back from their XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from drafting import layout
from drafting.errors import DataError
from drafting.resources import bundled

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
MM = 1440 / 25.4
STYLE_FILE = bundled("styles") / "gbt9704.yaml"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def parts() -> dict[str, dict[str, bytes]]:
    spec = layout.load_layout()
    return {genre: layout.build_parts(spec, genre) for genre in layout.GENRES}


def xml(parts, genre: str, name: str) -> etree._Element:
    return etree.fromstring(parts[genre][name])


def style(parts, style_id: str) -> etree._Element:
    found = xml(parts, "plan", "word/styles.xml").find(
        f"w:style[@w:styleId='{style_id}']", NS
    )
    assert found is not None, style_id
    return found


def val(elem: etree._Element, path: str, attr: str = "val") -> str | None:
    found = elem.find(path, NS)
    return None if found is None else found.get(w(attr))


def body_val(parts, path: str, attr: str = "val") -> str | None:
    """What a body paragraph gets: the Normal style's value, else the document defaults' (w:pPr/…, w:rPr/…)."""
    own = val(style(parts, "Normal"), path, attr)
    if own is not None:
        return own
    defaults = xml(parts, "plan", "word/styles.xml").find("w:docDefaults", NS)
    kind = path.split("/")[0].removeprefix("w:")
    return val(defaults, f"w:{kind}Default/{path}", attr)


# --- page ---------------------------------------------------------------------


@pytest.mark.parametrize("genre", layout.GENRES)
def test_page_size_and_margins(parts, genre):
    sect = xml(parts, genre, "word/document.xml").find("w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    margins = sect.find("w:pgMar", NS)
    expected = {
        (size, "w"): 210,
        (size, "h"): 297,
        (margins, "top"): 37,
        (margins, "left"): 28,
        (margins, "bottom"): 35,
        (margins, "right"): 26,
    }
    for (elem, attr), mm in expected.items():
        assert abs(int(elem.get(w(attr))) - mm * MM) <= MM, attr
    assert int(margins.get(w("top"))) == 2098
    assert int(margins.get(w("left"))) == 1587
    assert sect.find("w:docGrid", NS).attrib == {w("type"): "lines", w("linePitch"): "579"}


def test_text_block_holds_22_lines_of_28_characters(parts):
    sect = xml(parts, "plan", "word/document.xml").find("w:body/w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)

    def get(elem, attr):
        return int(elem.get(w(attr)))

    width = get(size, "w") - get(margins, "left") - get(margins, "right")
    height = get(size, "h") - get(margins, "top") - get(margins, "bottom")
    assert abs(width - 156 * MM) <= MM and abs(height - 225 * MM) <= MM
    pitch = int(body_val(parts, "w:pPr/w:spacing", "line"))
    char = int(body_val(parts, "w:rPr/w:sz")) * 10 + int(body_val(parts, "w:rPr/w:spacing"))
    assert height // pitch == 22
    assert width // char == 28


# --- styles -------------------------------------------------------------------


def test_body_style(parts):
    body = style(parts, "Normal")
    assert body.get(w("default")) == "1"
    assert val(body, "w:rPr/w:sz") == "32"
    assert val(body, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert val(body, "w:rPr/w:rFonts", "ascii") == "Times New Roman"
    assert val(body, "w:rPr/w:rFonts", "hAnsi") == "Times New Roman"
    assert body_val(parts, "w:pPr/w:ind", "firstLineChars") == "200"
    assert body_val(parts, "w:pPr/w:spacing", "line") == "579"
    assert body_val(parts, "w:pPr/w:spacing", "lineRule") == "exact"
    assert body_val(parts, "w:rPr/w:spacing") == "-5"
    assert body_val(parts, "w:pPr/w:jc") == "both"


def test_title_style(parts):
    title = style(parts, "Title")
    assert val(title, "w:rPr/w:sz") == "44"
    assert val(title, "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"
    assert val(title, "w:pPr/w:jc") == "center"
    assert val(title, "w:pPr/w:ind", "firstLineChars") == "0"
    # on the grid: an exact line of one pitch, and a blank grid line after it
    assert val(title, "w:pPr/w:spacing", "line") == "579"
    assert val(title, "w:pPr/w:spacing", "lineRule") == "exact"
    assert val(title, "w:pPr/w:spacing", "after") == "579"


def test_heading_styles(parts):
    fonts = {"Heading1": "黑体", "Heading2": "楷体_GB2312", "Heading3": "仿宋_GB2312"}
    for level, (style_id, font) in enumerate(fonts.items()):
        heading = style(parts, style_id)
        assert val(heading, "w:rPr/w:rFonts", "eastAsia") == font
        assert val(heading, "w:pPr/w:outlineLvl") == str(level)
        assert val(heading, "w:rPr/w:sz") == "32"
        assert heading.find("w:name", NS).get(w("val")) == f"heading {level + 1}"


def test_lead_style_is_a_bold_character_style(parts):
    lead = style(parts, "ItemLead")
    assert lead.get(w("type")) == "character"
    assert lead.find("w:rPr/w:b", NS) is not None


def test_signature_and_speech_styles(parts):
    signature = style(parts, "Signature")
    assert val(signature, "w:pPr/w:jc") == "right"
    assert val(signature, "w:pPr/w:ind", "rightChars") == "200"
    assert val(signature, "w:pPr/w:spacing", "before") == "579"
    assert val(style(parts, "Date"), "w:pPr/w:jc") == "right"
    byline = style(parts, "Byline")
    assert val(byline, "w:pPr/w:jc") == "center"
    assert val(byline, "w:rPr/w:rFonts", "eastAsia") == "楷体_GB2312"
    assert val(style(parts, "Salutation"), "w:pPr/w:ind", "firstLineChars") == "0"


def test_every_font_is_explicit_and_chinese(parts):
    styles = xml(parts, "plan", "word/styles.xml")
    assert val(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang", "eastAsia") == "zh-CN"
    for genre, named in parts.items():
        for name, data in named.items():
            if name.endswith(".xml"):
                for elem in etree.fromstring(data).iter():
                    assert not [a for a in elem.attrib if "Theme" in a], (genre, name)
    for fonts in styles.iter(w("rFonts")):
        assert {w("ascii"), w("hAnsi"), w("eastAsia")} <= set(fonts.attrib)


# --- footer and settings ------------------------------------------------------


def footer(parts, kind: str) -> etree._Element:
    document = xml(parts, "plan", "word/document.xml")
    rid = document.find(f"w:body/w:sectPr/w:footerReference[@w:type='{kind}']", NS).get(
        f"{{{R}}}id"
    )
    rels = xml(parts, "plan", "word/_rels/document.xml.rels")
    target = next(rel.get("Target") for rel in rels if rel.get("Id") == rid)
    return xml(parts, "plan", f"word/{target}")


def test_footers_carry_the_page_number(parts):
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        ftr = footer(parts, kind)
        instr = "".join(t.text for t in ftr.iter(w("instrText")))
        assert instr.strip() == "PAGE"
        text = "".join(t.text for t in ftr.iter(w("t")))
        assert text == "— 1 —"  # U+2014 on both sides of the field's placeholder
        assert val(ftr, "w:p/w:pPr/w:jc") == align
        assert val(ftr, "w:p/w:pPr/w:ind", side) == "280"
        for run in ftr.iter(w("r")):
            assert val(run, "w:rPr/w:rFonts", "eastAsia") == "宋体"
            assert val(run, "w:rPr/w:rFonts", "ascii") == "宋体"
            assert val(run, "w:rPr/w:sz") == "28"
        # docxtpl renders footers through Jinja: no braces may appear there
        assert b"{" not in etree.tostring(ftr)


def test_footer_sits_about_7mm_below_the_text_block(parts):
    sect = xml(parts, "plan", "word/document.xml").find("w:body/w:sectPr", NS)
    margins = sect.find("w:pgMar", NS)
    bottom = int(margins.get(w("bottom")))
    distance = int(margins.get(w("footer")))
    number_line = 280  # the page number's exact line, 14 pt
    assert abs(bottom - distance - number_line - 7 * MM) <= MM


def test_settings(parts):
    settings = xml(parts, "plan", "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    mode = settings.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert int(mode.get(w("val"))) >= 14


# Word rejects a document whose property elements are out of schema order.
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
    "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr",
}


def test_elements_are_in_schema_order(parts):
    for named in parts.values():
        for name, data in named.items():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            for elem in etree.fromstring(data).iter(*(w(tag) for tag in _ORDER)):
                order = _ORDER[etree.QName(elem).localname].split()
                # header/footer references may come in any order among themselves
                rank = [
                    min(order.index(etree.QName(c).localname), 1)
                    if etree.QName(c).localname in ("headerReference", "footerReference")
                    else order.index(etree.QName(c).localname)
                    for c in elem
                ]
                assert rank == sorted(rank), (name, [etree.QName(c).localname for c in elem])


# --- the template contract ----------------------------------------------------


@pytest.mark.parametrize(
    ("genre", "names"),
    [
        ("plan", {"title", "preamble", "sections", "signature"}),
        ("speech", {"title", "speaker", "date", "salutation", "opening", "sections", "closing"}),
    ],
)
def test_templates_use_the_contract_names(genre, names):
    template = DocxTemplate(str(bundled("templates") / f"{genre}.docx"))
    assert template.get_undeclared_template_variables() == names


# --- reading the style file ---------------------------------------------------


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = STYLE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "styles.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_unknown_key_names_file_and_line(tmp_path):
    path = edited(tmp_path, "  margin_top: 37mm", "  margin_top: 37mm\n  colour: red")
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    assert info.value.line == line_of(path, "colour: red")
    assert info.value.path == str(path)
    assert "colour" in str(info.value)


def test_bad_value_names_its_line(tmp_path):
    path = edited(tmp_path, "size: 二号", "size: 十号")
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    assert info.value.line == line_of(path, "size: 十号")


def test_length_needs_a_unit(tmp_path):
    path = edited(tmp_path, "margin_left: 28mm", "margin_left: 28")
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    assert info.value.line == line_of(path, "margin_left: 28")


def test_yaml_syntax_error_names_its_line(tmp_path):
    path = edited(tmp_path, "  font: 宋体\n", "  font: [宋体\n")
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    assert info.value.line is not None


def test_page_number_text_must_not_carry_jinja(tmp_path):
    path = edited(tmp_path, 'text: "— {page} —"', 'text: "— {{ page }} —"')
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    assert info.value.line == line_of(path, "{{ page }}")


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ("  width: 210mm              # A4\n", "", "height: 297mm", "width"),
        ("outline_level: 1", "outline_level: 1.5", "outline_level: 1.5", "整数"),
        ("first_line_chars: 2", "first_line_chars: .nan", "first_line_chars: .nan", "0 到 20"),
        ("align: justify", "align: middle", "align: middle", "middle"),
        ("font: 黑体", "font: +mn-ea theme", "font: +mn-ea theme", "主题字体"),
        ("font: 黑体", "font: !foo 黑体", "font: !foo", "无法识别"),
        ("gap: 7mm", "gap:", "gap:", "带单位的长度"),
        ("family: roman", "family: serif", "family: serif", "serif"),
    ],
)
def test_bad_values_name_their_line(tmp_path, old, new, needle, words):
    path = edited(tmp_path, old, new)
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    # a missing key is reported at its mapping, whose first line is the next key
    assert info.value.line == line_of(path, needle)
    assert words in info.value.message


def test_the_mark_after_an_items_number_is_the_full_width_one_unless_the_file_says_otherwise(tmp_path):
    assert layout.load_layout().ordinal_mark == "．"
    path = edited(tmp_path, 'ordinal_mark: "．"', 'ordinal_mark: "."')
    assert layout.load_layout(path).ordinal_mark == "."
    assert layout.load_layout(edited(tmp_path, "numbering:\n  ordinal_mark: \"．\"\n", "")).ordinal_mark == "．"


@pytest.mark.parametrize("value", ['"、"', '"。"', '".."', "1"])
def test_the_mark_after_an_items_number_is_one_of_the_two_forms_of_the_full_stop(tmp_path, value):
    path = edited(tmp_path, 'ordinal_mark: "．"', f"ordinal_mark: {value}")
    with pytest.raises(DataError) as info:
        layout.load_layout(path)
    assert info.value.line == line_of(path, f"ordinal_mark: {value}")
    assert "numbering.ordinal_mark" in info.value.message and "B.3.3" in info.value.message


def test_empty_style_entry_is_the_body(tmp_path):
    path = edited(tmp_path, "  heading4:                 # 四级标题 （1）\n    outline_level: 4", "  heading4:")
    spec = layout.load_layout(path)
    assert spec.styles["heading4"] == spec.styles["body"]


def test_edited_values_reach_the_template(tmp_path):
    path = edited(tmp_path, "margin_top: 37mm", "margin_top: 3.6cm")
    spec = layout.load_layout(path)
    document = etree.fromstring(layout.build_parts(spec, "plan")["word/document.xml"])
    assert val(document, "w:body/w:sectPr/w:pgMar", "top") == str(round(36 * MM))


# --- reproducibility ----------------------------------------------------------


def test_build_is_deterministic():
    spec = layout.load_layout()
    first = layout.build_docx(layout.build_parts(spec, "plan"))
    second = layout.build_docx(layout.build_parts(layout.load_layout(), "plan"))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("genre", layout.GENRES)
def test_committed_templates_match_a_fresh_build(parts, genre):
    committed = layout.read_parts(bundled("templates") / f"{genre}.docx")
    assert list(committed) == list(parts[genre])
    for name, data in parts[genre].items():
        assert committed[name] == data, f"{genre}.docx {name} is stale: run python -m drafting.layout"


def test_check_mode(tmp_path, capsys):
    assert layout.main(["--check"]) == 0
    assert layout.main(["--out", str(tmp_path)]) == 0
    assert layout.main(["--check", "--out", str(tmp_path)]) == 0
    stale = tmp_path / "speech.docx"
    parts = layout.read_parts(stale)
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"579", b"580")
    stale.write_bytes(layout.build_docx(parts))
    assert layout.main(["--check", "--out", str(tmp_path)]) == 1
    assert "speech.docx" in capsys.readouterr().err
