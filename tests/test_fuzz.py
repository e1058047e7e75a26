"""Random documents through every reading job: no traceback, inputs untouched, revisions reversible.

Random .docx (paragraphs of runs, line breaks, tables, headings) and random .txt (raw bytes,
Chinese-ish text in the encodings an office PC writes) go through parse, check,
renew and check --fix. The only exception allowed is the package's own
``DraftError``; the input's bytes never change; rejecting every tracked change
in what renew and --fix wrote gives back the source's text. Kept small (a few
hundred examples in all) so it runs in seconds in CI.
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting import jobs
from drafting.errors import DraftError
from drafting.jobs import documents
from drafting.reader import read_paragraphs

from test_reader import make_docx, para, run
from test_revise import reject_all

_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Pieces of synthetic office text: years, numbering, a unit's name, punctuation of
# both widths, blanks and the odd characters pasted text brings (zero-width space).
_TOKENS = ["2025年", "2024年", "2026年", "二〇二五年", "某某局", "一、", "二、", "（一）", "（二）", "1.", "2．",
           "加强", "学习", "工作", "要点", "党建", "推进", "落实", "十四五", "全面", "的", "和",
           "，", "。", "；", "：", "、", ",", ":", ";", "(", ")", "“", "”", '"', "!", "?",
           " ", "\u3000", "\t", "\u200b", "a", "Z", "9", "2025", "-"]

# What a user may type as a name: anything, a control character or a byte the terminal did not decode.
_names = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["张\x01三", "张\x00三", "张\udcff三"]))

_line = st.lists(st.sampled_from(_TOKENS), max_size=12).map("".join)
_lines = st.lists(_line, min_size=0, max_size=8)


def _block():
    runs = st.lists(st.tuples(_line, st.sampled_from(["", "<w:b/>", "<w:i/>"]), st.booleans()),
                    min_size=1, max_size=4)
    paragraph = st.tuples(st.just("p"), runs, st.sampled_from([None, None, "Heading1", "Title"]))
    table = st.tuples(st.just("table"), st.lists(_lines, min_size=1, max_size=3), st.integers(1, 2))
    return st.one_of(paragraph, paragraph, table)


_docx_blocks = st.lists(_block(), max_size=8)


def _paragraph(runs, style=None) -> str:
    """A w:p of (text, run properties, line break after) runs."""
    inner = "".join(run(text, f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + ("<w:r><w:br/></w:r>" if brk else "")
                    for text, rpr, brk in runs)
    return para(inner, style=style) if inner else para(style=style)


def _write_docx(path: Path, blocks) -> Path:
    """A small .docx (the reader's test styles, not python-docx's large ones: it keeps the fuzzing fast)."""
    body = []
    for block in blocks:
        if block[0] == "p":
            body.append(_paragraph(block[1], block[2]))
            continue
        _kind, cells, columns = block
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        body.append("<w:tbl>" + "".join(
            "<w:tr>" + "".join("<w:tc>" + ("".join(_paragraph([(line, "", False)]) for line in lines) or para())
                               + "</w:tc>" for lines in row) + "</w:tr>" for row in rows) + "</w:tbl>")
    return make_docx(path, "".join(body))


def _encoded(lines: list[str], encoding: str) -> bytes:
    text = "\r\n".join(lines)
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16":
        return text.encode("utf-16")  # with a BOM
    return text.encode(encoding)


def _texts(path: Path) -> list[str]:
    return [p.text for p in read_paragraphs(path) if p.part == "body"]


def _attempt(job):
    """``job()``'s result, or None when it refused with the package's own error."""
    try:
        return job()
    except DraftError:
        return None


def _every_job(source: Path, folder: Path, name: str | None = None) -> None:
    """parse, check, renew and --fix of ``source``: only DraftErrors, ``source`` untouched, reversible.

    ``name`` is what the user typed as --author and as the new --org.
    """
    before = source.read_bytes()
    _attempt(lambda: jobs.parse_file(source))
    _attempt(lambda: jobs.check_file(source))
    written = []
    renewed = _attempt(lambda: jobs.renew(source, from_year=2025, author=name, output=folder / "renewed.docx"))
    if renewed is not None:
        written.append(renewed.path)
    renamed = _attempt(lambda: jobs.renew(source, from_year=2025, org=name or "新单位", from_org="某某局",
                                          output=folder / "renamed.docx"))
    if renamed is not None:
        written.append(renamed.path)
    fixed = _attempt(lambda: jobs.check_file(source, fix=True, author=name, output=folder / "fixed.docx"))
    if fixed is not None and fixed.written is not None:
        written.append(fixed.written)
    assert source.read_bytes() == before
    if not written:
        return
    original = _texts(source)
    for n, out in enumerate(written):
        assert _texts(reject_all(out, folder / f"rejected-{n}.docx")) == original, out.name


_LIBRARY = {}


def _library(extra=(), cfg=None, *, review=False):
    """The bundled library, loaded once: it is not what is fuzzed, and loading it is most of a job's time."""
    key = (tuple(extra), review)
    if key not in _LIBRARY:
        _LIBRARY[key] = _load_library(extra, cfg, review=review)
    return _LIBRARY[key]


_load_library = jobs.library


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no draft.yaml of the checkout is found
    # parse, check and renew look the library up in the module they live in
    monkeypatch.setattr(documents, "library", _library)
    return tmp_path


def _fresh(root: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=root))


@_SETTINGS
@given(blocks=_docx_blocks, name=_names)
def test_random_word_documents(workdir, blocks, name):
    folder = _fresh(workdir)
    _every_job(_write_docx(folder / "source.docx", blocks), folder, name)


@_SETTINGS
@given(lines=_lines, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le",
                                               "utf-16-be"]), name=_names)
def test_random_chinese_text_files(workdir, lines, encoding, name):
    folder = _fresh(workdir)
    source = folder / "source.txt"
    source.write_bytes(_encoded(lines, encoding))
    _every_job(source, folder, name)


@settings(_SETTINGS, max_examples=80)
@given(data=st.binary(max_size=200))
def test_random_bytes_as_text_files(workdir, data):
    folder = _fresh(workdir)
    source = folder / "source.txt"
    source.write_bytes(data)
    _every_job(source, folder)


@settings(_SETTINGS, max_examples=80)
@given(data=st.binary(min_size=1, max_size=300))
def test_random_bytes_as_word_documents(workdir, data):
    folder = _fresh(workdir)
    source = folder / "source.docx"
    source.write_bytes(b"PK\x03\x04" + data)
    _every_job(source, folder)

