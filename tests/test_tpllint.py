"""Template lint: each mistake Word editing makes in a docxtpl template, found on its paragraph.

Every broken template is a copy of templates/plan.docx with its XML edited the way
Word writes it (a tag cut into runs, a w:proofErr or w:bookmarkStart between them,
w:ins/w:del of editing with 修订 on, a field or hyperlink in a tag). Each one is
also rendered with docxtpl, to show that what lint calls an error really breaks or
silently changes the draft, and that what it lets through renders as Word shows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document

from drafting.cli import main
from drafting.errors import DraftError
from drafting.model import PLAN, SPEECH, Item, Outline, Section
from drafting.render import render
from drafting.resources import template_path
from drafting.tpl import lint_template

PLAN_DOCX = template_path(PLAN)
TITLE = "<w:r><w:t>{{ title }}</w:t></w:r>"
IF_TITLE = "<w:p><w:r><w:t>{%p if title %}</w:t></w:r></w:p>"
ENDIF_TITLE = "<w:p><w:r><w:t>{%p endif %}</w:t></w:r></w:p>"
HEADING = "<w:r><w:t>{{ section.label }}{{ section.heading }}</w:t></w:r>"
DEL = '<w:del w:id="91" w:author="某某" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>{}</w:delText></w:r></w:del>'
INS = '<w:ins w:id="92" w:author="某某" w:date="2026-01-01T00:00:00Z"><w:r><w:t>{}</w:t></w:r></w:ins>'
FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
         '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

OUTLINE = Outline(genre=PLAN, title="测试用的标题", preamble=("开头的一段话。",),
                  sections=(Section(1, "第一部分", (Item("条目的正文。", "条目小标题", 1),)),),
                  signature="某某单位", date=dt.date(2026, 1, 5))


def run(text: str) -> str:
    """A run as Word writes one."""
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def table(*rows: list[str]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{para(run(c))}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid>{cells}</w:tbl>'


def edited(tmp_path: Path, *changes: tuple[str, str], part: str = "word/document.xml", name: str = "模板.docx",
           source: Path = PLAN_DOCX) -> Path:
    """A copy of the bundled template with ``changes`` (old XML, new XML) made to ``part``."""
    out = tmp_path / name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                for old, new in changes:
                    assert old in text, old
                    text = text.replace(old, new, 1)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return out


def rendered(template: Path, tmp_path: Path, outline: Outline = OUTLINE) -> list[str] | DraftError:
    """The paragraphs of the draft ``template`` renders for ``outline``, or the error rendering stopped with."""
    out = tmp_path / f"稿-{template.stem}-{len(list(tmp_path.iterdir()))}.docx"
    try:
        render(outline, out, template=template)
    except DraftError as exc:
        return exc
    return [p.text for p in Document(str(out)).paragraphs]


def codes(path: Path, genre: str | None = PLAN) -> list[tuple[str, str]]:
    return [(i.code, i.where) for i in lint_template(path, genre).issues]


@pytest.fixture(scope="module")
def clean_draft(tmp_path_factory) -> list[str]:
    return rendered(PLAN_DOCX, tmp_path_factory.mktemp("clean"))


# --- the bundled templates, and what Word does that docxtpl reads back fine ------------------------


@pytest.mark.parametrize("genre", [PLAN, SPEECH])
def test_bundled_templates_are_clean(genre):
    report = lint_template(template_path(genre))
    assert report.issues == ()
    assert report.genre == genre  # told apart by the names they use


HARMLESS = {
    # Word cut the tag into runs (spell check, a change of formatting)
    "runs": (TITLE, run("{") + run("{ ti") + run("tle }") + run("}")),
    "proofErr": (TITLE, run("{") + '<w:proofErr w:type="spellStart"/>' + run("{ title }}")
                 + '<w:proofErr w:type="spellEnd"/>'),
    "bookmark": (TITLE, run("{{ ti") + '<w:bookmarkStart w:id="0" w:name="_GoBack"/>' + run("tle }}")
                 + '<w:bookmarkEnd w:id="0"/>'),
    # deleted characters inside a tag (修订 on) are cut out with the markup
    "deletion inside": (TITLE, run("{{ ti") + DEL.format("tel") + run("tle }}")),
    # inserted characters in the middle of a tag: the insertion's marks go with the markup
    "insertion inside": (TITLE, run("{{ ti") + INS.format("tl") + run("e }}")),
    "hyperlink inside": (TITLE, run("{{ ti") + '<w:hyperlink w:anchor="x"><w:r><w:t>tl</w:t></w:r></w:hyperlink>'
                         + run("e }}")),
    # docxtpl turns paired curly quotes into straight ones itself
    "curly quotes": (TITLE, run("{{ title ~ “” }}")),
    # the ideographic space is whitespace to Jinja
    "ideographic space": (TITLE, run("{{\u3000title\u3000}}")),
    # {% if %} … {% endif %} inside the text of two paragraphs at the same level
    "inline block": (IF_TITLE + '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>' + TITLE + "</w:p>" + ENDIF_TITLE,
                     para(run("{% if title %}")) + para(run("{{ title }}"), style="Title") + para(run("{% endif %}"))),
}


@pytest.mark.parametrize("name", list(HARMLESS))
def test_what_renders_as_word_shows_it_lints_clean(tmp_path, clean_draft, name):
    path = edited(tmp_path, HARMLESS[name])
    assert codes(path) == []
    draft = rendered(path, tmp_path)
    assert not isinstance(draft, DraftError)
    assert [t for t in draft if t] == [t for t in clean_draft if t]


def _split_like_word(xml: str, seed: int) -> str:
    """Every run of ``xml`` cut at random places, with proofing marks and bookmarks between the pieces."""
    import random
    import re

    rnd = random.Random(seed)
    between = ['<w:proofErr w:type="spellStart"/>', '<w:proofErr w:type="spellEnd"/>',
               f'<w:bookmarkStart w:id="{seed}" w:name="_Hlk{seed}"/><w:bookmarkEnd w:id="{seed}"/>', ""]

    def cut(m: re.Match) -> str:
        rpr, text = m.group(1) or "", m.group(2)
        points = sorted(rnd.sample(range(1, len(text)), min(len(text) - 1, rnd.randint(0, 4)))) if len(text) > 1 else []
        pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)])]
        return rnd.choice(between).join(f'<w:r>{rpr}<w:t xml:space="preserve">{p}</w:t></w:r>' for p in pieces)

    return re.sub(r"<w:r>(<w:rPr>.*?</w:rPr>)?<w:t(?: [^>]*)?>([^<]*)</w:t></w:r>", cut, xml)


@pytest.mark.parametrize("seed", range(12))
def test_runs_cut_anywhere_lint_clean_and_render_the_same(tmp_path, clean_draft, seed):
    """Word cuts runs wherever an edit, a spell check or a format change falls: docxtpl joins them again."""
    body = zipfile.ZipFile(PLAN_DOCX).read("word/document.xml").decode()
    start, end = body.index("<w:body>"), body.index("<w:sectPr")
    path = edited(tmp_path, (body[start:end], _split_like_word(body[start:end], seed)))
    assert codes(path) == []
    assert rendered(path, tmp_path) == clean_draft


# --- one broken template per error kind --------------------------------------------------------------

# name: (changes, code, paragraph, how the render shows it: "error", "literal" or "lost")
BROKEN = {
    # deleted text between the braces: docxtpl does not join { and {, the tag is printed
    "tag-split": ([(TITLE, run("{") + DEL.format("x") + run("{ title }}"))], "tag-split", "第2段", "literal"),
    "tag-spaced": ([(TITLE, run("{ { title }}"))], "tag-spaced", "第2段", "literal"),
    # a tag deleted with 修订 on: Word hides it, Jinja still runs it
    "tag-deleted": ([(TITLE, TITLE + DEL.format("{{ old_title }}"))], "tag-deleted", "第2段", "error"),
    "tag-deleted-closer": ([(TITLE, run("{{ title ") + DEL.format("}}") + run("}}"))], "tag-deleted", "第2段",
                           "error"),
    "tag-field": ([(TITLE, run("{{ ti") + FIELD + run("tle }}"))], "tag-field", "第2段", "error"),
    # the end of the tag typed with 修订 on: a stray </w:ins> is left, the rest of the document is lost
    "tag-nesting-ins": ([(TITLE, run("{{ ti") + INS.format("tle }}"))], "tag-nesting", "第2段", "lost"),
    "tag-nesting-hyperlink": ([(TITLE, run("{{ ti") + '<w:hyperlink w:anchor="x"><w:r><w:t>tle }}</w:t></w:r>'
                                '</w:hyperlink>')], "tag-nesting", "第2段", "lost"),
    "tag-unclosed": ([(TITLE, run("{{ title"))], "tag-unclosed", "第2段", "error"),
    "tag-unopened": ([(TITLE, run("title }}"))], "tag-unopened", "第2段", "literal"),
    "fullwidth-delimiter": ([(TITLE, run("｛｛ title ｝｝"))], "fullwidth-delimiter", "第2段", "literal"),
    "fullwidth-char": ([("{%p if title %}", "{%p if title ！＝ '' %}")], "fullwidth-char", "第1段", "error"),
    "curly-quote": ([(TITLE, run("{{ title ~ ‘” }}"))], "curly-quote", "第2段", "error"),
    "p-tag-text": ([(IF_TITLE, para(run("前面的字"), run("{%p if title %}")))], "p-tag-text", "第1段",
                   "dropped:前面的字"),
    "tr-outside-table": ([(IF_TITLE, para(run("{%tr if title %}"))), (ENDIF_TITLE, para(run("{%tr endif %}")))],
                         "tr-outside-table", "第1段", "error"),
    "block-mismatch": ([(ENDIF_TITLE, para(run("{%p endfor %}")))], "block-mismatch", "第3段", "error"),
    "block-unclosed": ([(ENDIF_TITLE, "")], "block-unclosed", "第1段", "error"),
    # {%p if %} closed by an {% endif %} inside text: fine while the title is there, the whole
    # document lost when it is not
    "block-level": ([(ENDIF_TITLE, para(run("{% endif %}")))], "block-level", "第3段", "lost-untitled"),
    "block-level-table": ([(IF_TITLE, table(["{%p if title %}"]))], "block-level", "第3段", "lost-untitled"),
    "unknown-name": ([(TITLE, run("{{ titel }}"))], "unknown-name", "第2段", "error"),
    "unknown-key": ([(HEADING, run("{{ section.lable }}{{ section.heading }}"))], "unknown-name", "第8段", "error"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_broken_template_is_caught_on_its_paragraph(tmp_path, clean_draft, name):
    changes, code, where, effect = BROKEN[name]
    path = edited(tmp_path, *changes)
    found = codes(path)
    assert (code, where) in found
    assert all(c[0] == code for c in found), found  # one mistake, one report
    untitled = dataclasses.replace(OUTLINE, title="")
    draft = rendered(path, tmp_path, untitled if effect == "lost-untitled" else OUTLINE)
    if effect == "error":
        assert isinstance(draft, DraftError)
    else:
        assert not isinstance(draft, DraftError)
        if effect == "literal":
            assert any("}}" in t or "｝｝" in t for t in draft)
        elif effect.startswith("dropped:"):
            assert not any(effect.split(":")[1] in t for t in draft)
        else:  # paragraphs of the draft silently missing
            ok = rendered(PLAN_DOCX, tmp_path, untitled if effect == "lost-untitled" else OUTLINE)
            assert len([t for t in draft if t]) < len([t for t in ok if t])


def test_an_error_names_the_tag_and_suggests_the_fix(tmp_path):
    path = edited(tmp_path, (TITLE, run("{{ titel }}")), (HEADING, run("{{ section.lable }}{{ section.heading }}")),
                  ("{%p if title %}", "{%p if title ！＝ '' %}"))
    issues = {i.code + i.where: i for i in lint_template(path, PLAN).issues}
    assert "是不是“title”" in issues["unknown-name第2段"].hint
    assert "是不是“label”" in issues["unknown-name第8段"].hint
    assert "{%p if title != '' %}" in issues["fullwidth-char第1段"].hint
    assert issues["unknown-name第2段"].excerpt == "{{ titel }}"


def test_mismatched_block_names_both_paragraphs(tmp_path):
    path = edited(tmp_path, (ENDIF_TITLE, para(run("{%p endfor %}"))))
    (issue,) = lint_template(path, PLAN).issues
    assert "第1段" in issue.message and issue.where == "第3段"


PREAMBLE = ("<w:p><w:r><w:t>{%p for para in preamble %}</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>{{ para }}</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>")


def test_tr_rows_in_a_table_lint_clean_and_render(tmp_path):
    rows = table(["{%tr for para in preamble %}"], ["{{ para }}"], ["{%tr endfor %}"])
    path = edited(tmp_path, (PREAMBLE, rows))
    assert codes(path) == []
    out = tmp_path / "稿.docx"
    render(OUTLINE, out, template=path)
    (tbl,) = Document(str(out)).tables
    assert [c.text for row in tbl.rows for c in row.cells] == ["开头的一段话。"]


def test_docxtpl_table_tags_are_no_syntax_error(tmp_path):
    rows = table(["{%tr for para in preamble %}"], ["{% cellbg 'FFFFFF' %}{{ para }}"], ["{%tr endfor %}"])
    path = edited(tmp_path, (PREAMBLE, rows))
    assert codes(path) == []
    assert not isinstance(rendered(path, tmp_path), DraftError)


def test_jinja_globals_loop_and_bound_names_are_known(tmp_path):
    loop = ("<w:p><w:r><w:t>{%p for para in preamble %}</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>{% set n = namespace(count=0) %}{{ loop.index }}{{ para }}"
            "{% for i in range(1) %}{{ i }}{% endfor %}</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>")
    path = edited(tmp_path, (PREAMBLE, loop), (HEADING, run("{% set head = section.heading %}{{ head }}")))
    assert codes(path) == []
    assert not isinstance(rendered(path, tmp_path), DraftError)


def test_unknown_key_of_the_signature(tmp_path):
    path = edited(tmp_path, ("{{ signature.org }}", "{{ signature.orgname }}"))
    (issue,) = lint_template(path, PLAN).issues
    assert issue.code == "unknown-name" and "orgname" in issue.message and "是不是“org”" in issue.hint
    assert isinstance(rendered(path, tmp_path), DraftError)


def test_lint_json(tmp_path, capsys):
    import json

    broken = edited(tmp_path, (TITLE, run("{{ titel }}")))
    assert main(["templates", "lint", str(broken), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["genre"] == PLAN
    assert [(p["code"], p["severity"], p["where"]) for p in data["problems"]] == [("unknown-name", "error", "第2段")]


def test_tr_tag_sharing_its_row_is_caught(tmp_path):
    rows = table(["{%tr for para in preamble %}", "别的字"], ["{{ para }}", ""], ["{%tr endfor %}", ""])
    path = edited(tmp_path, (PREAMBLE, rows))
    assert ("tr-tag-text", "第4段") in codes(path)
    out = tmp_path / "稿.docx"
    render(OUTLINE, out, template=path)
    cells = [c.text for t in Document(str(out)).tables for row in t.rows for c in row.cells]
    assert "开头的一段话。" in cells and "别的字" not in cells  # the row went with its tag


def test_tag_across_paragraphs_is_a_warning(tmp_path, clean_draft):
    path = edited(tmp_path, (TITLE + "</w:p>", run("{{ ti") + "</w:p><w:p>" + run("tle }}") + "</w:p>"))
    report = lint_template(path, PLAN)
    assert [(i.code, i.severity, i.where) for i in report.issues] == [("tag-paragraphs", "warning", "第2段")]
    assert rendered(path, tmp_path) == clean_draft  # docxtpl joins the two paragraphs


def test_tag_inserted_with_revisions_on_is_a_warning(tmp_path):
    path = edited(tmp_path, (TITLE, INS.format("{{ title }}")))
    assert [(i.code, i.severity) for i in lint_template(path, PLAN).issues] == [("tag-revision", "warning")]
    out = tmp_path / "稿.docx"
    render(OUTLINE, out, template=path)
    assert "<w:ins " in zipfile.ZipFile(out).read("word/document.xml").decode()  # the draft carries it


def test_a_tag_in_the_footer_is_checked_as_its_own_part(tmp_path):
    path = edited(tmp_path, ('<w:t xml:space="preserve">— </w:t>', '<w:t xml:space="preserve">— {{ titel }}</w:t>'),
                  part="word/footer1.xml")
    assert ("unknown-name", "页脚第1段") in codes(path)


# --- styles ----------------------------------------------------------------------------------------------


def test_theme_font_on_a_style_is_a_warning(tmp_path):
    path = edited(tmp_path, ('w:eastAsia="黑体"', 'w:eastAsia="黑体" w:eastAsiaTheme="majorEastAsia"'),
                  part="word/styles.xml")
    report = lint_template(path, PLAN)
    (issue,) = report.issues
    assert (issue.code, issue.severity) == ("theme-font", "warning")
    assert "heading 1" in issue.message and "黑体" in issue.message and "majorEastAsia" in issue.message
    assert main(["templates", "lint", str(path)]) == 0  # warnings only


def test_theme_font_in_the_defaults_counts_only_where_a_style_takes_it(tmp_path):
    # The bundled styles name every font, so a theme in the defaults changes nothing…
    styles = zipfile.ZipFile(PLAN_DOCX).read("word/styles.xml").decode()
    head = styles[:styles.index("</w:rPrDefault>")]
    font = head[head.rindex("<w:rFonts"):]
    font = font[:font.index("/>") + 2]
    themed = font.replace("<w:rFonts ", '<w:rFonts w:eastAsiaTheme="minorEastAsia" ')
    assert codes(edited(tmp_path, (font, themed), part="word/styles.xml")) == []
    # …until a style used by the template has no font of its own.
    body_font = styles[styles.index('w:styleId="Normal"'):]
    body_font = body_font[body_font.index("<w:rFonts"):]
    body_font = body_font[:body_font.index("/>") + 2]
    path = edited(tmp_path, (font, themed), (body_font, ""), part="word/styles.xml", name="无字体.docx")
    assert [c for c, _ in codes(path)] == ["theme-font"]


def test_theme_font_on_a_run_names_the_paragraph(tmp_path):
    path = edited(tmp_path, (TITLE, '<w:r><w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia"/></w:rPr>'
                                    '<w:t>{{ title }}</w:t></w:r>'))
    assert codes(path) == [("theme-font", "第2段")]


def test_deleted_style_is_an_error_on_the_paragraph_using_it(tmp_path):
    styles = zipfile.ZipFile(PLAN_DOCX).read("word/styles.xml").decode()
    start = styles.index('<w:style w:type="paragraph" w:styleId="Heading1">')
    heading = styles[start:styles.index("</w:style>", start) + len("</w:style>")]
    path = edited(tmp_path, (heading, ""), part="word/styles.xml")
    (issue,) = lint_template(path, PLAN).issues
    assert (issue.code, issue.where) == ("missing-style", "第8段") and "黑体" in issue.message
    out = tmp_path / "稿.docx"
    render(OUTLINE, out, template=path)
    heading_para = next(p for p in Document(str(out)).paragraphs if p.text.startswith("一、"))
    assert heading_para.style.name == "Normal"  # Word shows it as body text


# --- the command -------------------------------------------------------------------------------------------


def test_lint_exit_codes(tmp_path, capsys):
    assert main(["templates", "lint", str(PLAN_DOCX)]) == 0
    assert "没有发现问题" in capsys.readouterr().out
    broken = edited(tmp_path, (TITLE, run("{{ titel }}")))
    assert main(["templates", "lint", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "第2段" in out and "titel" in out and "［unknown-name］" in out and "1 个错误" in out


def test_lint_as_a_speech_template(tmp_path, capsys):
    assert main(["templates", "lint", str(PLAN_DOCX), "--genre", "讲话稿"]) == 1
    assert "preamble" in capsys.readouterr().out  # a plan's names are not a speech's


def test_annotate_puts_each_problem_on_its_paragraph(tmp_path, capsys):
    broken = edited(tmp_path, (TITLE, run("{{ titel }}")), (ENDIF_TITLE, para(run("{%p endfor %}"))))
    before = broken.read_bytes()
    out = tmp_path / "批注稿.docx"
    assert main(["templates", "lint", str(broken), "--annotate", str(out)]) == 1
    assert broken.read_bytes() == before
    doc = Document(str(out))
    comments = {c.comment_id: c.text for c in doc.comments}
    assert len(comments) == 2
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    body = Document(str(out)).element.body
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    on = {}
    for p in body.iter(W + "p"):
        for ref in p.iter(W + "commentRangeStart"):
            on[int(ref.get(W + "id"))] = "".join(t.text or "" for t in p.iter(W + "t"))
    assert sorted(on.values()) == ["{%p endfor %}", "{{ titel }}"]
    by_text = {on[i]: comments[i] for i in on}
    assert "titel" in by_text["{{ titel }}"] and "建议" in by_text["{{ titel }}"]
    assert "endif" in by_text["{%p endfor %}"]
    assert "commentReference" in xml
    # never overwritten
    again = main(["templates", "lint", str(broken), "--annotate", str(out)])
    assert again == 2 and "已存在" in capsys.readouterr().err


def test_annotate_a_footer_problem_goes_into_the_body(tmp_path):
    path = edited(tmp_path, ('<w:t xml:space="preserve">— </w:t>', '<w:t xml:space="preserve">— {{ titel }}</w:t>'),
                  part="word/footer1.xml")
    out = tmp_path / "批注稿.docx"
    assert main(["templates", "lint", str(path), "--annotate", str(out)]) == 1
    (comment,) = Document(str(out)).comments
    assert comment.text.startswith("［页脚］") and "titel" in comment.text


def test_annotate_is_never_the_template_itself(tmp_path, capsys):
    broken = edited(tmp_path, (TITLE, run("{{ titel }}")))
    before = broken.read_bytes()
    assert main(["templates", "lint", str(broken), "--annotate", str(broken)]) == 2
    assert broken.read_bytes() == before


def test_plan_with_a_broken_template_stops_before_rendering(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    broken = edited(tmp_path, (IF_TITLE, para(run("前面的字"), run("{%p if title %}"))))
    code = main(["plan", "--year", "2026", "--org", "某某委员会", "--template", str(broken), "-o", "稿.docx"])
    assert code == 2
    err = capsys.readouterr().err
    assert "第1段" in err and "p-tag-text" in err and "前面的字" in err
    assert not (tmp_path / "稿.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["模板.docx"]


def test_plan_with_a_template_that_only_warns_goes_on(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    warned = edited(tmp_path, (TITLE + "</w:p>", run("{{ ti") + "</w:p><w:p>" + run("tle }}") + "</w:p>"))
    code = main(["plan", "--year", "2026", "--org", "某某委员会", "--template", str(warned), "-o", "稿.docx"])
    assert code == 0
    assert "tag-paragraphs" in capsys.readouterr().err
    assert (tmp_path / "稿.docx").is_file()


def test_batch_with_a_broken_template_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "单位.yaml").write_text("orgs:\n  - name: 某某局\n  - name: 某某办\n", encoding="utf-8")
    broken = edited(tmp_path, (TITLE, run("{{ titel }}")))
    code = main(["batch", "--orgs", "单位.yaml", "--year", "2026", "--template", str(broken), "-o", "稿"])
    assert code == 2 and "titel" in capsys.readouterr().err
    assert not (tmp_path / "稿").exists() or not any((tmp_path / "稿").iterdir())


# --- bad input ---------------------------------------------------------------------------------------------


def test_a_finished_document_is_not_a_template(tmp_path, capsys):
    draft = tmp_path / "去年的要点.docx"
    render(OUTLINE, draft)
    assert main(["templates", "lint", str(draft), "--annotate", str(tmp_path / "批注.docx")]) == 2
    err = capsys.readouterr().err
    assert "不是模板" in err and "去年的要点.docx" in err
    assert not (tmp_path / "批注.docx").exists()


def test_a_word_dotx_template_is_refused_as_drafting_would(tmp_path, capsys):
    dotx = edited(tmp_path, ("wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml"),
                  part="[Content_Types].xml", name="模板.dotx")
    assert main(["templates", "lint", str(dotx)]) == 2
    err = capsys.readouterr().err
    assert "模板.dotx" in err and "另存为" in err
    assert isinstance(rendered(dotx, tmp_path), DraftError)  # docxtpl cannot open it either


@pytest.mark.parametrize("kind", ["text", "corrupt", "missing", "folder"])
def test_bad_input_names_the_file(tmp_path, capsys, kind):
    path = tmp_path / "模板.docx"
    if kind == "text":
        path = tmp_path / "模板.txt"
        path.write_text("{{ title }}", encoding="utf-8")
    elif kind == "corrupt":
        path.write_bytes(PLAN_DOCX.read_bytes()[:600])
    elif kind == "folder":
        path.mkdir()
    out = tmp_path / "批注.docx"
    assert main(["templates", "lint", str(path), "--annotate", str(out)]) == 2
    err = capsys.readouterr().err
    assert path.name in err and "错误" in err
    assert not out.exists()


def test_plain_draft_path_does_not_load_template_lint(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from drafting.cli import main;"
            "code = main(['plan', '--year', '2026', '--org', '某某委员会', '-o', 'p.docx']);"
            "print(code, 'drafting.tpl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert out.stdout.split()[-2:] == ["0", "False"]
    assert (tmp_path / "p.docx").is_file()


def test_speech_with_a_plan_template_is_refused_before_rendering(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code = main(["speech", "--meeting", "工委会议", "--year", "2026", "--org", "某某委员会",
                 "--template", str(PLAN_DOCX), "-o", "讲话.docx"])
    assert code == 2
    assert "preamble" in capsys.readouterr().err
    assert not (tmp_path / "讲话.docx").exists()


def test_templates_saved_by_libreoffice_lint_clean(tmp_path, soffice):
    """Another editor's round trip (its own runs, styles and attributes) is no mistake."""
    import subprocess

    copies = []
    for genre in (PLAN, SPEECH):
        copy = tmp_path / f"{genre}-原.docx"
        copy.write_bytes(template_path(genre).read_bytes())
        copies.append(copy)
    out = tmp_path / "lo"
    subprocess.run([soffice.exe, f"-env:UserInstallation={soffice.profile.as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *map(str, copies)],
                   capture_output=True, timeout=180, check=True)
    for genre, copy in zip((PLAN, SPEECH), copies):
        saved = out / copy.name
        report = lint_template(saved)
        assert (report.genre, report.issues) == (genre, ())
