"""The sample draft standard: a small draft of the sample evaluation centre, so the demo shows
how drafts look to members and outsiders. Labelled sample; written through the authoring verbs
by the sample staff account (`cbec.accounts.sample`), so it needs the sample personas first.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from cbec.accounts.models import Organisation
from cbec.accounts.sample import DEMO_USERNAME
from cbec.standards.actions import add_item, create_draft_framework
from cbec.standards.models import DomainArea, Framework

SAMPLE_DRAFT_CODE = "sample-live-commerce-draft"
SAMPLE_DRAFT_ISSUER = "sample-eval-centre"


@transaction.atomic
def load_sample_draft() -> bool:
    """Create the sample draft once (True when it was created); re-running changes nothing."""
    if Framework.objects.filter(code=SAMPLE_DRAFT_CODE).exists():
        return False
    author = User.objects.get(username=DEMO_USERNAME)
    fw = create_draft_framework(
        actor=author,
        issuer=Organisation.objects.get(slug=SAMPLE_DRAFT_ISSUER),
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
    return True
