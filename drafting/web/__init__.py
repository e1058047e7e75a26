"""``draft serve``: the workbench in the browser, for staff who never open a terminal.

A small Flask application served by waitress on 127.0.0.1 only. Every page is a
workflow the CLI has (起草, 更新去年文稿, 检查, 素材库, 批量起草) and calls the same
``jobs`` the CLI calls; the web layer only turns a form into a job's arguments
and its result into HTML. Nothing of the package imports this one but the
``serve`` command, so the other commands never load the web stack.

The modules, each importing only those before it: ``folder`` (the work folder:
safe names, uploads, results that are never overwritten, download tokens),
``security`` (Host/Origin checks and the CSRF token), ``errors`` (every error as
a Chinese page, never a traceback), ``context`` (what one server's requests
share); the logic of a page that is not HTTP, testable without a browser:
``draftpage`` (the sections a user arranges into a recipe), ``renew`` (the
table of expressions), ``batch`` (background runs, their folders and zips),
``review`` (the 待审核 queue: library files edited as text, linted before they
are written); then ``pages`` (one blueprint per workflow), ``app`` (the Flask
application: guard, error pages, menu) and ``server`` (binding, the browser,
waitress).
"""
