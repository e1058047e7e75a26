"""Rendering outlines into Word documents, read back with python-docx and LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
import pytest

from drafting import output as output_module
from drafting.errors import InputError, OutputError, TemplateProblem
from drafting.layout import build_docx, read_parts
from drafting.model import Item, Outline, Section
from drafting.render import context_for, render
from drafting.resources import template_path

TITLE = "2026年市发展改革委机关党的建设工作要点"
ORG = "中共市发展改革委机关委员会"


def plan(**changes) -> Outline:
    values = dict(
        genre="plan",
        title=TITLE,
        year=2026,
        preamble=("2026年是“十五五”开局之年。做好机关党建工作的总体要求是：坚持稳中求进。",),
        sections=(
            Section(
                1,
                "强化政治建设，着力提高政治能力",
                (
                    Item("严格落实“第一议题”制度，研究R&D项目 <试点> 事项。", "加强政治建设", 1),
                    Item("健全请示报告制度。", "严守政治纪律！", 2),
                ),
            ),
            Section(
                2,
                "深化理论武装",
                (
                    Item("办好读书班。", "加强理论学习", 3),
                    Item("开展主题党日活动。", None, 4),
                ),
            ),
        ),
        signature=ORG,
        date=dt.date(2026, 1, 8),
    )
    values.update(changes)
    return Outline(**values)


def speech(**changes) -> Outline:
    values = dict(
        genre="speech",
        title="在2026年机关党建工作会议上的讲话",
        speaker="张三",
        date=dt.date(2026, 1, 10),
        preamble=("今天召开机关党建工作会议，主要任务是总结工作、部署任务。",),
        sections=(
            Section(
                1,
                "思想引领强根基，着力提高政治站位",
                (Item("抓好理论学习。", None, 1), Item("抓好制度建设。", "压实责任", 2)),
            ),
        ),
        closing=("同志们，新的一年任务艰巨，让我们共同努力！",),
    )
    values.update(changes)
    return Outline(**values)


def paragraphs(path: Path) -> list:
    return docx.Document(str(path)).paragraphs


def texts(path: Path) -> list[str]:
    return [p.text for p in paragraphs(path)]


def all_xml(path: Path) -> str:
    return "".join(
        data.decode("utf-8") for name, data in read_parts(path).items() if name.endswith(".xml")
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def user_template(tmp_path: Path, body_text: str) -> Path:
    """The bundled plan template with its title paragraph's text replaced."""
    parts = read_parts(template_path("plan"))
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"{{ title }}", body_text.encode("utf-8")
    )
    path = tmp_path / "mine.docx"
    path.write_bytes(build_docx(parts))
    return path


# --- the context --------------------------------------------------------------


def test_plan_context():
    context = context_for(plan())
    assert set(context) == {"title", "preamble", "sections", "signature"}
    first, second = context["sections"]
    assert (first["label"], second["label"]) == ("一、", "二、")
    assert [i["label"] for s in context["sections"] for i in s["items"]] == [
        "1．",
        "2．",
        "3．",
        "4．",
    ]
    assert first["items"][0]["lead"] == "加强政治建设。"
    assert first["items"][1]["lead"] == "严守政治纪律！"  # already ends a sentence
    assert second["items"][1]["lead"] == ""
    assert context["signature"] == {"org": ORG, "date": "2026年1月8日"}


def test_the_layouts_mark_follows_a_plans_item_numbers_not_a_speechs():
    labels = [i["label"] for s in context_for(plan(), ordinal_mark=".")["sections"] for i in s["items"]]
    assert labels == ["1.", "2.", "3.", "4."]
    items = context_for(speech(), ordinal_mark=".")["sections"][0]["items"]
    assert [i["label"] for i in items] == ["一是", "二是"]


def test_plan_context_without_signature_or_number():
    outline = plan(
        signature=None,
        sections=(Section(1, "其他", (Item("正文。", "无编号", None),)),),
    )
    context = context_for(outline)
    assert context["signature"] is None
    assert context["sections"][0]["items"][0]["label"] == ""
    assert context_for(plan(date=None))["signature"] == {"org": ORG, "date": ""}


def test_speech_context():
    context = context_for(speech())
    assert set(context) == {
        "title",
        "speaker",
        "date",
        "salutation",
        "opening",
        "sections",
        "closing",
    }
    assert context["date"] == "2026年1月10日"
    assert context["salutation"] == "同志们："
    items = context["sections"][0]["items"]
    assert [i["label"] for i in items] == ["一是", "二是"]
    assert items[1]["lead"] == "压实责任。"
    empty = context_for(speech(speaker=None, date=None))
    assert (empty["speaker"], empty["date"]) == ("", "")


# --- rendering ----------------------------------------------------------------


def test_render_plan(tmp_path):
    out = render(plan(), tmp_path / "plan.docx")
    assert out == tmp_path / "plan.docx"
    paras = paragraphs(out)
    assert paras[0].text == TITLE and paras[0].style.style_id == "Title"
    headings = [p for p in paras if p.style.style_id == "Heading1"]
    assert [p.text for p in headings] == ["一、强化政治建设，着力提高政治能力", "二、深化理论武装"]
    items = [p for p in paras if p.runs and p.runs[0].style.style_id == "ItemLead"]
    assert [p.runs[0].text for p in items] == ["1．加强政治建设。", "2．严守政治纪律！", "3．加强理论学习。", "4．"]
    first = items[0]
    assert first.style.style_id == "Normal"
    assert first.runs[1].style.style_id != "ItemLead"
    assert first.runs[1].text == "严格落实“第一议题”制度，研究R&D项目 <试点> 事项。"
    assert [p.text for p in paras[-2:]] == [ORG, "2026年1月8日"]
    assert [p.style.style_id for p in paras[-2:]] == ["Signature", "Date"]
    xml = all_xml(out)
    assert "{{" not in xml and "{%" not in xml
    assert "R&amp;D" in xml and "&amp;amp;" not in xml  # escaped exactly once
    assert "PAGE" in xml and "— " in xml


def test_render_plan_without_signature_date(tmp_path):
    out = render(plan(date=None, title=None), tmp_path / "plan.docx")
    found = texts(out)
    assert found[-1] == ORG
    assert TITLE not in found and "" not in found


def test_render_speech(tmp_path):
    out = render(speech(), tmp_path / "speech.docx")
    paras = paragraphs(out)
    assert [p.text for p in paras[:5]] == [
        "在2026年机关党建工作会议上的讲话",
        "张三",
        "（2026年1月10日）",
        "",
        "同志们：",
    ]
    assert paras[1].style.style_id == paras[2].style.style_id == "Byline"
    assert paras[4].style.style_id == "Salutation"
    found = [p.text for p in paras]
    assert "一、思想引领强根基，着力提高政治站位" in found
    assert "一是抓好理论学习。" in found and "二是压实责任。抓好制度建设。" in found
    assert found[-1] == "同志们，新的一年任务艰巨，让我们共同努力！"


def test_render_speech_without_byline(tmp_path):
    out = render(speech(speaker=None, date=None), tmp_path / "speech.docx")
    assert texts(out)[:2] == ["在2026年机关党建工作会议上的讲话", "同志们："]


@pytest.mark.parametrize("outline", [plan(), speech()], ids=["plan", "speech"])
def test_templates_render_with_bare_docxtpl(tmp_path, outline):
    # Benchmarks and users' scripts render the bundled templates with docxtpl's own
    # plain Jinja environment: the templates must not depend on ours.
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path(outline.genre)))
    template.render(context_for(outline), autoescape=True)
    template.save(str(tmp_path / "bare.docx"))
    ours = render(outline, tmp_path / "ours.docx")
    assert texts(tmp_path / "bare.docx") == texts(ours)


# --- output safety ------------------------------------------------------------


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "plan.docx"
    out.write_bytes(b"old")
    with pytest.raises(OutputError) as info:
        render(plan(), out)
    assert "plan.docx" in str(info.value) and "--force" in str(info.value)
    assert out.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["plan.docx"]
    render(plan(), out, force=True)
    assert texts(out)[0] == TITLE


def test_missing_variable_leaves_no_file(tmp_path):
    template = user_template(tmp_path, "{{ missing }}")
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as info:
        render(plan(), out, template=template)
    assert "missing" in str(info.value) and "mine.docx" in str(info.value)
    assert leftovers(tmp_path) == ["mine.docx"]


def test_failed_render_keeps_the_old_file(tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    with pytest.raises(TemplateProblem):
        render(plan(), out, template=user_template(tmp_path, "{{ missing }}"), force=True)
    assert out.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["mine.docx", "out.docx"]


def test_jinja_syntax_error(tmp_path):
    with pytest.raises(TemplateProblem) as info:
        render(plan(), tmp_path / "out.docx", template=user_template(tmp_path, "{{ title }"))
    assert "语法错误" in str(info.value)
    assert not (tmp_path / "out.docx").exists()


def test_sandbox_blocks_unsafe_access(tmp_path):
    template = user_template(tmp_path, "{{ title.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem):
        render(plan(), tmp_path / "out.docx", template=template)
    assert not (tmp_path / "out.docx").exists()


def test_template_that_is_not_a_docx(tmp_path):
    template = tmp_path / "old.doc"
    template.write_bytes(b"\xd0\xcf\x11\xe0 legacy Word file")
    with pytest.raises(TemplateProblem) as info:
        render(plan(), tmp_path / "out.docx", template=template)
    assert "old.doc" in str(info.value)
    broken = tmp_path / "empty.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    with pytest.raises(TemplateProblem):
        render(plan(), tmp_path / "out.docx", template=broken)
    assert not (tmp_path / "out.docx").exists()


def test_missing_template(tmp_path):
    with pytest.raises(InputError) as info:
        render(plan(), tmp_path / "out.docx", template=tmp_path / "nowhere.docx")
    assert "nowhere.docx" in str(info.value)


def test_missing_output_folder(tmp_path):
    with pytest.raises(OutputError):
        render(plan(), tmp_path / "no" / "such" / "out.docx")


def test_file_open_in_word(tmp_path, monkeypatch):
    out = tmp_path / "plan.docx"
    out.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(output_module.os, "replace", locked)
    with pytest.raises(OutputError) as info:
        render(plan(), out, force=True)
    assert "Word" in str(info.value) and "plan.docx" in str(info.value)
    assert out.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["plan.docx"]


# --- LibreOffice --------------------------------------------------------------

# 26 characters fill a first line after the two-character indent, 28 every other line.
_FILLER = "机关党建工作要点起草" * 10


def test_libreoffice_renders_both_genres(tmp_path, soffice):
    plan_docx = render(plan(), tmp_path / "plan.docx")
    speech_docx = render(speech(), tmp_path / "speech.docx")
    plan_pdf, speech_pdf = soffice.convert(plan_docx, speech_docx)
    flat = re.sub(r"\s+", "", soffice.text(plan_pdf))
    assert TITLE in flat and ORG in flat
    assert "R&D项目<试点>" in flat
    # pdftotext may drop the narrow spaces around the number
    assert re.search(r"—\s*1\s*—", soffice.text(plan_pdf))
    assert soffice.pages(plan_pdf) == 1
    spoken = re.sub(r"\s+", "", soffice.text(speech_pdf))
    assert "在2026年机关党建工作会议上的讲话" in spoken and "同志们：" in spoken
    assert "（2026年1月10日）" in spoken


def test_libreoffice_keeps_22_lines_of_28_characters(tmp_path, soffice):
    # Title (1 line) + blank line + ten preamble paragraphs of 26 + 28 characters
    # (2 lines each) = 22 lines: page 1 is exactly full, the first section starts page 2.
    preamble = tuple(_FILLER[n : n + 54] for n in range(10))
    out = render(plan(preamble=preamble), tmp_path / "grid.docx")
    (pdf,) = soffice.convert(out)
    assert soffice.pages(pdf) == 2
    first = re.sub(r"\s+", "", soffice.text(pdf, page=1))
    second = re.sub(r"\s+", "", soffice.text(pdf, page=2))
    assert preamble[-1] in first and "一、" not in first
    assert second.startswith("一、强化政治建设")
    assert re.search(r"—\s*2\s*—", soffice.text(pdf, page=2))
    # even page: the number sits left, one 14 pt character in from the text block
    x0 = float(re.findall(r'<line xMin="([\d.]+)"', soffice.bbox(pdf, 2))[-1])
    assert abs(x0 - (28 * 72 / 25.4 + 14)) < 3
    lines = [re.sub(r"\s+", "", line) for line in soffice.text(pdf, page=1).splitlines()]
    filled = [line for line in lines if line and set(line) <= set(_FILLER)]
    assert sorted(len(line) for line in filled) == [26] * 10 + [28] * 10


def test_libreoffice_page_number_position(tmp_path, soffice):
    out = render(plan(), tmp_path / "plan.docx")
    (pdf,) = soffice.convert(out)
    boxes = [
        (float(x0), float(y0), float(x1))
        for x0, y0, x1 in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', soffice.bbox(pdf, 1)
        )
    ]
    x0, top, x1 = boxes[-1]  # the footer comes last
    mm = 72 / 25.4
    text_bottom = (297 - 35) * mm
    assert 3 * mm < top - text_bottom < 10 * mm
    # odd page: right-aligned, one 14 pt character in from the right edge of the text block
    assert abs((210 - 26) * mm - 14 - x1) < 3
