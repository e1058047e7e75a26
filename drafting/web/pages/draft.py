"""起草 (placeholder until this page is built)."""

from __future__ import annotations

from flask import Blueprint

from .common import page

bp = Blueprint("draft", __name__)


@bp.get("/draft")
def form():
    """The page."""
    return page("pending.html", title="起草")
