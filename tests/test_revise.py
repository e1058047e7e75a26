"""Tracked changes and comments written into a copy of a Word document.

Reviewers accept or reject each revision in Word: accepting all must give the
intended text, rejecting all the original text exactly, and every paragraph
without an edit must be the same XML as before. Comments must sit on the words
they are about.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from drafting.errors import InputError, OutputError
from drafting.model import Edit
from drafting.reader import read_paragraphs
from drafting.revise import revise_docx, revise_text
from drafting.resources import template_path

from test_reader import W, make_docx, para, run, texts

WHEN = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
NS = {"w": W}


# --- reading a revised document back ------------------------------------------------------


def document_root(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _rewrite(path: Path, out: Path, change) -> Path:
    """A copy of ``path`` whose Word XML parts (document, headers, footers, notes) went through ``change(root)``."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if _story_part(info.filename):
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            zout.writestr(info, data)
    return out


def _story_part(name: str) -> bool:
    base = name.rpartition("/")[2]
    return name.startswith("word/") and base.endswith(".xml") and base.startswith(
        ("document", "header", "footer", "footnotes", "endnotes"))


def _unwrap(el) -> None:
    parent = el.getparent()
    at = parent.index(el)
    for child in list(el):
        parent.insert(at, child)
        at += 1
    parent.remove(el)


def accept_all(path: Path, out: Path) -> Path:
    """What Word's "accept all changes" does: deletions go, insertions stay."""
    def change(root):
        for d in list(root.iter(f"{{{W}}}del")):
            d.getparent().remove(d)
        for i in list(root.iter(f"{{{W}}}ins")):
            _unwrap(i)
    return _rewrite(path, out, change)


def reject_all(path: Path, out: Path) -> Path:
    """What "reject all changes" does: insertions go, deleted text comes back."""
    def change(root):
        for i in list(root.iter(f"{{{W}}}ins")):
            i.getparent().remove(i)
        for d in list(root.iter(f"{{{W}}}del")):
            for t in d.iter(f"{{{W}}}delText"):
                t.tag = f"{{{W}}}t"
            _unwrap(d)
    return _rewrite(path, out, change)


def revisions(path: Path) -> list[tuple[int, str, str]]:
    """(paragraph number, deleted, inserted) for each change as Word shows it.

    Deleted and inserted runs next to each other (markup such as bookmarks in
    between does not count) make one change.
    """
    out = []
    for n, p in enumerate(document_root(path).iter(f"{{{W}}}p")):
        tokens: list[tuple[str, str]] = []
        for r in p.iter(f"{{{W}}}r"):
            text = "".join(t.text or "" for t in r if etree.QName(t).localname in ("t", "delText"))
            if not text:
                continue
            kind = next((etree.QName(a).localname for a in r.iterancestors(f"{{{W}}}del", f"{{{W}}}ins")), "keep")
            tokens.append((kind, text))
        change = None
        for kind, text in tokens + [("keep", "")]:
            if kind == "keep":
                if change:
                    out.append((n, change["del"], change["ins"]))
                change = None
            else:
                change = change or {"del": "", "ins": ""}
                change[kind] += text
    return out


def comments(path: Path) -> list[tuple[str, str]]:
    """(the text the comment is anchored on, the comment) for each comment."""
    root = document_root(path)
    with zipfile.ZipFile(path) as z:
        part = etree.fromstring(z.read("word/comments.xml"))
    said = {c.get(f"{{{W}}}id"): "".join(c.itertext()) for c in part.iter(f"{{{W}}}comment")}
    out = []
    open_: dict[str, list[str]] = {}
    for el in root.iter():
        tag = etree.QName(el).localname
        cid = el.get(f"{{{W}}}id")
        if tag == "commentRangeStart":
            open_[cid] = []
        elif tag == "commentRangeEnd":
            out.append(("".join(open_.pop(cid)), said[cid]))
        elif tag in ("t", "delText") and el.text:
            for words in open_.values():
                words.append(el.text)
    return out


def paragraph_xml(path: Path) -> list[bytes]:
    return [etree.tostring(p, method="c14n") for p in document_root(path).iter(f"{{{W}}}p")]


# --- one document, by hand ----------------------------------------------------------------

BOLD = "<w:rPr><w:b/></w:rPr>"


def sample(tmp_path: Path) -> Path:
    body = (
        para(run("20"), run("20年机关党建工作要点", BOLD), style="Title")
        + para("2020年是“十三五”规划收官之年。")
        + para("这一段没有需要改的地方。")
        + "<w:tbl><w:tr><w:tc>" + para("表格里开展第十六届“读书月”活动。") + "</w:tc></w:tr></w:tbl>"
        + para("深入学习", "<w:r><w:tab/></w:r>", "十九届四中全会精神。")
    )
    return make_docx(tmp_path / "src.docx", body)


def edits_for(paragraphs, *specs) -> list[Edit]:
    """Edits from (paragraph, old text, new text or None, comment or None)."""
    out = []
    for index, old, new, comment in specs:
        start = paragraphs[index].text.index(old)
        out.append(Edit(index, start, start + len(old), old, new, comment))
    return out


def test_changes_become_revisions_that_accept_and_reject_cleanly(tmp_path):
    src = sample(tmp_path)
    before = src.read_bytes()
    ps = read_paragraphs(src)
    edits = edits_for(
        ps,
        (0, "2020年", "2021年", None),  # split across two runs, one of them bold
        (1, "2020年", "2021年", None),
        (1, "“十三五”规划收官之年", "“十四五”规划开局之年", None),
        (3, "十六", "十七", None),  # inside a table cell
        (4, "四中", "五中", "按政治日历更新"),  # after a tab
    )
    out = tmp_path / "out.docx"
    applied = revise_docx(src, ps, edits, out, author="审稿人", when=WHEN)
    assert len(applied.placed) == 5 and not applied.skipped
    assert src.read_bytes() == before  # the source is untouched

    assert texts(accept_all(out, tmp_path / "a.docx")) == [
        "2021年机关党建工作要点", "2021年是“十四五”规划开局之年。", "这一段没有需要改的地方。",
        "表格里开展第十七届“读书月”活动。", "深入学习\t十九届五中全会精神。",
    ]
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(src)
    # the reader shows a revised document as accepted
    assert texts(out) == texts(tmp_path / "a.docx")

    root = document_root(out)
    dels = root.findall(".//w:del", NS)
    assert dels and all(d.get(f"{{{W}}}author") == "审稿人" and d.get(f"{{{W}}}date") == "2026-11-21T09:30:00Z"
                        for d in dels + root.findall(".//w:ins", NS))
    # the bold half of the split year keeps its formatting in the deletion and the insertion
    title = root.find(".//w:p", NS)
    assert title.find("w:del/w:r[2]/w:rPr/w:b", NS) is not None
    ids = [el.get(f"{{{W}}}id") for el in root.iter() if el.get(f"{{{W}}}id") is not None
           and etree.QName(el).localname in ("ins", "del")]
    assert len(ids) == len(set(ids))
    assert comments(out) == [("四中五中", "按政治日历更新")]


def test_paragraphs_without_edits_are_the_same_xml(tmp_path):
    src = sample(tmp_path)
    ps = read_paragraphs(src)
    out = tmp_path / "out.docx"
    revise_docx(src, ps, edits_for(ps, (1, "2020年", "2021年", None)), out, author="a", when=WHEN)
    old, new = paragraph_xml(src), paragraph_xml(out)
    assert len(old) == len(new)
    assert [n for n, (a, b) in enumerate(zip(old, new)) if a != b] == [1]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        for name in ("word/styles.xml", "_rels/.rels"):
            assert a.read(name) == b.read(name)


def test_a_question_is_a_comment_on_its_words_and_nothing_changes(tmp_path):
    src = sample(tmp_path)
    ps = read_paragraphs(src)
    out = tmp_path / "out.docx"
    revise_docx(src, ps, edits_for(ps, (1, "收官之年", None, "2021年不再是收官之年")), out, author="a", when=WHEN)
    assert comments(out) == [("收官之年", "2021年不再是收官之年")]
    assert revisions(out) == []
    assert texts(out) == texts(src)
    with zipfile.ZipFile(out) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "/word/comments.xml" in types and "comments.xml" in rels


def test_an_insertion_alone_is_a_tracked_insertion(tmp_path):
    src = make_docx(tmp_path / "s.docx", para("学习十八届三中、四中、五中全会精神。"))
    ps = read_paragraphs(src)
    at = ps[0].text.index("全会")
    out = tmp_path / "o.docx"
    revise_docx(src, ps, [Edit(0, at, at, "", "、六中")], out, author="a", when=WHEN)
    assert revisions(out) == [(0, "", "、六中")]
    assert texts(accept_all(out, tmp_path / "a.docx")) == ["学习十八届三中、四中、五中、六中全会精神。"]


@pytest.mark.filterwarnings("ignore:Duplicate name")  # make_docx writes its own rels first
def test_existing_comments_are_kept_and_ids_do_not_clash(tmp_path):
    body = para(run("原有批注在此"), '<w:commentRangeStart w:id="0"/>', run("2020年"),
                '<w:commentRangeEnd w:id="0"/>', '<w:r><w:commentReference w:id="0"/></w:r>')
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">'
            '<w:comment w:id="0" w:author="甲"><w:p><w:r><w:t>旧批注</w:t></w:r></w:p></w:comment></w:comments>')
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
        "</Relationships>"
    )
    src = make_docx(tmp_path / "s.docx", body, parts={"word/comments.xml": part, "word/_rels/document.xml.rels": rels})
    ps = read_paragraphs(src)
    out = tmp_path / "o.docx"
    revise_docx(src, ps, edits_for(ps, (0, "原有", None, "新批注")), out, author="乙", when=WHEN)
    assert sorted(comments(out)) == [("2020年", "旧批注"), ("原有", "新批注")]


def test_text_in_a_field_result_is_not_cut_and_is_reported(tmp_path):
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2020年</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    src = make_docx(tmp_path / "s.docx", para(run("日期："), field))
    ps = read_paragraphs(src)
    out = tmp_path / "o.docx"
    applied = revise_docx(src, ps, edits_for(ps, (0, "2020年", "2021年", None)), out, author="a", when=WHEN)
    assert applied.skipped and not applied.placed
    assert texts(out) == texts(src)


def test_numbered_paragraph_offsets_skip_the_automatic_label(tmp_path):
    from test_reader import level, numbering

    numbering_xml = numbering({0: level(0, "decimal", "%1．")}, {1: '<w:abstractNumId w:val="0"/>'})
    src = make_docx(tmp_path / "s.docx", para("组织第1届读书月，第1届。", num=(1, 0)), numbering_xml=numbering_xml)
    ps = read_paragraphs(src)
    assert ps[0].text.startswith("1．")
    start = ps[0].text.index("第1届") + 1  # the first 1 after the label's 1
    out = tmp_path / "o.docx"
    revise_docx(src, ps, [Edit(0, start, start + 1, "1", "2")], out, author="a", when=WHEN)
    assert texts(accept_all(out, tmp_path / "a.docx")) == ["1．组织第2届读书月，第1届。"]


def test_never_overwrites_the_source_or_an_existing_file(tmp_path):
    src = sample(tmp_path)
    ps = read_paragraphs(src)
    with pytest.raises(InputError):
        revise_docx(src, ps, [], src, author="a", when=WHEN, force=True)
    existing = tmp_path / "exists.docx"
    existing.write_bytes(b"keep")
    with pytest.raises(OutputError):
        revise_docx(src, ps, [], existing, author="a", when=WHEN)
    assert existing.read_bytes() == b"keep"


def test_a_text_source_is_laid_into_the_template_with_the_same_revisions(tmp_path):
    txt = tmp_path / "s.txt"
    txt.write_text("2020年工作要点\n一、政治建设\n2020年是收官之年。\n", encoding="utf-8")
    ps = read_paragraphs(txt)
    out = tmp_path / "o.docx"
    revise_text(ps, {0: "Title", 1: "Heading1"}, edits_for(ps, (0, "2020年", "2021年", None),
                                                           (2, "收官之年", None, "请核对")),
                out, template=template_path("plan"), author="a", when=WHEN)
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(txt)
    assert texts(out)[0] == "2021年工作要点"
    assert comments(out) == [("收官之年", "请核对")]
    root = document_root(out)
    styles = [p.find("w:pPr/w:pStyle", NS) for p in root.iter(f"{{{W}}}p")]
    assert [s.get(f"{{{W}}}val") if s is not None else None for s in styles] == ["Title", "Heading1", None]
    assert root.find(".//w:sectPr/w:pgMar", NS) is not None  # the template's GB/T 9704 page


# --- every part of a document ------------------------------------------------------------

def parts_docx(path: Path, *, header: str = "市统计局2016年党建工作要点", footer: str = "2016年工作要点（内部资料）",
               footnote: str = "今年即2016年，按计划完成。", box: str = "今年（2016年）重点",
               cell: str = "今年（2016年）任务") -> Path:
    """A .docx (python-docx, then lxml) with text in a header, footer, footnote, text box and table cell."""
    d = docx.Document()
    d.add_paragraph("市统计局2016年党建工作要点", style="Title")
    d.add_paragraph("一、加强政治建设", style="Heading 1")
    d.add_paragraph("坚持学习制度。")
    d.add_paragraph("加强基层组织建设。")
    t = d.add_table(rows=1, cols=1)
    t.cell(0, 0).text = cell
    sec = d.sections[0]
    sec.header.paragraphs[0].text = header
    sec.footer.paragraphs[0].text = footer
    buf = io.BytesIO(); d.save(buf)
    src = zipfile.ZipFile(buf)
    files = {n: src.read(n) for n in src.namelist()}
    doc = etree.fromstring(files["word/document.xml"])
    body = doc.find("w:body", NS)
    ps = body.findall("w:p", NS)
    # a footnote reference after the first sentence, a text box (DrawingML with its VML fallback) in the last paragraph
    ref = etree.SubElement(ps[2], f"{{{W}}}r")
    etree.SubElement(ref, f"{{{W}}}footnoteReference").set(f"{{{W}}}id", "1")
    ps[3].append(etree.fromstring(textbox_run(box)))
    files["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    files["word/footnotes.xml"] = footnotes_xml(footnote).encode()
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    R = "http://schemas.openxmlformats.org/package/2006/relationships"
    r = etree.SubElement(rels, f"{{{R}}}Relationship")
    r.set("Id", "rIdFn"); r.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes")
    r.set("Target", "footnotes.xml")
    files["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(files["[Content_Types].xml"])
    C = "http://schemas.openxmlformats.org/package/2006/content-types"
    o = etree.SubElement(types, f"{{{C}}}Override")
    o.set("PartName", "/word/footnotes.xml")
    o.set("ContentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml")
    files["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in files.items():
            z.writestr(n, data)
    return path

def footnotes_xml(text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
            '</w:footnotes>')

def textbox_run(text: str) -> str:
    """A run holding a DrawingML text box, with its VML copy for older readers in mc:Fallback."""
    content = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (f'<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="2400000" cy="600000"/>'
            '<wp:docPr id="10" name="文本框 1"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2400000" cy="600000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
            f'<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:189pt;height:47pt">'
            f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def story_texts(path: Path) -> dict[str, list[str]]:
    """The visible text of each Word XML part's paragraphs (text boxes' fallback copies included)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if _story_part(name):
                root = etree.fromstring(z.read(name))
                out[name] = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in root.iter(f"{{{W}}}p")]
    return out


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_every_part_is_renewed_and_rejecting_all_gives_the_source_back(tmp_path):
    from drafting import jobs

    src = parts_docx(tmp_path / "src.docx")
    done = jobs.renew(src, year=2017, output=tmp_path / "out.docx")
    where = {p.index: p.part for p in done.paragraphs}
    changed = {where[e.paragraph] for e in done.renewal.edits if e.new == "2017年"}
    assert changed == {"body", "header", "footer", "footnote", "textbox"}
    assert any(p.in_table for p in done.paragraphs if p.index in {e.paragraph for e in done.renewal.edits})
    assert not done.skipped
    accepted = story_texts(accept_all(done.path, tmp_path / "a.docx"))
    assert accepted["word/footer1.xml"] == ["2017年工作要点（内部资料）"]
    assert accepted["word/header1.xml"] == ["市统计局2017年党建工作要点"]
    assert " 今年即2017年，按计划完成。" in accepted["word/footnotes.xml"]
    body = accepted["word/document.xml"]
    # the text box and its fallback copy for older readers, both renewed
    assert body.count("今年（2017年）重点") == 2 and "今年（2017年）任务" in body
    # rejecting every revision in every part gives the source back, and nothing else changed
    assert story_texts(reject_all(done.path, tmp_path / "r.docx")) == story_texts(src)
    before, after = members(src), members(done.path)
    # besides the stories, only renew's record of its changes (custom properties, with their listing)
    record = ("docProps/custom.xml", "[Content_Types].xml", "_rels/.rels")
    assert after.keys() - before.keys() == {"docProps/custom.xml"}
    assert [n for n in before if before[n] != after[n] and n not in record] == sorted(
        ["word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml"], key=list(before).index)
    # valid revisions: each with author and date, ids unique across the parts
    ids = []
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml"):
        root = etree.fromstring(after[name])
        for el in root.iter(f"{{{W}}}ins", f"{{{W}}}del"):
            assert el.get(f"{{{W}}}author") and el.get(f"{{{W}}}date")
            ids.append(el.get(f"{{{W}}}id"))
    assert len(ids) == len(set(ids)) == 2 * 7  # six changes, one of them also in the fallback copy


def test_libreoffice_shows_the_renewed_footer(tmp_path, soffice):
    from drafting import jobs

    done = jobs.renew(parts_docx(tmp_path / "src.docx"), year=2017, output=tmp_path / "out.docx")
    (pdf,) = soffice.convert(done.path)
    text = soffice.text(pdf).replace(" ", "")
    # deleted and inserted year both drawn, in the footer as in the body
    assert "2016年2017年工作要点（内部资料）" in text


def test_questions_about_a_header_go_on_the_first_body_paragraph(tmp_path):
    from drafting import jobs

    src = parts_docx(tmp_path / "src.docx", header="2016年12月印发", footer="2016年度资料")
    done = jobs.renew(src, year=2017, output=tmp_path / "out.docx")
    asked = {e.text for e in done.renewal.entries if e.action != "changed"}
    assert {"2016年12月", "2016年"} <= asked
    assert not done.skipped
    notes = comments(done.path)
    # anchored on the whole first paragraph of the body (the title), saying where the words are
    assert any(words.startswith("市统计局") and "［页眉］“2016年12月”" in said for words, said in notes)
    assert any("［页脚］" in said for _, said in notes)
    # the header and footer themselves are left exactly as they were
    before, after = members(src), members(done.path)
    assert before["word/header1.xml"] == after["word/header1.xml"]
    assert before["word/footer1.xml"] == after["word/footer1.xml"]
    assert story_texts(reject_all(done.path, tmp_path / "r.docx")) == story_texts(src)


def test_a_typo_in_a_footnote_is_reported_where_it_is_and_annotated_there(tmp_path, capsys):
    from drafting import jobs
    from drafting.cli import main

    src = parts_docx(tmp_path / "src.docx", footnote="各单位要再接再励。", header="市统计局一如继往",
                     box="今年重点，再接再励")
    checked = jobs.check_file(src, annotate=True, output=tmp_path / "c.docx")
    parts = {p.index: p.part for p in checked.paragraphs}
    typos = {parts[f.paragraph]: f.excerpt for f in checked.findings if f.code == "typo"}
    assert typos == {"footnote": "再接再励", "header": "一如继往", "textbox": "再接再励"}
    assert not checked.unplaced
    out = members(checked.written)
    # comments only in the body (Word has none in headers, LibreOffice refuses them in notes):
    # the footnote's on its reference mark, the header's on the first paragraph
    for name in ("word/footnotes.xml", "word/header1.xml"):
        assert b"comment" not in out[name].replace(b"comments", b"")
    notes = comments(checked.written)
    assert ("", "［脚注］“再接再励”：［错别字］“再接再励”应为“再接再厉”建议：再接再厉") in notes
    assert any(words == "市统计局2016年党建工作要点" and said.startswith("［页眉］“一如继往”") for words, said in notes)
    root = document_root(checked.written)
    ref = root.find(".//w:footnoteReference", NS).getparent()
    assert etree.QName(ref.getprevious()).localname == "commentRangeStart"
    # the text box's question on the run that holds the text box, none inside it
    box_run = root.find(".//w:txbxContent", NS).iterancestors(f"{{{W}}}r")
    assert etree.QName(list(box_run)[-1].getprevious()).localname == "commentRangeStart"
    assert root.find(".//w:txbxContent//w:commentReference", NS) is None
    main(["check", str(src)])
    report = capsys.readouterr().out
    assert "脚注 警告［typo］" in report and "页眉 警告［typo］" in report


def test_libreoffice_opens_a_document_annotated_in_every_part(tmp_path, soffice):
    from drafting import jobs

    src = parts_docx(tmp_path / "src.docx", footnote="各单位要再接再励。", header="市统计局一如继往",
                     box="今年（2016年）重点，一如继往", cell="要再接再励")
    checked = jobs.check_file(src, annotate=True, output=tmp_path / "c.docx")
    assert len([f for f in checked.findings if f.code == "typo"]) == 4 and not checked.unplaced
    (pdf,) = soffice.convert(checked.written)
    assert "各单位要再接再励" in soffice.text(pdf).replace(" ", "")


def test_fix_corrects_half_width_punctuation_in_a_footer_where_it_is(tmp_path):
    from drafting import jobs

    src = parts_docx(tmp_path / "src.docx", footer="市统计局,内部资料")
    checked = jobs.check_file(src, fix=True, output=tmp_path / "f.docx")
    assert checked.fixed == 1 and not checked.unplaced
    assert story_texts(accept_all(checked.written, tmp_path / "a.docx"))["word/footer1.xml"] == ["市统计局，内部资料"]
    assert story_texts(reject_all(checked.written, tmp_path / "r.docx")) == story_texts(src)
