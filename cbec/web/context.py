"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {"platform_name_zh": "跨境电商人才标准平台", "platform_name_en": "CBEC Talent Standards"}
