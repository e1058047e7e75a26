"""Near-duplicates: exactly the pairs a comparison of all pairs finds, without making it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.model import HEADING, ITEM, PLAN, Snippet
from drafting.similar import ShingleIndex, clusters, shingles, similar_pairs, snippet_pairs


def brute_force(texts: dict, threshold: float) -> list:
    found = []
    sets = {k: shingles(t) for k, t in texts.items()}
    for a, b in itertools.combinations(texts, 2):
        if sets[a] and sets[b]:
            j = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            if j >= threshold:
                found.append((a, b, round(j, 3)))
    return found


def test_shingles_ignore_jinja_tags_and_punctuation():
    assert shingles("加强，{{ org }}党建。") == shingles("加强党建")
    assert shingles("党建") == frozenset({"党建"})
    assert shingles("，。") == frozenset()


# Texts made of a few clauses from a small stock, as snippet repositories are:
# many share clauses, some are near-identical.
CLAUSES = ["认真落实三会一课制度", "按期召开支部党员大会", "严肃党内组织生活", "开展谈心谈话",
           "加强理论武装", "推进模范机关建设", "压紧压实主体责任", "深化以案促改"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=4), min_size=2, max_size=25),
       st.sampled_from([0.3, 0.5, 0.6, 0.8, 1.0]))
def test_pairs_equal_those_of_comparing_all_pairs(docs, threshold):
    texts = {f"s{n}": "，".join(clauses) for n, clauses in enumerate(docs)}
    assert similar_pairs(texts, threshold) == brute_force(texts, threshold)


def test_pairs_name_both_keys_earlier_first():
    texts = {"a": "认真落实三会一课制度，按期召开支部党员大会和支部委员会",
             "b": "深化以案促改，推动警示教育常态化",
             "c": "认真落实“三会一课”制度，按时召开支部党员大会和支部委员会。"}
    [(first, second, similarity)] = similar_pairs(texts)
    assert (first, second) == ("a", "c") and 0.6 <= similarity < 1


def snippet(sid: str, body: str, kind: str = ITEM, since=None, until=None) -> Snippet:
    return Snippet(id=sid, category="组织建设", kind=kind, genres=frozenset({PLAN}), body=body,
                   lead="小标题" if kind == ITEM else None, since=since, until=until)


def test_snippet_pairs_only_within_a_kind_and_common_years():
    text = "认真落实三会一课制度，按期召开支部党员大会、支部委员会和党小组会，按规定上好党课"
    pairs = snippet_pairs([
        snippet("old", text, until=2025),
        snippet("new", text, since=2026),  # the renewal of "old": different years, not a duplicate
        snippet("copy", text + "。"),
        snippet("head", text, kind=HEADING),  # a heading is not an item's duplicate
    ])
    assert [(a.id, b.id) for a, b, _ in pairs] == [("old", "copy"), ("new", "copy")]


def test_clusters_join_linked_pairs():
    assert clusters([("a", "b", 0.9), ("c", "d", 0.7), ("b", "e", 0.6)]) == [["a", "b", "e"], ["c", "d"]]


def test_shingle_index_most_similar():
    index = ShingleIndex()
    index.add("a", "认真落实三会一课制度，按期召开支部党员大会")
    index.add("b", "深化以案促改，推动警示教育常态化")
    key, score = index.most_similar("认真落实“三会一课”制度，按时召开支部党员大会。")
    assert key == "a" and score >= 0.6
