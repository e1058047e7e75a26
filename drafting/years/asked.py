"""Renewal rules for wording the calendar does not name: asked, or moved by plain arithmetic.

``AskedClaims`` is mixed into the renewer of ``drafting.renew``: it supplies the
rules for relative dates, positioning claims, dateless date lines, garbled plenums, document
numbers, formulas a congress replaced,
time-bound goals and anniversaries the calendar does not list, using the
renewer's ``ask``, ``change`` and ``keep``.
"""

from __future__ import annotations

import re

from ..model import Reference
from ..numerals import cn_number
from . import roles
from ..yearrefs import campaign_span
from .stale import superseded_by
from .wording import year_wording

__all__ = ["AskedClaims"]

#: "……周年大会上的讲话": an anniversary cited by the meeting it was spoken at.
_SPEECH_AT = re.compile(r"[^，。；]{0,4}?(?:大会上|座谈会上|上的)")


class AskedClaims:
    """The rules of ``drafting.renew`` for year-bound wording outside the calendar."""

    def _any_anniversary(self, ref: Reference) -> None:
        """An "N周年" the calendar does not name: in a document of year S its base is S − N."""
        now = ref.number + self.y - self.s
        after = self.paragraphs[ref.paragraph].text[ref.end:ref.end + 12]
        if now % 5 == 0 and not _SPEECH_AT.match(after):
            digits = re.match(r"\d+|[〇零一二三四五六七八九十百]+", ref.text)
            value = str(now) if digits.group().isdigit() else cn_number(now)
            self.change(ref, value, f"按{self.s}年的{ref.number}周年推算，{self.y}年是{now}周年，请核对。",
                        start=ref.start, end=ref.start + len(digits.group()))
        else:
            self.ask(ref, f"按{self.s}年的{ref.number}周年推算，{self.y}年是{now}周年"
                          + ("，请核对。" if now % 5 == 0 else "，不逢五逢十，一般不作纪念，建议删除或改写这一提法。"))

    def _goal(self, ref: Reference) -> None:
        span = campaign_span(self.calendar.goals, ref.name, self.s)
        if span is None or span.covers(self.y) or ref.role == roles.PAST:
            self.keep(ref, "仍在期限内，或作为已取得的成果提及")
            return
        self.ask(ref, f"“{ref.text}”是到{span.end}年的阶段性目标，{self.y}年已不是当前任务，请按{self.y}年的提法改写。")

    def _relative(self, ref: Reference) -> None:
        self.ask(ref, f"“{ref.text}”是相对{self.s}年的说法，放到{self.y}年的文稿里指的是另一段时间：请核对，或写明具体年月。")

    def _phase(self, ref: Reference) -> None:
        said = ref.text if ref.text[:1] in "“\"" else f"“{ref.text}”"
        self.ask(ref, f"{said}是{self.s}年的定位，{self.y}年未必适用：{self.y}年是{year_wording(self.facts_y, self.calendar)}，"
                      "请核对改写。")

    def _day(self, ref: Reference) -> None:
        self.ask(ref, f"这是原文的日期（讲话或落款日期），请改为{self.y}年的实际日期。")

    def _superseded(self, ref: Reference) -> None:
        now = superseded_by(self.calendar, ref, self.y)
        if now is None:
            self.keep(ref, "仍是当时的提法")
            return
        self.ask(ref, f"党的{cn_number(ref.number)}大以后，“{ref.text}”的提法已改为“{now}”，"
                      f"{self.y}年的文稿请按新的提法改写。")

    def _docno(self, ref: Reference) -> None:
        """A document number of the source year on a line of its own is the old document's: asked."""
        if ref.context == "line" and ref.number == self.s:
            self.ask(ref, f"这是原文的发文字号（{ref.number}年），{self.y}年的文稿请按实际文号填写。")
        else:
            self.keep(ref, "引用文件的文号，保持不变")

    def _garbled(self, ref: Reference) -> None:
        self.ask(ref, f"全会的届次写成了数字，疑有错漏；{self.y}年应学习贯彻的是{self.facts_y.plenums}，请核对。")

