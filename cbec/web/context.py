"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "platform_name_zh": "跨境电商人才标准平台",
        "platform_name_en": "CBEC Talent Standards",
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        # Staff see when periodic work (retries, detection, deadlines) has stopped running.
        from cbec.jobs.health import scheduler_late

        late = scheduler_late()
        if late is not None:
            context["scheduler_late_minutes"] = int(late // 60) if late >= 0 else None
            context["scheduler_late"] = True
    return context
