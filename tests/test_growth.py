"""Cost that grows with the input: counted in operations, never timed (bench/bench_growth.py times it)."""

from __future__ import annotations

import json
import random
from collections import defaultdict

from drafting.model import Edit
from drafting.reader import read_paragraphs
from drafting.revise import revise_docx
from drafting.revise import runs as revise_runs

from test_reader import make_docx, para, run, texts
from test_revise import BOLD, WHEN, accept_all, comments, reject_all, revisions

CLAUSE = "推进工作,落实责任"


def _counting_walks(monkeypatch) -> list[int]:
    """Count the walks over a paragraph's visible text that revise makes."""
    walks: list[int] = []
    real = revise_runs.visible_atoms

    def counted(p, t):
        walks.append(1)
        return real(p, t)

    monkeypatch.setattr(revise_runs, "visible_atoms", counted)
    return walks


def test_many_fixes_in_one_paragraph_walk_it_a_bounded_number_of_times(tmp_path, monkeypatch):
    # 60 half-width commas over three runs (one bold): each a fix, every third also commented
    n = 60
    body = para(run(CLAUSE * 20), run(CLAUSE * 20, BOLD), run(CLAUSE * 20 + "。"))
    src = make_docx(tmp_path / "src.docx", body)
    ps = read_paragraphs(src)
    text = ps[0].text
    starts = [i for i, ch in enumerate(text) if ch == ","]
    assert len(starts) == n
    edits = [Edit(0, s, s + 1, ",", "，", "［标点］半角逗号" if k % 3 == 0 else None, "halfwidth-punctuation")
             for k, s in enumerate(starts)]
    walks = _counting_walks(monkeypatch)
    out = tmp_path / "out.docx"
    applied = revise_docx(src, ps, edits, out, author="审稿人", when=WHEN)
    assert len(applied.placed) == n and not applied.skipped
    # once to find where to split, once after splitting: not once per edit (it was 60)
    assert len(walks) <= 3
    assert texts(accept_all(out, tmp_path / "a.docx")) == [text.replace(",", "，")]
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(src)
    assert revisions(out) == [(0, ",", "，")] * n
    assert comments(out) == [(",，", "［标点］半角逗号")] * 20


def test_edits_that_overlap_still_see_the_text_as_changed(tmp_path):
    # a comment over words a fix inside them has changed: placed on the changed words, as before
    src = make_docx(tmp_path / "src.docx", para(run("一是推进工作,落实责任。二是加强学习,提高本领。")))
    ps = read_paragraphs(src)
    text = ps[0].text
    edits = [Edit(0, s, s + 1, ",", "，", None, "halfwidth-punctuation") for s, ch in enumerate(text) if ch == ","]
    edits.append(Edit(0, 2, 11, text[2:11], None, "［长句］请斟酌", "x"))
    out = tmp_path / "out.docx"
    applied = revise_docx(src, ps, edits, out, author="审稿人", when=WHEN)
    assert texts(accept_all(out, tmp_path / "a.docx")) == [text.replace(",", "，")]
    assert texts(reject_all(out, tmp_path / "r.docx")) == texts(src)
    assert len(applied.placed) + len(applied.skipped) == 3


# --- ingest -------------------------------------------------------------------------------


def test_a_long_sections_items_are_each_read_a_bounded_number_of_times(monkeypatch):
    # each item is read with its siblings as evidence: reading all siblings again for each
    # item made a 2,000-item section cost 4 million readings
    from drafting import classify
    from drafting.library import load_library

    reads = [0]
    real = classify._shares

    class Counted(dict):
        def __getitem__(self, key):
            reads[0] += 1
            return super().__getitem__(key)

    monkeypatch.setattr(classify, "_shares", lambda scores: Counted(real(scores)))
    clf = classify.Classifier(load_library())
    sentences = ["认真落实三会一课制度，按期召开支部党员大会", "深入开展廉政风险排查，加强节假日廉洁提醒",
                 "加强干部队伍建设，开展业务培训", "做好意识形态工作，加强阵地管理"]

    def cost(n: int) -> int:
        reads[0] = 0
        verdicts = clf.classify_section([f"{sentences[k % 4]}第{k}项" for k in range(n)], "加强党的建设")
        assert len(verdicts) == n
        return reads[0]

    small, large = cost(10), cost(40)
    assert large <= 4.5 * small  # 4× the items, 4× the reading (it was 16×)


def test_near_duplicate_search_reads_few_postings_when_texts_share_common_words(monkeypatch):
    # every candidate shares the office's common words: their postings grow with the batch,
    # and reading them all for each candidate made ingest quadratic
    from drafting.ingest import Candidate, ShingleIndex, _deduplicate

    read = [0]

    class Posting(list):
        def __iter__(self):  # a posting read through, key by key
            read[0] += len(self)
            return super().__iter__()

    index = ShingleIndex()
    common = "坚持以习近平新时代中国特色社会主义思想为指导"

    def own_words(n: int) -> str:  # forty characters of its own
        rng = random.Random(n)
        return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(40))

    for n in range(200):
        index.add(f"s{n}", f"{common}，{own_words(n)}")
    index._postings = defaultdict(Posting, {s: Posting(keys) for s, keys in index._postings.items()})
    new = Candidate("c", "item", "plan", "组织建设", f"{common}，{own_words(1000)}")
    again = Candidate("d", "item", "plan", "组织建设", f"{common}，{own_words(17)}。")
    checked = list(_deduplicate([new, again], {"item": index}))
    assert checked[0].duplicate_of is None and checked[1].duplicate_of == "s17"
    assert read[0] < 200  # each of the common shingles has 200 texts


# --- search -------------------------------------------------------------------------------


def test_a_huge_snippet_is_indexed_by_its_beginning_and_the_user_is_told(tmp_path, monkeypatch):
    # a whole document pasted into one snippet: its words are cut only up to MAX_INDEXED
    from drafting import search as search_module
    from drafting.segment import Segmenter

    monkeypatch.setattr(search_module, "MAX_INDEXED", 2_000)
    cut: list[int] = []
    real = Segmenter.cut

    def counted(self, text):
        cut.append(len(text))
        return real(self, text)

    monkeypatch.setattr(Segmenter, "cut", counted)
    lib = tmp_path / "lib"
    lib.mkdir()
    body = "加强作风建设，推进工作落实。" * 2_000 + "三会一课"
    (lib / "大.yaml").write_text("snippets:\n  - id: big-1\n    kind: item\n    category: 作风建设\n"
                                 f"    genre: plan\n    lead: 加强作风建设\n    body: {body}\n", encoding="utf-8")
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    from drafting import jobs

    found = jobs.search("作风建设", (lib,))
    assert found.partial == ("big-1",)
    assert max(cut) <= 2_000  # not the 28,000 characters of its body
    assert any(h.id == "big-1" for h in found.hits)
    assert len(next(h for h in found.hits if h.id == "big-1").excerpt) < 100


def test_the_note_about_a_huge_snippet_survives_the_search_cache(tmp_path, monkeypatch):
    # the second search reads the index from the cache: it must still know the snippet was cut
    from drafting import jobs, search

    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(search, "MAX_INDEXED", 200)
    from helpers import write_library

    repo = write_library(tmp_path / "repo", {"长.yaml": """
        category: 组织建设
        snippets:
          - id: long-1
            genre: plan
            lead: 严格组织生活
            body: %s
        """ % ("按期召开支部党员大会。" * 60)})
    first = jobs.search("组织生活", (repo,))
    stored = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "cache").glob("search-*.json")]
    assert stored and "long-1" in stored[0]["data"]["partial"]
    second = jobs.search("组织生活", (repo,))
    assert "long-1" in first.partial and second.partial == first.partial
