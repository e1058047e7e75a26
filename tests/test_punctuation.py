"""Half-width punctuation in Chinese text: what is found is what is corrected."""

from __future__ import annotations

from drafting.punctuation import fullwidth, halfwidth


def test_ascii_marks_beside_chinese_are_found_and_corrected():
    text = "坚持三会一课, 开展谈心谈话;落实制度:(试行)版本 v1.2, ok"
    assert fullwidth(text) == "坚持三会一课，开展谈心谈话；落实制度：（试行）版本 v1.2, ok"
    assert [mark for _, mark in halfwidth(text)] == [",", ";", ":", "(", ")"]
    assert all(text[pos] == mark for pos, mark in halfwidth(text))


def test_clean_text_has_nothing_to_find():
    text = "坚持“三会一课”，开展谈心谈话；落实《条例（试行）》。English, fine: (yes)"
    assert halfwidth(text) == [] and fullwidth(text) == text
