"""case interchange format (see ../registry.py)."""
