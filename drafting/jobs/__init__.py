"""The one package that wires the stages together: settings → library → assemble → render,
and reader → parse for existing documents.

Each public function is one user job; the CLI parses options into a ``Request``
and calls one of them. Word rendering (docxtpl, lxml) is imported only by the
jobs that write a document, and the reader only by the job that reads one, so
other commands start fast.

The modules, each importing only those before it: ``common`` (settings, the
library, output names, checks of the values a user typed), ``drafts`` (plans,
speeches, many at once), ``documents`` (reading, parsing, checking and renewing
an existing document; its preview; a speech's coverage of a plan), ``compare`` (what a document carries
over from earlier years), ``repository`` (the snippet repository:
ingest, list, search, show, lint, stats, where used, and ``draft init``) and ``learning``
(what reviewed documents teach, ``draft learn``). Every job is
re-exported here; a test that replaces a name a job uses patches it in the
module that job lives in.
"""

from __future__ import annotations

from ..assemble import Pick, picks
from .common import check_value, default_year, here, library, ordinal_mark, output_name, settings, working_in
from .drafts import Batch, BatchFailure, Request, Result, batch, draft, meetings, recipe_for
from .documents import (FIXABLE, Checked, Covered, Renewed, check_file, check_rules, coverage, page_images,
                        parse_file, preview, renew, renewed_name, select_codes)
from .documents import verify_layout
from .compare import Compared, compare_files
from .repository import (INGEST_INTO, INGEST_LOCK, Found, Harvest, Saved, Shown, ingest, init, lint, save_settings,
                         search, show, snippets, stats)
from .repository import Unused, Usage, provenance, unused, used
from .learning import Learned, learn

__all__ = [
    "FIXABLE", "INGEST_INTO", "INGEST_LOCK", "Batch", "BatchFailure", "Checked", "Compared", "Covered", "Found",
    "Harvest", "Pick", "Renewed", "Request", "Result", "Saved", "Shown", "batch", "check_file", "check_value",
    "check_rules", "compare_files", "coverage", "default_year", "draft",
    "here", "ingest", "init", "library", "lint", "meetings", "output_name", "page_images", "parse_file", "picks",
    "ordinal_mark", "preview", "recipe_for", "renew", "renewed_name", "save_settings", "search", "settings", "show", "snippets",
    "stats", "working_in", "Unused", "Usage", "provenance", "unused", "used", "Learned", "learn", "select_codes",
    "verify_layout",
]
