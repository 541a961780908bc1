"""Sample organisations and persona accounts for the demo and the tests. All labelled sample.

The sample draft standard they share is the standards app's (`cbec.standards.samples`);
`cbec.setup_data.load_sample_accounts` loads both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from cbec.accounts.audit import Actor, log_action
from cbec.accounts.models import Membership, Organisation
from cbec.accounts.roles import SYSTEM, require

DEMO_USERNAME = "demo"


def demo_password() -> str:
    """Sample accounts share one password, settable for a shared demo server."""
    return os.environ.get("CBEC_DEMO_PASSWORD", "cbec-demo-2026")


@dataclass(frozen=True)
class SampleOrg:
    slug: str
    name_zh: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class Persona:
    username: str
    name: str
    org: str | None
    role: str
    staff: bool = False


SAMPLE_ORGS = [
    SampleOrg(
        "sample-eval-centre",
        "示例省职业技能鉴定指导中心（示例）",
        "Sample Provincial Skill Evaluation Centre (sample)",
        "government",
    ),
    SampleOrg(
        "sample-university",
        "示例财经大学（示例）",
        "Sample University of Finance (sample)",
        "university",
    ),
    SampleOrg(
        "sample-college",
        "示例职业技术学院（示例）",
        "Sample Vocational College (sample)",
        "vocational_college",
    ),
    SampleOrg(
        "sample-association",
        "示例跨境电商协会（示例）",
        "Sample CBEC Association (sample)",
        "association",
    ),
    SampleOrg(
        "sample-enterprise",
        "示例出海科技有限公司（示例）",
        "Sample Export Tech Co. (sample)",
        "enterprise",
    ),
    SampleOrg(
        "sample-training",
        "示例跨境电商培训学校（示例）",
        "Sample CBEC Training School (sample)",
        "training_provider",
    ),
]

PERSONAS = [
    Persona(DEMO_USERNAME, "演示管理员 Demo admin", "sample-eval-centre", "admin", staff=True),
    Persona("chair", "标准委员会主席 Chair", "sample-eval-centre", "editor"),
    Persona("university", "高校代表 University delegate", "sample-university", "delegate"),
    Persona("enterprise", "企业代表 Enterprise delegate", "sample-enterprise", "delegate"),
    Persona("teacher", "教师 Teacher", "sample-college", "member"),
    Persona("student", "学生 Student", "sample-college", "member"),
    Persona("outsider", "访客 Outsider", None, "member"),
]


@transaction.atomic
def load_sample_data(*, actor: Actor = SYSTEM) -> dict[str, int]:
    """Create the sample organisations and personas once; re-running changes nothing."""
    require(actor, "catalog.load")
    orgs = {o.slug: _sample_org(o) for o in SAMPLE_ORGS}
    created = sum(_persona(p, orgs) for p in PERSONAS)
    log_action("accounts.sample.loaded", actor=actor, data={"personas_created": created})
    return {"organisations": len(orgs), "personas_created": created}


def _sample_org(spec: SampleOrg) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name_zh": spec.name_zh,
            "name_en": spec.name_en,
            "kind": spec.kind,
            "is_sample": True,
        },
    )
    return org


def _persona(spec: Persona, orgs: dict[str, Organisation]) -> bool:
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={"first_name": spec.name, "is_staff": spec.staff, "is_superuser": spec.staff},
    )
    if created:
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    if spec.org:
        Membership.objects.get_or_create(user=user, organisation=orgs[spec.org], role=spec.role)
    return created
