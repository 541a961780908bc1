"""excel interchange format (see ../registry.py)."""
