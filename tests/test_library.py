"""Loading and validating library folders: one broken input per error, line asserted."""

import re

import pytest

from drafting.errors import DataError
from drafting.library import load_library, load_spec
from drafting.model import HEADING, ITEM, PLAN, SPEECH

from helpers import plan_item, write_library


def good_files():
    return {
        "a.yaml": {
            "category": "测试建设",
            "snippets": [
                {"id": "t-head", "kind": "heading", "genre": "both", "body": "强化测试建设"},
                plan_item("t-one", "第一条", "{{ org }}做第一件事。"),
                plan_item("t-two", "第二条", "做第二件事。", since=2020),
            ],
        }
    }


def load_one(tmp_path, files):
    return load_library([write_library(tmp_path / "lib", files)], bundled_first=False)


def error_of(tmp_path, text, name="bad.yaml"):
    files = good_files()
    files[name] = text
    with pytest.raises(DataError) as info:
        load_one(tmp_path, files)
    return info.value


def test_good_library_loads(tmp_path):
    lib = load_one(tmp_path, good_files())
    assert [s.id for s in lib.select(ITEM, PLAN, 2019)] == ["t-one"]
    assert [s.id for s in lib.select(ITEM, PLAN, 2020)] == ["t-one", "t-two"]
    assert lib.select(HEADING, SPEECH)[0].body == "强化测试建设"
    assert lib.get("t-one").origin.line == 7  # "- id: t-one" in the dumped YAML


def test_unknown_key_names_file_and_line(tmp_path):
    err = error_of(tmp_path, """
        category: 测试建设
        snippets:
          - id: x1
            genre: plan
            lead: 小标题
            bdy: 写错了键名
        """)
    assert err.path.endswith("bad.yaml") and err.line == 6
    assert "bdy" in err.message and "body" in err.hint


def test_duplicate_id_in_one_folder(tmp_path):
    err = error_of(tmp_path, """
        category: 测试建设
        snippets:
          - {id: t-one, genre: plan, lead: 又一条, body: 重复的 id。}
        """)
    assert err.line == 3 and "t-one" in err.message and "a.yaml" in err.message


def test_missing_category(tmp_path):
    err = error_of(tmp_path, """
        snippets:
          - {id: x2, genre: plan, lead: 小标题, body: 没有类别。}
        """)
    assert err.line == 2 and "类别" in err.message and err.snippet == "x2"


def test_invalid_jinja_reports_the_line_inside_the_text(tmp_path):
    err = error_of(tmp_path, """
        category: 测试建设
        snippets:
          - id: x3
            genre: plan
            lead: 小标题
            body: |
              第一行没问题。
              第二行少了括号 {{ year 。
        """)
    assert err.line == 8 and "模板写法有误" in err.message and err.snippet == "x3"


@pytest.mark.parametrize("body, line, words", [
    # Jinja notices an unclosed block only at the end of the text; the user must look where it opens
    ("第一行。\n{% if year > 2025 %}第二行。\n第三行。\n第四行。", 8, "“{% if %}”没有对应的“{% endif %}”"),
    ("{% for x in [1] %}第一行。\n第二行。", 7, "“{% for %}”没有对应的“{% endfor %}”"),
    ("第一行。\n{{ year 年\n第三行。", 8, "“{{”没有对应的“}}”"),
    ("第一行。\n{% iff year %}x{% endif %}", 8, "不认识的标记“{% iff %}”"),
    ("{% if year %}x{% endfor %}", 7, "前面的“{% if %}”要先用“{% endif %}”结束"),
])
def test_jinja_syntax_errors_are_explained_in_chinese(tmp_path, body, line, words):
    text = "category: 测试建设\nsnippets:\n  - id: x3\n    genre: plan\n    lead: 小标题\n    body: |\n"
    text += "".join(f"      {row}\n" for row in body.split("\n"))
    err = error_of(tmp_path, text)
    assert err.line == line and words in err.message and err.snippet == "x3"
    assert not re.search(r"[A-Za-z]{4,}", err.message.replace("endif", "").replace("endfor", "")), err.message


def test_undefined_parameter(tmp_path):
    err = error_of(tmp_path, """
        category: 测试建设
        snippets:
          - id: x4
            genre: plan
            lead: 小标题
            body: 学习{{ plenum }}。
        """)
    assert err.line == 6 and "plenum" in err.message and "plenums" in err.hint


def test_until_before_since(tmp_path):
    err = error_of(tmp_path, """
        category: 测试建设
        snippets:
          - {id: x5, genre: plan, lead: 小标题, body: 文字。, since: 2022,
             until: 2020}
        """)
    assert err.line == 4 and "早于" in err.message


def test_yaml_syntax_error(tmp_path):
    err = error_of(tmp_path, "category: 测试建设\nsnippets:\n  - id: x6\n   genre: plan\n")
    assert err.line == 4 and "YAML" in err.message


@pytest.mark.parametrize("text, line, words", [
    # an unclosed quote is noticed at the end of the file; the user must look where it opened
    ('category: 测试建设\nsnippets:\n  - id: "x8\n    genre: plan\n    body: 文字。\n\n', 3, "引号没有配对"),
    ("category: 测试建设\nsnippets:\n  - id: x8\n    tags: [一, 二\n    body: 文字。\n", 4, "方括号"),
    ("category: 测试建设\nsnippets:\n  - id: x8\n\tgenre: plan\n", 4, "制表符"),
    ("category: 测试建设\nsnippets:\n  - id: x8\n    lead: 要求: 严格\n", 4, "冒号"),
    ("category: 测试建设\nsnippets:\n  - id: x8\n    genre: plan\n   body: 文字。\n", 5, "缩进"),
    ("category: 测试建设\nsnippets:\n  - id: x8\n    lead: @小标题\n", 4, "“@”"),
    ("category: 测试建设\nsnippets:\n  - id: x8\n    lead: *小标题\n", 4, "“*”"),
])
def test_yaml_syntax_errors_are_explained_in_chinese_at_the_right_line(tmp_path, text, line, words):
    err = error_of(tmp_path, text)
    assert err.line == line and words in err.message
    assert not re.search(r"[A-Za-z]{4,}", err.message.replace("YAML", "")), err.message


def test_duplicate_key(tmp_path):
    err = error_of(tmp_path, """
        category: 测试建设
        snippets:
          - id: x7
            genre: plan
            genre: speech
            body: 文字。
        """)
    assert err.line == 5 and "重复" in err.message


def test_not_utf8(tmp_path):
    files = good_files()
    folder = write_library(tmp_path / "lib", files)
    (folder / "gbk.yaml").write_bytes("category: 测试\nsnippets: []\n".encode("gb18030"))
    with pytest.raises(DataError) as info:
        load_library([folder], bundled_first=False)
    assert info.value.path.endswith("gbk.yaml") and "UTF-8" in info.value.message


def test_recipe_referencing_unknown_snippet(tmp_path):
    err = error_of(tmp_path, """
        plans:
          - name: 测试要点
            title: "{{ year }}年测试"
            sections:
              - category: 测试建设
                items: [t-one, t-nine]
        """)
    assert err.line == 6 and "t-nine" in err.message


def test_recipe_with_unknown_category(tmp_path):
    err = error_of(tmp_path, """
        meetings:
          - name: 测试会议
            title: 测试讲话
            sections:
              - {category: 测试建设}
              - {category: 没有这类}
        """)
    assert err.line == 6 and "没有这类" in err.message


def test_later_folder_wins_and_calendar_extends(tmp_path):
    base = write_library(tmp_path / "base", good_files())
    unit = write_library(tmp_path / "unit", {
        "mine.yaml": {"category": "测试建设", "snippets": [plan_item("t-one", "改写的", "本单位的写法。")]},
        "cal.yaml": {"calendar": {"plenums": [{"term": 20, "session": 5, "date": "2026-10"}]}},
    })
    lib = load_library([base, unit], bundled_first=False)
    assert lib.get("t-one").lead == "改写的"
    assert lib.calendar.plenums[-1].session == 5


def test_spec_file_is_validated_against_the_library(tmp_path):
    lib = load_one(tmp_path, good_files())
    spec = tmp_path / "spec.yaml"
    spec.write_text("genre: plan\ntitle: 测试\nsections:\n  - category: 测试建设\n    heading: t-one\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_spec(spec, lib)
    assert info.value.line == 5 and "标题" in info.value.message


def test_missing_library_folder(tmp_path):
    with pytest.raises(DataError) as info:
        load_library([tmp_path / "nowhere"])
    assert "不存在" in info.value.message


def test_non_library_yaml_is_refused(tmp_path):
    err = error_of(tmp_path, "name: 别的配置\n", name="other.yaml")
    assert "不是素材库文件" in err.message or "未知的键" in err.message


def test_terms_and_keywords_are_added_over_the_bundled_ones(tmp_path):
    folder = write_library(tmp_path / "lib", {
        "words.yaml": """
            terms: [读书沙龙, 三会一课]
            keywords:
              群团建设:
                heading: [读书会]
                words: [读书沙龙]
            """,
    })
    lib = load_library([folder])
    assert lib.terms.count("三会一课") == 1 and lib.terms[-1] == "读书沙龙"
    cues = lib.keywords["群团建设"]
    assert "工会" in cues.words and cues.words[-1] == "读书沙龙" and "读书会" in cues.heading


def test_bad_term_names_the_line(tmp_path):
    err = error_of(tmp_path, """
        terms:
          - 三会一课
          - 带 空格
        """)
    assert err.line == 3 and "带 空格" in err.message


def test_keywords_for_an_unknown_category(tmp_path):
    err = error_of(tmp_path, """
        keywords:
          组织建没:
            words: [三会一课]
        """)
    assert err.path.endswith("bad.yaml") and err.line == 3
    assert "组织建没" in err.message and "测试建设" in err.hint


def test_covers_names_categories_of_the_library(tmp_path):
    err = error_of(tmp_path, """
        keywords:
          测试建设:
            covers: [纪律建没]
        """)
    assert err.path.endswith("bad.yaml") and err.line == 3 and "纪律建没" in err.message


def test_a_category_cannot_cover_itself(tmp_path):
    err = error_of(tmp_path, """
        keywords:
          测试建设:
            heading: [测试]
            covers:
              - 测试建设
        """)
    assert err.line == 5 and "自己" in err.message


def test_covers_are_added_over_the_bundled_ones(tmp_path):
    folder = write_library(tmp_path / "lib", {
        "words.yaml": "keywords:\n  党风廉政建设:\n    covers: [制度建设, 纪律建设]\n",
    })
    cues = load_library([folder]).keywords["党风廉政建设"]
    assert cues.covers == ("作风建设", "纪律建设", "制度建设")
    assert "反腐败" in cues.heading


def test_keywords_with_an_unknown_key(tmp_path):
    err = error_of(tmp_path, """
        keywords:
          组织建设:
            word: [三会一课]
        """)
    assert err.line == 3 and "word" in err.message


def test_review_folder_is_not_part_of_the_library_until_asked(tmp_path):
    folder = write_library(tmp_path / "lib", good_files())
    inbox = write_library(folder / "待审核", {
        "cand.yaml": {"category": "测试建设", "snippets": [plan_item("cand-1", "候选", "未审核的素材。")]},
    })
    assert inbox.is_dir()
    assert load_library([folder], bundled_first=False).get("cand-1") is None
    assert load_library([folder], bundled_first=False, review=True).get("cand-1") is not None


def test_calendar_aliases_and_discipline_plenums_load_and_extend(tmp_path):
    unit = write_library(tmp_path / "unit", {"cal.yaml": {"calendar": {
        "anniversaries": [{"name": "建市", "base": 1983, "text": "建市{n}周年", "aliases": ["撤县设市"]}],
        "discipline_plenums": [{"term": 20, "session": 6, "date": "2027-01"}],
    }}})
    lib = load_library([unit])
    assert lib.calendar.anniversaries[-1].aliases == ("撤县设市",)
    assert lib.calendar.discipline_plenums[-1].session == 6
    assert any(d.session == 2 and d.term == 18 for d in lib.calendar.discipline_plenums)  # bundled kept


def test_bad_discipline_plenum_date_names_the_line(tmp_path):
    err = error_of(tmp_path, """\
        calendar:
          discipline_plenums:
            - {term: 20, session: 6, date: "2027年1月"}
        """)
    assert err.line == 3 and "年-月" in err.message
# -- check rules: typos and advertising phrases ---------------------------------


def test_bundled_check_rules():
    checks = load_library().checks
    by_wrong = {t.wrong: t for t in checks.typos}
    assert by_wrong["防微社渐"].right == "防微杜渐"
    assert by_wrong["其它"].unless and by_wrong["其它"].origin.path.endswith("检查规则.yaml")
    assert "欢迎下载" in checks.ads


def test_unit_check_rules_are_laid_over_the_bundled_ones(tmp_path):
    unit = write_library(tmp_path / "unit", {"规则.yaml": """
        typos:
          其它: 其他的
          党建引铃: 党建引领
        ads: [某某范文站, 欢迎下载]
        """})
    checks = load_library([unit]).checks
    by_wrong = {t.wrong: t for t in checks.typos}
    assert by_wrong["其它"].right == "其他的" and by_wrong["其它"].unless == ()
    assert by_wrong["党建引铃"].origin.line == 3 and by_wrong["防微社渐"].right == "防微杜渐"
    assert checks.ads.count("欢迎下载") == 1 and checks.ads[-1] == "某某范文站"


@pytest.mark.parametrize("text,line,words", [
    ("typos:\n  防微社渐: 防微杜渐\n  其它:\n    right: 其他\n    unlss: [尤其它]\n", 5, ["unlss", "unless"]),
    ("typos:\n  其它:\n    right: 其他\n    unless: [尤其]\n", 4, ["尤其", "其它"]),
    ("typos:\n  截止: 截止到\n", 2, ["截止到", "截止"]),
    ("typos:\n  其它:\n    unless: [尤其它]\n", 3, ["right"]),
    ("typos:\n  - 防微社渐\n", 2, ["映射"]),
    ("ads:\n  - 欢迎下载\n  - 下载 后可编辑\n", 3, ["下载 后可编辑"]),
    ("ads:\n  - 载\n", 2, ["2 到 30 个字"]),
])
def test_bad_check_rules_name_the_line(tmp_path, text, line, words):
    err = error_of(tmp_path, text)
    assert err.path.endswith("bad.yaml") and err.line == line, err
    assert all(w in str(err) for w in words), err
