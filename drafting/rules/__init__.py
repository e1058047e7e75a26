"""The rules of ``draft check``, one module per family of detectors.

``base`` holds what every detector sees (``CheckContext``, ``Line``); ``placeholders``
the placeholder forms (its ``PLACEHOLDER`` is shared with parsing and renewal),
``words`` typos, 的/得/地 and doubled words, ``punctuation`` half-width marks,
quotes and stray spaces, ``structure`` numbering, repeated passages, template
leftovers and stale references. ``drafting.check`` runs them. This package
imports nothing itself, so that ``parse`` can import ``placeholders`` alone.
"""
