"""The platform's one idea of "now" and "today".

Deadlines (triage windows, ballots, action items) are dates in the platform's time zone
(`TIME_ZONE`, Asia/Shanghai unless `CBEC_TIME_ZONE` says otherwise), not in the server's:
a server in UTC would otherwise close a deadline eight hours late. Everything that asks for
today's date asks here (ruff's DTZ rules reject the naive alternatives).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, time-zone aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in the platform's time zone."""
    return timezone.localdate()
