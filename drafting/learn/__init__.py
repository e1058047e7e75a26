"""Learn from reviewers (``draft learn``): what a reviewed document teaches the library and the tests.

A reviewer edits our renew or check output (or any draft) in Word or WPS with
tracked changes and comments. From the reviewed copy this package proposes, for
a person to approve:

* the reviewer's word-level replacements that recur, as ``typos`` entries of the
  check rules, each with its evidence; a proposal that would fire on the tool's
  own drafts, or on the same words the reviewer left standing elsewhere, is not
  proposed;
* renew's changes the reviewer rejected, as cases for the test suite, with a
  verifier that says whether renew still makes the change; accepted ones are
  counted as evidence that the rule is right;
* the reviewer's comments, listed with their paragraph.

The modules, along the way: ``record`` (what renew records in its copy's custom
properties, and reading it back), ``reading`` (the reviewed .docx: revisions,
comments and properties; the only module that sees lxml), ``replacements`` (the
reviewer's replacements and the rules they suggest), ``renewals`` (renew's
changes classified: accepted, rejected, pending, unknown), ``cases`` (the case
file, validated, and the verifier) and ``writer`` (the files in the library's
review folder). The job that wires them is ``jobs.learning``.
"""
