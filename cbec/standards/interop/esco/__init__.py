"""esco interchange format (see ../registry.py)."""
