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
