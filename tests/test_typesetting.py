"""Typesetting that holds in Word and WPS: 标点避头尾, East Asian punctuation, comment styles, compatibility mode.

Read from the XML of the templates, of a rendered draft and of a revised copy;
what LibreOffice makes of it is in the tests marked ``soffice`` at the end.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafting.model import Edit, Outline, Section, Item
from drafting.reader import read_paragraphs
from drafting.render import render
from drafting.revise import revise_docx, revise_text
from drafting.resources import template_path

from test_reader import W, make_docx, para, run

NS = {"w": W}
WHEN = __import__("datetime").datetime(2026, 3, 5, 9, 0)


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def outline(*bodies: str) -> Outline:
    items = tuple(Item(body, lead="统筹推进重点工作", number=n) for n, body in enumerate(bodies, 1))
    return Outline("plan", "2026年某某机关党建工作要点", (Section(1, "加强政治建设", items),), year=2026)


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "plan.docx"
    return render(outline("深入开展“四强”党支部创建活动——以点带面……推动落实。"), out)


# --- 标点避头尾 and compatibility mode --------------------------------------------------------


def test_the_draft_keeps_punctuation_off_line_starts_and_out_of_the_margin(draft):
    ppr = part(draft, "word/styles.xml").find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    kinsoku, overflow = ppr.find("w:kinsoku", NS), ppr.find("w:overflowPunct", NS)
    assert kinsoku is not None and kinsoku.get(w("val")) in (None, "1", "true", "on")
    # a hanging comma would be a 29th character in the margin, and Word lets it override kinsoku
    assert overflow is not None and overflow.get(w("val")) == "0"


def test_the_draft_opens_in_word_2013_mode_not_compatibility_mode(draft):
    mode = part(draft, "word/settings.xml").find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert mode.get(w("val")) == "15"


# --- East Asian fonts for “ ” — … ---------------------------------------------------------------


def test_the_drafts_shared_punctuation_is_set_in_the_chinese_font(draft):
    # Word carries the hint as a run property inherited from the styles: the defaults give it
    # to every run, and no run of the draft overrides it
    hint = part(draft, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert hint.get(w("hint")) == "eastAsia"
    runs = [r for r in part(draft, "word/document.xml").iter(w("r")) if set("“”—…") & set("".join(r.itertext()))]
    assert runs, "the draft has the quotation marks, dash and ellipsis of its item"
    for r in runs:
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts is None or fonts.get(w("hint")) in (None, "eastAsia")


def test_every_style_of_the_template_hints_east_asian(draft):
    styles = part(draft, "word/styles.xml")
    fonts = styles.findall(".//w:rFonts", NS)
    assert fonts and all(f.get(w("hint")) == "eastAsia" for f in fonts)


# --- comments in 批注文字 ----------------------------------------------------------------------


def _style(styles, sid: str):
    return styles.find(f"w:style[@w:styleId='{sid}']", NS)


def test_the_template_has_small_single_spaced_comment_styles():
    styles = part(template_path("plan"), "word/styles.xml")
    text = _style(styles, "CommentText")
    assert text.find("w:name", NS).get(w("val")) == "annotation text"  # Word shows it as 批注文字
    assert text.find("w:rPr/w:sz", NS).get(w("val")) == "18"  # 小五, not the body's 三号
    spacing = text.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("240", "auto")  # not the fixed 28.95 pt
    assert text.find("w:pPr/w:snapToGrid", NS).get(w("val")) == "0"
    assert text.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "0"
    reference = _style(styles, "CommentReference")
    assert reference.get(w("type")) == "character"
    assert reference.find("w:name", NS).get(w("val")) == "annotation reference"


def _comment_paragraphs(path: Path):
    return list(part(path, "word/comments.xml").iter(w("p")))


def _question(path: Path, out: Path, words: str, comment: str) -> Path:
    paragraphs = read_paragraphs(path)
    at = paragraphs[0].text.index(words)
    revise_docx(path, paragraphs, [Edit(0, at, at + len(words), words, None, comment)], out, author="审核", when=WHEN)
    return out


def test_a_comment_written_into_a_document_without_comment_styles_is_small(tmp_path):
    src = make_docx(tmp_path / "s.docx", para("全面推进“四强”党支部建设。"))
    before = part(src, "word/styles.xml")
    out = _question(src, tmp_path / "o.docx", "四强", "请核对“四强”的提法")
    styles = part(out, "word/styles.xml")
    (p,) = _comment_paragraphs(out)
    sid = p.find("w:pPr/w:pStyle", NS).get(w("val"))
    assert _style(styles, sid).find("w:name", NS).get(w("val")) == "annotation text"
    assert _style(styles, sid).find("w:rPr/w:sz", NS).get(w("val")) == "18"
    assert _style(styles, sid).find("w:basedOn", NS).get(w("val")) == "Normal"
    # the reference mark in the text and in the comment
    refs = [r for r in part(out, "word/document.xml").iter(w("r")) if r.find("w:commentReference", NS) is not None]
    refs += [r for r in p.iter(w("r")) if r.find("w:annotationRef", NS) is not None]
    assert len(refs) == 2
    for r in refs:
        ref = _style(styles, r.find("w:rPr/w:rStyle", NS).get(w("val")))
        assert ref.find("w:name", NS).get(w("val")) == "annotation reference"
    # the document's own styles are kept as they were, the two new ones come after them
    canon = [etree.tostring(s, method="c14n") for s in styles.findall("w:style", NS)]
    assert canon[:-2] == [etree.tostring(s, method="c14n") for s in before.findall("w:style", NS)]
    # the comment's “ ” are East Asian punctuation too
    quoted = [r for r in p.iter(w("r")) if "“" in "".join(r.itertext())]
    assert quoted[0].find("w:rPr/w:rFonts", NS).get(w("hint")) == "eastAsia"


def test_a_documents_own_comment_style_is_used_and_its_styles_left_alone(tmp_path):
    own = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
           '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="annotation text"/>'
           '<w:basedOn w:val="a"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
           '<w:style w:type="character" w:styleId="a6"><w:name w:val="annotation reference"/></w:style>'
           '</w:styles>')
    src = make_docx(tmp_path / "s.docx", para("全面推进党支部建设。"), styles=own)
    out = _question(src, tmp_path / "o.docx", "党支部", "请核对")
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.read("word/styles.xml") == b.read("word/styles.xml")
    (p,) = _comment_paragraphs(out)
    assert p.find("w:pPr/w:pStyle", NS).get(w("val")) == "a5"
    ref = next(r for r in p.iter(w("r")) if r.find("w:annotationRef", NS) is not None)
    assert ref.find("w:rPr/w:rStyle", NS).get(w("val")) == "a6"


def test_a_new_comment_style_takes_a_free_id(tmp_path):
    taken = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
             '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="某某自定义"/></w:style>'
             '</w:styles>')
    src = make_docx(tmp_path / "s.docx", para("全面推进党支部建设。"), styles=taken)
    out = _question(src, tmp_path / "o.docx", "党支部", "请核对")
    (p,) = _comment_paragraphs(out)
    sid = p.find("w:pPr/w:pStyle", NS).get(w("val"))
    styles = part(out, "word/styles.xml")
    assert sid != "CommentText" and _style(styles, sid).find("w:name", NS).get(w("val")) == "annotation text"
    assert _style(styles, "CommentText").find("w:name", NS).get(w("val")) == "某某自定义"


def test_no_comment_no_new_style(tmp_path):
    src = make_docx(tmp_path / "s.docx", para("2025年全面推进党支部建设。"))
    paragraphs = read_paragraphs(src)
    revise_docx(src, paragraphs, [Edit(0, 0, 5, "2025年", "2026年")], tmp_path / "o.docx", author="审核", when=WHEN)
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(tmp_path / "o.docx") as b:
        assert a.read("word/styles.xml") == b.read("word/styles.xml")


def test_a_text_laid_into_the_template_gets_the_templates_comment_style(tmp_path):
    from drafting.model import Paragraph

    paragraphs = [Paragraph(0, "全面推进党支部建设。")]
    out = tmp_path / "o.docx"
    revise_text(paragraphs, {}, [Edit(0, 4, 7, "党支部", None, "请核对")], out,
                template=template_path("plan"), author="审核", when=WHEN)
    (p,) = _comment_paragraphs(out)
    assert p.find("w:pPr/w:pStyle", NS).get(w("val")) == "CommentText"


# --- runs revise inserts --------------------------------------------------------------------


def test_an_inserted_quotation_is_marked_east_asian(tmp_path):
    src = make_docx(tmp_path / "s.docx", para(run("开展主题教育。", '<w:rPr><w:b/></w:rPr>')))
    paragraphs = read_paragraphs(src)
    out = tmp_path / "o.docx"
    revise_docx(src, paragraphs, [Edit(0, 2, 6, "主题教育", "“四强”创建")], out, author="审核", when=WHEN)
    (inserted,) = part(out, "word/document.xml").iter(w("ins"))
    rpr = inserted.find("w:r/w:rPr", NS)
    assert rpr.find("w:b", NS) is not None  # formatted like the text it replaces
    assert rpr.find("w:rFonts", NS).get(w("hint")) == "eastAsia"


# --- tables under the fixed line pitch -----------------------------------------------------------


def test_a_table_grid_tables_paragraphs_are_single_spaced_and_unindented(draft):
    styles = part(draft, "word/styles.xml")
    grid = _style(styles, "TableGrid")
    assert grid.get(w("type")) == "table" and grid.find("w:name", NS).get(w("val")) == "Table Grid"
    spacing = grid.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("240", "auto")
    assert grid.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "0"
    assert grid.find("w:pPr/w:snapToGrid", NS).get(w("val")) == "0"
    # Word ranks a paragraph style above a table style: the body's line and indent are
    # document defaults, which a table style overrides, and Normal does not repeat them
    normal = _style(styles, "Normal")
    assert normal.find("w:pPr/w:spacing", NS) is None and normal.find("w:pPr/w:ind", NS) is None
    defaults = styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    assert defaults.find("w:spacing", NS).get(w("line")) == "579"
    assert defaults.find("w:ind", NS).get(w("firstLineChars")) == "200"


# --- on the page LibreOffice lays out ---------------------------------------------------------


def _lines(bbox: str) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, text) of each line of a page's pdftotext -bbox-layout output."""
    root = etree.fromstring(bbox.encode(), etree.XMLParser(recover=True))
    out = []
    for line in root.iter("{*}line"):
        text = "".join(wd.text or "" for wd in line.iter("{*}word"))
        out.append((float(line.get("xMin")), float(line.get("yMin")), float(line.get("xMax")), text))
    return out


def test_on_the_page_a_tables_rows_are_single_lines_and_quotes_full_width(tmp_path, soffice):
    from docx import Document
    from docx.shared import Pt

    path = render(outline("推动党建工作高质量发展。"), tmp_path / "plan.docx")
    document = Document(str(path))
    document.add_paragraph("一“一”一")
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"  # what Word and WPS give a table inserted from their menus
    for row in table.rows:
        for cell in row.cells:
            cell.text = "表格文字"
            cell.paragraphs[0].runs[0].font.size = Pt(12)  # 小四, as tables often are
    document.save(str(path))
    (pdf,) = soffice.convert(path)
    lines = _lines(soffice.bbox(pdf, 1))
    # five full-width characters of 三号 (16 pt, less the body's 0.25 pt tightening), not 3 + 2 narrow quotes.
    # (LibreOffice 7.4 reads no w:hint; it sets a quote between Han characters in their font.
    # A quote opening a paragraph it sets narrower, hint or not: that case is Word's alone to test.)
    quoted = next(line for line in lines if line[3] == "一“一”一")
    assert quoted[2] - quoted[0] >= 5 * 15.0
    cells = [line for line in lines if line[3] == "表格文字"]
    assert len(cells) == 6
    rows = sorted({round(line[1], 1) for line in cells})
    pitch = [b - a for a, b in zip(rows, rows[1:])]
    # a 小四 line with the cell's border, not the 28.95 pt of the body's grid
    assert len(pitch) == 2 and all(p < 22 for p in pitch), pitch
    # no two-character indent inside a cell: the text starts at the cell's left margin
    text_left = quoted[0] - 2 * 15.75  # the quoted paragraph starts two characters in
    first_column = min(line[0] for line in cells)
    assert first_column - text_left < 10  # the cell's 5.4 pt margin, not two characters


# --- the compatibility mode of a revised copy ---------------------------------------------------------


SETTINGS_RELS = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/settings" Target="settings.xml"/>')


def _settings(inner: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{W}" '
            f'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">{inner}</w:settings>')


def _revised_settings(tmp_path, inner: str) -> etree._Element:
    tmp_path.mkdir(exist_ok=True)
    src = make_docx(tmp_path / "s.docx", para("2025年全面推进党支部建设。"), rels=SETTINGS_RELS,
                    parts={"word/settings.xml": _settings(inner)})
    paragraphs = read_paragraphs(src)
    out = tmp_path / "o.docx"
    revise_docx(src, paragraphs, [Edit(0, 0, 5, "2025年", "2026年")], out, author="审核", when=WHEN)
    return part(out, "word/settings.xml")


def _mode(settings) -> str | None:
    found = settings.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    return None if found is None else found.get(w("val"))


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_copy_of_a_document_without_a_compatibility_mode_gets_word_2013s(tmp_path):
    settings = _revised_settings(tmp_path, '<w:zoom w:percent="100"/><m:mathPr/><w:decimalSymbol w:val="."/>')
    assert _mode(settings) == "15"
    # in its place in the settings' sequence: after zoom, before the math properties
    assert [etree.QName(c).localname for c in settings] == ["zoom", "compat", "mathPr", "decimalSymbol"]


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_copy_keeps_the_compatibility_mode_its_document_had(tmp_path):
    inner = ('<w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" '
             'w:uri="http://schemas.microsoft.com/office/word" w:val="14"/></w:compat>')
    assert _mode(_revised_settings(tmp_path / "a", inner)) == "14"
    settings = _revised_settings(tmp_path / "b", "<w:compat><w:useFELayout/></w:compat>")
    assert _mode(settings) == "15" and settings.find("w:compat/w:useFELayout", NS) is not None
