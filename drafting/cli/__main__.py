"""``python -m drafting.cli``: ``main`` with an ordinary interpreter exit (``entry`` is the command)."""

import sys

from . import main

sys.exit(main())
