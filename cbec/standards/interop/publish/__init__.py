"""publish interchange format (see ../registry.py)."""
