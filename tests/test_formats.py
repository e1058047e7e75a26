"""One document, many file formats: the outline does not depend on how it was saved.

The seed documents (and one of our own drafts) are turned, at test time, into the
files people actually send: a GB18030 .txt, a .docx with one plain paragraph per
line, a .docx whose 一、/1． markers are Word automatic numbering (numbering.xml),
and a .docx whose paragraphs are cut into many runs, some bold, with a run
boundary inside the marker. ``draft parse --json`` must give the same result
for all of them.
"""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import pytest

from drafting.parse import L1, L2, L3, classify, parse_paragraphs, to_json
from drafting.reader import read_paragraphs

# The XML builders of the reader's tests (tests/ is on sys.path, as for helpers.py).
from test_reader import DOCUMENT_RELS, PACKAGE_RELS, STYLES, document, level, numbering, para, run

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# --- building the files ---------------------------------------------------------------

# Unlike the reader tests' minimal package, every part has its proper content type,
# so Word and LibreOffice open these files too.
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_NO_NUMBERING = numbering({}, {})


def write_docx(path: Path, body: str, numbering_xml: str = _NO_NUMBERING) -> Path:
    """A complete .docx package: content types, relationships, document, styles, numbering."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        z.writestr("word/document.xml", document(body))
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", numbering_xml)
    return path


def source_lines(text: str) -> list[str]:
    """The non-empty lines of a text, unchanged (indentation and all)."""
    return [line for line in text.splitlines() if line.strip()]


def marker_of(line: str) -> tuple[str, int, str] | None:
    """(level, number, marker as written) for a line starting with 一、/（一）/1．, else None."""
    line = line.strip()
    kind, number, rest = classify(line)
    if kind not in (L1, L2, L3):
        return None
    marker = line[: len(line) - len(rest)].rstrip() if rest else line
    return kind, number, marker


def write_txt(path: Path, lines: list[str], encoding: str) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def plain_docx(path: Path, lines: list[str]) -> Path:
    """One paragraph, one run per line, the text exactly as in the source."""
    return write_docx(path, "".join(para(run(line)) for line in lines))


# Chinese counting as Word's ``chineseCounting`` shows 1–99 (kept apart from
# drafting.numerals, so the test does not check the reader against itself).
_CN_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


# Where each marker level lives in numbering.xml: abstractNum 0 holds 一、 and （一）
# (the second level restarting under each heading, as Word does), abstractNum 1 the
# plan items 1．, which run on across sections.
_LIST_OF = {L1: (0, 0, "chineseCounting", _cn, "%1、"),
            L2: (0, 1, "chineseCounting", _cn, "（%2）"),
            L3: (1, 0, "decimal", str, "%1．")}


class _WordLists:
    """numbering.xml for a document's markers, and the numbers Word will show.

    Counters follow Word: they belong to the abstract list, a heading restarts the
    level below it, and a ``w:num`` with a ``startOverride`` restarts its level at
    that number the first time it is used. Wherever the source's number is not the
    next one Word would show (a pasted second copy starting again at 一、, seed
    003's missing 12), a new ``w:num`` with a ``startOverride`` carries the number
    as written.
    """

    def __init__(self) -> None:
        self.templates: dict[str, str] = {}  # level → lvlText, from its first marker
        self.counters: dict[int, dict[int, int | None]] = {0: {0: None, 1: None}, 1: {0: None}}
        self.nums: dict[int, str] = {}  # numId → w:num body
        self.current: dict[int, int] = {}  # abstract → numId in use
        self.numbered = 0

    def number(self, kind: str, n: int, marker: str) -> tuple[int, int] | None:
        """(numId, ilvl) for a paragraph starting with ``marker``, or None to keep it literal."""
        abstract, ilvl, _, fmt, _ = _LIST_OF[kind]
        shown = fmt(n)
        if shown not in marker:
            return None
        placeholder = f"%{ilvl + 1}"
        template = marker.replace(shown, placeholder, 1)
        if self.templates.setdefault(kind, template) != template:
            return None  # another punctuation than the level's first marker: keep the text
        counters = self.counters[abstract]
        expected = 1 if counters[ilvl] is None else counters[ilvl] + 1
        if abstract not in self.current or n != expected:
            num_id = len(self.nums) + 1
            body = f'<w:abstractNumId w:val="{abstract}"/>'
            if n != expected:
                body += (f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{n}"/>'
                         "</w:lvlOverride>")
            self.nums[num_id] = body
            self.current[abstract] = num_id
        counters[ilvl] = n
        for deeper in counters:
            if deeper > ilvl:
                counters[deeper] = None
        self.numbered += 1
        return self.current[abstract], ilvl

    def xml(self) -> str:
        def levels(abstract: int) -> str:
            out = ""
            for kind, (a, ilvl, word_fmt, _, default) in _LIST_OF.items():
                if a == abstract:
                    out += level(ilvl, word_fmt, self.templates.get(kind, default))
            return out

        return numbering({0: levels(0), 1: levels(1)}, self.nums)


def numbered_docx(path: Path, lines: list[str]) -> tuple[Path, int]:
    """The markers moved into Word automatic numbering; how many paragraphs got a number."""
    lists = _WordLists()
    body = ""
    for line in lines:
        line = line.strip()
        found = marker_of(line)
        num = lists.number(*found) if found else None
        if num is None:
            body += para(run(line))
        else:
            text = line[len(found[2]):].lstrip()
            body += para(run(text), num=num)
    return write_docx(path, body, lists.xml()), lists.numbered


_BOLD = "<w:rPr><w:b/><w:bCs/></w:rPr>"
# What Word leaves between runs: spelling marks, bookmarks, an empty run.
_BETWEEN = ('<w:proofErr w:type="spellStart"/>', '<w:proofErr w:type="spellEnd"/>',
            '<w:bookmarkStart w:id="9" w:name="_Toc9"/><w:bookmarkEnd w:id="9"/>',
            "<w:r><w:rPr><w:b/></w:rPr></w:r>")


def split_runs_docx(path: Path, lines: list[str], seed: str) -> Path:
    """Every paragraph cut into several runs at arbitrary places, some of them bold.

    A marker is always cut inside (``1`` + ``．``, ``十`` + ``一、``), and the text
    after it at one to four random places.
    """
    rng = random.Random(seed)
    body = ""
    for line in lines:
        line = line.strip()
        found = marker_of(line)
        cuts = set(rng.sample(range(1, len(line)), min(len(line) - 1, rng.randint(1, 4))))
        if found:
            cuts.add(len(found[2]) - 1)
        bounds = [0, *sorted(cuts), len(line)]
        pieces = []
        for start, end in zip(bounds, bounds[1:]):
            pieces.append(run(line[start:end], _BOLD if rng.random() < 0.4 else ""))
            if rng.random() < 0.3:
                pieces.append(rng.choice(_BETWEEN))
        body += para(*pieces)
    return write_docx(path, body)


# --- comparing ---------------------------------------------------------------------------


def parsed_json(path: Path) -> dict:
    """``draft parse --json`` of a file, without the warnings' paragraph indices."""
    data = to_json(parse_paragraphs(read_paragraphs(path)))
    for warning in data["warnings"]:
        warning.pop("paragraph", None)
    return data


def all_formats(folder: Path, lines: list[str], seed: str) -> dict[str, Path]:
    numbered, count = numbered_docx(folder / "numbered.docx", lines)
    assert count, "no paragraph got Word automatic numbering"
    return {
        "gb18030.txt": write_txt(folder / "gb18030.txt", lines, "gb18030"),
        "plain.docx": plain_docx(folder / "plain.docx", lines),
        "numbered.docx": numbered,
        "runs.docx": split_runs_docx(folder / "runs.docx", lines, seed),
    }


def assert_same_outline(reference: Path, formats: dict[str, Path]) -> dict:
    expected = parsed_json(reference)
    for name, path in formats.items():
        assert parsed_json(path) == expected, name
    return expected


# --- the seed documents --------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_gives_the_same_outline_in_every_format(tmp_path, prefix):
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed document {prefix} not found in {SEEDS}")
    seed = found[0]
    lines = source_lines(seed.read_text(encoding="utf-8"))
    formats = all_formats(tmp_path, lines, seed.name)

    # Word shows exactly the source's paragraphs: numbers included, runs joined.
    source = [p.text for p in read_paragraphs(seed)]
    for name in ("plain.docx", "numbered.docx", "runs.docx"):
        assert [p.text for p in read_paragraphs(formats[name])] == source, name
    labels = [p.label for p in read_paragraphs(formats["numbered.docx"])]
    markers = [found[2] if (found := marker_of(text)) else None for text in source]
    assert labels == markers  # every marker came out of numbering.xml

    data = assert_same_outline(seed, formats)
    assert data["sections"]


def test_word_numbering_carries_a_skipped_and_a_repeated_number(tmp_path):
    # Independent of the seeds: 一、二、 then a pasted copy starting again at 一、,
    # items 1．2．4． (3 skipped) and 1．again; （一） restarting under each heading.
    lines = ["2026年机关党建工作要点", "一、甲", "（一）子", "1．项。甲", "2．项。乙",
             "二、乙", "（一）丑", "（二）寅", "4．项。丙", "一、甲", "1．项。甲"]
    path, count = numbered_docx(tmp_path / "n.docx", lines)
    assert count == 10
    paragraphs = read_paragraphs(path)
    assert [p.text for p in paragraphs] == lines
    assert [p.label for p in paragraphs] == [None, *(marker_of(line)[2] for line in lines[1:])]
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/numbering.xml").decode()
    assert xml.count("<w:startOverride") == 3  # 4．, the second 一、 and its 1．


# --- our own drafts ---------------------------------------------------------------------------


def test_rendered_plan_and_its_text_give_the_same_outline(tmp_path, monkeypatch):
    from docx import Document

    from drafting.jobs import Request, draft

    monkeypatch.chdir(tmp_path)  # no draft.toml of the user's
    request = Request(genre="plan", year=2026, org="市发展改革委", date=dt.date(2026, 1, 8),
                      output=tmp_path / "plan.docx")
    rendered = draft(request, today=dt.date(2026, 1, 8)).path
    # The text as Word's "save as plain text" gives it, taken with python-docx.
    lines = source_lines("\n".join(p.text for p in Document(str(rendered)).paragraphs))
    utf8 = tmp_path / "plan.txt"
    utf8.write_text("\n".join(lines) + "\n", encoding="utf-8")

    data = parsed_json(rendered)
    assert parsed_json(utf8) == data
    assert data["kind"] == "plan" and data["warnings"] == []
    assert [i["number"] for s in data["sections"] for i in s["items"]] == list(range(1, 21))
    # The other formats of the same text agree too.
    other = tmp_path / "other"
    other.mkdir()
    assert_same_outline(rendered, all_formats(other, lines, "plan"))
