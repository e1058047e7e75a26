"""批量起草 (placeholder until this page is built)."""

from __future__ import annotations

from flask import Blueprint

from .common import page

bp = Blueprint("batch", __name__)


@bp.get("/batch")
def form():
    """The page."""
    return page("pending.html", title="批量起草")
