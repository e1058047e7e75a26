"""更新去年文稿 (placeholder until this page is built)."""

from __future__ import annotations

from flask import Blueprint

from .common import page

bp = Blueprint("renew", __name__)


@bp.get("/renew")
def form():
    """The page."""
    return page("pending.html", title="更新去年文稿")
