"""The political calendar and the facts derived from it for one year, which snippets use as parameters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A named period of years: a five-year plan (十四五 2021–2025), an education
    campaign, a 普法 plan."""

    name: str
    start: int
    end: int
    #: shorter names documents use (主题教育); one shared by several spans is read by the document's year
    aliases: tuple[str, ...] = ()

    def covers(self, year: int) -> bool:
        """True if ``year`` lies within the span."""
        return self.start <= year <= self.end


@dataclass(frozen=True)
class Congress:
    """A national Party congress: the 20th (二十大) was held in 2022-10."""

    number: int
    date: str  # "YYYY-MM"


@dataclass(frozen=True)
class Plenum:
    """A plenary session of a Central Committee: term 20, session 4 (二十届四中全会)."""

    term: int
    session: int
    date: str  # "YYYY-MM"


@dataclass(frozen=True)
class Anniversary:
    """A commemorated founding event; only round anniversaries (multiples of 5) are cited."""

    name: str
    base: int
    text: str  # Jinja-free pattern with ``{n}``: "中国共产党成立{n}周年"
    aliases: tuple[str, ...] = ()  # other ways documents name it: 建党, 党的生日
    named: tuple[tuple[str, int], ...] = ()  # names that carry the count: (党的百年华诞, 100)


@dataclass(frozen=True)
class Superseded:
    """A formula a congress replaced: since the 十九大, 习近平总书记系列重要讲话 are studied as
    习近平新时代中国特色社会主义思想."""

    old: str
    congress: int  # the congress after which ``new`` is said
    new: str


@dataclass(frozen=True)
class Calendar:
    """The political calendar: the facts from which ``YearFacts`` are derived."""

    five_year_plans: tuple[Span, ...] = ()
    congresses: tuple[Congress, ...] = ()
    plenums: tuple[Plenum, ...] = ()
    anniversaries: tuple[Anniversary, ...] = ()
    campaigns: tuple[Span, ...] = ()
    legal_plans: tuple[Span, ...] = ()
    #: plenary sessions of the Central Commission for Discipline Inspection (中央纪委全会)
    discipline_plenums: tuple[Plenum, ...] = ()
    #: time-bound goals of a few years (决战脱贫攻坚 2020): stale once their end year is past
    goals: tuple[Span, ...] = ()
    #: words that tell an expression's role in its sentence (study verbs, report verbs, …),
    #: by cue name: ((study, (学习贯彻, …)), …); see ``drafting.years.roles``
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: formulas replaced after a congress (系列重要讲话 → 新时代中国特色社会主义思想)
    superseded: tuple[Superseded, ...] = ()

    def cue(self, name: str) -> tuple[str, ...]:
        """The words listed under cue ``name``, or none."""
        return next((words for key, words in self.cues if key == name), ())


@dataclass(frozen=True)
class AnniversaryFact:
    """A round anniversary falling in the year: 建党 105 → "中国共产党成立105周年"."""

    name: str
    count: int
    text: str


@dataclass(frozen=True)
class YearFacts:
    """Everything that follows from the year, as snippet parameters.

    Strings are empty when the calendar has nothing for the year, so a snippet can
    test them with ``{% if campaign %}``.
    """

    year: int
    year_cn: str  # 二〇二六
    fyp: str  # 十五五
    fyp_span: str  # 2026—2030年
    fyp_index: int  # 1–5: which year of the plan
    fyp_phase: str  # 开局之年 / 收官之年 / ""
    congress: str  # 党的二十大
    plenum_list: str  # 二十届二中、三中、四中全会 / ""
    plenums: str  # 党的二十大和二十届二中、三中、四中全会精神
    latest_plenum: str  # 二十届四中全会 / ""
    campaign: str  # the current education campaign / ""
    legal_plan: str  # 八五普法 / ""
    party_age: int  # years since 1921
    anniversaries: tuple[AnniversaryFact, ...] = ()
    #: things the user should know: the calendar may not cover this year, …
    notes: tuple[str, ...] = ()

    def params(self) -> dict[str, object]:
        """The facts as the parameter names snippets use."""
        return {name: getattr(self, name) for name in FACT_PARAMS}


#: Parameters derived from the year: every field of ``YearFacts`` but the notes.
FACT_PARAMS = tuple(name for name in YearFacts.__dataclass_fields__ if name != "notes")
#: Parameters every snippet may use besides the year facts; values come from the
#: command line, ``draft.yaml`` or the recipe.
USER_PARAMS = ("org", "org_short", "superior", "speaker", "meeting")
#: Every parameter name a snippet may reference.
PARAM_NAMES = frozenset(USER_PARAMS + FACT_PARAMS)
