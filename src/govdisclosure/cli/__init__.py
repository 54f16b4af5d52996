"""The ``govdisclosure`` command line (a thin layer over library functions)."""
