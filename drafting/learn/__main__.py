"""``python -m drafting.learn CASES.yaml``: verify cases of rejected renew changes."""

import sys

from .cases import main

sys.exit(main())
