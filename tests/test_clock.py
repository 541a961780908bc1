"""One "today": the platform's time zone decides the date, not the server's."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.test import override_settings

from cbec.inbox.actions import triage_due
from cbec.lib import clock

LATE_EVENING_UTC = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.UTC)  # 01:30 next day in Shanghai


def test_today_is_the_date_in_the_platform_time_zone() -> None:
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        assert clock.today() == dt.date(2026, 12, 5)
        with override_settings(TIME_ZONE="UTC"):
            assert clock.today() == dt.date(2026, 12, 4)


def test_the_triage_window_counts_from_that_day() -> None:
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        assert triage_due(clock.today()) == dt.date(2026, 12, 19)
