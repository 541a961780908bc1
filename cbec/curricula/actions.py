"""Business verbs of the curricula app."""

from __future__ import annotations

from django.db import transaction

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.curricula.models import ProgrammeCount
from cbec.curricula.programmes import TABLE2_SOURCE, ProgrammeRow


@transaction.atomic
def load_programme_counts(rows: list[ProgrammeRow], *, actor: Actor) -> dict[str, int]:
    """Upsert one year's programme counts by province; re-running changes nothing."""
    require(actor, "catalog.load")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        values = {
            "province_en": row.province_en,
            "undergraduate": row.undergraduate,
            "vocational": row.vocational,
            "sources": [TABLE2_SOURCE],
            "verification": "verified",
        }
        obj, created = ProgrammeCount.objects.get_or_create(
            province_zh=row.province_zh, year=row.year, defaults=values
        )
        if created:
            counts["created"] += 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            ProgrammeCount.objects.filter(pk=obj.pk).update(**values)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    log_action("curricula.programme_counts.loaded", actor=actor, data=counts)
    return counts
