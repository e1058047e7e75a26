"""Cost that grows with the input: counted in operations, never timed (bench/bench_growth.py times it)."""

from __future__ import annotations

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
