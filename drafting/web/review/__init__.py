"""The review queue of ``draft ingest``: accept a candidate into the unit's library (edited or not), or discard it.

Library files are edited as text, never round-tripped through a YAML dumper, so
their comments and layout stay as people wrote them. ``yaml.compose`` gives each
item of a file's ``snippets:`` list its lines (``entries``); accepting cuts an
entry's lines out of the review file (``cut``) and appends them, re-indented, to
the ``snippets:`` list of the category file ``<library>/<category>.yaml``
(``append``; the file is created with a ``category:`` header if missing). Only an
entry the reviewer edited is written anew, in ``draft ingest``'s style (``dumped``).
Every splice is checked by reading both texts back: the moved entry must read as
the same mapping, and the other entries of both files must be untouched.

Nothing is written before the change is validated (``validate``): the new
category file goes into a temporary copy of the library folder, which is linted
as ``draft snippets lint`` lints it and loaded with the unit's other folders as
``draft plan`` loads them; the new review file is parsed as ``draft ingest``
reads it. Any error refuses the change (``Refused``, with every problem
located). Then the category file is written, then the review file, each whole
or not at all (``output.write_file``); a review file left without entries is
removed. Nothing outside the library folder and its review folder is touched.

The modules: ``splice`` (a library file as text: its entries and their lines,
cutting one out, appending one, writing an edited one) and ``change`` (a change
to both files: prepared, validated, written). Imports nothing of the web layer:
a command could use it as it is.
"""
from __future__ import annotations

from .change import LOCK, Change, Refused, category_file, commit, prepare_accept, prepare_discard, validate
from .splice import KEY_ORDER, Entry, append, cut, digest, dumped, edited, entries, read, reindented

__all__ = ["KEY_ORDER", "LOCK", "Change", "Entry", "Refused", "append", "category_file", "commit", "cut", "digest",
           "dumped", "edited", "entries", "prepare_accept", "prepare_discard", "read", "reindented", "validate"]
