"""更新去年文稿: upload last year's document, see what renew decided, download the tracked-changes copy."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, request

from ...errors import DraftError
from ..context import bench
from .common import discard, link, page, shown, text, unit_libraries, upload, year

bp = Blueprint("renew", __name__)

#: The form's fields besides the file, kept on the page after a run.
FIELDS = ("year", "from_year", "org", "from_org", "author")


def _values() -> dict[str, str]:
    return {f: (request.form.get(f) or "").strip() for f in FIELDS}


@bp.get("/renew")
def form():
    """The upload form."""
    return page("renew.html", values={})


@bp.post("/renew")
def run():
    """Renew the uploaded document; the copy is written under 更新/, named as the CLI would name it."""
    from ...jobs import renew, renewed_name
    from ..renew import counts, rows, where

    saved = None
    values = _values()
    try:
        saved = upload("document")
        target = year("year", what="新文稿的年份")
        source_year = year("from_year", what="原文年份")

        def place(s: int, y: int, write):
            name = renewed_name(Path(saved.name), s, y).name
            return bench().work.produce("renew", name, write)

        done = renew(saved.path, year=target, from_year=source_year, org=text("org"), from_org=text("from_org"),
                     author=text("author"), extra=unit_libraries(), place=place)
    except DraftError as exc:
        discard(saved, exc)
        return page("renew.html", 400, problem=shown(exc), values=values)
    skipped = [(where(done, e.paragraph), e.old) for e in done.skipped]
    return page("renew.html", values=values, done=done, name=saved.name, rows=rows(done), counts=counts(done),
                copy=(done.path.name, link(done.path)), skipped=skipped)

