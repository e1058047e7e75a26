"""素材库 (placeholder until this page is built)."""

from __future__ import annotations

from flask import Blueprint

from .common import page

bp = Blueprint("library", __name__)


@bp.get("/library")
def browse():
    """The page."""
    return page("pending.html", title="素材库")
