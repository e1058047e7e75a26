"""draft learn: reviewed documents (renew's output with revisions accepted and rejected as Word does it,
and a reviewer's own tracked changes) teach typo rules, renew test cases and the reviewer's comments."""

from __future__ import annotations

import copy
import hashlib
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from lxml import etree

from drafting.cli import main
from drafting.errors import DataError
from drafting.learn.cases import Case, parse_cases, verify
from drafting.learn.record import CHUNK, Change, Damaged, RenewRecord, read_record, record_properties
from drafting.learn.replacements import propose, replacements
from drafting.learn.values import DEL, INS, TEXT, Block, Segment
from drafting.library import load_library, parse_file
from drafting.reader.properties import read_properties

from helpers import docx_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
w = f"{{{W}}}"
REVIEWER = "张三"
WHEN = "2026-03-01T09:00:00Z"

# A short last-year plan, written for these tests.
LAST_YEAR = [
    "2025年某某党支部党建工作要点",
    "2025年是全面贯彻落实党的二十届三中全会精神的重要一年。支部要凝心聚立、真抓实干。",
    "一、加强政治建设",
    "1．深入学习贯彻党的二十届三中全会精神。组织党员干部开展集中学习，做到学思用贯通。",
    "2．严肃党内政治生活。认真落实“三会一课”制度，2025年内开展专题组织生活会。",
    "二、加强组织建设",
    "3．规范支部工作。推进支部标准化建设，对其它工作统筹安排，做到凝心聚立。",
    "4．抓好党员教育。全年组织党员干部培训不少于两次，形成长效机制。",
    "5．学习党的二十届三中全会精神，开展专题研讨。",
    "某某党支部",
    "2025年1月10日",
]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _source(path: Path, lines=LAST_YEAR) -> Path:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _renewed(folder: Path, *extra: str) -> Path:
    src = _source(folder / "2025年要点.docx")
    out = folder / "2026年要点.docx"
    assert main(["renew", str(src), "--year", "2026", "-o", str(out), *extra]) == 0
    return out


class Reviewed:
    """A .docx whose main document is edited as Word edits it when a reviewer works on it."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            self.parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.ids = 9000

    def p(self, n: int):
        return list(self.root.find(w + "body").iter(w + "p"))[n]

    def settle(self, n: int, accept: bool, texts=None) -> None:
        """Accept (unwrap w:ins, drop w:del) or reject (drop w:ins, w:del back to w:r/w:t) revisions of paragraph n."""
        for el in list(self.p(n).iter(w + "ins", w + "del")):
            text = "".join(x.text or "" for x in el.iter(w + "t", w + "delText"))
            if texts is not None and text not in texts:
                continue
            parent = el.getparent()
            if (el.tag == w + "ins") == accept:
                at = parent.index(el)
                for child in list(el):
                    for t in child.iter(w + "delText"):
                        t.tag = w + "t"
                    parent.insert(at, child)
                    at += 1
            parent.remove(el)

    def merge(self, n: int) -> None:
        """The plain runs of paragraph n as one (after a rejection Word leaves the text in several)."""
        p = self.p(n)
        runs = [r for r in p.iterchildren(w + "r") if r.find(w + "t") is not None]
        text = "".join(r.find(w + "t").text or "" for r in runs)
        runs[0].find(w + "t").text = text
        for r in runs[1:]:
            p.remove(r)

    def _run(self, like, text: str, tag: str = "t"):
        run = copy.deepcopy(like)
        for child in list(run):
            if child.tag != w + "rPr":
                run.remove(child)
        t = etree.SubElement(run, w + tag)
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return run

    def _mark(self, tag: str, run, author: str):
        self.ids += 1
        el = etree.Element(w + tag)
        el.set(w + "id", str(self.ids))
        el.set(w + "author", author)
        el.set(w + "date", WHEN)
        el.append(run)
        return el

    def replace(self, n: int, old: str, new: str, author: str = REVIEWER) -> None:
        """A tracked replacement as Word writes it: the run split, w:del of old, then w:ins of new."""
        for r in self.p(n).iter(w + "r"):
            t = r.find(w + "t")
            if r.getparent().tag in (w + "ins", w + "del") or t is None or old not in (t.text or ""):
                continue
            before, _, after = t.text.partition(old)
            nodes = [self._run(r, before)] if before else []
            nodes += [self._mark("del", self._run(r, old, "delText"), author),
                      self._mark("ins", self._run(r, new), author)]
            nodes += [self._run(r, after)] if after else []
            parent, at = r.getparent(), r.getparent().index(r)
            parent.remove(r)
            for k, node in enumerate(nodes):
                parent.insert(at + k, node)
            return
        raise AssertionError(f"no run holds {old!r}")

    def comment(self, n: int, text: str, author: str = REVIEWER) -> None:
        """A comment of ``author`` on the whole of paragraph n."""
        comments = etree.fromstring(self.parts["word/comments.xml"])
        self.ids += 1
        cid = str(self.ids)
        c = etree.SubElement(comments, w + "comment")
        c.set(w + "id", cid)
        c.set(w + "author", author)
        c.set(w + "date", WHEN)
        etree.SubElement(etree.SubElement(etree.SubElement(c, w + "p"), w + "r"), w + "t").text = text
        self.parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8")
        p = self.p(n)
        start = etree.Element(w + "commentRangeStart")
        start.set(w + "id", cid)
        p.insert(1 if p.find(w + "pPr") is not None else 0, start)
        end = etree.SubElement(p, w + "commentRangeEnd")
        end.set(w + "id", cid)
        etree.SubElement(etree.SubElement(p, w + "r"), w + "commentReference").set(w + "id", cid)

    def save(self, path: Path) -> Path:
        self.parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8",
                                                         standalone=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.parts.items():
                zf.writestr(name, data)
        return path


def _library(folder: Path) -> Path:
    folder.mkdir()
    (folder / "本单位.yaml").write_text("typos:\n  工作做风: 工作作风\n", encoding="utf-8")
    return folder


def _reviewed(tmp: Path) -> Path:
    """renew's output, reviewed: changes accepted, rejected, rewritten and left; the reviewer's own edits."""
    doc = Reviewed(_renewed(tmp))
    doc.settle(0, True)  # the title's year: accepted
    doc.settle(1, True, {"2025年", "2026年"})  # the year: accepted
    doc.settle(1, False, {"三中", "四中"})  # the plenum: rejected
    doc.settle(3, False)  # the plenum: the reviewer rewrote the sentence instead
    doc.merge(3)
    doc.replace(3, "深入学习贯彻党的二十届三中全会精神", "认真学习党的创新理论")
    # paragraph 8 is left as renew wrote it: pending
    doc.replace(1, "立", "力")  # the reviewer selects one character and types over it
    doc.replace(6, "凝心聚立", "凝心聚力")  # or the whole word: the same correction
    doc.replace(3, "党员干部", "广大党员")  # a wording preference, common in our own drafts
    doc.replace(7, "党员干部", "广大党员")
    doc.replace(6, "其它", "其他")  # once only: no rule yet
    doc.replace(7, "两次", "三次")  # numbers are renew's business
    doc.replace(7, "，", "；")  # punctuation only
    doc.replace(4, "专题", "专门")  # in a paragraph we asked about: the question is answered
    doc.comment(6, "标准化建设的提法请与上级文件核对。")
    return doc.save(tmp / "审阅稿.docx")


# --- renew's record --------------------------------------------------------------------------


def test_renew_records_its_changes_invisibly(in_tmp):
    out = _renewed(in_tmp, "--author", "李四")
    record = read_record(read_properties(out))
    assert (record.source_year, record.target_year, record.author, record.title) == (2025, 2026, "李四", 0)
    got = {(c.paragraph, c.old, c.new, c.kind) for c in record.changes}
    assert {(0, "2025年", "2026年", "year"), (1, "2025年", "2026年", "year"), (1, "三中", "四中", "plenum"),
            (3, "三中", "四中", "plenum"), (8, "三中", "四中", "plenum")} <= got
    assert all(c.new for c in record.changes)  # questions (comments) are not changes
    plenum = next(c for c in record.changes if c.paragraph == 1 and c.kind == "plenum")
    assert LAST_YEAR[1][plenum.start:plenum.start + 2] == "三中" and LAST_YEAR[1].startswith("2025年")
    # the context stops where the year change before it ends: it holds unchanged text only
    assert "2025年" not in plenum.before and plenum.before.endswith("二十届")
    assert "draft.renew" not in docx_text(out)


def test_renewing_a_renewed_document_replaces_the_record(in_tmp):
    first = Reviewed(_renewed(in_tmp))
    for n in range(len(LAST_YEAR)):
        first.settle(n, True)
    accepted = first.save(in_tmp / "2026定稿.docx")
    out = in_tmp / "2027.docx"
    assert main(["renew", str(accepted), "--year", "2027", "-o", str(out)]) == 0
    props = read_properties(out)
    assert read_record(props).target_year == 2027
    with zipfile.ZipFile(out) as zf:
        assert zf.read("docProps/custom.xml").decode().count('name="draft.renew"') == 1


def test_a_long_record_is_split_into_short_pieces():
    changes = tuple(Change(n, 3, "2025年", "2026年", "year", "某某 工作要点", "开展学习\u3000") for n in range(300))
    pairs = record_properties(RenewRecord(2025, 2026, "起草助手", changes))
    assert len(pairs) > 1 and all(len(value) <= CHUNK for _, value in pairs)
    # no piece begins or ends with a blank another program might trim
    assert all(value == value.strip() for _, value in pairs)
    assert [name for name, _ in pairs][:3] == ["draft.renew", "draft.renew.2", "draft.renew.3"]
    back = read_record(dict(pairs))
    assert back.changes == changes[:len(back.changes)] and back.dropped == 300 - len(back.changes)
    short = dict(pairs)
    del short["draft.renew.2"]  # a piece lost on the way: damaged, never misread
    with pytest.raises(Damaged):
        read_record(short)


def test_renew_record_survives_libreoffice(in_tmp, soffice):
    out = _renewed(in_tmp)
    outdir = in_tmp / "lo"
    result = subprocess.run([soffice.exe, f"-env:UserInstallation={soffice.profile.as_uri()}", "--headless",
                             "--convert-to", "docx", "--outdir", str(outdir), str(out)],
                            capture_output=True, text=True, timeout=180)
    saved = outdir / out.name
    assert result.returncode == 0 and saved.is_file(), result.stderr
    assert read_record(read_properties(saved)) == read_record(read_properties(out))


# --- learning ----------------------------------------------------------------------------------


def test_learn_proposes_rules_classifies_renew_and_writes_cases(in_tmp, capsys):
    lib = _library(in_tmp / "素材库")
    reviewed = _reviewed(in_tmp)
    before = hashlib.sha256(reviewed.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["learn", str(reviewed), "--into", str(lib)]) == 0
    out = capsys.readouterr().out
    assert hashlib.sha256(reviewed.read_bytes()).hexdigest() == before  # the input is never modified
    assert "接受 2，拒绝 1，未处理 1，无法判断 1" in out
    assert "拒绝：第2段“三中”→“四中”" in out
    assert "规则建议 1 条" in out and "数字、年份的改动 1 处" in out and "只改了标点或空格 1 处" in out
    assert "批注（张三，第7段）：标准化建设的提法请与上级文件核对。" in out
    assert "审稿人回复或修改了的：1 条" in out
    review = lib / "待审核"
    rules, cases = review / "learn-审阅稿-1.yaml", review / "learn-审阅稿-1.cases.yaml"
    assert sorted(p.name for p in review.iterdir()) == sorted([rules.name, cases.name])
    assert f"已写入规则建议：{rules}" in out and f"已写入测试用例：{cases}" in out

    # the rules: exactly the typos format, a valid library file, with its evidence as comments
    text = rules.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"typos": {"凝心聚立": "凝心聚力"}}
    assert [(t.wrong, t.right) for t in parse_file(rules).typos] == [("凝心聚立", "凝心聚力")]
    assert text.startswith("# draft learn 从 审阅稿.docx") and "检查规则.yaml" in text
    assert "张三 改了 2 处" in text and "第2段（2026-03-01）" in text and "第7段（2026-03-01）" in text
    assert "【立→力】" in text and "【凝心聚立→凝心聚力】" in text
    # withheld, with the reason: it would fire on the tool's own drafts
    assert "党员干部 → 广大党员：会在本工具自己生成的文稿中误报" in text
    assert "三中" not in text  # our own revisions are never the reviewer's

    # the case: the paragraph as renew read it (the accepted year turned back), and renew still makes the change
    (case,) = parse_cases(cases)
    assert (case.source_year, case.target_year, case.expression, case.rejected, case.kind) == (
        2025, 2026, "三中", "四中", "plenum")
    assert case.text == LAST_YEAR[1].replace("凝心聚立", "凝心聚力")
    assert case.text[case.start:case.start + 2] == "三中" and "审阅稿.docx 第2段" in case.where
    assert verify(case, load_library().calendar).still


def test_learning_twice_proposes_nothing_new(in_tmp, capsys):
    lib = _library(in_tmp / "素材库")
    reviewed = _reviewed(in_tmp)
    assert main(["learn", str(reviewed), "--into", str(lib)]) == 0
    capsys.readouterr()
    assert main(["learn", str(reviewed), "--into", str(lib)]) == 0
    out = capsys.readouterr().out
    # the proposal waiting for review counts as known; the case file is written again under the next number
    assert "凝心聚立 → 凝心聚力：2 处（未列入：素材库（或待审核文件夹）已有这条规则）" in out
    assert sorted(p.name for p in (lib / "待审核").iterdir()) == [
        "learn-审阅稿-1.cases.yaml", "learn-审阅稿-1.yaml", "learn-审阅稿-2.cases.yaml"]
    # draft ingest reads the review folder: our files do not stop it
    assert main(["ingest", str(in_tmp / "2025年要点.docx"), "--into", str(lib)]) == 0


def test_reviewer_replacements_need_not_come_from_renew(in_tmp, capsys):
    """Any reviewed draft: no renew record, the reviewer's tracked changes alone."""
    doc = Reviewed(_source(in_tmp / "稿.docx"))
    with zipfile.ZipFile(in_tmp / "稿.docx") as zf:
        assert "word/comments.xml" not in zf.namelist()
    doc.replace(1, "凝心聚立", "凝心聚力")
    doc.replace(6, "凝心聚立", "凝心聚力")
    reviewed = doc.save(in_tmp / "审过.docx")
    assert main(["learn", str(reviewed)]) == 0  # into ./素材库, made for it as draft ingest does
    out = capsys.readouterr().out
    assert "没有 draft renew 的改动记录" in out
    assert yaml.safe_load((in_tmp / "素材库" / "待审核" / "learn-审过-1.yaml").read_text("utf-8")) == {
        "typos": {"凝心聚立": "凝心聚力"}}
    assert not (in_tmp / "素材库" / "待审核" / "learn-审过-1.cases.yaml").exists()


def test_a_word_left_standing_elsewhere_is_no_rule(in_tmp, capsys):
    doc = Reviewed(_source(in_tmp / "稿.docx", LAST_YEAR + ["6．坚持凝心聚立，服务中心工作。"]))
    doc.replace(1, "凝心聚立", "凝心聚力")
    doc.replace(6, "凝心聚立", "凝心聚力")
    reviewed = doc.save(in_tmp / "审过.docx")
    lib = _library(in_tmp / "素材库")
    assert main(["learn", str(reviewed), "--into", str(lib)]) == 0
    out = capsys.readouterr().out
    assert "审稿人在文中另有 1 处“凝心聚立”没有改" in out and "没有需要审核的建议，没有写入文件" in out
    assert not (lib / "待审核").exists()


def _block(*segments: tuple[str, str]) -> Block:
    return Block(tuple(Segment(kind, text, REVIEWER if kind != TEXT else "", WHEN if kind != TEXT else "")
                       for kind, text in segments), ((0, 0),))


def test_a_word_swapped_for_another_is_no_typo():
    blocks = [_block((TEXT, "由"), (DEL, "王五"), (INS, "赵六"), (TEXT, "同志负责。")) for _ in range(3)]
    (proposal,) = propose(replacements(blocks, {"起草助手"}))
    assert proposal.wrong == "王五" and "换了说法或名字" in proposal.withheld


def test_a_one_character_change_is_widened_by_the_words_its_places_share():
    blocks = [
        _block((TEXT, "统筹其"), (DEL, "它"), (INS, "他"), (TEXT, "方面工作。")),
        _block((TEXT, "以及其"), (DEL, "它"), (INS, "他"), (TEXT, "事项。")),
        _block((TEXT, "把"), (DEL, "它"), (INS, "他"), (TEXT, "们组织起来。")),
        _block((TEXT, "由起草助手"), (DEL, "它"), (INS, "他"), (TEXT, "写。")),
    ]
    # the tool's own revisions are left out by author
    ours = Block((Segment(DEL, "2025年", "起草助手"), Segment(INS, "2026年", "起草助手")), ((0, 0),))
    found = replacements(blocks + [ours], {"起草助手"})
    assert len(found) == 4
    (proposal,) = [p for p in propose(found) if not p.withheld]
    assert (proposal.wrong, proposal.right, len(proposal.evidence)) == ("其它", "其他", 2)


# --- the verifier ----------------------------------------------------------------------------


def test_verifier_says_whether_renew_still_makes_a_rejected_change(tmp_path):
    calendar = load_library().calendar
    text = "2025年是推进某某工作的关键一年。"
    assert verify(Case(text, 2025, 2026, "2025年", "2026年", 0), calendar).still
    # a change renew does not make (any more): the case passes
    assert not verify(Case(text, 2025, 2026, "2025年", "2027年", 0), calendar).still
    assert not verify(Case("从2019年起连续开展读书活动。", 2025, 2026, "2019年", "2020年"), calendar).still
    cases = tmp_path / "用例.cases.yaml"
    cases.write_text(f"cases:\n  - text: {text}\n    from: 2025\n    to: 2026\n    expression: 2025年\n"
                     "    rejected: 2026年\n  - text: 某某工作\n    from: 2025\n    to: 2026\n"
                     "    expression: 2024年\n    rejected: 2025年\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        parse_cases(cases)
    assert err.value.line == 10 and "段落中没有“2024年”" in str(err.value)


# --- bad input -----------------------------------------------------------------------------------


def _plain(tmp: Path) -> Path:
    return _source(tmp / "未审阅.docx")


def _text(tmp: Path) -> Path:
    path = tmp / "稿.txt"
    path.write_text("\n".join(LAST_YEAR), encoding="utf-8")
    return path


def _corrupt(tmp: Path) -> Path:
    path = tmp / "坏.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    return path


@pytest.mark.parametrize("make, message", [
    (_plain, "没有审稿人的修订，也没有 draft renew 的改动记录"),
    (_text, "只能读取审阅过的 Word 文档"),
    (_corrupt, "已损坏"),
    (lambda tmp: tmp / "没有这个文件.docx", "找不到这个文件"),
])
def test_unusable_documents_are_refused_and_nothing_is_written(in_tmp, capsys, make, message):
    path = make(in_tmp)
    before = path.read_bytes() if path.exists() else None
    capsys.readouterr()
    assert main(["learn", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and path.name in err
    assert not (in_tmp / "素材库").exists()
    assert (path.read_bytes() if path.exists() else None) == before


@pytest.mark.parametrize("make, message", [
    (lambda tmp: (tmp / "规则.yaml", (tmp / "规则.yaml").write_text("x", encoding="utf-8"))[0], "这是一个文件"),
    (lambda tmp: tmp / "没有的库", "素材库文件夹不存在"),
    (lambda tmp: (tmp / "照片", (tmp / "照片").mkdir(), (tmp / "照片" / "a.jpg").write_bytes(b"x"))[0], "不像是素材库"),
])
def test_into_must_be_a_library_folder(in_tmp, capsys, make, message):
    reviewed = _reviewed(in_tmp)
    into = make(in_tmp)
    capsys.readouterr()
    assert main(["learn", str(reviewed), "--into", str(into)]) == 2
    err = capsys.readouterr().err
    assert message in err and into.name in err
    assert not (into / "待审核").exists()


def test_of_two_equal_changes_in_a_paragraph_only_the_one_left_is_pending():
    from drafting.learn.record import RenewRecorder
    from drafting.learn.renewals import judge
    from drafting.model import Edit

    text = "2025年是关键一年，2025年要完成任务。"
    edits = [Edit(0, 0, 5, "2025年", "2026年", None, "year"), Edit(0, 11, 16, "2025年", "2026年", None, "year")]
    record = read_record(dict(RenewRecorder(2025, 2026, "起草助手", {0: text}).properties(edits)))
    # the first accepted in Word, the second still a revision
    block = Block((Segment(TEXT, "2026年是关键一年，"), Segment(DEL, "2025年", "起草助手"),
                   Segment(INS, "2026年", "起草助手"), Segment(TEXT, "要完成任务。")), ((0, 0),))
    verdicts = [j.verdict for j in judge(record, [block], {0: block.accepted()})]
    assert verdicts == ["accepted", "pending"]


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def test_a_reply_to_our_question_is_noted(in_tmp, capsys):
    doc = Reviewed(_renewed(in_tmp))
    comments = etree.fromstring(doc.parts["word/comments.xml"])
    ours = next(c for c in comments if "是否应改为2026年" in "".join(c.itertext()))
    ours.find(w + "p").set(f"{{{W14}}}paraId", "0000AAAA")
    reply = etree.SubElement(comments, w + "comment")
    reply.set(w + "id", "8001")
    reply.set(w + "author", REVIEWER)
    p = etree.SubElement(reply, w + "p")
    p.set(f"{{{W14}}}paraId", "0000BBBB")
    etree.SubElement(etree.SubElement(p, w + "r"), w + "t").text = "是今年的，已改。"
    doc.parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8")
    doc.parts["word/commentsExtended.xml"] = (
        f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="0000AAAA"/>'
        '<w15:commentEx w15:paraId="0000BBBB" w15:paraIdParent="0000AAAA"/></w15:commentsEx>').encode()
    rels = etree.fromstring(doc.parts["word/_rels/document.xml.rels"])
    rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
    rel.set("Id", "rId900")
    rel.set("Type", "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
    rel.set("Target", "commentsExtended.xml")
    doc.parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    reviewed = doc.save(in_tmp / "审阅稿.docx")
    capsys.readouterr()
    assert main(["learn", str(reviewed), "--into", str(_library(in_tmp / "素材库"))]) == 0
    out = capsys.readouterr().out
    assert "批注（张三，回复我们的问题）：是今年的，已改。" in out
    assert "审稿人回复或修改了的：1 条" in out
    assert "未处理 5" in out  # nothing decided yet


def test_a_rejected_insertion_is_told_by_the_words_around_it(tmp_path):
    """renew inserts 、四中 into a plenum list; rejected, the words on either side meet again."""
    from drafting.learn.record import RenewRecorder
    from drafting.learn.renewals import judge
    from drafting.learn.writer import cases_text
    from drafting.learn.values import Lesson
    from drafting.model import Edit

    text = "深入学习贯彻党的二十大和二十届二中、三中全会精神。"
    at = text.index("三中") + 2
    edits = [Edit(0, at, at, "", "、四中", None, "plenums")]
    record = read_record(dict(RenewRecorder(2025, 2026, "起草助手", {0: text}).properties(edits)))
    assert record.changes[0].before and record.changes[0].after  # the insertion itself does not cut its context
    accepted = text[:at] + "、四中" + text[at:]
    assert judge(record, [], {0: accepted})[0].verdict == "accepted"
    (rejected,) = judge(record, [], {0: text})
    assert (rejected.verdict, rejected.original, rejected.start) == ("rejected", text, at)
    cases = tmp_path / "用例.cases.yaml"
    cases.write_text(cases_text([Lesson(tmp_path / "稿.docx", (), (rejected,), record=record)]), encoding="utf-8")
    (case,) = parse_cases(cases)
    assert (case.expression, case.start, case.rejected) == ("", at, "、四中")
    assert verify(case, load_library().calendar).still


# Documents 03–23 of ../shared/real are web pages whose full-width punctuation was NFKC-normalised
# to ASCII when they were stored. They are only read here: renewed, then every revision accepted or rejected.
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


@pytest.mark.parametrize("name", ["02", "05", "09", "11", "14", "19"])
def test_renew_changes_on_real_documents_are_told_accepted_or_rejected(tmp_path, name):
    from drafting import jobs
    from drafting.learn.reading import read_reviewed
    from drafting.learn.renewals import judge

    source = REAL / f"{name}.txt"
    if not source.is_file():
        pytest.skip(f"real document {name} not found in {REAL}")
    out = jobs.renew(source, output=tmp_path / "新.docx").path
    for accept, verdict in ((True, "accepted"), (False, "rejected"), (None, "pending")):
        doc = Reviewed(out)
        if accept is not None:
            for n in range(len(list(doc.root.find(w + "body").iter(w + "p")))):
                doc.settle(n, accept)
        reviewed = read_reviewed(doc.save(tmp_path / f"{verdict}.docx"))
        judged = judge(reviewed.record, reviewed.blocks, {p.index: p.text for p in reviewed.paragraphs})
        assert judged and {j.verdict for j in judged} == {verdict}


def test_a_damaged_record_is_said_so(in_tmp, capsys):
    doc = Reviewed(_renewed(in_tmp))
    custom = doc.parts["docProps/custom.xml"].decode()
    doc.parts["docProps/custom.xml"] = custom.replace('"from":2025', '"from":').encode()
    plain = doc.save(in_tmp / "坏记录.docx")
    capsys.readouterr()
    assert main(["learn", str(plain)]) == 2
    assert "改动记录也已损坏" in capsys.readouterr().err
    doc.replace(1, "凝心聚立", "凝心聚力")
    assert main(["learn", str(doc.save(in_tmp / "坏记录2.docx"))]) == 0
    assert "draft renew 的改动记录已损坏" in capsys.readouterr().out


def test_our_own_revisions_alone_teach_nothing(in_tmp, capsys):
    """draft check --fix output nobody reviewed: revisions, all ours, and no renew record."""
    src = _source(in_tmp / "稿.docx", LAST_YEAR + ["6．认真开展学习,推动工作落实。"])
    assert main(["check", str(src), "--fix", "-o", str(in_tmp / "改.docx")]) in (0, 1)
    capsys.readouterr()
    assert main(["learn", str(in_tmp / "改.docx")]) == 2
    assert "没有审稿人的修订" in capsys.readouterr().err


def test_changes_are_found_again_after_paragraphs_were_added(in_tmp, capsys):
    doc = Reviewed(_renewed(in_tmp))
    for n in range(len(LAST_YEAR)):
        doc.settle(n, n != 1)  # paragraph 2 rejected, the rest accepted
    body = doc.root.find(w + "body")
    for text in ("审稿人加的第一段。", "审稿人加的第二段。"):
        p = etree.Element(w + "p")
        etree.SubElement(etree.SubElement(p, w + "r"), w + "t").text = text
        body.insert(0, p)
    reviewed = doc.save(in_tmp / "加了段落.docx")
    capsys.readouterr()
    assert main(["learn", str(reviewed), "--into", str(_library(in_tmp / "素材库"))]) == 0
    out = capsys.readouterr().out
    assert "接受 3，拒绝 2，未处理 0，无法判断 0" in out
    assert "拒绝：第4段“2025年”→“2026年”" in out and "拒绝：第4段“三中”→“四中”" in out
