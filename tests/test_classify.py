"""Sorting text into categories: fresh sentences, heading evidence, tags."""

from __future__ import annotations

import pytest

from helpers import plan_item, write_library

from drafting.classify import Classifier, plain
from drafting.library import load_library


@pytest.fixture(scope="module")
def clf():
    return Classifier(load_library())


@pytest.mark.parametrize(
    "text, category",
    [
        ("各党支部每月按期召开支委会，认真落实三会一课制度，规范组织生活会程序。", "组织建设"),
        ("做好发展党员工作，严格入党积极分子的培养考察。", "组织建设"),
        ("理论学习中心组每月集中学习一次，开展专题研讨。", "思想建设"),
        ("组织青年干部开展读书分享，建好青年理论学习小组。", "思想建设"),
        ("坚决纠治四风，力戒形式主义官僚主义，切实为基层减负。", "作风建设"),
        ("深入开展调查研究，为群众办实事解难题。", "作风建设"),
        ("节假日前开展廉洁提醒，排查廉政风险点，推进清廉机关建设。", "党风廉政建设"),
        ("严格执行中央八项规定精神，一体推进不敢腐、不能腐、不想腐。", "党风廉政建设"),
        ("运用监督执纪四种形态，抓早抓小，让红脸出汗成为常态。", "纪律建设"),
        ("用身边典型案例开展警示教育，以案促改，严明党纪。", "纪律建设"),
        ("支持工会开展职工运动会，关心困难职工，建好职工之家。", "群团建设"),
        ("指导共青团和妇委会开展志愿服务和精神文明创建活动。", "群团建设"),
        ("层层签订责任书，年底组织党组织书记抓党建述职评议考核。", "党建责任"),
        ("落实党建工作责任制，压实主体责任和一岗双责。", "党建责任"),
        ("坚定做到两个维护，严守政治纪律和政治规矩，落实请示报告制度。", "政治建设"),
        ("落实第一议题制度，创建让党中央放心、让人民群众满意的模范机关。", "政治建设"),
        ("梳理规章制度，做好立改废，汇编制度手册，强化制度执行。", "制度建设"),
    ],
)
def test_fresh_sentences_are_sorted_by_their_own_words(clf, text, category):
    verdict = clf.classify(text)
    assert verdict.category == category, verdict.ranking[:3]
    assert 0 < verdict.confidence <= 1
    assert not verdict.by_heading


def test_a_heading_that_names_a_category_decides_an_ambiguous_text(clf):
    text = "认真组织开展主题活动，营造良好氛围。"
    assert clf.classify(text, "强化组织建设，提升组织力").category == "组织建设"
    verdict = clf.classify(text, "持之以恒推进反腐败斗争")
    assert verdict.category == "党风廉政建设" and verdict.by_heading
    assert clf.classify(text, "加强工会、共青团和妇委会工作").category == "群团建设"
    assert clf.classify(text, "压实主体责任，完善考核评价").category == "党建责任"


def test_a_heading_that_overrules_clear_words_says_so(clf):
    text = "压实意识形态工作责任。每半年分析一次干部职工思想动态，管好用好机关网站和政务新媒体。"
    assert clf.classify(text).category == "思想建设" and clf.classify(text).content is None
    sibling = "落实第一议题制度。党组会议把学习总书记最新重要讲话作为第一议题，结合职责研究贯彻措施。"
    first, verdict = clf.classify_section([sibling, text], "加强政治建设，提高政治能力")
    assert verdict.category == "政治建设" and verdict.content == "思想建设"
    assert first.category == "政治建设" and first.content is None
    # an ambiguous text carries no such reading: its words place it nowhere with confidence
    assert clf.classify("认真组织开展主题活动，营造良好氛围。", "强化组织建设").content is None


def test_a_heading_naming_two_categories_lets_the_text_choose(clf):
    heading = "强化作风和纪律建设"
    assert clf.classify("运用监督执纪四种形态，严肃查处违纪问题。", heading).category == "纪律建设"
    assert clf.classify("坚决纠治四风，力戒形式主义官僚主义。", heading).category == "作风建设"


def test_an_umbrella_heading_lets_a_plainly_finer_item_go_to_its_own_category(clf):
    # Documents before 2017 put discipline and conduct items under 党风廉政建设;
    # the library files them as 纪律建设 and 作风建设, where the plan recipes look.
    heading = "加强党风廉政建设"
    verdict = clf.classify("强化纪律意识。运用监督执纪四种形态，严肃查处违纪问题。", heading)
    assert verdict.category == "纪律建设" and verdict.by_heading and verdict.under == "党风廉政建设"
    assert clf.classify("坚决纠治四风，力戒形式主义官僚主义。", heading).category == "作风建设"
    assert clf.classify("排查廉政风险点。", heading).under is None
    # an item of the umbrella's own, or of no marked category, stays with the heading
    assert clf.classify("排查廉政风险点，开展廉洁提醒。", heading).category == "党风廉政建设"
    assert clf.classify("认真组织开展主题活动，营造良好氛围。", heading).category == "党风廉政建设"
    # a category the heading does not cover still needs the heading to be overruled
    assert clf.classify("认真组织开展主题活动，营造良好氛围。", "强化纪律建设").category == "纪律建设"


def test_siblings_in_a_section_count(clf):
    verdicts = clf.classify_section([
        "严格落实三会一课制度。",
        "规范开展主题党日活动。",
        "认真组织好相关工作。",
    ])
    assert [v.category for v in verdicts] == ["组织建设"] * 3


def test_a_section_is_about_what_its_items_say_together(clf):
    items = [
        "围绕年度重点任务，深入基层开展蹲点调研，形成一批有分量的调研报告。",
        "精简会议文件，改进文风会风，切实为基层减轻负担。",
        "认真组织好相关工作，营造良好氛围。",
        "每月召开支委会，研究支部建设有关事项。",
    ]
    alone = [clf.classify(t) for t in items]
    assert [v.category for v in alone] != ["作风建设"] * 4
    topic = clf.section_topic(items)
    assert topic.category == "作风建设" and not topic.by_heading
    # two items leaning the same way settle the section more than the weaker one alone does
    assert topic.confidence > alone[1].confidence
    # a heading that names a category still decides
    named = clf.section_topic(items, "强化组织建设，提升组织力")
    assert named.category == "组织建设" and named.by_heading


def test_a_section_mixing_discipline_and_conduct_items_is_an_umbrella_section(clf):
    discipline = [
        "运用监督执纪第一种形态，对苗头性问题及时谈话提醒。",
        "组织党员学习党章和纪律处分条例，做到明规矩、守规矩。",
        "召开警示教育大会，用典型违纪案例开展以案促改。",
    ]
    conduct = ["深入基层开展调查研究，帮助解决实际困难。", "精简会议文件，力戒形式主义官僚主义，为基层减负。"]
    # the section as a whole is 党风廉政建设, the umbrella that covers both ...
    assert clf.section_topic(discipline + conduct).category == "党风廉政建设"
    assert clf.section_topic(discipline).category == "纪律建设"
    assert clf.section_topic(conduct).category == "作风建设"
    # ... while each item keeps the finer category its own words name
    verdicts = clf.classify_section(discipline + conduct)
    assert [v.category for v in verdicts] == ["纪律建设"] * 3 + ["作风建设"] * 2


def test_tags_put_domain_terms_first(clf):
    tags = clf.tags("认真落实三会一课制度，规范召开组织生活会，开展谈心谈话。")
    assert tags[:3] == ("三会一课", "组织生活会", "谈心谈话")
    assert len(tags) <= 5


def test_jinja_tags_are_not_words():
    assert "plenums" not in plain("深入学习贯彻{{ plenums }}，{% if campaign %}开展{{ campaign }}{% endif %}")


def test_a_unit_library_teaches_new_words(tmp_path):
    folder = write_library(tmp_path / "lib", {
        "a.yaml": {"category": "群团建设", "snippets": [
            plan_item("u-1", "办好读书沙龙", "依托职工书屋定期举办读书沙龙。"),
            plan_item("u-2", "读书沙龙常态化", "每季度举办一次读书沙龙。"),
        ]},
        "k.yaml": "keywords:\n  群团建设:\n    words: [读书沙龙, 职工书屋]\nterms: [读书沙龙]\n",
    })
    clf = Classifier(load_library([folder]))
    assert "读书沙龙" in clf.words("举办读书沙龙")
    assert clf.classify("举办读书沙龙活动。").category == "群团建设"


@pytest.mark.parametrize(
    "text, category",
    [
        ("加强机关纪委自身建设。组织党员干部集中学习，开展主题党日活动，走访慰问困难职工，丰富文体活动。", "纪律建设"),
        ("严格执行请示报告制度。各党支部要按时召开支委会，落实三会一课，做好发展党员和党费收缴工作。", "政治建设"),
        ("做好困难职工帮扶。工会每年走访慰问困难职工，建立档案；党支部结合主题党日开展谈心谈话，了解思想动态。", "群团建设"),
    ],
)
def test_the_lead_says_what_an_item_is_about(clf, text, category):
    # The body names the cue words of other categories in passing; the lead decides.
    assert clf.classify(text).category == category


def test_held_out_snippets_are_not_learnt_from(tmp_path):
    folder = write_library(tmp_path / "lib", {
        "a.yaml": {"category": "群团建设", "snippets": [
            plan_item("u-1", "办好读书沙龙", "依托职工书屋定期举办读书沙龙。"),
        ]},
    })
    lib = load_library([folder])
    assert "沙龙" in Classifier(lib).vocab
    assert "沙龙" not in Classifier(lib, holdout=frozenset({"u-1"})).vocab
