"""Text normalisation shared by search and (later) extraction. Pure functions."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def search_text(code: str, parts: Iterable[str]) -> str:
    """The one lowercased string an item is searched by: code, statements and aliases."""
    return normalise(" | ".join([code, *[p for p in parts if p]]))
