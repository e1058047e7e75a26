"""``python -m drafting``: the same as the ``draft`` command."""

from .entry import run

run()
