"""Who sees and edits which standards: every persona against every framework state."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from cbec.accounts.models import AuditEntry
from cbec.standards.access import (
    can_edit_framework,
    frameworks_for_user,
    get_framework_for_user,
    get_item_for_user,
)
from cbec.standards.actions import (
    ImmutableVersionError,
    NotAllowed,
    add_item,
    create_draft_framework,
    publish_framework,
)
from cbec.standards.models import Framework
from cbec.standards.samples import SAMPLE_DRAFT_CODE

pytestmark = pytest.mark.django_db

# persona → (sees the sample draft, may edit it)
EXPECTED = {
    "demo": (True, True),  # staff
    "chair": (True, True),  # editor at the issuing evaluation centre
    "university": (False, False),
    "enterprise": (False, False),
    "teacher": (False, False),
    "student": (False, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_draft_visibility_and_editing_by_persona(name: str, user: Any) -> None:
    person = user(name)
    sees, edits = EXPECTED[name]
    draft = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    assert frameworks_for_user(person).filter(pk=draft.pk).exists() is sees
    assert can_edit_framework(person, draft) is edits
    if not sees:
        with pytest.raises(Http404):
            get_framework_for_user(person, SAMPLE_DRAFT_CODE)
        with pytest.raises(Http404):
            get_item_for_user(person, str(draft.items.first().identifier))


@pytest.mark.parametrize("name", [*sorted(EXPECTED), None])
def test_published_standards_are_public_and_read_only(name: str | None, user: Any) -> None:
    person = user(name) if name else AnonymousUser()
    fw = get_framework_for_user(person, "cbec-reference-roles")
    assert fw.status == "published"
    assert not can_edit_framework(person, fw)


def test_anonymous_cannot_see_drafts() -> None:
    assert not frameworks_for_user(AnonymousUser()).filter(status="draft").exists()


def test_only_issuer_editors_may_author(user: Any) -> None:
    draft = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    with pytest.raises(NotAllowed):
        create_draft_framework(
            actor=user("enterprise"), issuer=draft.issuer, code="x", title_zh="x"
        )
    with pytest.raises(NotAllowed):
        add_item(
            actor=user("teacher"), framework=draft, code="9", item_type="function", statement_zh="x"
        )
    fw = create_draft_framework(
        actor=user("chair"), issuer=draft.issuer, code="new-std", title_zh="新标准"
    )
    assert AuditEntry.objects.filter(
        action="standards.framework.created", target_id=str(fw.pk)
    ).exists()


def test_publishing_freezes_a_version_and_is_audited(user: Any) -> None:
    draft = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    publish_framework(draft, actor=user("chair"))
    entry = AuditEntry.objects.get(action="standards.framework.published", target_id=str(draft.pk))
    assert entry.actor == user("chair")
    with pytest.raises(ImmutableVersionError):
        add_item(
            actor=user("chair"), framework=draft, code="2", item_type="function", statement_zh="x"
        )
    with pytest.raises(ImmutableVersionError):
        publish_framework(draft, actor=user("chair"))
    assert get_framework_for_user(user("outsider"), SAMPLE_DRAFT_CODE) == draft
