"""Snippet rendering: the plain-name fast path gives Jinja's text; strict and sandboxed."""

import pytest

from drafting import sandbox
from drafting.library import load_library
from drafting.model import Occasion
from drafting.yearfacts import year_facts


def test_fast_path_matches_jinja_on_the_bundled_library():
    lib = load_library()
    checked = 0
    for year in (2016, 2021, 2026):
        params = {**year_facts(lib.calendar, year).params(),
                  **Occasion(year=year, org="A&B<局>").params(), "meeting": "工委会议"}
        for s in lib.snippets.values():
            for source in (s.body, s.lead or "", *s.points):
                if sandbox.simple_names(source) and not sandbox.is_literal(source):
                    assert sandbox.render(source, params) == sandbox._compiled(source).render(params)
                    checked += 1
    assert checked > 50


def test_simple_names_only_for_plain_substitution():
    assert sandbox.simple_names("{{ org }}的{{year}}年") == ("org", "year")
    assert sandbox.simple_names("{{ year | cn_year }}") is None
    assert sandbox.simple_names("{% if x %}a{% endif %}") is None
    assert sandbox.simple_names("{{ org.__class__ }}") is None


def test_missing_name_is_an_error_on_both_paths():
    with pytest.raises(sandbox.UndefinedError):
        sandbox.render("{{ nope }}", {})
    with pytest.raises(sandbox.UndefinedError):
        sandbox.render("{{ nope | cn }}", {})


def test_unsafe_access_is_refused():
    with pytest.raises(sandbox.SecurityError):
        sandbox.render("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})


def test_filters():
    assert sandbox.render("{{ year | cn_year }}年，建党{{ age | cn }}周年", {"year": 2026, "age": 105}) == \
        "二〇二六年，建党一百零五周年"


# --- bounds: one bad expression in a shared library must not break every command -------------
#
# Each case is the smallest input past its bound (drafting.bounds.Limits); the same code
# just inside the bound still renders, exactly as plain Jinja renders it.

ORG = {"org": "某某局"}


@pytest.mark.parametrize("source, message", [
    ("{{ 10**100 }}", "计算结果过大（超过 100 位）"),
    ("{{ (10**50) * (10**50) }}", "计算结果过大（超过 100 位）"),
    ('{{ "x" * 20001 }}', "生成的文字过长（超过 20000 字）"),
    ("{{ org * 6667 }}", "生成的文字过长（超过 20000 字）"),
    ('{{ "x" * 20000 + "y" }}', "生成的文字过长（超过 20000 字）"),
    ("{{ [0] * 20001 }}", "生成的列表过长（超过 20000 项）"),
    ("{% for i in range(10001) %}{% endfor %}", "range() 的范围过大（超过 10000 个数）"),
    ("{% for i in range(101) %}{% for j in range(99) %}{% endfor %}{% endfor %}", "循环次数超过上限（10000 次）"),
    ("{{ (org * 6000)|list|string }}", "生成的文字过长（超过 20000 字）"),
    ("{% for i in range(6) %}{{ 'x' * 20000 }}{% endfor %}", "渲染出的文字过长（超过 100000 字）"),
    ("{% for i in range(10000) %}xxxxxxxxxxx{% endfor %}", "渲染出的文字过长（超过 100000 字）"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "宏嵌套调用超过上限（20 层）"),
    ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(13) }}",
     "宏调用次数超过上限（10000 次）"),
    ("{{ lipsum(n=17) }}", "lipsum() 生成的文字过长"),
    ("{{ org|center(20001) }}", "center 生成的文字过长"),
    ("{{ org.ljust(20001) }}", "ljust() 生成的文字过长"),
    ("{{ org|indent(20000) }}", "indent 生成的文字过长"),
    ("{{ ('x ' * 10000)|wordwrap(1) }}", "wordwrap 生成的文字过长"),
    ("{{ org|replace('', 'x' * 5000) }}", "replace 生成的文字过长"),
    ("{{ (org|list)|join('x' * 10000) }}", "join 生成的文字过长"),
    ("{{ [1]|batch(20001, 0)|list }}", "batch 生成的列表过长"),
    ("{{ '%20001s' % org }}", "格式宽度过大"),
    ("{{ '%20001s'|format(org) }}", "格式宽度过大"),
    ("{{ '{:>20001}'.format(org) }}", "格式宽度过大"),
    ("{% set ns = namespace(s='x') %}{% for i in range(15) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "生成的文字过长"),
    ("{% set l = [0] %}{% for i in range(15) %}{% if l.extend(l) %}{% endif %}{% endfor %}", "生成的列表过长"),
    ("{{ org|truncate(-1) }}", "truncate 的长度应当不小于"),
    ("{{ org|wordwrap(0) }}", "wordwrap 的宽度应当是大于 0 的整数"),
])
def test_a_snippet_past_a_bound_stops_with_a_message_naming_it(source, message):
    with pytest.raises(sandbox.SnippetRuntimeError) as caught:
        sandbox.render(source, ORG)
    assert message in caught.value.message and caught.value.message.startswith("片段")


@pytest.mark.parametrize("source", [
    "{{ 10**99 }}",
    '{{ "x" * 20000 }}',
    "{% for i in range(100) %}{% for j in range(99) %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ n }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(19) }}",
    "{{ org|center(20) }}|{{ org.ljust(6, '-') }}|{{ 'a\\nb'|indent(2, true) }}|{{ '%05d' % 42 }}",
    "{{ '{:>6}'.format(org) }}{{ '%s年'|format(2026) }}{{ org|replace('局', '委') }}{{ range(3)|join('、') }}",
    "{{ org|truncate(5, true, '…') }}{{ ('甲乙 ' * 5)|wordwrap(4) }}{{ [1, 2, 3]|batch(2, 0)|list }}",
    "{% for x in items %}{{ loop.index }}{{ x }}{% if not loop.last %}、{% endif %}{% else %}无{% endfor %}",
    "{% for x in [] %}{{ x }}{% else %}无{% endfor %}{% for x in items if x != '乙' %}{{ loop.length }}{% endfor %}",
    "{% for t in tree recursive %}{{ t.name }}{% if t.kids %}（{{ loop(t.kids) }}）{% endif %}{% endfor %}",
    "{% macro m(a) %}[{{ a }}{{ caller() }}]{% endmacro %}{% call m(1) %}内{% endcall %}",
    "{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n * 2 ** 3 }}",
    "{% set t %}{{ org }}{% endset %}{% filter upper %}a{{ t ~ '!' }}{% endfilter %}{{ 7 // 2 }}{{ -3 % 2 }}",
])
def test_within_the_bounds_a_snippet_renders_as_plain_jinja_renders_it(source):
    from jinja2 import StrictUndefined

    plain = sandbox.SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    params = {**ORG, "items": ["甲", "乙", "丙"],
              "tree": [{"name": "一", "kids": [{"name": "二", "kids": []}]}]}
    assert sandbox.render(source, params) == plain.from_string(source).render(params)


def test_analysing_a_snippet_evaluates_nothing(monkeypatch):
    # The code generator behind jinja2.meta folds constants (10**5000, "x" * 10**9) as it runs.
    from jinja2 import nodes

    def refuse(self, eval_ctx=None):
        raise AssertionError("a snippet was evaluated while it was analysed")

    monkeypatch.setattr(nodes.BinExpr, "as_const", refuse)
    monkeypatch.setattr(nodes.Filter, "as_const", refuse)
    assert sandbox.undeclared('{{ 10**5 }}{{ "x" * 3 }}{{ year|cn_year }}') == {"year"}
    assert sandbox.undeclared("{{ 10**5000 }}") == set()


UNDECLARED_CASES = [
    "{{ a }}{% for x in xs %}{{ x }}{{ loop.index }}{{ b }}{% endfor %}{{ x }}",
    "{% set a = 1 %}{{ a }}{{ c }}",
    "{{ a }}{% set a = 1 %}",
    "{% if c %}{% set a = 1 %}{% endif %}{{ a }}",
    "{% if c %}{% set a = 1 %}{% elif d %}{{ e }}{% endif %}{{ a }}",
    "{% macro m(p, q=d) %}{{ p }}{{ q }}{{ r }}{{ caller() }}{% endmacro %}{% call m(2) %}{{ s }}{% endcall %}",
    "{% macro f(n) %}{{ f(n - 1) if n else g }}{% endmacro %}{{ f(2) }}",
    "{% with w = v %}{{ w }}{{ u }}{% endwith %}{{ w }}",
    "{% set ns = namespace(x=0) %}{% for i in range(3) %}{% set ns.x = ns.x + i %}{% endfor %}{% set m.y = 1 %}",
    "{% set t %}{{ z }}{% endset %}{{ t|upper }}{% filter replace('a', f) %}{{ g }}{% endfilter %}",
    "{% for a, b in items if a > lim %}{{ a }}{% else %}{{ none_ }}{% endfor %}",
    "{{ year|cn_year }}{{ x if y else zz }}{{ lipsum(2) }}{{ loop }}",
    "{% for i in xs %}{% set q = i %}{% endfor %}{{ q }}",
]


@pytest.mark.parametrize("source", UNDECLARED_CASES)
def test_parameters_found_as_jinja_finds_them(source):
    from jinja2 import meta

    assert sandbox.undeclared(source) == meta.find_undeclared_variables(sandbox.parse(source))


def test_a_name_every_branch_sets_or_none_reads_is_no_parameter():
    # Here jinja2.meta reports ``a`` as well, though no render ever reads it from the context.
    assert sandbox.undeclared("{% if c %}{% set a = 1 %}{% else %}{% set a = 2 %}{% endif %}{{ a }}") == {"c"}
    assert sandbox.undeclared("{% if c %}{% set a = 1 %}{{ a }}{% endif %}") == {"c"}
    assert sandbox.render("{% if c %}{% set a = 1 %}{% else %}{% set a = 2 %}{% endif %}{{ a }}", {"c": 0}) == "2"


def test_parameters_of_the_bundled_library_found_as_jinja_finds_them():
    from jinja2 import meta

    checked = 0
    for s in load_library().snippets.values():
        for source in (s.body, s.lead or "", *s.points):
            if not sandbox.is_literal(source) and sandbox.simple_names(source) is None:
                assert sandbox.undeclared(source) == meta.find_undeclared_variables(sandbox.parse(source))
                checked += 1
    assert checked > 5


def test_too_deep_nesting_is_a_syntax_error_in_the_users_words():
    source = "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"
    with pytest.raises(sandbox.TemplateSyntaxError) as caught:
        sandbox.undeclared(source)
    assert sandbox.explain(caught.value, source)[0] == "括号或标记嵌套的层数过多"


# --- what a user sees ----------------------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from drafting.cli import main  # noqa: E402


def _repo(folder: Path, bodies: dict[str, str]) -> Path:
    """A snippet repository with one file per body (file name → Jinja body) and a clean file."""
    folder.mkdir(exist_ok=True)
    (folder / "好.yaml").write_text(
        "category: 思想建设\nsnippets:\n  - {id: ok1, genre: plan, lead: 加强学习, body: 认真学习。}\n",
        encoding="utf-8")
    for n, (name, body) in enumerate(bodies.items()):
        (folder / f"{name}.yaml").write_text(
            f"category: 思想建设\nsnippets:\n  - id: bad{n}\n    genre: plan\n    lead: 学习{name}\n"
            f"    body: >-\n      {body}\n", encoding="utf-8")
    return folder


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_huge_number_in_an_unused_snippet_breaks_neither_plan_nor_check(in_tmp, capsys):
    _repo(in_tmp / "lib", {"大数": "学习{{ 10**5000 }}年。"})
    assert main(["plan", "--year", "2026", "--org", "局", "--library", "lib", "-o", "p.docx"]) == 0
    (in_tmp / "文稿.txt").write_text("2026年工作要点\n一、加强学习\n认真学习。\n", encoding="utf-8")
    assert main(["check", "文稿.txt", "--year", "2026", "--library", "lib"]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err
    assert main(["snippets", "show", "bad0", "--library", "lib"]) == 2
    err = capsys.readouterr().err
    assert "大数.yaml" in err and "第 7 行" in err and "bad0" in err and "计算结果过大（超过 100 位）" in err


@pytest.mark.parametrize("genre", ["plan", "speech"])
def test_a_used_snippet_past_a_bound_stops_the_draft_with_exit_code_2(in_tmp, capsys, genre):
    bundled = load_library()
    recipe = bundled.plan() if genre == "plan" else bundled.meetings["工委会议"]
    category = recipe.sections[0].category
    target = bundled.select("item", genre, 2026, category)[0]
    (in_tmp / "lib").mkdir()
    (in_tmp / "lib" / "mine.yaml").write_text(
        f"category: {category}\nsnippets:\n  - id: {target.id}\n    genre: {genre}\n    lead: 学习\n"
        "    body: \"{{ org * 10**9 }}\"\n", encoding="utf-8")
    args = ["plan"] if genre == "plan" else ["speech", "--meeting", "工委会议"]
    assert main(args + ["--year", "2026", "--org", "局", "-l", "lib", "-o", "x.docx"]) == 2
    err = capsys.readouterr().err
    assert "mine.yaml" in err and "第 6 行" in err and "生成的文字过长（超过 20000 字）" in err
    assert not (in_tmp / "x.docx").exists()


def test_lint_lists_each_snippet_past_a_bound_and_goes_on(in_tmp):
    # Each of these ran until it was killed, or took gigabytes, before the bounds: hence the timeout.
    _repo(in_tmp / "repo", {
        "乘方": "{{ 10**5000 }}",
        "重复": '{{ "x" * 10**9 }}',
        "折行": "{{ ('x ' * 50000000)|wordwrap(1) }}",
        "占位": "{{ lipsum(n=10**9) }}",
        "循环": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "递归": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        "倍增": "{% macro f(n) %}{{ f(n-1) ~ f(n-1) if n else org }}{% endmacro %}{{ f(60) }}",
        "截断": "{{ org|truncate(-1) }}",
        "拼接": "{{ org * 10**9 }}",
        "缺参": "{{ yaer }}年",
    })
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run([sys.executable, "-m", "drafting", "snippets", "lint", "repo"], cwd=in_tmp, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    out = run.stdout + run.stderr
    for name, message in [("乘方", "计算结果过大"), ("重复", "文字过长"), ("折行", "文字过长"),
                          ("占位", "lipsum()"), ("循环", "range()"), ("递归", "宏嵌套调用"),
                          ("倍增", "宏嵌套调用"), ("截断", "truncate"), ("拼接", "文字过长"),
                          ("缺参", "yaer")]:
        assert any(f"{name}.yaml，第 7 行" in x and message in x for x in out.splitlines()), (name, out)


@pytest.mark.parametrize("expression, message", [
    ('{{ "x" * 1000001 }}', "模板中生成的文字过长（超过 1000000 字）"),
    ("{{ 10**5000 }}", "模板中的计算结果过大（超过 100 位）"),
    ("{% for i in range(101) %}{% for j in range(100) %}{% endfor %}{% endfor %}", "模板中的循环次数超过上限"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "模板中的宏嵌套调用超过上限"),
    ("{{ title|truncate(-1) }}", "模板中 truncate 的长度"),
])
def test_a_word_template_is_held_to_the_same_bounds(in_tmp, capsys, expression, message):
    from docx import Document

    from drafting.resources import template_path

    document = Document(str(template_path("plan")))
    document.add_paragraph(expression)
    document.save(str(in_tmp / "我的模板.docx"))
    assert main(["plan", "--year", "2026", "--org", "局", "--template", "我的模板.docx", "-o", "t.docx"]) == 2
    err = capsys.readouterr().err
    assert "我的模板.docx" in err and message in err and "Traceback" not in err
    assert not (in_tmp / "t.docx").exists()


def test_the_line_of_a_multi_line_snippet_that_failed_is_named(in_tmp, capsys):
    (in_tmp / "lib").mkdir()
    (in_tmp / "lib" / "多行.yaml").write_text(
        "category: 思想建设\nsnippets:\n  - id: m1\n    genre: plan\n    lead: 学习\n    body: |\n"
        "      第一段。\n      {% if year %}\n      第二段{{ 10**200 }}。\n      {% endif %}\n", encoding="utf-8")
    assert main(["snippets", "show", "m1", "--library", "lib"]) == 2
    err = capsys.readouterr().err
    assert "多行.yaml，第 9 行，片段 m1：片段中的计算结果过大" in err
