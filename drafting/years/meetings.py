"""Renewal rules for the Party's meetings: congresses, plenums, plenum lists, discipline plenums.

``MeetingRules`` is mixed into the renewer of ``drafting.renew``. A congress or
plenum moves on only where its role is "the spirit to study"; a list of the
term's plenums runs on while the term lasts; the discipline commission's
plenum of early each year follows the calendar, and beyond it is asked with
the customary one. The rules use the renewer's ``change``, ``ask``, ``keep``,
``listed``, ``_history``, ``_not_studied`` and ``_unsure``.
"""

from __future__ import annotations

from ..model import Reference
from ..numerals import cn_number
from ..yearfacts import latest_plenums, plenum_name, sessions_text
from .roles import COMING, STUDY
from .wording import CONGRESS_CYCLE

__all__ = ["MeetingRules"]


class MeetingRules:
    """The rules of ``drafting.renew`` for congresses and plenums."""

    def _plenums(self, ref: Reference) -> None:
        if self._history(ref):
            return
        congress, held = latest_plenums(self.calendar, self.y)
        if congress is None:
            self.ask(ref, f"政治日历中没有{self.y}年以前的党代会，请核对这一提法。")
            return
        if ref.term != congress:
            new = self.facts_y.plenums if ref.text.endswith("精神") else self.facts_y.plenums[:-2]
            if not self._not_studied(ref, f"{self.y}年应学习贯彻的是{self.facts_y.plenums}，"):
                self.change(ref, new, f"{self.y}年应学习贯彻的是{self.facts_y.plenums}，已按政治日历改写，请核对。")
            return
        if ref.context == "all":
            self._unsure(ref, "“历次全会”仍是本届的")
            return
        wanted = [p.session for p in held]
        last = max(ref.sessions)
        if wanted and last < wanted[-1] and sorted(ref.sessions) == list(ref.sessions):
            missing = [s for s in wanted if s > last]
            if self._not_studied(ref, f"{self.y}年以前已召开{cn_number(congress)}届{cn_number(wanted[-1])}中全会，"):
                return
            if ref.context == "short":  # 二、三、四中全会 → 二、三、四、五中全会, in its own style
                at = ref.start + ref.text.rindex("中全会")
                self.change(ref, "、" + "、".join(cn_number(s) for s in missing), self.unsure, start=at, end=at)
                return
            at = ref.start + ref.text.rindex("全会")
            self.change(ref, "、" + sessions_text(missing), self.unsure, start=at, end=at)
        elif wanted and last > wanted[-1]:
            self.ask(ref, f"按政治日历，{self.y}年以前召开的最近一次全会是{cn_number(congress)}届"
                          f"{cn_number(wanted[-1])}中全会，请核对。")
        else:
            self._unsure(ref, "已是最新的全会提法")

    def _plenum(self, ref: Reference) -> None:
        if self._history(ref):
            return
        cong_s, held_s = latest_plenums(self.calendar, self.s)
        cong_y, held_y = latest_plenums(self.calendar, self.y)
        session = ref.sessions[0]
        term = ref.term if ref.term is not None else cong_s
        if ref.role == COMING:  # 即将召开的……全会: once held, no longer coming
            held = next((p for p in self.calendar.plenums if (p.term, p.session) == (term, session)), None)
            if held is not None and int(held.date[:4]) < self.y:
                self.ask(ref, f"{plenum_name(held)}已于{held.date[:4]}年{int(held.date[5:])}月召开，“即将召开”的提法已经过时。")
            else:
                self.keep(ref, "即将召开的全会")
            return
        if not held_s or term != cong_s or session != held_s[-1].session:
            self.keep(ref, "引用的不是当年最近的一次全会，保持不变")
            return
        if not held_y and cong_y is not None and cong_y != term:
            # a congress since: the latest plenum of the source year is the last term's
            self.ask(ref, f"{self.y}年以前已召开党的{cn_number(cong_y)}大，这是上一届的全会；"
                          f"{self.y}年应学习贯彻{self.facts_y.plenums}，请核对改写。")
            return
        if not held_y or held_y[-1] == held_s[-1]:
            self._unsure(ref, "仍是最近的一次全会")
            return
        latest = held_y[-1]
        if self._not_studied(ref, f"{self.y}年以前召开的最近一次全会是{plenum_name(latest)}，"):
            return
        if ref.paragraph in self.subjects:
            self.ask(ref, f"这一部分专门讲{plenum_name(next(p for p in held_s if p.session == session))}"
                          f"（多次提到它或它的具体部署），不宜只改届次；{self.y}年以前召开的最近一次全会是"
                          f"{plenum_name(latest)}，请按{self.y}年的部署改写这一部分。")
            return
        if latest.term == term:
            at = ref.start + ref.text.index(f"{cn_number(session)}中")
            self.change(ref, f"{cn_number(latest.session)}中", start=at, end=at + len(cn_number(session)) + 1)
        elif ref.term is not None:
            end = ref.start + ref.text.index("全会") + 2
            self.change(ref, f"{cn_number(latest.term)}届{cn_number(latest.session)}中全会", end=end)
        else:
            self.ask(ref, f"{self.y}年以前召开的最近一次全会是{cn_number(latest.term)}届{cn_number(latest.session)}中全会，请核对。")

    def _congress(self, ref: Reference) -> None:
        if ref.context == "held":  # 今年是党的二十大召开之年
            held = next((c for c in self.calendar.congresses if c.number == ref.number), None)
            if held is not None and int(held.date[:4]) != self.y:
                self.ask(ref, f"党的{cn_number(ref.number)}大于{held.date[:4]}年召开，“召开之年”只说得上"
                              f"{held.date[:4]}年，{self.y}年的文稿请改写这一提法。")
            else:
                self.keep(ref, "党代会召开之年")
            return
        if self._history(ref):
            return
        cong_y, _ = latest_plenums(self.calendar, self.y)
        coming = ref.context == "welcome" or ref.role == COMING
        if ref.number is None:  # 党的XX大: a placeholder, asked with the welcome if it is one
            if coming and cong_y is not None:
                last = max(self.calendar.congresses, key=lambda c: c.date)
                if int(last.date[:4]) + CONGRESS_CYCLE != self.y:
                    self.ask(ref, f"“党的XX大”是占位符；按政治日历，党的{cn_number(last.number)}大已于"
                                  f"{last.date[:4]}年召开，{self.y}年不召开党代会，“迎接”的提法已经过时。")
                    self.listed(ref.paragraph, "placeholder", "XX", "占位符，请填写实际内容。")
            return
        held = next((c for c in self.calendar.congresses if c.number == ref.number), None)
        if coming and held is not None and int(held.date[:4]) < self.y:
            self.ask(ref, f"党的{cn_number(ref.number)}大已于{held.date[:4]}年召开，“喜迎”“迎接”“将召开”的提法已经过时。")
        elif coming:
            self.keep(ref, "即将召开的党代会")
        elif cong_y is not None and ref.number != cong_y and (held is None or int(held.date[:4]) < self.y):
            text = self.paragraphs[ref.paragraph].text
            if text.startswith("精神", ref.end) and ref.role == STUDY:
                at = ref.start + 2
                self.change(ref, cn_number(cong_y), start=at, end=ref.end - 1)
            else:
                self.ask(ref, f"{self.y}年应学习贯彻党的{cn_number(cong_y)}大精神，请核对这一提法。")
        elif ref.context == "spirit":
            self._unsure(ref, "仍是最近一次党代会")
        else:
            self.keep(ref, "仍是最近一次党代会")

    def _discipline(self, ref: Reference) -> None:
        def held_in(year: int):
            return [d for d in self.calendar.discipline_plenums if int(d.date[:4]) == year]

        cited = (ref.term, ref.sessions[0])
        if self._history(ref):
            return
        if cited not in [(d.term, d.session) for d in held_in(self.s)]:
            self.keep(ref, f"不是{self.s}年召开的中央纪委全会，保持不变")
            return
        target = sorted(held_in(self.y), key=lambda d: d.date)
        if target and self._not_studied(ref, f"{self.y}年召开的是{cn_number(target[-1].term)}届中央纪委"
                                             f"{cn_number(target[-1].session)}次全会，"):
            return
        if target:
            d = target[-1]
            end = ref.start + ref.text.index("次") + 1
            self.change(ref, f"{cn_number(d.term)}届中央纪委{cn_number(d.session)}次", end=end)
        else:
            guess = self._discipline_guess()
            told = f"（按惯例应为{guess}）" if guess else ""
            self.ask(ref, f"{self.y}年年初召开的中央纪委全会{told}还不在政治日历中，"
                          "请核对后修改，或在素材库的 calendar 文件中补充 discipline_plenums。")

    def _discipline_guess(self) -> str | None:
        """The plenum of the central discipline commission held early in the target year, by custom.

        It belongs to the term of the last congress held before that year (one every
        five years after the calendar's last), one plenum a year after the congress's
        first: counted from the calendar, not from the plenum the document cites,
        which may be terms ago.
        """
        congresses = sorted(self.calendar.congresses, key=lambda c: c.date)
        if not congresses:
            return None
        known = [c for c in congresses if int(c.date[:4]) < self.y]
        if not known:
            return None
        last = known[-1]
        number, year = last.number, int(last.date[:4])
        if last is congresses[-1]:
            ahead = max(0, (self.y - 1 - year) // 5)
            number, year = number + ahead, year + 5 * ahead
        held = [d for d in self.calendar.discipline_plenums if d.term == number and int(d.date[:4]) < self.y]
        if held:
            latest = max(held, key=lambda d: d.date)
            session = latest.session + self.y - int(latest.date[:4])
        else:
            session = 2 + self.y - 1 - year
        return f"{cn_number(number)}届中央纪委{cn_number(session)}次全会"
