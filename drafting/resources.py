"""Where the bundled library, templates and styles are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder ``name`` (``snippets``, ``templates`` or ``styles``).

    An installed wheel carries them in ``drafting/_bundled/``; a source checkout
    (or an editable install) has them at the top of the repository.
    """
    installed = _HERE / "_bundled" / name
    if installed.is_dir():
        return installed
    return _HERE.parent / name


def template_path(genre: str) -> Path:
    """The bundled Word template for ``genre`` (``plan`` or ``speech``)."""
    return bundled("templates") / f"{genre}.docx"
