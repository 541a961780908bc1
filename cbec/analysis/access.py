"""Which crosswalk rows a user may reach (rows of the frameworks they may see). Who may review
them is the capability `analysis.review_crosswalk` in `cbec.accounts.roles`."""

from __future__ import annotations

from django.http import Http404

from cbec.standards.access import AnyUser, frameworks_for_user
from cbec.standards.models import Association


def get_crosswalk_for_user(user: AnyUser, row_id: int) -> Association:
    row = (
        Association.objects.select_related("framework", "origin", "destination_area")
        .filter(pk=row_id, framework__in=frameworks_for_user(user))
        .first()
    )
    if row is None:
        raise Http404(f"crosswalk row {row_id} not found")
    return row
