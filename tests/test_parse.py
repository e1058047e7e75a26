"""Parsing paragraphs back into an outline: the seed documents, our own drafts, odd input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.assemble import assemble
from drafting.library import load_library
from drafting.model import PLAN, SPEECH, Occasion, Outline, Paragraph
from drafting.parse import Parsed, classify, parse_paragraphs, split_lead, to_json
from drafting.render import context_for

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of a plain text, one per non-empty line."""
    return [Paragraph(i, line.strip()) for i, line in enumerate(l for l in text.splitlines() if l.strip())]


def parse_text(text: str) -> Parsed:
    return parse_paragraphs(paragraphs(text))


def codes(parsed: Parsed) -> list[str]:
    return [f.code for f in parsed.findings]


def numbers(parsed: Parsed) -> list[int | None]:
    return [item.number for item in parsed.outline.items()]


def reader():
    return pytest.importorskip("drafting.reader", reason="drafting/reader.py (read_paragraphs) not written yet")


# --- the seed documents -------------------------------------------------------------


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    return found[0]


@pytest.fixture(params=["text", "reader"])
def load_seed(request):
    """Parse a seed split into lines here, or read by ``reader.read_paragraphs``."""

    def load(prefix: str) -> Parsed:
        path = seed_path(prefix)
        if request.param == "text":
            return parse_text(path.read_text(encoding="utf-8"))
        return parse_paragraphs(reader().read_paragraphs(path))

    return load


def test_seed_000_pasted_twice(load_seed):
    parsed = load_seed("000")
    outline = parsed.outline
    assert outline.genre == PLAN and outline.year == 2016
    assert outline.title is None
    assert len(outline.sections) == 5
    assert numbers(parsed) == list(range(1, 16))
    assert codes(parsed) == ["duplicate-text"]
    assert outline.preamble and outline.preamble[0].startswith("2016年是")
    # the copy began inside item 15: nothing of it is left there
    assert "2016年是" not in outline.items()[-1].text
    assert all(item.lead for item in outline.items())


def test_seed_001_ascii_punctuation(load_seed):
    parsed = load_seed("001")
    outline = parsed.outline
    assert outline.genre == PLAN and outline.year == 2020
    assert len(outline.sections) == 6
    assert [s.number for s in outline.sections] == [1, 2, 3, 4, 5, 6]
    assert numbers(parsed) == list(range(1, 21))
    assert all(item.lead for item in outline.items())
    assert not [c for c in codes(parsed) if c.startswith("numbering")]
    # the title names only 机关; the preamble's subject (……党的建设工作总体要求是) names the org
    assert outline.org == "市级机关" and parsed.org_source == "opening"


def test_seed_002_redacted(load_seed):
    parsed = load_seed("002")
    outline = parsed.outline
    assert outline.genre == PLAN and outline.year == 2018
    assert len(outline.sections) == 3
    assert numbers(parsed) == list(range(1, 11))
    assert "placeholder" in codes(parsed)
    assert outline.org is None  # redacted as **
    assert outline.signature is not None and outline.signature.endswith("党支部")
    assert all("党支部" not in item.text[-8:] for item in outline.items())


def test_seed_003_gap_and_year(load_seed):
    parsed = load_seed("003")
    outline = parsed.outline
    assert outline.genre == PLAN and outline.year == 2023
    assert len(outline.sections) == 5
    assert numbers(parsed) == list(range(1, 12)) + list(range(13, 24))
    assert sorted(codes(parsed)) == ["numbering-gap", "year-mismatch"]
    mismatch = next(f for f in parsed.findings if f.code == "year-mismatch")
    assert "2022" in mismatch.message and "2023" in mismatch.message
    gap = next(f for f in parsed.findings if f.code == "numbering-gap")
    assert "12" in gap.message
    assert outline.org == "市发展改革委"


def test_seed_004_speech_in_advertising(load_seed):
    parsed = load_seed("004")
    outline = parsed.outline
    assert outline.genre == SPEECH
    assert outline.title.startswith("在") and outline.title.endswith("讲话")
    assert len(outline.sections) == 4
    assert all(s.heading and "。" not in s.heading for s in outline.sections)
    assert all(s.items for s in outline.sections)
    assert "placeholder" in codes(parsed) and "ad-text" in codes(parsed)
    dumped = json.dumps(to_json(parsed), ensure_ascii=False)
    for marker in ("QQ", "会员", "仅供学习", "禁止外传", "倒卖", "订阅", "整理", "酷乐文行", "206157060"):
        assert marker not in dumped
    assert to_json(parsed)["closing"] is None
    assert all(item["number"] is None for s in to_json(parsed)["sections"] for item in s["items"])


# --- round trip: our own drafts -------------------------------------------------------


def rendered_paragraphs(outline: Outline) -> list[Paragraph]:
    """The paragraphs of ``outline`` as the bundled templates lay them out."""
    ctx = context_for(outline)
    texts = [ctx["title"]]
    if outline.genre == PLAN:
        texts += ctx["preamble"]
    else:
        if ctx["speaker"]:
            texts.append(ctx["speaker"])
        if ctx["date"]:
            texts.append(f"（{ctx['date']}）")
        texts += [ctx["salutation"], *ctx["opening"]]
    for section in ctx["sections"]:
        texts.append(section["label"] + section["heading"])
        texts += [item["label"] + item["lead"] + item["body"] for item in section["items"]]
    if outline.genre == PLAN and ctx["signature"]:
        texts += [ctx["signature"]["org"], ctx["signature"]["date"]]
    if outline.genre == SPEECH:
        texts += ctx["closing"]
    return [Paragraph(i, text) for i, text in enumerate(t for t in texts if t)]


def assert_round_trip(parsed: Parsed, outline: Outline) -> None:
    got = parsed.outline
    assert got.genre == outline.genre
    assert got.title == outline.title
    assert got.year == outline.year
    assert got.org == outline.org
    assert [(s.number, s.heading) for s in got.sections] == [(s.number, s.heading) for s in outline.sections]
    assert [[(i.number, i.lead, i.text) for i in s.items] for s in got.sections] == [
        [(i.number, i.lead, i.text) for i in s.items] for s in outline.sections
    ]
    assert got.preamble == outline.preamble
    assert got.closing == outline.closing
    assert got.date == outline.date
    if outline.genre == SPEECH:
        assert got.speaker == outline.speaker
    else:
        assert got.signature == outline.signature
    assert parsed.findings == ()


def _recipes():
    lib = load_library()
    return lib, [*lib.plans.values(), *lib.meetings.values()]


def _occasion(year: int) -> Occasion:
    return Occasion(year=year, org="市发展改革委", speaker="张三", date=dt.date(year, 1, 10))


def _cases():
    _, recipes = _recipes()
    return [(r.name, year) for year in (2026, 2016) for r in recipes]


@pytest.mark.parametrize("name,year", _cases())
def test_round_trip_of_assembled_outlines(name, year):
    lib, recipes = _recipes()
    recipe = next(r for r in recipes if r.name == name)
    outline = assemble(lib, recipe, _occasion(year), meeting=name if recipe.genre == SPEECH else None)
    assert outline.sections
    assert_round_trip(parse_paragraphs(rendered_paragraphs(outline)), outline)


@pytest.mark.parametrize("name", [name for name, year in _cases() if year == 2026])
def test_round_trip_through_word(name, tmp_path):
    from drafting.render import render

    read = reader()
    lib, recipes = _recipes()
    recipe = next(r for r in recipes if r.name == name)
    outline = assemble(lib, recipe, _occasion(2026), meeting=name if recipe.genre == SPEECH else None)
    path = render(outline, tmp_path / "draft.docx")
    assert_round_trip(parse_paragraphs(read.read_paragraphs(path)), outline)


def test_round_trip_without_speaker_or_date():
    lib, _ = _recipes()
    recipe = lib.meeting("工委会议")
    outline = assemble(lib, recipe, Occasion(year=2026, org="市直机关工委"), meeting="工委会议")
    assert_round_trip(parse_paragraphs(rendered_paragraphs(outline)), outline)


# --- markers and small documents ------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("一、加强政治建设", ("L1", 1, "加强政治建设")),
    ("十二、其他", ("L1", 12, "其他")),
    ("（三）支部建设", ("L2", 3, "支部建设")),
    ("(三)支部建设", ("L2", 3, "支部建设")),
    ("1．加强学习。正文", ("L3", 1, "加强学习。正文")),
    ("12.加强学习。", ("L3", 12, "加强学习。")),
    ("３、加强学习", ("L3", 3, "加强学习")),
    ("（2）具体做法", ("L4", 2, "具体做法")),
    ("(2)具体做法", ("L4", 2, "具体做法")),
    ("二是要抓落实。", ("enum", 2, "要抓落实。")),
    ("1.5万人参加", ("text", None, "1.5万人参加")),
    ("2020年是开局之年", ("text", None, "2020年是开局之年")),
    ("十十、不是编号", ("text", None, "十十、不是编号")),
    ("一些同志认为", ("text", None, "一些同志认为")),
])
def test_classify(text, expected):
    assert classify(text) == expected


def test_split_lead():
    assert split_lead("加强学习。具体做法。") == ("加强学习", "具体做法。")
    assert split_lead("坚决贯彻落实党中央关于加强和改进机关党的建设的各项决策部署和工作要求。后文") == (
        None, "坚决贯彻落实党中央关于加强和改进机关党的建设的各项决策部署和工作要求。后文")
    assert split_lead("没有句号") == (None, "没有句号")
    assert split_lead("要敢于担当！后文") == ("要敢于担当！", "后文")


PLAN_TEXT = """
2025年市统计局机关党建工作要点
2025年是“十四五”规划收官之年。总体要求是：坚持稳中求进。
一、加强政治建设
（一）理论学习
1.深化理论武装。每月集中学习一次。
(1)领导班子带头学。
2、抓好专题研讨。组织专题研讨。
（二）制度落实
3．落实报告制度。按时报告。
二、加强组织建设
4．规范组织生活。按期召开支部党员大会。
一是按月开展主题党日。二是按季度上党课。
市统计局机关党委
2025年1月8日
"""


def test_plan_levels_and_ascii_markers():
    parsed = parse_text(PLAN_TEXT)
    outline = parsed.outline
    assert outline.genre == PLAN and outline.year == 2025 and outline.org == "市统计局机关"
    assert [(s.number, s.heading) for s in outline.sections] == [(1, "加强政治建设"), (2, "加强组织建设")]
    first = outline.sections[0].items
    # sub-headings are kept as unnumbered items, marker and all
    assert [(i.number, i.lead) for i in first] == [
        (None, None), (1, "深化理论武装"), (2, "抓好专题研讨"), (None, None), (3, "落实报告制度")]
    assert first[0].text == "（一）理论学习"
    assert first[1].text == "每月集中学习一次。\n(1)领导班子带头学。"
    last = outline.sections[1].items[-1]
    assert last.text.endswith("\n一是按月开展主题党日。二是按季度上党课。")
    assert outline.signature == "市统计局机关党委" and outline.date == dt.date(2025, 1, 8)
    assert parsed.findings == ()


def test_numbering_duplicate_and_gap():
    parsed = parse_text("一、甲\n1．甲。正文\n2．乙。正文\n2．丙。正文\n二、乙\n5．丁。正文\n")
    assert numbers(parsed) == [1, 2, 2, 5]
    assert codes(parsed) == ["numbering-duplicate", "numbering-gap"]
    gap = parsed.findings[1]
    assert "3" in gap.message and "4" in gap.message and gap.paragraph == 5


def test_items_numbered_per_section_are_not_gaps():
    parsed = parse_text("一、甲\n（一）甲。正文\n（二）乙。正文\n二、乙\n（一）丙。正文\n（二）丁。正文\n")
    assert numbers(parsed) == [1, 2, 1, 2]
    assert parsed.findings == ()


def test_section_gap():
    parsed = parse_text("一、甲\n1．甲。正文\n三、丙\n2．乙。正文\n")
    assert codes(parsed) == ["numbering-gap"]
    assert "二" in parsed.findings[0].message


def test_title_split_over_two_lines():
    parsed = parse_text("中共某某市统计局机关委员会\n2024年党的建设工作要点\n2024年是关键之年。\n一、甲\n1．甲。正文\n")
    assert parsed.outline.title == "中共某某市统计局机关委员会2024年党的建设工作要点"
    assert parsed.outline.year == 2024


def test_year_mismatch_and_fallbacks():
    parsed = parse_text("2024年工作要点\n2023年是关键之年。\n一、甲\n1．甲。正文\n")
    assert parsed.outline.year == 2024 and codes(parsed) == ["year-mismatch"]
    no_title = parse_text("今年是关键之年。\n一、甲\n1．甲。2019年完成，2019年验收，2018年启动。\n")
    assert no_title.outline.title is None and no_title.outline.year == 2019


def test_advertising_is_removed():
    text = "\n".join([
        "仅供学习 禁止外传", "某某文库", "每日更新", "扫码加入会员群",
        "2024年机关党建工作要点",
        "某某文库整理，咨询QQ12345678",
        "2024年是关键之年。",
        "一、甲",
        "1．甲。正文内容较长，需要保留下来，不能误删。更多内容见 http://example.com/x 谢谢。",
        "更多资料请订阅会员",
    ])
    parsed = parse_text(text)
    dumped = json.dumps(to_json(parsed), ensure_ascii=False)
    for marker in ("QQ", "会员", "文库", "每日更新", "仅供学习", "http", "订阅"):
        assert marker not in dumped, marker
    assert parsed.outline.title == "2024年机关党建工作要点"
    assert parsed.outline.items()[0].text.startswith("正文内容较长")
    assert set(codes(parsed)) == {"ad-text"}


def test_placeholders():
    parsed = parse_text("2024年XX局工作要点\n2024年是关键之年。\n一、甲\n1．甲。由×××负责，【待补】。\n")
    assert codes(parsed) == ["placeholder", "placeholder"]
    assert parsed.outline.org is None


SPEECH_TEXT = """
在2025年机关党建工作会议上的讲话
张三（2025年2月3日）
同志们：
今天召开会议，主要任务是部署全年工作。
一、提高站位，增强责任感。这是第一部分的正文，内容较多，说明了提高站位的意义和要求。
二是第二层意思。展开论述。
二、狠抓落实
一是要抓具体。细化措施。
同志们，让我们共同努力。
谢谢大家！
"""


def test_speech():
    parsed = parse_text(SPEECH_TEXT)
    outline = parsed.outline
    assert outline.genre == SPEECH and outline.year == 2025
    assert outline.speaker == "张三" and outline.date == dt.date(2025, 2, 3)
    assert outline.preamble == ("今天召开会议，主要任务是部署全年工作。",)
    assert [s.heading for s in outline.sections] == ["提高站位，增强责任感", "狠抓落实"]
    first = outline.sections[0].items
    assert [(i.number, i.lead) for i in first] == [(None, None), (2, "第二层意思")]
    assert first[0].text.startswith("这是第一部分的正文")
    assert outline.closing == ("同志们，让我们共同努力。", "谢谢大家！")
    data = to_json(parsed)
    assert data["closing"] == "同志们，让我们共同努力。\n谢谢大家！"
    assert [i["number"] for s in data["sections"] for i in s["items"]] == [None, None, None]
    assert outline.org is None  # 机关 alone names no organisation


def test_duplicate_from_a_paragraph_boundary():
    body = "2024年工作要点\n2024年是关键之年，要求很高。\n一、加强学习\n1．深化理论武装。每月集中学习一次，持续推进。\n"
    parsed = parse_text(body + body)
    assert codes(parsed) == ["duplicate-text"]
    assert numbers(parsed) == [1] and parsed.findings[0].paragraph == 4


def test_to_json_shape():
    data = to_json(parse_text(PLAN_TEXT))
    assert {"kind", "title", "year", "org", "org_source", "preamble", "sections", "closing", "warnings"} <= set(data)
    assert data["preamble"].startswith("2025年是")
    section = data["sections"][0]
    assert section["number"] == "一" and set(section["items"][1]) == {"number", "level", "lead", "text"}
    assert section["items"][1]["number"] == 1
    json.dumps(data, ensure_ascii=False)


def test_empty_input():
    parsed = parse_paragraphs([])
    assert parsed.outline.sections == () and parsed.outline.title is None
    assert to_json(parsed)["preamble"] is None


# --- never raise -------------------------------------------------------------------

_FRAGMENTS = [
    "一、", "二、", "十一、", "（一）", "(二)", "1．", "2.", "3、", "（1）", "(2)", "一是", "二是",
    "同志们：", "同志们，", "2020年", "2023年是", "工作要点", "在会议上的讲话", "×", "XX", "**",
    "【待补】", "QQ123456", "会员群", "整理", "仅供学习", "http://a.b", "。", "，", ",", "：", "（", "）",
    "加强政治建设", "市发展改革委", "2025年1月8日", "\t", " ", "\u3000", "十十", "〇", "0", "99",
]
_lines = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=6)), max_size=6).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines, max_size=25))
def test_arbitrary_lines_never_raise(lines):
    parsed = parse_text("\n".join(lines + lines[: len(lines) // 2]))
    json.dumps(to_json(parsed), ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    json.dumps(to_json(parse_text(text)), ensure_ascii=False)


_paragraph = st.builds(
    Paragraph,
    index=st.integers(min_value=-5, max_value=10_000),
    text=st.one_of(_lines, st.text(max_size=60)),
    label=st.none() | st.sampled_from(["一、", "1.", "（一）"]),
    style=st.none() | st.sampled_from(["Title", "Heading 1", "Normal", "Signature"]),
    outline_level=st.none() | st.integers(min_value=0, max_value=9),
    in_table=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_paragraph, max_size=30))
def test_arbitrary_paragraphs_never_raise(paras):
    parsed = parse_paragraphs(paras)
    json.dumps(to_json(parsed), ensure_ascii=False)
    assert all(isinstance(item.text, str) for item in parsed.outline.items())


# --- what checks build on: markers, exact excerpts, the year asked for, unit ad phrases ----


@pytest.mark.parametrize("text,expected", [
    ("一、加强政治建设", ("L1", 1, "一、", "加强政治建设")),
    ("（三） 支部建设", ("L2", 3, "（三）", "支部建设")),
    ("１２．加强学习", ("L3", 12, "１２．", "加强学习")),
    ("3 、加强学习", ("L3", 3, "3 、", "加强学习")),
    ("2020年是开局之年", ("text", None, "", "2020年是开局之年")),
])
def test_split_marker(text, expected):
    from drafting.parse import split_marker

    assert split_marker(text) == expected


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_excerpts_stand_in_their_paragraph(prefix):
    paras = reader().read_paragraphs(seed_path(prefix))
    texts = {p.index: p.text for p in paras}
    parsed = parse_paragraphs(paras)
    assert parsed.findings
    for f in parsed.findings:
        assert f.excerpt and f.excerpt in texts[f.paragraph], f
    assert all(text in texts[index] for index, text in parsed.lines)


def test_year_asked_for():
    text = "2024年工作要点\n2024年是关键之年。\n一、甲\n1．甲。正文\n"
    assert parse_text(text).findings == ()
    parsed = parse_paragraphs(paragraphs(text), year=2025)
    assert [(f.code, f.paragraph, f.excerpt, f.suggestion) for f in parsed.findings] == [
        ("year-mismatch", 0, "2024年", "2025年"), ("year-mismatch", 1, "2024年", "2025年")]
    assert parsed.outline.year == 2024  # the document's own year, as written


def test_ad_phrases_from_the_library():
    text = "2024年工作要点\n某某范文站 欢迎收藏\n2024年是关键之年。\n一、甲\n1．甲。正文\n"
    assert parse_text(text).outline.title == "2024年工作要点"
    parsed = parse_paragraphs(paragraphs(text), ads=("某某范文站",))
    assert codes(parsed) == ["ad-text"] and parsed.findings[0].paragraph == 1
    assert "某某范文站" not in json.dumps(to_json(parsed), ensure_ascii=False)


# --- real documents: titles, site lines, organisation, year, levels ---------------------------


def bundled_ads() -> tuple[str, ...]:
    from drafting import jobs

    return jobs.library(()).checks.ads


def parse_with_ads(text: str) -> Parsed:
    return parse_paragraphs(paragraphs(text), ads=bundled_ads())


def counted_items(parsed: Parsed) -> int:
    """Items as a reader counts them: numbered, not a 一是 enumeration (as bench_real does)."""
    return sum(1 for i in parsed.outline.items() if i.number is not None and i.level != "enum")


def test_an_item_may_start_with_a_year_but_a_decimal_is_no_item():
    parsed = parse_text("2024年工作要点\n一、组织建设\n1．规范组织生活。按期开会。\n"
                        "2．2026年底前完成支部换届。\n3．抓好发展党员。\n")
    assert numbers(parsed) == [1, 2, 3] and codes(parsed) == []
    assert parsed.outline.items()[1].lead == "2026年底前完成支部换届" and parsed.outline.items()[1].level == "L3"
    ascii_year = parse_text("2024年工作要点\n一、组织建设\n1.规范组织生活。\n2.2026年完成换届。\n3.发展党员。\n")
    assert numbers(ascii_year) == [1, 2, 3] and codes(ascii_year) == []
    # nearest negative: a figure with a decimal point, and a list of months, start no item
    assert classify("2.5倍于去年的投入。")[0] == "text"
    assert classify("1、2月份集中开展学习。")[0] == "text"


def test_headings_written_1_over_items_written_1_dot_are_sections():
    parsed = parse_text("2024年精神文明建设工作要点\n2024年是关键之年。\n"
                        "1、加强思想引领\n1.坚持正确导向。正文。\n2.组织系统学习。\n"
                        "2、深化文明创建\n3.开展文明单位创建。正文。\n")
    outline = parsed.outline
    assert [(s.number, s.heading) for s in outline.sections] == [(1, "加强思想引领"), (2, "深化文明创建")]
    assert numbers(parsed) == [1, 2, 3] and codes(parsed) == []
    # nearest negative: items written 1、 with no 1. under them stay items
    only = parse_text("2024年工作要点\n一、政治建设\n1、强化政治领导。正文。\n2、强化理论学习。\n")
    assert [s.number for s in only.outline.sections] == [1] and numbers(only) == [1, 2]
    mixed = parse_text("2024年工作要点\n2024年是关键之年。\n1、强化政治领导\n2.强化理论学习\n3、严明纪律\n")
    assert numbers(mixed) == [1, 2, 3] and [s.number for s in mixed.outline.sections] == [0]


def test_item_numbers_restart_under_each_sub_heading_without_a_duplicate():
    text = ("2024年街道工作计划\n一.党建工作\n（一）示范引领\n1.甲示范点。正文。\n2.乙示范点。\n3.丙示范点。\n"
            "（二）阵地建设\n本年确定为阵地建设年。\n（三）组织建设\n1.稳固党员意识。\n")
    parsed = parse_text(text)
    assert counted_items(parsed) == 4 and [s.number for s in parsed.outline.sections] == [1]
    assert "numbering-duplicate" not in codes(parsed)
    # nearest negative: a number used twice under the same sub-heading is still a duplicate
    twice = parse_text(text.replace("3.丙示范点。", "2.丙示范点。"))
    assert [(f.code, f.excerpt) for f in twice.findings] == [("numbering-duplicate", "2.")]


def test_a_speech_reports_its_sub_headings_as_numbered_items_and_not_its_enumerations():
    parsed = parse_text("在2025年机关党建工作会议上的讲话\n同志们：\n今天我们召开会议。\n一、提高站位\n"
                        "（一）强化理论武装。一是学。二是用。\n一是抓学习，正文。\n二是抓落实，正文。\n"
                        "（二）夯实基层基础。正文。\n")
    items = parsed.outline.items()
    assert [(i.number, i.level) for i in items] == [(1, "L2"), (1, "enum"), (2, "enum"), (2, "L2")]
    assert items[0].lead == "强化理论武装" and counted_items(parsed) == 2
    assert codes(parsed) == []  # 一是 after （一） and （二） after 二是: no false duplicate
    assert to_json(parsed)["sections"][0]["items"][0]["level"] == "L2"


def test_no_sections_only_for_a_plan():
    plan = parse_text("2024年机关党建工作要点\n2024年是关键之年。\n1．加强学习。正文。\n2．加强组织。正文。\n")
    assert "no-sections" in codes(plan)
    speech = parse_text("在机关党建工作会议上的讲话\n同志们：\n今天我们召开会议。\n大家要认真学习。\n")
    notice = parse_text("关于开展主题党日活动的通知\n各支部：\n现就有关事项通知如下。\n")
    untitled = parse_text("这次会议的主要任务是部署全年工作。\n过去一年，我们做了大量工作。\n")
    assert "no-sections" not in codes(speech) + codes(notice) + codes(untitled)
    assert untitled.outline.genre == SPEECH


def test_a_compilation_header_and_a_site_outline_are_no_title():
    parsed = parse_text("党建学习要点(精选8篇)\n党建学习要点 第1篇\n城关镇2024年党建工作计划要点\n"
                        "2024年是关键之年。\n一、政治建设\n1、强化政治领导。正文。\n")
    assert parsed.outline.title == "城关镇2024年党建工作计划要点" and parsed.outline.org == "城关镇"
    assert [(f.code, f.paragraph) for f in parsed.findings] == [("extra-text", 0), ("extra-text", 1)]
    outlined = parse_text("【提纲】一、政治建设，筑牢忠诚 二、组织建设\n2024年市委某部机关党的建设工作要点\n"
                          "2024年是关键之年。\n一、政治建设，筑牢忠诚\n1.加强学习。正文。\n")
    assert outlined.outline.title == "2024年市委某部机关党的建设工作要点"
    assert codes(outlined) == ["extra-text"]
    # nearest negative: a title with its own parenthesised note stays the title
    kept = parse_text("2024年机关党建工作要点（征求意见稿）\n2024年是关键之年。\n一、甲\n1．甲。正文。\n")
    assert kept.outline.title == "2024年机关党建工作要点（征求意见稿）" and codes(kept) == []


def test_a_site_date_line_gives_no_year_and_is_extra_text():
    parsed = parse_text("发布时间:2021-03-09 来源:讲话稿\n这次会议的主要任务是交流经验。\n大家要认真学习。\n")
    assert parsed.outline.year is None
    assert [(f.code, f.paragraph) for f in parsed.findings] == [("extra-text", 0)]
    # nearest negative: a body line that mentions 来源 is body
    body = parse_text("这次会议的主要任务是交流经验。\n来源于基层的经验最管用。\n")
    assert codes(body) == []


def test_a_selling_sites_furniture_before_the_title_is_not_part_of_it():
    text = ("- 0\n- 0\n- 约4.4千字\n- 约 9页\n- 2026-02-27 发布于某省\n- 举报\n"
            "2026年社区党建工作计划\n2026年是开局之年。\n一、政治建设\n1．加强学习。正文。\n")
    parsed = parse_with_ads(text)
    assert parsed.outline.title == "2026年社区党建工作计划"
    assert [f.paragraph for f in parsed.findings] == [0, 1, 2, 3, 4, 5]


def test_the_title_repeated_after_a_reseller_banner():
    text = ("2024年社区党建工作实施方案\n- 1、下载文档前请自行甄别，本站只提供预览，恕不负责内容完整。\n"
            "- 2、本页“仅部分预览”，全文请下载后阅读。\n"
            "2024年社区党建工作实施方案\n一、工作目标\n加强指导。\n")
    parsed = parse_with_ads(text)
    assert parsed.outline.title == "2024年社区党建工作实施方案"
    assert [(f.code, f.paragraph) for f in parsed.findings] == [
        ("ad-text", 1), ("ad-text", 2), ("duplicate-text", 3)]
    assert parsed.outline.sections[0].heading == "工作目标"
    # nearest negative: a first line that only begins like the title is body
    alone = parse_with_ads("2024年社区党建工作实施方案\n2024年社区党建工作实施方案的总体要求如下。\n")
    assert "duplicate-text" not in codes(alone)


def test_a_meeting_s_when_and_where_line_is_not_part_of_the_title():
    parsed = parse_text("担当作为开新局\n——在总结大会上的讲话\n（1月13日下午4点，行政楼会议室）\n某某\n同志们：\n今天开会。\n")
    assert parsed.outline.title == "担当作为开新局——在总结大会上的讲话"
    assert parsed.outline.speaker == "某某" and parsed.outline.date is None
    dated = parse_text("在总结大会上的讲话\n（2024年1月13日下午，行政楼会议室）\n同志们：\n今天开会。\n")
    assert dated.outline.title == "在总结大会上的讲话" and dated.outline.year == 2024


def test_the_title_after_a_forwarding_notice_is_the_plan_s():
    text = ("各部门机关党委：\n现将《2024年市级机关党的建设工作要点》印发给你们，请结合实际认真贯彻落实。\n"
            "中共东海市委市级机关工作委员会\n2024年3月6日\n2024年市级机关党的建设工作要点\n"
            "2024年是关键之年。\n一、政治建设\n1．加强学习。正文。\n")
    parsed = parse_text(text)
    outline = parsed.outline
    assert outline.title == "2024年市级机关党的建设工作要点" and outline.org == "市级机关"
    assert outline.year == 2024 and outline.preamble == ("2024年是关键之年。",) and codes(parsed) == []
    # nearest negative: an addressee line without a forwarding sentence is not skipped over
    letter = parse_text("各部门机关党委：\n请于月底前报送材料。\n")
    assert letter.outline.title is None


@pytest.mark.parametrize("title, org", [
    ("2020年省直机关党建工作要点", "省直机关"),
    ("2024年市委直属机关工委机关党建工作要点", "市委直属机关工委机关"),
    ("关于东海大学2017年度基层党组织中心组学习的通知", "东海大学"),
    ("2019年精神文明建设工作要点", None),
    ("2023年基层党建工作思路", None),
    ("XX局2023年意识形态工作要点", None),
    ("2023年全市党建工作要点", None),
])
def test_the_org_of_a_title_is_a_whole_name_never_a_topic(title, org):
    parsed = parse_text(f"{title}\n一、甲\n1．甲。正文。\n")
    assert parsed.outline.org == org
    assert parsed.org_source == ("title" if org else None)


def test_the_org_of_an_untitled_text_comes_from_its_opening_sentence():
    plan = parse_text("为加强支部建设，结合市商务委机关工作实际，制定本方案。\n一、指导思想\n坚持学习。\n")
    assert (plan.outline.org, plan.org_source) == ("市商务委机关", "opening")
    assert to_json(plan)["org_source"] == "opening"
    speech = parse_text("今天，我们召开东城区基层党建工作推进会，总结去年工作。\n一、成效\n正文。\n")
    assert (speech.outline.org, speech.org_source) == ("东城区", "opening")
    # nearest negatives: a meeting described, not named by its unit; an opening without a unit
    for text in ("今天，我们召开这场意义非凡的党风廉政建设会议。\n一、成效\n正文。\n",
                 "结合本单位实际，制定本方案。\n一、指导思想\n正文。\n",
                 "结合学校实际，制定本方案。\n一、指导思想\n正文。\n"):
        assert parse_text(text).outline.org is None and parse_text(text).org_source is None
    signed = parse_text("某中学党委纪念建党系列活动方案\n一、开展党日活动\n正文。\n中共某中学委员会\n2020年6月10日\n")
    assert (signed.outline.org, signed.org_source) == ("中共某中学委员会", "signature")


def test_the_report_says_where_the_org_was_read(capsys):
    from drafting.cli import _report_parsed

    _report_parsed(parse_text("为加强支部建设，结合市商务委机关工作实际，制定本方案。\n一、指导思想\n坚持学习。\n"))
    assert "单位：市商务委机关（据开头一句）" in capsys.readouterr().out


def test_the_year_of_a_plan_whose_only_year_is_its_signature_date():
    parsed = parse_text("某中学党委纪念建党系列活动方案\n一、开展党日活动\n正文。\n中共某中学委员会\n2020年6月10日\n")
    assert parsed.outline.year == 2020
    # nearest negative: a year in the text itself comes first
    stated = parse_text("某中学党委活动方案\n一、开展党日活动\n2021年上半年完成。\n中共某中学委员会\n2020年12月10日\n")
    assert stated.outline.year == 2021


def test_a_speech_that_reviews_last_year_is_of_the_year_it_plans():
    parsed = parse_text("同志们：\n今天召开会议，总结2024年工作，安排部署2025年重点任务。\n"
                        "一、2024年工作成效显著\n2024年，全区抓好基层党建。2024年成效明显。\n")
    assert parsed.outline.year == 2025
    this_year = parse_text("同志们：\n今天召开会议，总结2024年工作，安排部署今年重点任务。\n"
                           "一、2024年工作成效显著\n2024年，全区抓好基层党建。\n")
    assert this_year.outline.year == 2025
    # nearest negative: an opening that only reviews is of the year the text names most
    review = parse_text("同志们：\n今天召开会议，总结2024年工作。\n一、成效\n2024年，全区抓好基层党建。\n")
    assert review.outline.year == 2024


@pytest.mark.parametrize("line", [
    "微信扫一扫在手机阅读、分享本文", "本文标题:在机关党建工作会议上的讲话.", "链接地址:http://example.com/a.html",
    "版权声明", "微信订阅号", "联系客服", "评论0", "部分文章缺省word文档下载，如需下载请在评论区发评论",
    "—PAGE1—", "第1页共5页", "约3.93千字", "docxVIP", "举报", "……(开头部分已省略529字)",
    "上一篇：某某工作总结", "来源：某某网", "责任编辑：某某", "- 3 -", "点击查看全文", "立即下载", "相关推荐",
    "【打印】 【关闭】", "字号：大 中 小", "分享到：", "作者：某某",
    "- 0- 0-", "- 约 9页", "- 举报", "2026-02-27 发布于某省", "某某网 2021-07-22 14:27:46 党建范文",
    "以下是小編為大家整理的學習材料,歡迎閱讀", "點擊下載全文",
])
def test_site_and_reseller_lines_at_the_end_are_dropped(line):
    parsed = parse_with_ads(f"2024年机关党建工作要点\n一、甲\n1．甲。正文内容。\n{line}\n")
    assert [f.paragraph for f in parsed.findings] == [3]
    assert parsed.findings[0].code in ("ad-text", "extra-text")
    assert parsed.outline.items()[-1].text == "正文内容。"


@pytest.mark.parametrize("line", [
    "畅通信访举报渠道", "评论员文章要常学", "版权声明的审核要严格", "来源于群众的意见要认真研究", "下载学习强国",
    "要把下载学习材料、阅读原文链接的情况纳入考核，确保每名党员都按时完成学习任务。",
    "- 加强理论学习", "2021-2025", "3月15日发布于政务网站的通知要认真学习",
])
def test_a_body_line_near_a_site_phrase_is_kept(line):
    parsed = parse_with_ads(f"2024年机关党建工作要点\n一、甲\n1．甲。正文内容。\n{line}\n")
    assert codes(parsed) == [] and line in parsed.outline.items()[-1].text


def test_advertising_words_injected_as_a_clause_are_taken_out():
    text = ("2024年机关党建工作要点\n2024年是关键之年。总体要求是：以政治建设为统领，以条例为抓手，滚动广告灯箱，"
            "深化质量提升工程，阅报栏灯箱，着力强化理论武装，着力夯实基层基础，推动机关党建高质量发展。\n一、甲\n1．甲。正文。\n")
    parsed = parse_with_ads(text)
    assert [(f.code, f.paragraph, f.excerpt) for f in parsed.findings] == [("ad-text", 1, "滚动广告灯箱，")]
    assert "灯箱" not in parsed.outline.preamble[0] and "以条例为抓手，深化质量提升工程，着力强化" in parsed.outline.preamble[0]
    # nearest negative: the phrase inside a clause of the sentence is the sentence's own
    own = text.replace("滚动广告灯箱，", "规范滚动广告灯箱设置，").replace("阅报栏灯箱，", "")
    assert codes(parse_with_ads(own)) == []


def test_renew_keeps_the_unit_s_own_jiguan_when_the_org_is_renamed(tmp_path):
    from drafting import jobs

    src = tmp_path / "去年.txt"
    src.write_text("2025年市统计局机关党建工作要点\n2025年是关键之年。\n一、政治建设\n"
                   "1．加强学习。市统计局党组带头学。\n", encoding="utf-8")
    done = jobs.renew(src, year=2026, org="市财政局", output=tmp_path / "新.docx")
    renamed = [(e.text, e.new) for e in done.renewal.entries if e.kind == "org"]
    assert renamed == [("市统计局", "市财政局"), ("市统计局", "市财政局")]
    # the whole name when 机关 is part of it: 市直机关 → 县直机关, never 县直机关机关
    src.write_text("2025年市直机关党建工作要点\n2025年是关键之年。\n一、政治建设\n1．加强学习。正文。\n",
                   encoding="utf-8")
    done = jobs.renew(src, year=2026, org="县直机关", output=tmp_path / "新2.docx")
    assert [(e.text, e.new) for e in done.renewal.entries if e.kind == "org"] == [("市直机关", "县直机关")]


# Documents 03–23 of ../shared/real are web pages whose full-width punctuation was NFKC-normalised
# to ASCII when they were stored; the parser must cope with both.
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def real(name: str) -> Parsed:
    path = REAL / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"real document {name} not found in {REAL}")
    return parse_paragraphs(reader().read_paragraphs(path), ads=bundled_ads())


@pytest.mark.parametrize("name, year, org, sections, items", [
    ("02", 2020, "中共绍兴市第一中学委员会", 9, 0),
    ("04", 2017, "街道", 1, 4),
    ("08", 2019, None, 1, 2),
    ("09", 2020, "省级机关", 1, 1),
    ("14", 2022, "市政协机关", 3, 4),
    ("18", 2025, None, 1, 3),
])
def test_real_documents_year_org_and_counts(name, year, org, sections, items):
    parsed = real(name)
    outline = parsed.outline
    assert (outline.year, outline.org) == (year, org)
    assert (sum(1 for s in outline.sections if s.number), counted_items(parsed)) == (sections, items)
    assert "numbering-duplicate" not in codes(parsed)


def test_real_documents_titles():
    assert real("05").outline.title == "关于大连大学2017年度基层党组织中心组学习的通知"
    assert real("11").outline.title == "xx 镇 2020 年党建工作计划要点"
    assert real("22").outline.title == "2026年市委组织部机关党的建设工作要点"
    assert real("01").outline.title.endswith("——在主题教育总结大会上的讲话")
    assert "no-sections" not in codes(real("05")) + codes(real("13")) + codes(real("17"))


def test_a_title_over_two_lines_is_found_at_its_line_with_the_year():
    from drafting.parse import title_index

    ps = paragraphs("关于某大学2017年度\n基层党组织学习的通知\n各党总支：\n现将计划印发给你们。\n")
    parsed = parse_paragraphs(ps)
    assert parsed.outline.title == "关于某大学2017年度基层党组织学习的通知"
    assert title_index(ps, parsed.outline) == 0
    ps = paragraphs("不忘初心担使命\n——在2020年总结大会上的讲话\n同志们：\n今天开会。\n")
    assert title_index(ps, parse_paragraphs(ps).outline) == 1


def test_a_notice_title_before_the_forwarding_notice_is_passed_over_too():
    text = ("关于印发《2024年某局机关党建工作要点》的通知\n各支部：\n现将《2024年某局机关党建工作要点》予以印发，请认真贯彻执行。\n"
            "中共某局机关委员会\n2024年2月1日\n附件\n2024年某局机关党建工作要点\n2024年是关键之年。\n一、甲\n1．甲。正文。\n")
    outline = parse_text(text).outline
    assert outline.title == "2024年某局机关党建工作要点" and outline.preamble == ("2024年是关键之年。",)
    # nearest negative: a notice that forwards nothing written out below is the document itself
    notice = parse_text("关于开展学习的通知\n各支部：\n现将《学习计划》印发给你们，请遵照执行。\n中共某局机关委员会\n")
    assert notice.outline.title == "关于开展学习的通知"


@pytest.mark.parametrize("line", [
    "首页 > 范文 > 工作计划", "当前位置：首页 > 工作要点", "作者：某某 发布时间：2021-03-09 浏览：120",
])
def test_a_site_s_breadcrumb_and_meta_lines_before_the_title(line):
    parsed = parse_text(f"{line}\n2024年机关党建工作要点\n2024年是关键之年。\n一、甲\n1．甲。正文。\n")
    assert parsed.outline.title == "2024年机关党建工作要点" and codes(parsed) == ["extra-text"]


@pytest.mark.parametrize("title, org", [
    ("张三同志在2024年市直机关工委全体会议上的讲话", "市直机关工委"),
    ("坚定信心在新征程上建新功——在2024年东城区党建工作会议上的讲话", "东城区"),
    ("在全市机关党建工作会议上的讲话", None),
])
def test_the_org_of_a_speech_title_follows_its_last_zai(title, org):
    parsed = parse_text(f"{title}\n同志们：\n今天开会。\n")
    assert parsed.outline.genre == SPEECH and parsed.outline.org == org


def test_the_report_writes_a_speech_s_sub_heading_as_written(capsys):
    from drafting.cli import _report_parsed

    _report_parsed(parse_text("在机关党建工作会议上的讲话\n同志们：\n今天开会。\n一、提高站位\n"
                              "（一）强化理论武装\n一是抓学习，正文。\n"))
    out = capsys.readouterr().out
    assert "（一）强化理论武装" in out and "一是抓学习" in out


@pytest.mark.parametrize("header", ["党建工作计划(通用5篇)", "党建工作计划【合集】", "党建工作计划（推荐3篇）"])
def test_compilation_headers_and_a_piece_label(header):
    parsed = parse_text(f"{header}\n篇一：2024年市统计局机关党建工作计划\n2024年是关键之年。\n一、甲\n1．甲。正文。\n")
    assert parsed.outline.title == "2024年市统计局机关党建工作计划" and parsed.outline.org == "市统计局机关"
    assert [(f.code, f.paragraph) for f in parsed.findings] == [("extra-text", 0), ("extra-text", 1)]
    assert parsed.findings[1].excerpt == "篇一：" and parsed.findings[1].suggestion == ""
    # nearest negative: a body line that begins 第一篇 without a colon is body
    body = parse_text("2024年工作要点\n一、甲\n1．甲。第一篇章要写好，正文。\n")
    assert codes(body) == []



def test_real_documents_site_and_reseller_lines():
    reseller = real("07")
    assert [(f.code, f.paragraph) for f in reseller.findings if f.code != "placeholder"] == [
        ("ad-text", 1), ("ad-text", 2), ("ad-text", 3), ("duplicate-text", 4)]
    tail = real("17")
    assert {f.paragraph for f in tail.findings} == set(range(3, 10))
    assert tail.outline.preamble and all("微信" not in p for p in tail.outline.preamble)
    injected = [f for f in real("09").findings if f.code == "ad-text"]
    assert [(f.paragraph, f.excerpt) for f in injected] == [(5, "滚动广告灯箱,")]
    assert real("06").outline.year is None  # the page's 发布时间 is not the speech's year


# --- a site's chrome of any kind, genre labels, copies of the title, orgs (synthetic text) -------


@pytest.mark.parametrize("line", [
    "下面是小编为大家整理的2019年座谈会讲话，供大家参考。", "（阅读全部图文内容，您需要先登录！）",
    "(想阅读全部内容,您需要先登陆!)", "推荐访问：讲话 发言", "admin 分享 时间： 加入收藏 共计1200个字，预计阅读时长4分钟",
    "文秘之友|原创|范文|素材|写作|", "时间：2019-05-06", "2019/5/6 10:12", "作者：张三 | 发布时间：2019/3/5 10:12:36 | 120次浏览",
    "朗读", "学习文库◆欢迎常来~",
    "下面是小编为大家整理的2019年度在全区机关党的建设工作推进会暨模范机关创建工作部署会上的讲话（全文完整），"
    "欢迎阅读，仅供大家参考借鉴。",
])
def test_site_chrome_before_after_and_at_the_end_is_extra_text(line):
    body = "在读书座谈会上的讲话\n同志们：\n今天我们召开座谈会，交流经验。\n大家要认真学习。\n"
    for text, where in ((f"{line}\n{body}", 0), (f"在读书座谈会上的讲话\n{line}\n" + body.split("\n", 1)[1], 1),
                        (f"{body}{line}\n", 4)):
        parsed = parse_text(text)
        assert parsed.outline.title == "在读书座谈会上的讲话"
        assert [(f.code, f.paragraph) for f in parsed.findings] == [("extra-text", where)]
        assert parsed.outline.year is None  # a chrome line's year is the page's, never the document's


@pytest.mark.parametrize("line", [
    "4．每季度开展1次阅读活动。", "◆加强理论学习，提高政治站位", "2019年5月6日", "党员|群众",
    "党员每日阅读时长不少于30分钟，做好学习记录。", "把学习成果分享给身边的群众。",
])
def test_a_body_line_like_site_chrome_is_kept(line):
    parsed = parse_text(f"2024年机关党建工作要点\n一、甲\n1．甲。正文内容。\n{line}\n5．乙。正文。\n")
    assert "extra-text" not in codes(parsed)


def test_a_repeated_web_date_line_is_dropped_both_times():
    parsed = parse_text("在主题教育动员会上的讲\n时间:2025-04-27\n时间:2025-04-27\n一、认识意义\n今年要抓好学习。\n")
    assert [(f.code, f.paragraph) for f in parsed.findings] == [("extra-text", 1), ("extra-text", 2)]
    # a title cut off by the site after 在……会上 is still a speech's
    assert parsed.outline.genre == SPEECH and parsed.outline.year is None


def test_a_genre_label_before_the_title_keeps_it_the_title():
    parsed = parse_text("交流发言：深刻理解党纪学习教育的意义\n同志们：\n今天交流学习体会。\n")
    assert parsed.outline.title == "交流发言：深刻理解党纪学习教育的意义" and parsed.outline.genre == SPEECH
    # nearest negative: a label-like sentence of the body is no title
    body = parse_text("交流发言：大家踊跃，气氛热烈。\n今天交流学习体会。\n")
    assert body.outline.title is None


def test_a_copy_of_the_title_behind_a_redaction_mark_is_a_duplicate():
    parsed = parse_text("市委统战部2026年党建工作要点\n〔*〕市委统战部2026年党建工作要点\n一、甲\n1．甲。正文。\n")
    assert ("duplicate-text", 1) in [(f.code, f.paragraph) for f in parsed.findings]
    assert ("placeholder", 1) in [(f.code, f.paragraph) for f in parsed.findings]
    # nearest negative: another title behind the mark is body
    other = parse_text("市委统战部2026年党建工作要点\n〔*〕市委统战部2026年党建工作要点的说明\n一、甲\n1．甲。正文。\n")
    assert "duplicate-text" not in codes(other)


def test_a_document_number_above_a_notice_title_is_its_masthead():
    text = ("东镇委〔2017〕48号\n印发《关于党建工作的实施方案》的通知\n各支部：\n"
            "现将《关于党建工作的实施方案》印发给你们，请认真执行。\n中共东山镇委员会\n2017年5月22日\n"
            "东山镇关于党建工作的\n实施方案\n为做好党建工作，制定本方案。\n一、总体要求\n")
    parsed = parse_text(text)
    assert parsed.outline.title == "印发《关于党建工作的实施方案》的通知"
    assert 0 not in [f.paragraph for f in parsed.findings]
    # the forwarding notice's signature names the org when the title does not
    assert parsed.outline.org == "中共东山镇委员会" and parsed.org_source == "signature"
    # nearest negative: a document number not above the title is extra text
    later = parse_text("东镇委〔2017〕48号\n附件1\n印发《关于党建工作的实施方案》的通知\n各支部：\n请认真执行。\n")
    assert ("extra-text", 0) in [(f.code, f.paragraph) for f in later.findings]


@pytest.mark.parametrize("title, org", [
    ("在市总工会节前廉政提醒谈话会上的讲话", "市总工会"),
    ("在市政协“两学一做”主题教育工作会议上的讲话", "市政协"),
    ("在XX市委常委会会议上的讲话", None),
    ("在全市节前廉政提醒谈话会上的讲话", None),
])
def test_the_org_of_a_speech_title_is_the_name_its_meeting_starts_with(title, org):
    parsed = parse_text(f"{title}\n同志们：\n今天开会。\n")
    assert parsed.outline.org == org


def test_the_org_of_a_plan_is_the_subject_of_its_preamble():
    untitled = parse_text("东山市级机关党的建设工作总体要求是：坚持不懈抓学习。\n一、甲\n1．甲。正文。\n")
    assert untitled.outline.org == "东山市级机关" and untitled.org_source == "opening"
    titled = parse_text("2020年机关党的建设工作要点\n2020年是关键之年。市级机关党的建设工作要以新思想为指导。\n一、甲\n")
    assert titled.outline.org == "市级机关"
    # nearest negative: a topic is no organisation
    topic = parse_text("2020年机关党的建设工作要点\n2020年是关键之年。基层党建工作的总体思路是抓落实。\n一、甲\n")
    assert topic.outline.org is None


def test_a_speech_title_run_into_its_first_paragraph_is_split_off():
    text = "在2018年省直机关党的工作会议上的讲话今年，是关键之年。" + "我们要全面加强机关党的建设，" * 4 + "\n一、甲\n"
    parsed = parse_text(text)
    assert parsed.outline.title == "在2018年省直机关党的工作会议上的讲话" and parsed.outline.year == 2018
    assert parsed.outline.preamble[0].startswith("今年，是关键之年")
    # nearest negative: a sentence about such a speech is body
    body = parse_text("在2018年全省工作会议上的讲话中指出，" + "我们要全面加强机关党的建设，" * 4 + "\n一、甲\n")
    assert body.outline.title is None


def test_a_speech_opening_with_tongzhimen_and_no_title_is_a_speech():
    parsed = parse_text("同志们，新年伊始，要抓好学习。\n大家要做好准备。\n")
    assert parsed.outline.genre == SPEECH


def test_a_keyword_written_over_the_salutation_is_taken_out():
    text = "在机关工作会议上的讲话\n党纪学习教育们：党纪学习教育，今天我们召开会议，部署工作。\n"
    parsed = parse_text(text)
    assert [(f.code, f.paragraph, f.excerpt) for f in parsed.findings] == [
        ("ad-text", 1, "党纪学习教育们：党纪学习教育，")]
    # nearest negative: a salutation is the text's own
    assert codes(parse_text("在机关工作会议上的讲话\n同志们：\n今天我们召开会议，部署工作。\n")) == []


def test_a_plan_title_that_reads_like_a_meeting_stays_a_plan():
    parsed = parse_text("关于在全社会上弘扬新风的实施方案\n一、总体要求\n1．抓好学习。\n")
    assert parsed.outline.genre == PLAN


@pytest.mark.parametrize("title, preamble, org", [
    ("2020年机关党的建设工作要点", "2020年是关键之年。2020年市直机关党建工作的总体要求是：抓学习。", "市直机关"),
    ("2025年市直单位基层党建工作要点", "2025年是收官之年。", "市直单位"),
    ("2025年基层党建工作要点", "2025年是收官之年。", None),
    ("2020年机关党的建设工作要点", "2020年是关键之年。2020年机关党建工作的总体要求是：抓学习。", None),
])
def test_the_org_of_a_plan_never_takes_a_year_or_a_topic(title, preamble, org):
    parsed = parse_text(f"{title}\n{preamble}\n一、甲\n1．甲。正文。\n")
    assert parsed.outline.org == org


def test_a_page_that_lost_its_line_breaks_is_cut_before_its_headings_in_sequence():
    filler = "我们要全面加强机关党的建设，不断提高党的建设质量。" * 8
    text = (f"在全市机关党建工作会议上的讲话同志们，{filler}下面，我讲两点意见：一、提高政治站位"
            f"（一）深刻认识重大意义。{filler}（二）准确把握目标要求。{filler}二、狠抓工作落实。{filler}")
    parsed = parse_text(text)
    outline = parsed.outline
    assert outline.title == "在全市机关党建工作会议上的讲话"
    assert [s.number for s in outline.sections] == [1, 2] and outline.sections[0].heading == "提高政治站位"
    assert [i.number for i in outline.sections[0].items] == [1, 2]
    # nearest negative: an enumeration out of sequence inside one long paragraph stays in it
    flat = parse_text(f"同志们，{filler}重点是：二、抓学习；三、抓落实。{filler}")
    assert flat.outline.sections == ()


def test_a_reseller_note_glued_to_a_paragraphs_end_is_taken_off():
    body = "2024年是关键之年。全体党员要把学习贯彻落到实处，推动各项工作取得新成效。"
    parsed = parse_with_ads(f"2024年机关党建工作要点\n{body}以下是小編為大家整理的學習要點,歡迎閱讀借鑒\n一、甲\n1．甲。正文。\n")
    assert [(f.code, f.paragraph) for f in parsed.findings] == [("ad-text", 1)]
    assert parsed.outline.preamble[0] == body
    # nearest negative: 小编 inside a sentence of the text is the text's own
    own = f"{body}宣传工作要主动对接，请报社小编帮助整理稿件，及时刊发基层经验。"
    assert codes(parse_with_ads(f"2024年机关党建工作要点\n{own}\n一、甲\n1．甲。正文。\n")) == []


def test_a_title_styled_over_two_lines_reads_as_one_title(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("关于某某局2026年度", style="Title")
    doc.add_paragraph("理论学习中心组学习安排的通知", style="Title")
    doc.add_paragraph("各党支部：")
    doc.add_paragraph("现将学习安排印发给你们，请认真抓好落实。")
    path = tmp_path / "两行标题.docx"
    doc.save(path)
    from drafting.jobs import parse_file

    outline = parse_file(path).outline
    assert outline.title == "关于某某局2026年度理论学习中心组学习安排的通知"
    assert outline.year == 2026


def test_a_renewed_txt_styles_every_line_of_its_title_as_the_title(tmp_path):
    from drafting import jobs
    from drafting.jobs import parse_file
    from drafting.reader import read_paragraphs

    src = tmp_path / "通知.txt"
    src.write_text("关于某某局2025年度\n理论学习中心组学习安排的通知\n各党支部：\n"
                   "现将2025年学习安排印发给你们，请认真抓好落实。\n", encoding="utf-8")
    done = jobs.renew(src, output=tmp_path / "新.docx")
    styles = [p.style for p in read_paragraphs(done.path)[:3]]
    assert styles[:2] == ["Title", "Title"] and styles[2] != "Title"
    assert parse_file(done.path).outline.title.endswith("理论学习中心组学习安排的通知")
