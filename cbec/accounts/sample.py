"""Sample organisations and persona accounts for the demo and the tests. All labelled sample."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from cbec.accounts.audit import Actor, log_action
from cbec.accounts.models import Membership, Organisation

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
def load_sample_data(*, actor: Actor = None) -> dict[str, int]:
    """Create the sample organisations and personas once; re-running changes nothing."""
    orgs = {o.slug: _sample_org(o) for o in SAMPLE_ORGS}
    created = sum(_persona(p, orgs) for p in PERSONAS)
    _sample_draft(orgs["sample-eval-centre"])
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


SAMPLE_DRAFT_CODE = "sample-live-commerce-draft"


def _sample_draft(issuer: Organisation) -> None:
    """A small draft standard, so the demo shows how drafts look to members and outsiders."""
    from cbec.standards.actions import add_item, create_draft_framework
    from cbec.standards.models import DomainArea, Framework

    if Framework.objects.filter(code=SAMPLE_DRAFT_CODE).exists():
        return
    author = User.objects.get(username=DEMO_USERNAME)
    fw = create_draft_framework(
        actor=author,
        issuer=issuer,
        code=SAMPLE_DRAFT_CODE,
        kind="provincial",
        is_sample=True,
        title_zh="跨境直播电商运营专项能力规范（示例草案）",
        title_en="Cross-border Live-commerce Operations Competence Specification (sample draft)",
    )
    live = DomainArea.objects.filter(code="live-stream-selling").first()
    areas = [live] if live else []
    fn = add_item(
        actor=author,
        framework=fw,
        code="1",
        item_type="function",
        statement_zh="跨境直播策划与执行",
        statement_en="Cross-border live-stream planning and delivery",
    )
    wc = add_item(
        actor=author,
        framework=fw,
        code="1.1",
        item_type="work_content",
        parent=fn,
        statement_zh="直播选品与脚本",
        statement_en="Live-stream product choice and script",
    )
    add_item(
        actor=author,
        framework=fw,
        code="1.1.1",
        item_type="skill_requirement",
        parent=wc,
        levels=[4, 3],
        areas=areas,
        statement_zh="能按目标市场文化习惯编写英文直播脚本",
        statement_en="Can write an English live-stream script suited to the target market's culture",
    )
    add_item(
        actor=author,
        framework=fw,
        code="1.1.2",
        item_type="knowledge",
        parent=wc,
        levels=[4, 3],
        areas=areas,
        statement_zh="TikTok Shop 等平台直播带货规则知识",
        statement_en="Knowledge of live-selling rules on platforms such as TikTok Shop",
    )
