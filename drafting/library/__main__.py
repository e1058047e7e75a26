"""``python -m drafting.library [DIR...]``: validate folders and print a summary."""

from . import main

raise SystemExit(main())
