"""draft check on a title's line breaks (GB/T 9704 7.3.1): title-break and title-shape, on .docx built here.

The documents are synthetic: an invented unit (北河市) and short sentences of our own.
"""

from __future__ import annotations

from dataclasses import replace

import docx
import pytest

from drafting.check import check_paragraphs
from drafting.library import load_library
from drafting.model import Names
from drafting.reader import read_paragraphs

ORG = "中共北河市发展和改革委员会机关委员会"
_BODY = [
    "为做好今年的机关党建工作，结合本单位实际，制定如下工作要点。",
    "一、加强政治建设",
    "1．强化理论武装。认真组织中心组学习，全年集中学习不少于十二次。",
    "二、加强组织建设",
    "2．严格组织生活。按时召开组织生活会，规范开展主题党日活动。",
]


@pytest.fixture(scope="module")
def lib():
    return load_library()


def _doc(path, lines, *, separate=False, styled=True):
    """A document whose title is ``lines``: one paragraph broken by w:br, or a Title paragraph a line."""
    d = docx.Document()
    style = "Title" if styled else None
    if separate:
        for line in lines:
            d.add_paragraph(line, style=style)
    else:
        p = d.add_paragraph(style=style)
        for n, line in enumerate(lines):
            run = p.add_run(line)
            if n < len(lines) - 1:
                run.add_break()
    for text in _BODY:
        d.add_paragraph(text)
    d.save(path)
    return path


def _title_findings(lib, path, org=None):
    rules = lib.checks if org is None else replace(lib.checks, names=Names(org=org))
    found = check_paragraphs(read_paragraphs(path), year=2026, rules=rules, calendar=lib.calendar)
    return [f for f in found if f.code.startswith("title-")]


def test_a_break_inside_the_year_is_flagged_with_a_better_breaking(lib, tmp_path):
    path = _doc(tmp_path / "a.docx", ["2026", f"年{ORG}党的建设工作要点"])
    (found,) = _title_findings(lib, path)
    assert found.code == "title-break" and found.severity == "warning"
    assert "“2026年”中间回行" in found.message and "GB/T 9704 7.3.1" in found.message
    assert f"建议分行：2026年／{ORG}／党的建设工作要点" in found.message
    assert found.excerpt == "2026" and found.suggestion is None  # --fix must not touch the title


def test_a_break_inside_title_marks_or_an_ordinal_is_flagged(lib, tmp_path):
    marks = _doc(tmp_path / "m.docx", ["北河市总工会关于印发《2026年工会", "工作要点》的通知"])
    assert [f.code for f in _title_findings(lib, marks)] == ["title-break"]
    assert "书名号" in _title_findings(lib, marks)[0].message
    ordinal = _doc(tmp_path / "o.docx", ["北河市总工会关于召开第十", "二届职工代表大会的通知"], separate=True)
    (found,) = _title_findings(lib, ordinal)
    assert "“第十二届”" in found.message


def test_a_break_inside_the_units_name_is_flagged_when_the_name_is_known(lib, tmp_path):
    path = _doc(tmp_path / "n.docx", ["2026年中共北河市发展和改革委员会", "机关委员会党的建设工作要点"])
    # unknown unit: 委员会|机关委员会 may be two bodies, nothing is said
    assert _title_findings(lib, path) == []
    (found,) = _title_findings(lib, path, org=ORG)
    assert "单位名称" in found.message


def test_a_rectangle_and_an_hourglass_are_flagged(lib, tmp_path):
    rect = _doc(tmp_path / "r.docx", ["北河市发展改革委员会关于", "进一步做好党建工作的通知"], separate=True)
    (found,) = _title_findings(lib, rect)
    assert found.code == "title-shape" and "长方形" in found.message and "每行 12、12 字" in found.message
    hour = _doc(tmp_path / "h.docx", [ORG, "2026年", "党的建设工作要点"])
    (found,) = _title_findings(lib, hour)
    assert found.code == "title-shape" and "沙漏形" in found.message
    assert f"建议分行：{ORG}／2026年党的建设工作要点" in found.message


@pytest.mark.parametrize("lines, separate", [
    (["2026年", ORG, "党的建设工作要点"], False),  # a diamond
    ([ORG, "2026年党的建设工作要点"], True),  # a trapezoid
    (["2026年北河市发展改革委党的建设工作要点"], False),  # one line
])
def test_a_sound_breaking_is_left_alone(lib, tmp_path, lines, separate):
    path = _doc(tmp_path / "g.docx", lines, separate=separate)
    assert _title_findings(lib, path, org=ORG) == []


def test_a_line_word_wraps_itself_gets_no_shape_finding(lib, tmp_path):
    # 22, 2 and 9 characters would be an hourglass, but Word wraps the first line: the shape on the page is unknown
    path = _doc(tmp_path / "w.docx", ["北河市发展和改革委员会机关委员会关于进一步", "做好", "全年党建工作的通知"])
    assert [f.code for f in _title_findings(lib, path)] == []


def test_a_compound_cut_between_its_words_is_no_finding(lib, tmp_path):
    # 党建|工作 is a poor place to break, but no word is split
    path = _doc(tmp_path / "c.docx", ["北河市发展和改革委员会关于做好机关党建", "工作的通知"], separate=True)
    assert _title_findings(lib, path) == []


def test_a_subtitle_is_not_part_of_the_titles_shape(lib, tmp_path):
    # 18 over 10 is a sound trapezoid; the subtitle under it would make an hourglass of 18, 10, 15
    path = _doc(tmp_path / "s.docx", [ORG, "2026年党建工作会议", "——在全体党员大会上的讲话"], separate=True)
    assert _title_findings(lib, path) == []
