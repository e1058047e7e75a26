"""The year logic beyond finding expressions: what each does in its sentence, and claims tied to a year.

``drafting.yearrefs`` finds the expressions and ``stale`` judges them for the checks;
``drafting.renew`` decides how to move a document on. This subpackage holds what
they share and what renew adds: ``roles`` (the part an expression plays in its
sentence, read with the calendar's cue words), ``claims`` (relative dates,
positioning claims, dateless date lines, garbled plenums), ``asked`` (renew's
rules for that wording), ``meetings`` (renew's rules for congresses and plenums),
``scope`` and ``wording`` (how the calendar words a year in a comment).
"""
