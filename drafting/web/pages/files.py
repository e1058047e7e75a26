"""Results, downloaded by the random token a page linked them with (never by a path)."""

from __future__ import annotations

from flask import Blueprint, abort, send_file

from ..context import bench

bp = Blueprint("files", __name__)


@bp.get("/files/<token>")
def download(token: str):
    """A result as an attachment, under its own name."""
    path = bench().work.file(token)
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True, download_name=path.name, max_age=0)


@bp.get("/view/<token>")
def view(token: str):
    """A result shown in the page (a preview image)."""
    path = bench().work.file(token)
    if path is None:
        abort(404)
    return send_file(path, max_age=0)
