"""``python -m govdisclosure.docgen [--check] [DIR]``."""

from govdisclosure.docgen import main

raise SystemExit(main())
