"""Whole numbers from request parameters and cells.

`str.isdigit()` accepts '²' and other digits `int()` refuses (a crash on `?page=²`);
`isdecimal()` accepts exactly what `int()` reads. One place, so the next parser gets it right.
"""

from __future__ import annotations


def whole_number(text: str | None) -> int | None:
    """`text` as a non-negative int, or None when it is not one."""
    value = (text or "").strip()
    return int(value) if value.isdecimal() else None
