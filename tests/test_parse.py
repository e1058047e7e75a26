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
    assert outline.org is None  # the title names only 机关


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
    assert {"kind", "title", "year", "org", "preamble", "sections", "closing", "warnings"} <= set(data)
    assert data["preamble"].startswith("2025年是")
    section = data["sections"][0]
    assert section["number"] == "一" and set(section["items"][1]) == {"number", "lead", "text"}
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
