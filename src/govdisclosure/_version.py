"""Package version (single source for packaging and for validation reports)."""

__version__ = "0.1.0"
