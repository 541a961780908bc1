"""Fast inserts of many-to-many rows.

The ORM builds a model instance per through-table row; importing 10,000 notices links about
half a million item rows, where that costs seconds. A plain executemany costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection


def insert_pairs(through: Any, left: str, right: str, pairs: Iterable[tuple[int, int]]) -> int:
    """Insert (left_id, right_id) rows into an auto-created M2M table; returns the count."""
    rows = list(dict.fromkeys(pairs))
    if not rows:
        return 0
    table = through._meta.db_table
    a, b = (through._meta.get_field(n).column for n in (left, right))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({a}, {b}) VALUES (%s, %s)", rows)
    return len(rows)
