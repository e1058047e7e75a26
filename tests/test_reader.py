"""Reading existing documents: encodings, Word structure as a reader sees it, refusals."""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting import reader
from drafting.cli import main
from drafting.errors import InputError
from drafting.reader import read_paragraphs

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# --- building inputs ----------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/></Relationships>'
)
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>
    <w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
    <w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>
    <w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Level3"><w:name w:val="三级标题"/>
    <w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="NumberedHeading"><w:name w:val="编号标题"/>
    <w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"""


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*content: str, style: str | None = None, num: tuple[int, int] | None = None,
         ppr: str = "") -> str:
    """A w:p; plain strings become runs, strings starting with '<' are taken as XML."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    inner = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{inner}</w:p>"


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, str]) -> str:
    """numbering.xml from abstractNum levels and num bodies (abstractNumId + overrides)."""
    parts = [f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>'
             for a, levels in abstracts.items()]
    parts += [f'<w:num w:numId="{n}">{body}</w:num>' for n, body in nums.items()]
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
            f'{"".join(parts)}</w:numbering>')


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def document(body: str, sect: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>')


def make_docx(path: Path, body: str, *, styles: str | None = STYLES,
              numbering_xml: str | None = None, parts: dict[str, bytes | str] | None = None,
              sect: str = "", rels: str = "") -> Path:
    """A .docx of ``body``; ``sect`` goes into the last sectPr, ``rels`` are more document relationships."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS.replace("</Relationships>", rels + "</Relationships>"))
        z.writestr("word/document.xml", document(body, sect))
        if styles is not None:
            z.writestr("word/styles.xml", styles)
        if numbering_xml is not None:
            z.writestr("word/numbering.xml", numbering_xml)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return path


def texts(path: Path) -> list[str]:
    """The body's paragraphs (headers, footers, notes and text boxes come after them)."""
    return [p.text for p in read_paragraphs(path) if p.part == "body"]


def read_body(folder: Path, body: str, **parts) -> list:
    """Paragraphs of a .docx built in ``folder`` from ``body`` (and other parts)."""
    return read_paragraphs(make_docx(folder / "a.docx", body, **parts))


def refused(path: Path) -> InputError:
    """Read ``path`` expecting a refusal that names it and writes nothing."""
    before = sorted(path.parent.iterdir())
    with pytest.raises(InputError) as info:
        read_paragraphs(path)
    assert info.value.path == str(path)
    assert sorted(path.parent.iterdir()) == before
    return info.value


# --- plain text ---------------------------------------------------------------

PLAIN = ["2026年机关党建工作要点", "一、加强政治建设", "1．深化理论武装。坚持“第一议题”制度。"]


def _variants() -> dict[str, bytes]:
    lf = "\n".join(PLAIN) + "\n"
    noisy = "\r\n\r\n  \t\r\n".join(f"\t\u3000{line}\u3000 \t" for line in PLAIN) + "\r\n\u3000\r\n"
    return {
        "utf-8": lf.encode("utf-8"),
        "utf-8-bom": codecs.BOM_UTF8 + lf.encode("utf-8"),
        "utf-16-le-bom": codecs.BOM_UTF16_LE + lf.replace("\n", "\r\n").encode("utf-16-le"),
        "utf-16-be-bom": codecs.BOM_UTF16_BE + lf.encode("utf-16-be"),
        "utf-16-le-no-bom": lf.replace("\n", "\r\n").encode("utf-16-le"),
        "gb18030": lf.replace("\n", "\r\n").encode("gb18030"),
        "gbk": lf.encode("gbk"),
        "crlf": lf.replace("\n", "\r\n").encode("utf-8"),
        "cr": lf.replace("\n", "\r").encode("utf-8"),
        "indented-noise": noisy.encode("utf-8"),
        "indented-noise-gb18030": noisy.encode("gb18030"),
    }


@pytest.mark.parametrize("name", list(_variants()))
def test_text_encodings_and_noise_give_the_same_paragraphs(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(_variants()[name])
    paragraphs = read_paragraphs(path)
    assert [p.text for p in paragraphs] == PLAIN
    assert [p.index for p in paragraphs] == [0, 1, 2]
    assert all(p.label is None and p.style is None and not p.in_table for p in paragraphs)


def test_text_keeps_inner_tabs_and_drops_control_characters(tmp_path):
    path = tmp_path / "a.txt"
    # A DOS end-of-file mark, a zero-width space and a stray BOM are noise.
    path.write_bytes(("一、\t标题\x1a\n\u200b正文\ufeff\n" + "正文" * 100).encode("utf-8"))
    assert texts(path)[:2] == ["一、\t标题", "正文"]


def test_a_damaged_byte_does_not_turn_the_text_into_mojibake(tmp_path):
    text = "\n".join(PLAIN * 20)
    cut = tmp_path / "cut.txt"
    cut.write_bytes(text.encode("utf-8")[:-1])  # cut off inside the last character
    assert texts(cut)[:3] == PLAIN
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gbk") + b"\x81")  # a lone lead byte at the end
    assert texts(gbk)[:3] == PLAIN
    # Mostly ASCII with a few Chinese characters in GBK: not "UTF-8 with damage".
    ascii_gbk = tmp_path / "ascii.txt"
    ascii_gbk.write_bytes(("Work plan " * 100 + "\n要点\n").encode("gbk"))
    assert texts(ascii_gbk)[-1] == "要点"


def test_empty_text_file_has_no_paragraphs(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\r\n \t\r\n\xe3\x80\x80\n")
    assert read_paragraphs(path) == []


def test_binary_garbage_is_not_read_as_text(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(0).randbytes(4000))
    assert "编码" in refused(path).message


def test_text_starting_like_a_magic_number_is_still_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("BMW 与 MZ 开头的文字\n".encode("utf-8"))
    assert texts(path) == ["BMW 与 MZ 开头的文字"]


def test_text_file_named_without_txt_suffix_is_read_by_content(tmp_path):
    path = tmp_path / "plan"
    path.write_bytes("\n".join(PLAIN).encode("gb18030"))
    assert texts(path) == PLAIN


def test_oversized_text_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_TEXT_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    assert "太大" in refused(path).message


# --- .docx: text as a reader sees it ---------------------------------------------


def test_heading_split_over_runs_comes_out_whole(tmp_path):
    body = (
        para("2026年", "机关党建", "<w:r><w:t>工作要点</w:t></w:r>", style="Title")
        + para("一、", "加强", "<w:proofErr w:type=\"spellStart\"/>", "政治建设", style="Heading1")
        + para("<w:hyperlink><w:r><w:t>链接</w:t></w:r><w:r><w:t>文字</w:t></w:r></w:hyperlink>")
    )
    paragraphs = read_body(tmp_path, body)
    assert [p.text for p in paragraphs] == ["2026年机关党建工作要点", "一、加强政治建设", "链接文字"]
    title, heading, plain = paragraphs
    assert (title.style, title.outline_level) == ("Title", None)
    assert (heading.style, heading.outline_level) == ("Heading 1", 1)
    assert (plain.style, plain.outline_level) == ("Normal", None)


def test_outline_levels_from_paragraph_style_chain_and_builtin_name(tmp_path):
    body = (
        para("二级", style="Heading2")  # no outlineLvl anywhere: the built-in name says 2
        + para("三级", style="Level3")
        + para("段落大纲", ppr='<w:outlineLvl w:val="1"/>')
        + para("正文级别", style="Heading1", ppr='<w:outlineLvl w:val="9"/>')
        + para("未知样式", style="NoSuchStyle")
    )
    got = [(p.text, p.style, p.outline_level) for p in read_body(tmp_path, body)]
    assert got == [
        ("二级", "Heading 2", 2),
        ("三级", "三级标题", 3),
        ("段落大纲", "Normal", 2),
        ("正文级别", "Heading 1", None),
        ("未知样式", "Normal", None),
    ]


def test_docx_without_styles_part(tmp_path):
    paragraphs = read_body(tmp_path, para("正文", style="Heading1"), styles=None)
    assert [(p.text, p.style, p.outline_level) for p in paragraphs] == [("正文", None, None)]


def test_empty_paragraphs_are_skipped_and_indices_stay_consecutive(tmp_path):
    body = para("甲") + para() + para("  \u3000\t") + para("<w:r><w:tab/></w:r>") + para("乙")
    paragraphs = read_body(tmp_path, body)
    assert [(p.index, p.text) for p in paragraphs] == [(0, "甲"), (1, "乙")]


def test_text_in_tables_in_body_order(tmp_path):
    cell = lambda *ps: f"<w:tc><w:tcPr/>{''.join(ps)}</w:tc>"  # noqa: E731
    nested = f"<w:tbl><w:tr>{cell(para('嵌套'))}</w:tr></w:tbl>"
    table = (
        "<w:tbl><w:tblPr/><w:tblGrid/>"
        f"<w:tr>{cell(para('序号'))}{cell(para('任务'), para('第二段'))}</w:tr>"
        f"<w:tr>{cell(para('1'))}{cell(para(), nested, para('后'))}</w:tr>"
        "</w:tbl>"
    )
    body = para("表前") + table + para("表后")
    got = [(p.text, p.in_table) for p in read_body(tmp_path, body)]
    assert got == [("表前", False), ("序号", True), ("任务", True), ("第二段", True),
                   ("1", True), ("嵌套", True), ("后", True), ("表后", False)]


def test_content_controls_and_custom_xml_are_transparent(tmp_path):
    body = (
        f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr>"
        f"<w:sdtContent>{para('控件内')}</w:sdtContent></w:sdt>"
        + para("<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>行内控件</w:t></w:r></w:sdtContent></w:sdt>", "后")
    )
    assert texts(make_docx(tmp_path / "a.docx", body)) == ["控件内", "行内控件后"]


def test_manual_line_breaks_split_paragraphs(tmp_path):
    body = para("一是学习。", "<w:r><w:br/><w:t>二是调研。</w:t><w:br/></w:r>", "三是",
                "<w:r><w:cr/></w:r>", "四是整改。", style="Heading2")
    paragraphs = read_body(tmp_path, body)
    assert [p.text for p in paragraphs] == ["一是学习。", "二是调研。", "三是", "四是整改。"]
    assert [p.index for p in paragraphs] == [0, 1, 2, 3]
    assert {p.style for p in paragraphs} == {"Heading 2"}


def test_tabs_hidden_text_and_symbols(tmp_path):
    body = para("一、", "<w:r><w:tab/></w:r>", "标题",
                '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>',
                '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r>',
                '<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="宋体" w:char="2014"/></w:r>')
    assert texts(make_docx(tmp_path / "a.docx", body)) == ["一、\t标题可见—"]


def test_tracked_changes_read_as_accepted(tmp_path):
    body = (
        para("保留", '<w:del w:id="1" w:author="审"><w:r><w:delText>删掉</w:delText></w:r></w:del>',
             '<w:ins w:id="2" w:author="审"><w:r><w:t>新增</w:t></w:r></w:ins>',
             '<w:moveFrom w:id="3"><w:r><w:t>移走</w:t></w:r></w:moveFrom>',
             '<w:moveTo w:id="4"><w:r><w:t>移来</w:t></w:r></w:moveTo>')
        # A whole paragraph deleted: its text and its mark.
        + para('<w:del w:id="5"><w:r><w:delText>整段删除</w:delText></w:r></w:del>',
               ppr='<w:rPr><w:del w:id="6"/></w:rPr>')
        # Only the mark deleted: the paragraph runs on into the next one.
        + para("前半", ppr='<w:rPr><w:del w:id="7"/></w:rPr>')
        + para("后半", style="Heading1")
    )
    paragraphs = read_body(tmp_path, body)
    assert [(p.text, p.style) for p in paragraphs] == [
        ("保留新增移来", "Normal"), ("前半后半", "Heading 1"),
    ]


def test_field_results_kept_instructions_skipped(tmp_path):
    complex_field = (
        '<w:r><w:t>第</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t>页</w:t></w:r>'
    )
    simple_field = '<w:fldSimple w:instr=" DATE "><w:r><w:t>2026年1月8日</w:t></w:r></w:fldSimple>'
    no_result = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText>TOC \\o</w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    body = para(complex_field) + para(simple_field) + para(no_result, "正文")
    assert texts(make_docx(tmp_path / "a.docx", body)) == ["第3页", "2026年1月8日", "正文"]


# --- .docx: automatic numbering ----------------------------------------------------


def gov_numbering() -> str:
    """Headings 一、 with （一） below them in one list; items 1. in a list of their own."""
    return numbering(
        {
            # The second level's own counter is %2: "（%1）" there would repeat the
            # first level's number, as Word does.
            0: level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%2）"),
            1: level(0, "decimal", "%1."),
        },
        {1: '<w:abstractNumId w:val="0"/>', 2: '<w:abstractNumId w:val="1"/>'},
    )


def test_word_automatic_numbering_as_word_shows_it(tmp_path):
    body = (
        para("2026年机关党建工作要点", style="Title")
        + para("加强政治建设", style="NumberedHeading")  # numbered through its style
        + para("深化理论武装。", num=(2, 0))
        + para("严格组织生活。", num=(2, 0))
        + para("加强思想建设", num=(1, 0))
        + para("开展主题教育", num=(1, 1))
        + para("办好读书班。", num=(2, 0))  # items run on across sections
        + para("开展专题研讨", num=(1, 1))
        + para("加强作风建设", num=(1, 0))
        + para("改进文风会风", num=(1, 1))  # （一） again under a new heading
    )
    path = make_docx(tmp_path / "a.docx", body, numbering_xml=gov_numbering())
    paragraphs = read_paragraphs(path)
    assert [p.text for p in paragraphs] == [
        "2026年机关党建工作要点",
        "一、加强政治建设", "1.深化理论武装。", "2.严格组织生活。",
        "二、加强思想建设", "（一）开展主题教育", "3.办好读书班。", "（二）开展专题研讨",
        "三、加强作风建设", "（一）改进文风会风",
    ]
    assert [p.label for p in paragraphs] == [
        None, "一、", "1.", "2.", "二、", "（一）", "3.", "（二）", "三、", "（一）",
    ]
    heading = paragraphs[1]
    assert (heading.style, heading.outline_level) == ("编号标题", 1)


@pytest.mark.parametrize(
    ("fmt", "text", "start", "expected"),
    [
        ("decimal", "%1．", 1, ["1．", "2．", "3．"]),
        ("decimalFullWidth", "%1．", 1, ["１．", "２．", "３．"]),
        ("chineseCountingThousand", "%1、", 9, ["九、", "十、", "十一、"]),
        ("japaneseCounting", "%1、", 1, ["一、", "二、", "三、"]),
        ("ideographTraditional", "%1、", 1, ["甲、", "乙、", "丙、"]),
        ("decimalEnclosedCircleChinese", "%1", 1, ["①", "②", "③"]),
        ("chineseLegalSimplified", "%1、", 1, ["壹、", "贰、", "叁、"]),
        ("upperRoman", "%1.", 3, ["III.", "IV.", "V."]),
        ("lowerLetter", "(%1)", 25, ["(y)", "(z)", "(aa)"]),
        ("decimal", "（%1）", 0, ["（0）", "（1）", "（2）"]),
    ],
)
def test_number_formats(tmp_path, fmt, text, start, expected):
    xml = numbering({0: level(0, fmt, text, start)}, {1: '<w:abstractNumId w:val="0"/>'})
    body = "".join(para(f"项{i}", num=(1, 0)) for i in range(3))
    paragraphs = read_body(tmp_path, body, numbering_xml=xml)
    assert [p.label for p in paragraphs] == expected
    assert [p.text for p in paragraphs] == [f"{label}项{i}" for i, label in enumerate(expected)]


def test_numbering_instances_share_counters_and_start_overrides_restart(tmp_path):
    xml = numbering(
        {0: level(0, "decimal", "%1.")
         + level(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/>')},
        {
            1: '<w:abstractNumId w:val="0"/>',
            2: '<w:abstractNumId w:val="0"/>',  # same list, no override: continues
            3: '<w:abstractNumId w:val="0"/>'
               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride>',
        },
    )
    body = (para("a", num=(1, 0)) + para("b", num=(2, 0)) + para("c", num=(1, 1))
            + para("d", num=(3, 0)) + para("e", num=(1, 1)) + para("f", num=(3, 0)))
    labels = [p.label for p in read_body(tmp_path, body, numbering_xml=xml)]
    # lvlRestart 0: the second level never restarts when the first advances.
    assert labels == ["1.", "2.", "2.1", "10.", "10.2", "11."]


def test_numbering_edge_cases(tmp_path):
    xml = numbering(
        {
            0: level(0, "chineseCounting", "%1、") + level(1, "bullet", "\uf06c")
            + level(2, "decimal", "%3)"),
        },
        {1: '<w:abstractNumId w:val="0"/>', 2: '<w:abstractNumId w:val="99"/>'},
    )
    body = (
        para("无编号", style="NumberedHeading", num=(0, 0))  # numId 0 switches numbering off
        + para("", num=(1, 0))  # an empty numbered paragraph still takes 一、
        + para("第二", num=(1, 0))
        + para("圆点", num=(1, 1))
        + para("第三级", num=(1, 2))
        + para("坏引用", num=(2, 0))
        + para("无定义", num=(7, 0))
    )
    paragraphs = read_body(tmp_path, body, numbering_xml=xml)
    assert [(p.text, p.label) for p in paragraphs] == [
        ("无编号", None), ("二、第二", "二、"), ("圆点", None), ("1)第三级", "1)"),
        ("坏引用", None), ("无定义", None),
    ]


def test_numbering_linked_to_a_style_level(tmp_path):
    styles = STYLES.replace(
        "</w:styles>",
        '<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="二级"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>',
    )
    xml = numbering(
        {0: level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%2）",
                                                        extra='<w:pStyle w:val="Sub"/>')},
        {1: '<w:abstractNumId w:val="0"/>'},
    )
    body = para("总", num=(1, 0)) + para("分", style="Sub")
    assert texts(make_docx(tmp_path / "a.docx", body, styles=styles, numbering_xml=xml)) == [
        "一、总", "（一）分",
    ]


def test_placeholders_name_levels_not_positions(tmp_path):
    # "（%1）" on the second level shows the first level's number, as in Word; each
    # placeholder takes its own level's format unless the level is "legal" (isLgl).
    xml = numbering(
        {0: level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%1）")
         + level(2, "decimal", "%1.%2.%3")
         + level(3, "decimal", "%1.%2.%3.%4", extra="<w:isLgl/>")},
        {1: '<w:abstractNumId w:val="0"/>'},
    )
    body = (para("甲", num=(1, 0)) + para("乙", num=(1, 0)) + para("丙", num=(1, 1))
            + para("丁", num=(1, 2)) + para("戊", num=(1, 3)))
    labels = [p.label for p in read_body(tmp_path, body, numbering_xml=xml)]
    assert labels == ["一、", "二、", "（二）", "二.一.1", "2.1.1.1"]


def test_strict_ooxml_namespace(tmp_path):
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    path = tmp_path / "strict.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", document(para("一、", "严格格式")).replace(W, strict))
    assert texts(path) == ["一、严格格式"]


# --- our own rendered documents --------------------------------------------------------


@pytest.mark.parametrize("genre", ["plan", "speech"])
def test_rendered_drafts_read_back_intact(tmp_path, monkeypatch, genre):
    monkeypatch.chdir(tmp_path)
    args = (["plan", "--year", "2026", "--org", "市发展改革委"] if genre == "plan" else
            ["speech", "--meeting", "工委会议", "--year", "2026", "--org", "市直机关工委",
             "--speaker", "张三", "--date", "2026-01-10"])
    assert main([*args, "-o", "out.docx"]) == 0
    out = tmp_path / "out.docx"
    everything = read_paragraphs(out)
    paragraphs = [p for p in everything if p.part == "body"]
    expected = [p.text.strip() for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert [p.text for p in paragraphs] == expected
    # the page number in the footer is read too, after the body
    assert everything[len(paragraphs):] and all(p.part == "footer" for p in everything[len(paragraphs):])
    assert paragraphs[0].style == "Title"
    if genre == "plan":
        assert paragraphs[0].text == "2026年市发展改革委党的建设工作要点"
        items = [p.text for p in paragraphs if p.text[:1].isdigit() and "．" in p.text[:4]]
        assert items[0].startswith("1．") and len(items) >= 10
        headings = [p for p in paragraphs if p.style == "Heading 1"]
        assert headings[0].text.startswith("一、") and {p.outline_level for p in headings} == {1}


# --- refusals -------------------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(*streams: str) -> bytes:
    """An OLE header and a directory sector naming ``streams`` (enough to be recognised)."""
    entries = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0")
        + struct.pack("<H", 2 * len(name) + 2).ljust(64, b"\0")
        for name in ("Root Entry", *streams)
    )
    return OLE + b"\0" * 504 + entries.ljust(512, b"\0")


@pytest.mark.parametrize("name", ["old.doc", "old.docx", "old.txt"])
def test_legacy_doc_is_refused_with_save_as_advice(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ole_file("WordDocument", "1Table", "\x05SummaryInformation"))
    assert refused(path).message == "这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再试"


def test_encrypted_docx_is_refused_as_encrypted(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(ole_file("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"))
    error = refused(path)
    assert "加密" in error.message and ".doc）" not in error.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fake.docx", "这只是一段文字".encode()),
        ("bad.docx", b"PK\x03\x04" + b"\x00garbage" * 50),
        ("empty.docx", b""),
    ],
)
def test_corrupt_docx_is_refused(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert "损坏" in refused(path).message


def test_truncated_docx_is_refused(tmp_path):
    whole = make_docx(tmp_path / "whole.docx", para("正文" * 500)).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "损坏" in refused(path).message


def test_zip_without_main_document_is_refused(tmp_path):
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/styles.xml", STYLES)
    assert "word/document.xml" in refused(path).message
    sheet = tmp_path / "sheet.docx"
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in refused(sheet).message


def test_zip_bomb_by_compression_ratio(tmp_path):
    path = make_docx(tmp_path / "bomb.docx", para("正文"),
                     parts={"word/media/zeros.bin": b"\0" * (2 * 1024 * 1024)})
    assert path.stat().st_size < 20_000
    assert "解压" in refused(path).message


def test_zip_bomb_by_total_size(tmp_path, monkeypatch):
    media = {"word/media/a.bin": random.Random(1).randbytes(5000)}
    path = make_docx(tmp_path / "big.docx", para("正文"), parts=media)
    assert texts(path) == ["正文"]
    monkeypatch.setattr(reader.package, "MAX_UNCOMPRESSED_BYTES", 4000)
    assert "解压" in refused(path).message


def test_member_larger_than_declared_is_not_inflated(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "lie.docx", para("正文" * 2000))
    data = bytearray(path.read_bytes())
    # Shrink word/document.xml's declared size in the central directory.
    name = b"word/document.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    struct.pack_into("<I", data, central + 24, 100)
    path.write_bytes(bytes(data))
    refused(path)
    # And a part beyond the per-part limit is not read past it.
    honest = make_docx(tmp_path / "honest.docx", para("正文" * 2000))
    monkeypatch.setattr(reader.package, "MAX_PART_BYTES", 1000)
    assert "解压" in refused(honest).message


ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "展开了">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>'
)


def test_doctype_and_entities_are_refused(tmp_path):
    path = tmp_path / "evil.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", ENTITY_BOMB)
    error = refused(path)
    assert "DOCTYPE" in error.message and "展开了" not in str(error)


def test_doctype_hidden_by_utf16_is_refused_after_parsing(tmp_path):
    path = tmp_path / "evil16.docx"
    xml = ENTITY_BOMB.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", codecs.BOM_UTF16_LE + xml.encode("utf-16-le"))
    assert "DOCTYPE" in refused(path).message


def test_doctype_in_styles_part_is_refused(tmp_path):
    doctype = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    evil = STYLES.replace("<w:styles", doctype + "<w:styles")
    path = make_docx(tmp_path / "a.docx", para("正文"), styles=evil.split("\n", 1)[1])
    assert "DOCTYPE" in refused(path).message


def test_broken_xml_is_refused(tmp_path):
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    assert "XML" in refused(path).message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"%PDF-1.7\n..."),
        ("scan.png", b"\x89PNG\r\n\x1a\n...."),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("notes.rtf", b"{\\rtf1\\ansi text}"),
        ("table.xls", "看起来像文字".encode()),
    ],
)
def test_other_file_types_are_refused(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert refused(path).message == "不支持的文件类型：只能读取 .docx 和 .txt"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n....", "PNG 图片"),
        (b"%PDF-1.7\n...", "PDF 文件"),
        ("只是一些文字".encode(), "不是 zip 压缩包"),
        (b"", "不是 zip 压缩包"),
    ],
)
def test_a_non_zip_named_docx_is_not_a_valid_word_document(tmp_path, data, words):
    path = tmp_path / "scan.docx"
    path.write_bytes(data)
    error = refused(path)
    assert error.message.startswith("不是有效的 Word 文档") and words in error.message
    assert "不支持的文件类型" not in error.message and error.path == str(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError) as info:
        read_paragraphs(tmp_path / "nowhere.docx")
    assert info.value.message == "找不到文件" and info.value.path == str(tmp_path / "nowhere.docx")
    with pytest.raises(InputError) as info:
        read_paragraphs(tmp_path)
    assert "文件夹" in info.value.message


def test_docx_content_wins_over_a_txt_name(tmp_path):
    path = make_docx(tmp_path / "really-a-docx.txt", para("正文", style="Title"))
    assert [(p.text, p.style) for p in read_paragraphs(path)] == [("正文", "Title")]


# --- properties --------------------------------------------------------------------------------

_SETTINGS = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes_as_txt_raise_only_input_error(tmp_path, data):
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    try:
        paragraphs = read_paragraphs(path)
    except InputError:
        return
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    assert all(p.text and p.text == p.text.strip() for p in paragraphs)


@_SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes_after_zip_magic_raise_only_input_error(tmp_path, data):
    path = tmp_path / "any.docx"
    path.write_bytes(b"PK\x03\x04" + data)
    try:
        read_paragraphs(path)
    except InputError:
        pass


def _small_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/document.xml", document(para("一、标题", style="Heading1") + para("正文")))
        z.writestr("word/styles.xml", STYLES)
    return buffer.getvalue()


@_SETTINGS
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_damaged_docx_raises_only_input_error(tmp_path, position, value):
    data = bytearray(_small_docx())
    data[position % len(data)] = value
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    try:
        read_paragraphs(path)
    except InputError:
        pass


_XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=200,
)


def _visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\u200b\ufeff")


@_SETTINGS
@given(text=_XML_TEXT)
def test_any_text_in_a_docx_body_reads_back(tmp_path, text):
    path = make_docx(tmp_path / "any.docx", para(text) + para(text[::-1], style="Heading1"))
    try:
        paragraphs = read_paragraphs(path)
    except InputError:
        return
    assert "".join(_visible(p.text) for p in paragraphs) == _visible(text) + _visible(text[::-1])


# --- the seed documents ----------------------------------------------------------------------

seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="no ../shared/seeds beside the repository")


@seeds
def test_every_seed_reads(tmp_path):
    files = sorted(SEEDS.glob("*.txt"))
    assert files
    for seed in files:
        paragraphs = read_paragraphs(seed)
        assert len(paragraphs) >= 5, seed.name
        assert all(p.text == p.text.strip() for p in paragraphs)


@seeds
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_seed_in_other_encodings_reads_the_same(tmp_path, encoding):
    for seed in sorted(SEEDS.glob("*.txt")):
        copy = tmp_path / f"{encoding}-{seed.name}"
        text = seed.read_text(encoding="utf-8")
        copy.write_bytes(text.replace("\n", "\r\n").encode(encoding))
        assert read_paragraphs(copy) == read_paragraphs(seed), seed.name


# --- headers, footers, notes, text boxes ------------------------------------------------------


def rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"/>'


def story(tag: str, content: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{tag} xmlns:w="{W}">{content}</w:{tag}>'


def header_ref(rid: str, kind: str = "header", which: str = "default") -> str:
    return f'<w:{kind}Reference w:type="{which}" r:id="{rid}"/>'


def notes(tag: str, *texts: str) -> str:
    """A footnotes/endnotes part: Word's two separator notes, then one note per text."""
    sep = (f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
           f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>')
    body = "".join(f'<w:{tag} w:id="{n}"><w:p><w:r><w:{tag}Ref/></w:r>{run(" " + t)}</w:p></w:{tag}>'
                   for n, t in enumerate(texts, 1))
    return story(tag + "s", sep + body)


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def textbox(text: str, *, fallback: bool = True) -> str:
    """A run with a text box: DrawingML with a VML copy in mc:Fallback, or VML alone."""
    content = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    vml = f'<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>{content}</v:textbox></v:shape></w:pict>'
    if not fallback:
        return f"<w:r>{vml}</w:r>"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    return (f'<w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing>'
            f'<wps:wsp xmlns:wps="{wps}"><wps:txbx>{content}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>")


def test_headers_footers_and_notes_come_after_the_body(tmp_path):
    ps = read_body(tmp_path, para("正文标题", style="Title") + para("正文一段。"),
                   sect=header_ref("rH1") + header_ref("rH2", which="first") + header_ref("rF1", "footer"),
                   rels=rel("rH1", "header", "header1.xml") + rel("rH2", "header", "header2.xml")
                   + rel("rF1", "footer", "footer1.xml") + rel("rFn", "footnotes", "footnotes.xml")
                   + rel("rEn", "endnotes", "endnotes.xml"),
                   parts={"word/header1.xml": story("hdr", para("页眉文字")),
                          "word/header2.xml": story("hdr", para("首页页眉")),
                          "word/footer1.xml": story("ftr", para("页脚文字")),
                          "word/footnotes.xml": notes("footnote", "脚注一", "脚注二"),
                          "word/endnotes.xml": notes("endnote", "尾注一")})
    assert [(p.index, p.part, p.text) for p in ps] == [
        (0, "body", "正文标题"), (1, "body", "正文一段。"), (2, "header", "页眉文字"), (3, "header", "首页页眉"),
        (4, "footer", "页脚文字"), (5, "footnote", "脚注一"), (6, "footnote", "脚注二"), (7, "endnote", "尾注一")]
    assert ps[2].story == "word/header1.xml" and ps[6].block == 1 and ps[0].story is None


def test_a_header_part_referenced_by_two_sections_is_read_once(tmp_path):
    body = para("第一节。", ppr=f"<w:sectPr>{header_ref('rH1')}</w:sectPr>") + para("第二节。")
    ps = read_body(tmp_path, body, sect=header_ref("rH1") + header_ref("rH1", which="even"),
                   rels=rel("rH1", "header", "header1.xml"), parts={"word/header1.xml": story("hdr", para("页眉"))})
    assert [p.text for p in ps if p.part == "header"] == ["页眉"]


def test_a_header_with_a_table(tmp_path):
    table = "<w:tbl><w:tr><w:tc>" + para("左栏") + "</w:tc><w:tc>" + para("右栏2020年") + "</w:tc></w:tr></w:tbl>"
    ps = read_body(tmp_path, para("正文。"), sect=header_ref("rH1"), rels=rel("rH1", "header", "header1.xml"),
                   parts={"word/header1.xml": story("hdr", table + para(""))})
    assert [(p.text, p.in_table, p.block) for p in ps if p.part == "header"] == [("左栏", True, 0), ("右栏2020年", True, 1)]


def test_text_boxes_are_read_once_even_with_a_fallback_copy_and_inside_a_table_cell(tmp_path):
    cell = "<w:tbl><w:tr><w:tc>" + para("单元格", textbox("格中文本框")) + "</w:tc></w:tr></w:tbl>"
    ps = read_body(tmp_path, para("正文", textbox("文本框一")) + cell + para(textbox("旧式文本框", fallback=False)))
    assert [(p.part, p.text) for p in ps] == [
        ("body", "正文"), ("body", "单元格"),
        ("textbox", "文本框一"), ("textbox", "格中文本框"), ("textbox", "旧式文本框")]
    assert [p.block for p in ps if p.part == "textbox"] == [0, 1, 2]
    assert {p.story for p in ps if p.part == "textbox"} == {"word/document.xml"}


def test_a_footnote_reference_in_a_heading_leaves_the_heading_clean(tmp_path):
    from drafting.parse import parse_paragraphs

    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    body = (para("2026年机关党建工作要点", style="Title") + para("一、加强政治建设", ref, style="Heading1")
            + para("1．深化理论武装。"))
    ps = read_body(tmp_path, body, rels=rel("rFn", "footnotes", "footnotes.xml"),
                   parts={"word/footnotes.xml": notes("footnote", "一、这条脚注不是标题")})
    assert ps[1].text == "一、加强政治建设"
    assert ps[-1].part == "footnote"
    outline = parse_paragraphs(ps).outline
    assert outline.title == "2026年机关党建工作要点"
    assert [s.heading for s in outline.sections] == ["加强政治建设"]  # the note never becomes a section


def test_empty_missing_and_broken_optional_parts_are_skipped(tmp_path):
    ps = read_body(tmp_path, para("正文。"),
                   sect=header_ref("rH1") + header_ref("rH2", which="first") + header_ref("rF1", "footer")
                   + header_ref("rNone"),
                   rels=rel("rH1", "header", "header1.xml") + rel("rH2", "header", "nowhere.xml")
                   + rel("rF1", "footer", "footer1.xml"),
                   parts={"word/header1.xml": story("hdr", ""), "word/footer1.xml": "<w:ftr xmlns:w="})
    assert [p.text for p in ps] == ["正文。"]


def test_a_doctype_in_a_footer_is_refused(tmp_path):
    evil = story("ftr", para("&a;")).replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
    path = make_docx(tmp_path / "a.docx", para("正文。"), sect=header_ref("rF1", "footer"),
                     rels=rel("rF1", "footer", "footer1.xml"), parts={"word/footer1.xml": evil})
    assert "DOCTYPE" in refused(path).message


def test_an_oversized_footer_is_refused(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "a.docx", para("正文。"), sect=header_ref("rF1", "footer"),
                     rels=rel("rF1", "footer", "footer1.xml"), parts={"word/footer1.xml": story("ftr", para("页脚" * 2000))})
    monkeypatch.setattr(reader.package, "MAX_PART_BYTES", 3000)
    assert "太大" in refused(path).message


# --- encodings and refusals said plainly (issue #14, part 5) ----------------------


def test_utf16_le_without_bom_of_two_chinese_characters_reads_them(tmp_path):
    # 一 is U+4E00: its NUL falls where ASCII's would in big-endian text
    path = tmp_path / "a.txt"
    path.write_bytes("一、".encode("utf-16-le"))
    assert [p.text for p in read_paragraphs(path)] == ["一、"]
    path.write_bytes("一、加强学习".encode("utf-16-be"))
    assert [p.text for p in read_paragraphs(path)] == ["一、加强学习"]


def test_utf16_without_bom_of_mostly_ascii_keeps_its_byte_order(tmp_path):
    path = tmp_path / "a.txt"
    for order in ("utf-16-le", "utf-16-be"):
        path.write_bytes("Plan 2025: 一、学习".encode(order))
        assert [p.text for p in read_paragraphs(path)] == ["Plan 2025: 一、学习"]


def test_utf8_full_of_control_characters_is_refused_for_them_not_its_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(("一、加强学习。" * 4 + "\x01").encode() * 5)
    message = refused(path).message
    assert "5 个控制字符" in message and "编码" not in message


def nested_tables(depth: int) -> str:
    body = para("最里面的文字")
    for _ in range(depth):
        body = f"<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl>"
    return body


def test_deeply_nested_tables_are_refused_as_too_deep_not_damaged(tmp_path):
    assert texts(make_docx(tmp_path / "ok.docx", nested_tables(60))) == ["最里面的文字"]
    message = refused(make_docx(tmp_path / "deep.docx", nested_tables(100))).message
    assert "嵌套太深" in message and "层" in message and "损坏" not in message


def test_a_document_part_too_large_names_the_limit_without_accusing(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "big.docx", para("正文" * 2000))
    monkeypatch.setattr(reader.package, "MAX_PART_BYTES", 2 * 1024 * 1024 - 1)
    monkeypatch.setattr(reader.package, "MAX_UNCOMPRESSED_BYTES", 4000)
    message = refused(path).message
    assert "太大" in message and "恶意" not in message and "上限" in message
