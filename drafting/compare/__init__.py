"""Carried-over text (照搬照抄): how much of a new document is last year's, and which items stayed unchanged.

``align`` cuts two documents of one genre into sentences and matches them
(unchanged, lightly edited in year-bound expressions only, edited, new);
``share`` turns the matches into shares of the new document's characters, whole
and per section, finds the items unchanged for years in a row against earlier
years' documents and says where the unit's limits are exceeded; ``renewal``
states the share a ``renew`` draft keeps from its source. Pure stages: they take
outlines and paragraphs, do no I/O and never see Word XML.
"""

from __future__ import annotations

from .align import EDITED, LIGHT, NEAR, NEW, SAME, Pair, Sentence, Text, Unit, align, prepare, split_sentences
from .share import Carried, Comparison, Share, carried_sentences, compare, item_note, to_json, year_label

__all__ = [
    "EDITED", "LIGHT", "NEAR", "NEW", "SAME", "Carried", "Comparison", "Pair", "Sentence", "Share", "Text", "Unit",
    "align", "carried_sentences", "compare", "item_note", "prepare", "split_sentences", "to_json", "year_label",
]
