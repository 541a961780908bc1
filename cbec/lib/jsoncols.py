"""JSON list columns read by raw queries: text on SQLite, already decoded on PostgreSQL.

Level and dimension lists repeat a lot ("[]", "[5, 4]"); each distinct text is decoded once,
which makes reading tens of thousands of items several times faster than the ORM's converters.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any


def ints(value: Any) -> tuple[int, ...]:
    if isinstance(value, list):
        return tuple(int(v) for v in value)
    return _ints(value or "[]")


def strs(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return _strs(value or "[]")


@lru_cache(maxsize=4096)
def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in json.loads(text))


@lru_cache(maxsize=4096)
def _strs(text: str) -> tuple[str, ...]:
    return tuple(str(v) for v in json.loads(text))
