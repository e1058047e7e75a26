"""The unit's 标准词库 (``names:``), other units' names left in a draft, 禁用词, and “规定”/“建议” in the report.

The sentences here are synthetic; the 禁用词 rules' own fire/quiet examples are run by
the parametrized tests of test_ruleset.py over every bundled rule.
"""

from __future__ import annotations

import json

import pytest

from drafting.check import check_paragraphs
from drafting.cli import main
from drafting.errors import DataError
from drafting.library import load_library
from drafting.model import CheckRules, Names, Paragraph
from drafting.rules.names import resolved_names
from helpers import write_library

OWN = "江城市发展和改革委员会"
NAMES = f"""
names:
  org: {OWN}
  short: [市发展改革委, 市发改委]
  wrong: [市发改局]
  superior: [中共江城市委员会, 江城市委]
  people:
    - {{name: 王明, title: 党组书记、主任}}
    - {{name: 李华, title: 党组成员、副主任}}
  others: [江城市财政局]
"""
ORGS = """
superior: 江城市直机关工委
orgs:
  - name: 江城市发展和改革委员会
    short: 市发改委
  - name: 江城市财政局
    short: 市财政局
  - name: 江城市商务局
"""


def _codes(found, *codes):
    return [(f.code, f.excerpt) for f in found if f.code in codes]


def _check(lines, names: Names):
    paras = [Paragraph(i, t) for i, t in enumerate(lines)]
    return check_paragraphs(paras, year=2024, rules=CheckRules(names=names), grouped=False)


NAMED = ("other-org-name", "org-name", "org-first-mention", "person-title")


# --- 禁用词: never fixed, quiet inside title marks (and quotation marks) -------------------------


def _banned():
    return [r for r in load_library().checks.rules if r.code == "banned-word"]


def test_banned_words_are_flagged_never_fixed_and_cite_the_published_list():
    rules = _banned()
    assert len(rules) >= 15
    assert not any(r.mechanical for r in rules)
    assert all(r.level == "实务" and r.severity in ("warning", "info") for r in rules)
    assert sum("新闻信息报道中的禁用词和慎用词" in r.source for r in rules) >= len(rules) - 1


@pytest.mark.parametrize("wrap", ["《{}》", "“{}”"])
def test_a_banned_word_in_a_title_or_a_quotation_is_not_flagged(wrap):
    for rule in _banned():
        if wrap.startswith("“") and not any(g.startswith("“") for g in rule.unless):
            continue  # a rule the list applies inside quotation marks too (“八荣八耻”, “一带一路”战略)
        text = wrap.format(rule.fire[0].text)
        found = [f for f in check_paragraphs([Paragraph(0, text)], year=2024, rules=CheckRules(rules=(rule,)))
                 if f.rule == rule.id]
        assert not found, (rule.id, text)


# --- the names key: validated with file and line ------------------------------------------------


def test_names_load_from_the_library(tmp_path):
    lib = load_library([write_library(tmp_path / "lib", {"名称.yaml": NAMES})])
    names = lib.checks.names
    assert names.org == OWN and names.short == ("市发展改革委", "市发改委") and names.wrong == ("市发改局",)
    assert [(p.name, p.titles) for p in names.people] == [("王明", ("党组书记", "主任")), ("李华", ("党组成员", "副主任"))]
    assert names.others == ("江城市财政局",)


@pytest.mark.parametrize("text, line, words", [
    ("names:\n  org: 江城市发展和改革委员会\n  shortname: 市发改委\n", 3, "未知的键"),
    ("names:\n  org: 江城市发展和改革委员会\n  short: [市发改委]\n  wrong: [市发改委]\n", 4, "既写成本单位的正确名称"),
    ("names:\n  org: 江城市发展和改革委员会\n  others: [江城市发展和改革委员会]\n", 3, "是本单位的名称"),
    ("names:\n  short: [市发改委]\n", 2, "没有写本单位全称"),
    ("names:\n  org: 江城市发展和改革委员会\n  people:\n    - {name: 王明}\n", 4, "缺少“title”"),
    ("names:\n  org: 江城 发改委\n", 2, "不含空格"),
])
def test_a_wrong_names_key_names_its_file_and_line(tmp_path, text, line, words):
    folder = write_library(tmp_path / "lib", {"名称.yaml": text})
    with pytest.raises(DataError) as err:
        load_library([folder])
    assert err.value.line == line and words in str(err.value)
    assert str(err.value.path).endswith("名称.yaml")


# --- other units' names -----------------------------------------------------------------------


DOC = ["江城市财政局2024年党建工作要点", "2024年，市财政局党组以政治建设为统领。",
       "一、加强政治建设", "1．市发改委机关各支部要抓好学习。", "2．会同江城市商务局开展调研，与市发改委联合开展活动。"]


def _batch(org=None, names=Names()):
    from drafting.orgs import Org  # the batch list as ``draft batch`` reads it

    listed = (Org("江城市发展和改革委员会", "市发改委"), Org("江城市财政局", "市财政局"), Org("江城市商务局"))
    return resolved_names(names, org=org, units=tuple((o.name, o.short) if o.short else (o.name,) for o in listed))


def test_another_units_name_from_the_batch_list_is_flagged_the_own_unit_is_not():
    found = _codes(_check(DOC, _batch()), *NAMED)
    # the title names 江城市财政局: its own names are not flagged; the sibling's is, where it is not worked with
    assert found == [("other-org-name", "市发改委")]
    message = next(f.message for f in _check(DOC, _batch()) if f.code == "other-org-name")
    assert "可能是照搬的其他单位名称" in message


def test_the_unit_named_by_org_makes_the_title_another_units():
    found = _codes(_check(DOC, _batch("市发改委")), "other-org-name")
    assert ("other-org-name", "江城市财政局") in found and ("other-org-name", "市财政局") in found
    assert ("other-org-name", "市发改委") not in found


def test_the_title_names_the_unit_before_the_signature():
    copied = ["江城市商务局2024年党建工作要点", "2024年，市财政局党组以政治建设为统领。", "江城市财政局党组", "2024年1月5日"]
    found = _codes(_check(copied, _batch()), "other-org-name")
    assert ("other-org-name", "市财政局") in found and ("other-org-name", "江城市财政局") in found


def test_silent_when_the_unit_cannot_be_known():
    untitled = ["2024年党建工作要点", "2024年，市财政局党组以政治建设为统领。", "市发改委机关各支部要抓好学习。"]
    assert _codes(_check(untitled, _batch()), *NAMED) == []
    both = ["江城市财政局、江城市商务局2024年联合党建工作要点", "市发改委机关各支部要抓好学习。"]
    assert _codes(_check(both, _batch()), *NAMED) == []


def test_names_in_quotation_or_title_marks_are_not_flagged():
    lines = ["江城市财政局2024年党建工作要点", "学习《市发改委关于加强学习的通知》，落实“市发改委”提出的要求。"]
    assert _codes(_check(lines, _batch()), "other-org-name") == []


# --- the unit's own name -----------------------------------------------------------------------


def test_wrong_forms_and_the_first_mention_of_the_own_name(tmp_path):
    names = load_library([write_library(tmp_path / "lib", {"名称.yaml": NAMES})]).checks.names
    lines = ["市发改委2024年党建工作要点", "2024年，市发改委党组坚持以政治建设为统领。", "市发改局机关各支部要抓好学习。",
             "王明副主任带头讲党课，在江城市委的领导下，江城市财政局党组抓好落实。"]
    found = _check(lines, resolved_names(names))
    assert _codes(found, *NAMED) == [("org-first-mention", "市发改委"), ("org-name", "市发改局"),
                                     ("person-title", "副主任"), ("other-org-name", "江城市财政局")]
    wrong = next(f for f in found if f.code == "org-name")
    assert wrong.suggestion == OWN and wrong.severity == "warning"
    assert next(f for f in found if f.code == "org-first-mention").severity == "info"
    # the full name first: no first-mention note; a right title: no title note
    right = ["2024年，江城市发展和改革委员会（市发改委）党组以政治建设为统领。", "王明主任、李华副主任带头讲党课。",
             "副主任王明亮同志参加。"]
    assert _codes(_check(right, resolved_names(names)), *NAMED) == []
    spoken = ["在2024年全委党建工作会议上的讲话", "同志们：", "今天，市发改委党组召开这次会议。"]
    assert _codes(_check(spoken, resolved_names(names)), "org-first-mention") == []
    titled = [f"{OWN}2024年党建工作要点", "2024年，市发改委党组坚持以政治建设为统领。"]
    assert _codes(_check(titled, resolved_names(names)), *NAMED) == []


# --- the command: --org, --orgs, 规定/建议 ----------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_with_orgs_and_org_flags_another_units_name(in_tmp, capsys):
    (in_tmp / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (in_tmp / "d.txt").write_text("\n".join(DOC) + "\n", encoding="utf-8")
    main(["check", "d.txt", "--orgs", "orgs.yaml", "--json"])
    flagged = [f["excerpt"] for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "other-org-name"]
    assert flagged == ["市发改委"]
    main(["check", "d.txt", "--orgs", "orgs.yaml", "--org", "江城市商务局", "--json"])
    flagged = [f["excerpt"] for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "other-org-name"]
    assert "江城市财政局" in flagged and "市财政局" in flagged
    main(["check", "d.txt", "--json"])  # no list, no names, no --org: silence
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "other-org-name"]


def test_draft_yaml_org_is_the_own_unit(in_tmp, capsys):
    (in_tmp / "draft.yaml").write_text("org: 江城市商务局\n", encoding="utf-8")
    (in_tmp / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (in_tmp / "d.txt").write_text("\n".join(DOC) + "\n", encoding="utf-8")
    main(["check", "d.txt", "--orgs", "orgs.yaml", "--json"])
    flagged = [f["excerpt"] for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "other-org-name"]
    assert "江城市财政局" in flagged


MIXED = "2024年市统计局机关党建工作要点\n一、加强政治建设\n1．学习《党章》、《准则》。汲取前苏联解体的教训。\n"


def test_report_and_json_tell_required_from_suggested(in_tmp, capsys):
    (in_tmp / "d.txt").write_text(MIXED, encoding="utf-8")
    main(["check", "d.txt", "--json"])
    data = json.loads(capsys.readouterr().out)
    kinds = {f["rule"]: f["kind"] for f in data["findings"] if f["rule"]}
    assert kinds["dunhao-between-titles"] == "规定"  # 国标
    assert kinds["former-soviet"] == "建议"  # 实务
    assert sum(f["kind"] == "规定" for f in data["findings"]) == 1
    main(["check", "d.txt"])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "dunhao-between-titles" in x)
    assert line.endswith("〔规定〕")
    assert "〔" not in next(x for x in out.splitlines() if "former-soviet" in x)
    assert f"按依据：“规定”（条例、国标、标准要求的）1 处，其余 {len(data['findings']) - 1} 处为“建议”。" in out


def test_a_names_finding_names_its_rule_level_and_source_in_json_and_the_report(in_tmp, capsys):
    (in_tmp / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (in_tmp / "d.txt").write_text("\n".join(DOC) + "\n", encoding="utf-8")
    main(["check", "d.txt", "--orgs", "orgs.yaml", "--json"])
    found = next(f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "other-org-name")
    assert found["rule"] == "other-org-name" and found["level"] == "实务" and found["kind"] == "建议"
    assert "公文惯例" in found["source"]
    main(["check", "d.txt", "--orgs", "orgs.yaml"])
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, x in enumerate(out) if "other-org-name" in x)
    assert not out[at].endswith("〔规定〕")
    assert any(x.strip().startswith("依据：实务") for x in out[at + 1:at + 3])
    main(["check", "--rules"])
    assert any(x.startswith("other-org-name\t") for x in capsys.readouterr().out.splitlines())


def test_an_annotated_copy_marks_required_findings_as_the_report_does(in_tmp, capsys):
    from docx import Document

    (in_tmp / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (in_tmp / "d.txt").write_text("\n".join(DOC) + "\n" + MIXED.split("\n", 1)[1], encoding="utf-8")
    assert main(["check", "d.txt", "--orgs", "orgs.yaml", "--annotate", "批注.docx"]) in (0, 1)
    import zipfile

    with zipfile.ZipFile(in_tmp / "批注.docx") as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert Document(in_tmp / "批注.docx")  # a Word file
    # the 国标 rule's comment carries the mark, the names rule's (实务) does not, and cites its source
    required = [c for c in comments.split("</w:comment>") if "dunhao-between-titles" in c]
    other = [c for c in comments.split("</w:comment>") if "其他单位名称" in c]
    assert required and all("〔规定〕" in c for c in required)
    assert other and all("〔规定〕" not in c and "公文惯例" in c for c in other)
