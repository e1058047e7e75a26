"""The data model: frozen values shared by every stage. Imports nothing of the package.

One module per family (``library``, ``calendar``, ``outline``, ``document``,
``rules``); every name is re-exported here, so ``from drafting.model import X``
is how the stages import them.

Two families of values live here:

* the library side — ``Snippet``, ``Recipe`` (a plan recipe or a meeting
  profile), ``Calendar`` with the political calendar, and ``YearFacts`` derived
  from it for one year;
* the document side — ``Outline`` with its ``Section`` and ``Item`` values, which
  the assembler produces from snippets, the renderer writes to Word and the
  reader recovers from existing documents.

Anything read from a file remembers where it came from (``Origin``).
"""

from .library import (  # noqa: F401
    PLAN,
    SPEECH,
    GENRES,
    GENRE_NAMES,
    ITEM,
    HEADING,
    PREAMBLE,
    OPENING,
    CLOSING,
    KINDS,
    Origin,
    Snippet,
    Cues,
    SectionSpec,
    Recipe,
)
from .calendar import (  # noqa: F401
    Span,
    Congress,
    Plenum,
    Anniversary,
    Superseded,
    Calendar,
    AnniversaryFact,
    YearFacts,
    FACT_PARAMS,
    USER_PARAMS,
    PARAM_NAMES,
)
from .outline import (  # noqa: F401
    Item,
    Section,
    Outline,
    Provenance,
    Occasion,
)
from .document import (  # noqa: F401
    Paragraph,
    PART_NAMES,
    SEVERITIES,
    Finding,
    Reference,
    Edit,
)
from .rules import (  # noqa: F401
    Typo,
    DePattern,
    CarryOver,
    CheckRules,
    BINDING_LEVELS,
    LEVELS,
    WEAK_LEVELS,
    Example,
    Rule,
    RuleChange,
    Person,
    Names,
)

__all__ = [
    "PLAN",
    "SPEECH",
    "GENRES",
    "GENRE_NAMES",
    "ITEM",
    "HEADING",
    "PREAMBLE",
    "OPENING",
    "CLOSING",
    "KINDS",
    "Origin",
    "Snippet",
    "Cues",
    "SectionSpec",
    "Recipe",
    "Span",
    "Congress",
    "Plenum",
    "Anniversary",
    "Superseded",
    "Calendar",
    "AnniversaryFact",
    "YearFacts",
    "FACT_PARAMS",
    "USER_PARAMS",
    "PARAM_NAMES",
    "Item",
    "Section",
    "Outline",
    "Provenance",
    "Occasion",
    "Paragraph",
    "PART_NAMES",
    "SEVERITIES",
    "Finding",
    "Reference",
    "Edit",
    "Typo",
    "DePattern",
    "CarryOver",
    "CheckRules",
    "BINDING_LEVELS",
    "LEVELS",
    "WEAK_LEVELS",
    "Example",
    "Rule",
    "RuleChange",
    "Person",
    "Names",
]
