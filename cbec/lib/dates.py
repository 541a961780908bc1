"""Partial and annotated dates as catalog sources write them ("2022-09-28 (approval …)", "2014")."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def leading_date(text: str | None) -> dt.date | None:
    """The first full ISO date in `text`, or None when the source gives only a year or prose."""
    if not text:
        return None
    match = _ISO.search(str(text))
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
