"""``python -m drafting.layout [--check]``: rebuild (or compare) the bundled templates."""

import sys

from . import main

sys.exit(main())
