"""Finding the tags of a part, and the ways Word splits them that docxtpl cannot put back together.

What docxtpl 0.20 does with a part's XML (``DocxTemplate.patch_xml``), and so what
is checked here, each tried with a real render (tests/test_tpllint.py):

* ``{`` and ``{`` (or ``%``, ``#``) with only markup between are joined; text
  between them — deleted text of a tracked change, a field's code — stops that,
  and the tag comes out as literal text (``tag-split``). So does a space: ``{ {``
  (``tag-spaced``);
* inside a tag everything from ``</w:t>`` to the next ``<w:t>`` is cut out: runs,
  proofing marks and bookmarks are harmless, and so is deleted text; but a
  deletion holding ``}}`` ends the tag early, and a deleted tag is still run by
  Jinja (``tag-deleted``); a field in the middle leaves its result in the tag and
  its marks unpaired (``tag-field``);
* what is cut out must be balanced XML: a tag that starts outside a tracked
  insertion, a hyperlink or a smart tag and ends inside it leaves a stray end tag,
  and the rest of the part is silently lost (``tag-nesting``);
* a tag continued in the next paragraph is joined, and the two paragraphs become
  one (``tag-paragraphs``, a warning); a ``{{`` that never closes takes everything
  up to the next ``}}`` with it (``tag-unclosed``); a stray ``}}`` is printed.

Curly quotes inside a tag are turned into straight ones by docxtpl itself; they
are a problem only when the result does not parse (``drafting.tpl.names``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .issues import ERROR, WARNING, Issue
from .scan import Para

CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DELIM = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
# A space Word's autocorrect or the user put between the two characters of a delimiter.
_SPACED = re.compile(r"\{[ \t\u3000\u00a0]+[{%#]|[%#}][ \t\u3000\u00a0]+\}")
# Delimiters typed with a Chinese IME: at least one of the two characters full-width.
_FULLWIDTH = re.compile(r"[{｛][｛{%％#＃]|[%％#＃}｝][}｝]")
_PREFIX = re.compile(r"^\{[{%#](p|tr|tc|r) ")
_TRACKED_INSERT = ("ins", "moveTo")


@dataclass(eq=False)
class Tag:
    """One tag as docxtpl reads it: where it starts and ends, its text, and docxtpl's prefix (p, tr, tc, r)."""

    para: Para
    start: int
    end_para: Para
    end: int  # in end_para.text, exclusive
    text: str
    #: "{{", "{%" or "{#"
    kind: str
    #: docxtpl's level prefix: "p", "tr", "tc", "r", or ""
    prefix: str

    @property
    def inner(self) -> str:
        """The Jinja text between the delimiters, the prefix left out (as docxtpl hands it to Jinja)."""
        body = self.text[2:-2]
        return body[len(self.prefix) + 1:] if self.prefix else body

    @property
    def jinja(self) -> str:
        """The tag as Jinja will see it, prefix removed, on one line (the checks count a tag a line)."""
        return (self.kind + (" " if self.prefix else "") + self.inner + CLOSERS[self.kind]).replace("\n", " ")

    @property
    def word(self) -> str:
        """The statement's keyword (if, endfor …), for ``{% %}`` tags."""
        if self.kind != "{%":
            return ""
        words = self.inner.strip().strip("-+").split()
        return words[0] if words else ""


def find_tags(paras: list[Para]) -> tuple[list[Tag], list[Issue]]:
    """The tags of one part's paragraphs in order, and the problems in how they are written."""
    tags: list[Tag] = []
    issues: list[Issue] = []
    skip: dict[int, int] = {}  # paragraph → where its own text starts (after a tag continued into it)
    for n, para in enumerate(paras):
        text = para.text
        begin = skip.get(n, 0)
        spans = []
        for m in _TAG.finditer(text, begin):
            tag = Tag(para, m.start(), para, m.end(), m.group(), m.group()[:2], _prefix(m.group()))
            spans.append((m.start(), m.end()))
            problem = _split_problem(tag)
            if problem is not None:
                issues.append(problem)
            else:
                tags.append(tag)
                revision = _in_revision(tag)
                if revision is not None:
                    issues.append(revision)

        def outside(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in spans)

        broken = _broken_delimiters(para, begin, outside)
        issues.extend(broken)
        # A delimiter Jinja will not see leaves its partner alone: that one is not reported again.
        lone = [] if broken else [m for m in _DELIM.finditer(text, begin) if outside(m.start(), m.end())]
        opened = False
        for m in lone:
            delim = m.group()
            if delim in CLOSERS:
                if not opened:
                    opened = True
                    continued = _continue(paras, n, m.start(), skip)
                    if continued is not None:
                        tag, issue = continued
                        issues.append(issue)
                        if issue.severity == WARNING:
                            tags.append(tag)
                        continue
                issues.append(Issue("tag-unclosed", ERROR, f"“{delim}”没有对应的“{CLOSERS[delim]}”", para,
                                    text[m.start():m.start() + 20], m.start(),
                                    hint=f"请补上“{CLOSERS[delim]}”，或删去多余的“{delim}”；不配对的括号会吞掉后面的内容"))
            else:
                opener = next(k for k, v in CLOSERS.items() if v == delim)
                issues.append(Issue("tag-unopened", ERROR, f"“{delim}”前面没有“{opener}”", para,
                                    text[max(0, m.start() - 15):m.end()], max(0, m.start() - 15),
                                    hint=f"标记应写成 {opener} … {delim}；这段文字会原样印在文稿里"))
        issues.extend(_deleted_tags(para))
    return tags, issues


def _broken_delimiters(para: Para, begin: int, outside) -> list[Issue]:
    """Delimiters written with a space in the middle or in full-width characters: one issue per tag."""
    text = para.text
    found = []
    for m in _SPACED.finditer(text, begin):
        if outside(m.start(), m.end()):
            fixed = re.sub(r"\s+", "", m.group())
            found.append((m.start(), m.group()[0] == "{", Issue(
                "tag-spaced", ERROR, f"标记的括号“{m.group()}”中间有空格，不会被当作标记",
                para, text[m.start():m.start() + 20], m.start(), hint=f"请写成“{fixed}”（两个括号紧挨着）")))
    for m in _FULLWIDTH.finditer(text, begin):
        if outside(m.start(), m.end()) and not m.group().isascii():
            fixed = m.group().translate(_ASCII_DELIMS)
            found.append((m.start(), m.group()[0] in "{｛", Issue(
                "fullwidth-delimiter", ERROR, f"标记的括号“{m.group()}”是全角字符，不会被当作标记", para,
                text[m.start():m.start() + 20], m.start(), hint=f"请切换到英文（半角）输入，写成“{fixed}”")))
    found.sort(key=lambda f: f[0])
    out, open_ = [], False
    for _, opener, issue in found:
        if opener or not open_:  # the closer of a tag whose opener is already reported is the same tag
            out.append(issue)
        open_ = opener
    return out


_ASCII_DELIMS = str.maketrans({"｛": "{", "｝": "}", "％": "%", "＃": "#"})


def _prefix(text: str) -> str:
    m = _PREFIX.match(text)
    return m.group(1) if m else ""


def _between(para: Para, a: int, b: int):
    """The atoms strictly between atom indexes ``a`` and ``b``."""
    return para.atoms[a + 1:b]


def _split_problem(tag: Tag) -> Issue | None:
    """Why docxtpl will not read ``tag`` (one paragraph) the way Word shows it, if it will not."""
    para, s, e = tag.para, tag.start, tag.end
    excerpt = tag.text
    for x, y in ((s, s + 1), (e - 2, e - 1)):
        ax, ay = para.pos[x][0], para.pos[y][0]
        hidden = [a for a in _between(para, ax, ay) if a.kind != "t"]
        if hidden:
            what = "删除的修订" if hidden[0].kind == "del" else "域代码"
            return Issue("tag-split", ERROR,
                         f"标记的括号“{para.text[x:y + 1]}”之间夹着{what}（“{hidden[0].text[:10]}”），"
                         "生成时不会被当作标记，会原样印出", para, excerpt, s,
                         hint="请在 Word 中接受或拒绝这一处修订，再把括号重新输入一遍")
    ia, ib = para.pos[s][0], para.pos[e - 1][0]
    span = para.atoms[ia:ib + 1]
    if (any(a.marks for a in span[1:]) or any(a.kind == "instr" for a in span)
            or any(a.in_field != span[0].in_field for a in span)):
        return Issue("tag-field", ERROR, "标记中间插入了域（页码、日期、超链接等），生成时会出错或破坏这个域",
                     para, excerpt, s, hint="请把域移到标记外面，或删去后重新输入这个标记")
    if ia != ib and _chain(span[0].el, para.el) != _chain(span[-1].el, para.el):
        return Issue("tag-nesting", ERROR,
                     "标记的一部分在修订、超链接或内容控件里，另一部分在外面；生成时这一部分之后的内容会丢失",
                     para, excerpt, s,
                     hint="请在 Word 中接受或拒绝修订、取消超链接，再把整个标记重新输入一遍")
    return None


def _chain(el, stop) -> list[str]:
    """The element names from ``el``'s parent up to (not including) ``stop``, innermost last."""
    out = []
    for anc in el.iterancestors():
        if anc is stop:
            break
        out.append(anc.tag)
    return out[::-1]


def nesting_differs(a, b) -> bool:
    """Whether cutting the XML from ``a`` to ``b`` leaves it unbalanced: their paths from a common ancestor differ."""
    pa = list(a.iterancestors())[::-1]
    pb = list(b.iterancestors())[::-1]
    n = 0
    while n < min(len(pa), len(pb)) and pa[n] is pb[n]:
        n += 1
    return [x.tag for x in pa[n:]] != [x.tag for x in pb[n:]]


def _in_revision(tag: Tag) -> Issue | None:
    para = tag.para
    # Only a tag wholly inside the insertion: one that merely has inserted characters in its
    # middle loses the insertion's marks with the markup docxtpl cuts out.
    atom = para.atom_at(tag.start)
    if any(_local(x) in _TRACKED_INSERT for x in _chain(atom.el, para.el)):
        return Issue("tag-revision", WARNING,
                     "标记是以修订方式插入的，生成的每份文稿里这里都会带着修订标记", para, tag.text, tag.start,
                     hint="请在 Word 的“审阅”中接受这处修订后再保存模板")
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _continue(paras: list[Para], n: int, start: int, skip: dict[int, int]):
    """A tag opened at ``start`` of paragraph ``n`` and closed in a later paragraph: (tag, issue), or None."""
    para = paras[n]
    opener = para.text[start:start + 2]
    if _DELIM.search(para.text, start + 2):
        return None  # the next delimiter in this paragraph is not its closer
    text = para.text[start:]
    for k in range(n + 1, len(paras)):
        later = paras[k]
        m = _DELIM.search(later.text)
        if m is None:
            text += later.text
            continue
        if m.group() != CLOSERS[opener]:
            return None
        end = m.end()
        skip[k] = end
        text += later.text[:end]
        tag = Tag(para, start, later, end, text, opener, _prefix(text))
        if nesting_differs(para.el, later.el):
            return tag, Issue("tag-nesting", ERROR,
                              f"标记从这一段开始，到{later.where()}才结束，两段不在同一层（表格内外）；"
                              "生成时后面的内容会丢失", para, para.text[start:start + 20], start,
                              hint="请把整个标记写在同一段里")
        return tag, Issue("tag-paragraphs", WARNING,
                          f"标记从这一段开始，到{later.where()}才结束；生成时这几段会合并成一段",
                          para, para.text[start:start + 20], start, hint="请把整个标记写在同一段里")
    return None


def _deleted_tags(para: Para) -> list[Issue]:
    """Deleted text (tracked) holding tag delimiters: docxtpl keeps it, and Jinja runs it."""
    out = []
    run: list[str] = []
    for atom in para.atoms + [None]:
        if atom is not None and atom.kind == "del":
            run.append(atom.text)
            continue
        deleted = "".join(run)
        run = []
        if deleted and _DELIM.search(deleted):
            out.append(Issue("tag-deleted", ERROR,
                             "以修订方式删除的文字里有标记括号：Word 不显示它，生成时却仍会执行，或把别的标记截断",
                             para, deleted, None, hint="请在 Word 的“审阅”中接受或拒绝全部修订后再保存模板"))
    return out
