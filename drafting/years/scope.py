"""Which parts of a document are its own, and what they are about: for renewal's decisions.

``DocumentScope`` is mixed into the renewer of ``drafting.renew``: lines of a web
page's (advertising, site lines) are not renewed; the document's year where the
plan names itself in its opening is its own, like the title's; a section about
one named plenum (``subject_plenums``) is asked about rather than relabelled.
"""

from __future__ import annotations

import re

from ..model import Paragraph, Reference
from . import roles
from .roles import DATED, REPORT, SINCE

__all__ = ["DocumentScope", "subject_plenums"]

#: The plan naming itself: 现制定2020年党建工作计划如下, 特制定2021年工作要点.
_NAMES_ITSELF = re.compile(r"(?:制定|制订)\s*(?:19|20)\d\d\s*年度?[^。；，,]{0,24}?(?:计划|要点|方案|安排|意见|规划)(?:如下|。|：|:)")
#: The opening paragraph beginning with the plan's year and its purpose: 2022年，为进一步加强……
_OPENING_YEAR = re.compile(r"\s*((?:19|20)\d\d)\s*年度?\s*[，,]\s*(?:为|根据|按照|围绕|结合|紧扣)")


class DocumentScope:
    """The rules of ``drafting.renew`` about the document's own lines, title and sections."""

    def site_line(self, ref: Reference) -> None:
        """A year on a line of the web page's, not the document's: one comment a line, to delete it."""
        if any(e.paragraph == ref.paragraph for e in self.edits):
            self.keep(ref, "网页附带的文字，已提示删除")
            return
        self.ask(ref, "这一段是网页附带的文字（广告、转载或站点信息），不属于文稿，应删去；其中的年份不作更新。")

    def _own_year(self, ref: Reference, text: str) -> bool:
        """Whether the document's year here names the document itself, like the title's.

        Three plain cases: the plan names itself (现制定2020年……计划如下), the opening
        paragraph begins with its year and its purpose (2022年，为进一步……), or a line
        repeats the title. A year anywhere else is asked about.
        """
        if any(m.start() < ref.start < m.end() for m in _NAMES_ITSELF.finditer(text)):
            return True
        if self.title is None or self.title not in self.paragraphs:
            return False
        title = self.paragraphs[self.title].text.strip()
        at = text.find(title) if len(title) >= 8 else -1
        if at >= 0 and at <= ref.start < at + len(title):
            return True  # the title written again (〔*〕……2026年党建工作要点)
        opening = _OPENING_YEAR.match(text)
        following = [i for i in sorted(self.paragraphs) if i > self.title][:2]
        return ref.paragraph in following and opening is not None and opening.start(1) == ref.start


#: A heading short enough to name its section's subject.
_HEADING = 40


def _plenum_key(ref: Reference, congress: int | None) -> tuple[int | None, int]:
    return (ref.term if ref.term is not None else congress, ref.sessions[0])


def subject_plenums(paragraphs: list[Paragraph], refs: list[Reference], congress: int | None) -> set[int]:
    """Paragraphs about one named plenum: it is cited twice in them, or in a heading and the text after it.

    A mention that reports what the plenum decided (……部署, ……以来) does not count: that is history.

    Such a section (一、学习贯彻二十届三中全会精神 / 把学习贯彻三中全会精神作为……) is the
    plenum's own content: relabelling it to the next plenum would make it say something false.
    """
    named: dict[int, list[tuple[int | None, int]]] = {}
    for ref in refs:
        if ref.kind == "plenum" and ref.sessions and ref.role not in (SINCE, REPORT, DATED, roles.AFTER, roles.RECENT):
            named.setdefault(ref.paragraph, []).append(_plenum_key(ref, congress))
    order = [p.index for p in paragraphs]
    text = {p.index: p.text for p in paragraphs}
    subjects: set[int] = set()
    for at, keys in named.items():
        if len(keys) > len(set(keys)):
            subjects.add(at)
        i = order.index(at)
        if len(text[at].strip()) <= _HEADING and "。" not in text[at] and i + 1 < len(order):
            after = order[i + 1]
            if set(keys) & set(named.get(after, ())):
                subjects.update((at, after))
    return subjects
