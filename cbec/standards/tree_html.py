"""The framework tree's rows as HTML, built in Python.

A 10,000-item framework is a normal size for imported taxonomies; Django's template loop costs
about 0.1 ms per tag per row, which put such a page over a second. One f-string per row keeps it
under the 300 ms budget (see benchmarks/bench_tree_and_search.py).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

INDENT_PX = 18


def tree_rows_html(
    rows: list[dict[str, Any]],
    *,
    english: bool,
    type_labels: dict[str, str],
    level_names: dict[int, str],
    unverified_label: str,
) -> SafeString:
    """One <tr> per row: code (indented by depth), type, statement linked to the item, levels."""
    first, second = (
        ("statement_en", "statement_zh") if english else ("statement_zh", "statement_en")
    )
    types = {k: escape(v) for k, v in type_labels.items()}
    levels_cache: dict[tuple[int, ...], str] = {}
    badge = f' <span class="badge verif-unverified">{escape(unverified_label)}</span>'
    parts = []
    for r in rows:
        key = tuple(r["levels"])
        if key not in levels_cache:
            levels_cache[key] = escape(" · ".join(level_names.get(n, str(n)) for n in key))
        kind = r["item_type"]
        parts.append(
            f'<tr class="t-{kind}"><td class="code" style="padding-left:{r["depth"] * INDENT_PX}px">'
            f'{escape(r["code"])}</td><td class="small">{types.get(kind, kind)}</td>'
            f'<td><a href="/items/{r["identifier"]}/">{escape(r[first] or r[second])}</a>'
            f"{badge if r['verification'] == 'unverified' else ''}</td>"
            f'<td class="small">{levels_cache[key]}</td></tr>'
        )
    # Safe: item_type and identifier come from the database's fixed vocabularies (a choice key
    # and a hex UUID); every free text above passes through html.escape.
    return mark_safe("".join(parts))  # noqa: S308
