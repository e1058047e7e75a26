"""Plain data and back: values survive the round trip, data of any other shape is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting import plaindata
from drafting.model import Origin, Snippet


def test_plain_data_of_the_wrong_shape_is_refused():
    decode = plaindata.decoder(Snippet)
    snippet = Snippet("s1", "测试", "item", frozenset({"plan"}), "正文。", lead="小标题", origin=Origin("a.yaml", 3),
                      field_lines=(("body", 4),))
    assert decode(plaindata.plain(snippet)) == snippet
    plain = plaindata.plain(snippet)
    for i, wrong in ((0, 1), (3, ["plan", 2]), (4, None), (10, ["a.yaml"]), (11, [["body", "4"]])):
        bad = list(plain)
        bad[i] = wrong
        with pytest.raises(plaindata.Invalid):
            decode(bad)
    with pytest.raises(plaindata.Invalid):
        decode(plain[:-1])


@pytest.mark.parametrize("tp, value", [
    (int | None, None), (tuple[str, ...], ("甲", "乙")), (frozenset[str], frozenset({"plan", "speech"})),
    (dict[str, tuple[int, str]], {"a": (1, "一")}), (list[Origin | None], [Origin("a.yaml"), None]),
    (Path, Path("素材") / "a.yaml"), (float, 1.5), (tuple[Snippet, ...], ()),
])
def test_values_come_back_as_they_were(tp, value):
    assert plaindata.decoder(tp)(json.loads(json.dumps(plaindata.plain(value)))) == value


@pytest.mark.parametrize("tp, data", [
    (int, True), (int, "1"), (str, None), (float, "1.5"), (tuple[str, ...], "甲乙"), (tuple[str, ...], ["甲", 1]),
    (frozenset[str], [["plan"]]), (dict[str, int], [["a", 1]]), (dict[str, int], {"a": "1"}),
    (tuple[str, int], ["a", 1, 2]), (Origin | None, ["a.yaml"]), (Path, 3),
])
def test_data_of_another_shape_is_invalid(tp, data):
    with pytest.raises(plaindata.Invalid):
        plaindata.decoder(tp)(data)


def test_types_it_does_not_know_are_not_cached():
    with pytest.raises(TypeError):
        plaindata.plain(object())
    with pytest.raises(TypeError):
        plaindata.decoder(bytes)
