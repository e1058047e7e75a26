"""Title line breaking (GB/T 9704 7.3.1): shapes, breaks, the width from the layout, the rendered title.

The titles here are synthetic: unit names invented for the test (北河市, 南山县 …) and
the vocabulary of Party documents, built from words so that a test knows where every
word ends.
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import replace
from itertools import combinations

import pytest

from drafting.gongwen.titles import (
    DIAMOND,
    GOOD_SHAPES,
    HOURGLASS,
    INVERTED,
    RECTANGLE,
    SINGLE,
    STANDARD_WIDTH,
    TRAPEZOID,
    bad_breaks,
    break_title,
    line_width,
    shape,
    title_width,
)
from drafting.layout import load_layout

# --- shapes --------------------------------------------------------------------------------


@pytest.mark.parametrize("widths, expected", [
    ([12], SINGLE),
    ([8, 14], TRAPEZOID),  # 上短下长
    ([6, 12, 18], TRAPEZOID),
    ([16, 9], INVERTED),  # 上长下短
    ([18, 18, 8], INVERTED),
    ([5, 18, 8], DIAMOND),
    ([9, 16, 16, 10], DIAMOND),
    ([14, 14], RECTANGLE),
    ([10, 10, 10], RECTANGLE),
    ([18, 6, 14], HOURGLASS),  # a middle line shorter than both neighbours
    ([12, 18, 8, 12], HOURGLASS),
])
def test_shape_of_line_widths(widths, expected):
    assert shape(["字" * w for w in widths]) == expected


def test_digits_count_half_a_character():
    # 2026年 is three characters wide in the title's fonts, not five
    assert line_width("2026年") == 3
    assert shape(["2026年北河市机关", "党的建设工作要点"]) == RECTANGLE  # 8 and 8, not 10 over 8
    assert shape(["2026年北河市机关", "党建工作要点"]) == INVERTED


# --- the width comes from the layout ---------------------------------------------------------


def test_width_from_the_layout_values():
    layout = load_layout()
    # 2号 (22 pt) on the 156 mm 版心: 20 characters, as GB/T 9704's own numbers give
    assert title_width(layout) == STANDARD_WIDTH == 20
    small = replace(layout, styles={**layout.styles, "title": replace(layout.styles["title"], size=36)})
    assert title_width(small) == 24  # 小二 (18 pt)
    spaced = replace(layout, styles={**layout.styles, "title": replace(layout.styles["title"], char_spacing=40)})
    assert title_width(spaced) == 18  # 2 pt of character spacing


# --- breaking ---------------------------------------------------------------------------------

ORG = "中共北河市发展和改革委员会机关委员会"


def test_a_title_that_fits_stays_one_line():
    assert break_title("2026年北河市发展改革委党的建设工作要点", 20) == ("2026年北河市发展改革委党的建设工作要点",)


def test_the_organisation_is_kept_whole_when_it_fits():
    lines = break_title(f"2026年{ORG}党的建设工作要点", 20, keep=(ORG,))
    assert ORG in lines
    assert shape(lines) in GOOD_SHAPES


def test_the_break_follows_the_organisation_before_guanyu():
    lines = break_title(f"{ORG}关于印发《2026年党的建设工作要点》的通知", 20, keep=(ORG,))
    assert lines == (ORG, "关于印发《2026年党的建设工作要点》的通知")


def test_never_inside_title_marks_a_year_or_an_ordinal():
    title = "北河市总工会关于召开第十二届职工代表大会第三次会议暨《2026年工会工作要点》审议会的通知"
    lines = break_title(title, 20)
    assert "".join(lines) == title
    assert not bad_breaks(lines)
    for whole in ("第十二届", "第三次", "《2026年工会工作要点》"):
        assert any(whole in line for line in lines), (whole, lines)


def test_a_speech_title_breaks_before_shang_de_jianghua_not_inside():
    lines = break_title(f"在2026年{ORG}全面从严治党工作会议上的讲话", 20, keep=(ORG,))
    assert ORG in lines
    assert lines[-1].endswith("上的讲话")
    assert shape(lines) in GOOD_SHAPES


def test_a_name_longer_than_a_line_breaks_after_one_of_its_places_or_bodies():
    org = "中共北河省南山市东湖区发展和改革委员会机关委员会"
    lines = break_title(f"2026年{org}党支部工作要点", 20, keep=(org,))
    # too long for a line, the name is cut between its places and bodies: 中共|北河省|南山市|东湖区|发展和改革委员会|机关委员会
    allowed = {"2026年", "中共", "北河省", "南山市", "东湖区", "发展和改革委员会", "机关委员会", "党支部"}
    assert all(any(line.endswith(word) for word in allowed) for line in lines[:-1]), lines
    assert shape(lines) in GOOD_SHAPES


def test_the_segmenter_is_asked_only_when_no_known_boundary_serves():
    asked = []

    def words(text):
        asked.append(text)
        return ["关于", "认真", "学习", "宣传", "贯彻", "北河", "精神", "的", "通知"]

    break_title(f"{ORG}关于印发《2026年党的建设工作要点》的通知", 20, keep=(ORG,), words=words)
    assert asked == []
    lines = break_title("关于认真学习宣传贯彻北河精神的通知关于认真学习", 12, words=lambda t: list(t))
    assert "".join(lines) == "关于认真学习宣传贯彻北河精神的通知关于认真学习"


# --- the property: generated titles ----------------------------------------------------------

# Unit names invented for the test, as their parts (a break between parts keeps the words whole).
_ORGS = [
    ("中共", "北河市", "发展和改革委员会", "机关委员会"),
    ("北河市", "市场监督管理局", "机关党支部"),
    ("中共", "南山县委", "组织部", "机关党支部"),
    ("国家税务总局", "北河市", "东湖区", "税务局", "机关委员会"),
    ("北河市", "住房和城乡建设局", "机关", "第一党支部"),
    ("中共", "北河省", "南山市", "东湖区", "人民政府办公室", "机关委员会"),
    ("北河省", "交通运输厅", "直属机关党委"),
    ("南山市", "教育局", "机关党总支"),
    ("北河市", "人力资源和社会保障局", "机关党委"),
    ("中共", "北河市", "纪律检查委员会", "机关委员会"),
    ("东湖区", "卫生健康委员会", "机关党支部"),
    ("北河市", "生态环境局"),
    ("南山县", "农业农村局", "党组"),
]
_SUBJECTS = [
    ("党的建设", "工作要点"), ("党支部", "工作要点"), ("机关党建", "工作要点"), ("党风廉政建设", "工作要点"),
    ("全面从严治党", "工作计划"), ("意识形态", "工作", "实施方案"),
]
_MEETINGS = [("全体会议",), ("党建", "工作会议"), ("全面从严治党", "工作会议"), ("党建", "工作", "推进会"),
             ("第三届", "职工代表大会", "第二次会议"), ("警示教育", "大会")]
_STUDY = [("党的二十届四中全会", "精神"), ("“两个确立”", "决定性意义"), ("《中国共产党章程》",),
          ("第十二次", "党代会", "精神"), ("“四强”", "党支部", "创建"), ("2026年3月5日", "会议", "精神")]


def _title(rng: random.Random) -> tuple[list[str], tuple[str, ...]]:
    """A title as its words, and the name to keep whole."""
    org = rng.choice(_ORGS)
    year = [f"{rng.randint(2016, 2030)}{rng.choice(['年', '年度'])}"]
    kind = rng.randrange(5)
    if kind == 0:
        words = [*year, *org, *rng.choice(_SUBJECTS)]
    elif kind == 1:
        words = ["在", *year, *org, *rng.choice(_MEETINGS), "上的讲话"]
    elif kind == 2:
        inner = f"{year[0]}{''.join(org)}{''.join(rng.choice(_SUBJECTS))}"
        words = [*org, "关于", "印发", f"《{inner}》", "的通知"] if line_width(inner) <= 18 else \
            [*org, "关于", "印发", f"《{year[0]}", "党建", "工作要点》", "的通知"]
    elif kind == 3:
        words = [*org, "关于", "认真", "学习", "贯彻", *rng.choice(_STUDY), "的通知"]
    else:
        words = [*rng.choice([("关于", "开展"), ("关于", "做好")]), *year, *rng.choice(_STUDY), "工作", "的通知"]
    return words, ("".join(org),)


def _boundaries(words: list[str]) -> set[int]:
    out, at = set(), 0
    for word in words[:-1]:
        at += len(word)
        out.add(at)
    return out


def _good_exists(words: list[str], width: float, fewest: int) -> bool:
    """Whether some breaking at word boundaries into ``fewest`` or one more lines has an allowed shape."""
    text = "".join(words)
    spots = sorted(_boundaries(words))
    for count in (fewest, fewest + 1):
        for cuts in combinations(spots, count - 1):
            lines = [text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)))]
            if all(line_width(line) <= width for line in lines) and shape(lines) in GOOD_SHAPES:
                return True
    return False


def test_generated_titles_break_between_words_in_an_allowed_shape():
    rng = random.Random(9704)
    checked = 0
    for _ in range(2000):
        words, keep = _title(rng)
        text = "".join(words)
        width = rng.choice([20, 20, 20, 18, 22])
        # the segmenter knows the words; it is asked only where the title's own grammar says nothing
        lines = break_title(text, width, keep=keep, words=lambda _t, w=words: w)
        assert "".join(lines) == text
        if line_width(text) <= width:
            assert lines == (text,)
            continue
        checked += 1
        assert all(line_width(line) <= width for line in lines), lines
        at, cuts = 0, set()
        for line in lines[:-1]:
            at += len(line)
            cuts.add(at)
        assert cuts <= _boundaries(words), (lines, words)
        assert not bad_breaks(lines, keep=keep, width=width), lines
        assert not re.search(r"[《“（]$", lines[0])
        fewest = max(2, -(-int(line_width(text) * 2) // int(width * 2)))
        if _good_exists(words, width, fewest):
            assert shape(lines) in GOOD_SHAPES, lines
    assert checked > 1200


# --- rendered: the title paragraph holds the breaks ------------------------------------------


def _title_paragraph(path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.search(r"<w:p>(?:(?!</w:p>).)*?<w:pStyle w:val=\"Title\"/>.*?</w:p>", xml).group(0)


def test_the_rendered_title_is_one_paragraph_with_line_breaks(tmp_path):
    from drafting import jobs
    from drafting.parse import parse_paragraphs
    from drafting.reader import read_paragraphs

    req = jobs.Request(genre="plan", year=2026, org=ORG, output=tmp_path / "plan.docx", force=True)
    result = jobs.draft(req)
    para = _title_paragraph(result.path)
    assert para.count("<w:br/>") == 2
    texts = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", para)
    assert texts == ["2026年", ORG, "党的建设工作要点"]
    # read back, the title is whole again
    outline = parse_paragraphs(read_paragraphs(result.path), year=None).outline
    assert outline.title == f"2026年{ORG}党的建设工作要点"


def test_a_short_title_is_rendered_without_breaks(tmp_path):
    from drafting import jobs

    req = jobs.Request(genre="plan", year=2026, org="北河市发展改革委", output=tmp_path / "plan.docx", force=True)
    para = _title_paragraph(jobs.draft(req).path)
    assert "<w:br/>" not in para


def test_every_bundled_recipe_with_a_long_name_is_broken_and_reads_clean(tmp_path):
    """Every plan and speech recipe, for a unit whose name fills a line: broken titles, parsed and checked clean."""
    import datetime as dt

    from drafting.assemble import assemble
    from drafting.check import check_paragraphs
    from drafting.library import load_library
    from drafting.model import SPEECH, Occasion
    from drafting.parse import parse_paragraphs
    from drafting.reader import read_paragraphs
    from drafting.render import render

    lib = load_library()
    broken = 0
    for recipe in [*lib.plans.values(), *lib.meetings.values()]:
        for year, org in ((2026, ORG), (2027, "北河市住房和城乡建设局机关第一党支部")):
            occasion = Occasion(year=year, org=org, speaker="张明", date=dt.date(year, 1, 10))
            outline = assemble(lib, recipe, occasion, meeting=recipe.name if recipe.genre == SPEECH else None)
            path = render(outline, tmp_path / f"{recipe.name}-{year}.docx", terms=lib.terms)
            broken += "<w:br/>" in _title_paragraph(path)
            paras = read_paragraphs(path)
            assert parse_paragraphs(paras, year=year).outline.title == outline.title
            found = check_paragraphs(paras, year=year, rules=lib.checks, calendar=lib.calendar)
            assert [(f.code, f.message) for f in found if f.severity != "info"] == []
    assert broken >= 10


def test_a_long_title_is_broken_without_loading_jieba(tmp_path):
    # draft plan must not pay jieba's second: the title's own grammar gives the breaks
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from drafting import jobs\n"
        f"req = jobs.Request(genre='plan', year=2026, org={ORG!r}, output=Path(sys.argv[1]), force=True)\n"
        "path = jobs.draft(req).path\n"
        "import zipfile\n"
        "print(zipfile.ZipFile(path).read('word/document.xml').count(b'<w:br/>'), 'jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "p.docx")], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["2", "False"]  # the title broken into three lines, jieba never loaded
