"""Read-side helpers of the monitor shared by its verbs, pages and API (no writes here)."""

from __future__ import annotations

from cbec.monitor.models import ImportRun, ImportStatus


def lake_holds_samples() -> bool:
    """Whether synthetic sample postings went into the lake; trends and signals computed over
    it are then sample data too, and labelled so."""
    return ImportRun.objects.filter(is_sample=True, status=ImportStatus.DONE, added__gt=0).exists()
