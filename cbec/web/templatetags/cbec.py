"""Template helpers for bilingual catalog content."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from cbec.lib.said import shown

register = template.Library()

LEVEL_NAMES = {
    5: ("五级", "Level 5"),
    4: ("四级", "Level 4"),
    3: ("三级", "Level 3"),
    2: ("二级", "Level 2"),
    1: ("一级", "Level 1"),
}


def _is_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def _get(obj: Any, name: str) -> Any:
    return obj.get(name, "") if isinstance(obj, dict) else getattr(obj, name, "")


@register.filter
def loc(obj: Any, base: str) -> str:
    """`obj.<base>_en` in English (when present), else `obj.<base>_zh`."""
    zh, en = _get(obj, f"{base}_zh"), _get(obj, f"{base}_en")
    return str((en or zh) if _is_english() else (zh or en) or "")


@register.filter
def other(obj: Any, base: str) -> str:
    """The text in the language not shown, for a bilingual second line."""
    zh, en = _get(obj, f"{base}_zh"), _get(obj, f"{base}_en")
    return str(zh if _is_english() else en or "")


@register.filter
def level_names(ranks: list[int]) -> str:
    index = 1 if _is_english() else 0
    return " · ".join(LEVEL_NAMES.get(r, (str(r), str(r)))[index] for r in ranks or [])


@register.filter
def indent(depth: int) -> int:
    return int(depth) * 18


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]` in templates (the key itself when missing)."""
    return mapping.get(key, key) if isinstance(mapping, dict) else key


@register.filter(name="shown")
def shown_filter(text: str) -> str:
    """A stored message (see cbec.lib.said) in the page's language."""
    return shown(text or "")
