"""``python -m govdisclosure``."""

from govdisclosure.cli.main import main

raise SystemExit(main())
