"""Who may do what, as data: the platform's one permission model.

A capability (`standards.publish`, `inbox.triage`, …) is granted to roles held in kinds of
organisation, either anywhere (`scope="any"`: an editor of any organisation may edit the
lexicon) or only in the organisation that owns the target (`scope="owner"`: a framework's
issuer). Staff hold every capability; the system actors (scheduled jobs, catalog load, sample
data, the command line) hold those marked `system=True`. Every write verb calls `require()` itself, first.

`docs/permissions.md` is generated from this table (`cbec permissions --markdown`) and a test
checks it is current; `tests/test_permissions.py` checks every verb × persona against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from cbec.accounts.models import MemberRole, Membership, Organisation, OrgKind
from cbec.errors import NotAllowed
from cbec.lib.said import say


@dataclass(frozen=True)
class SystemActor:
    """Work nobody clicked: the scheduler, the worker's own steps, the catalog loader."""

    label: str = "system"
    pk: None = None
    is_staff: bool = False
    is_authenticated: bool = False
    is_anonymous: bool = False

    def __str__(self) -> str:
        return self.label

    def get_username(self) -> str:
        return self.label


SYSTEM = SystemActor()
# The command line: whoever has a shell on the server already holds the database, so commands
# act with the system's capabilities, recorded in the audit log under this name.
OPERATOR = SystemActor("cli")

Actor = AbstractBaseUser | AnonymousUser | SystemActor

ALL_KINDS = frozenset(OrgKind.values)
STANDARDS_BODIES = frozenset({OrgKind.GOVERNMENT, OrgKind.ASSOCIATION, OrgKind.EVALUATION_ORG})
AUTHORS = frozenset({MemberRole.ADMIN, MemberRole.EDITOR})


@dataclass(frozen=True)
class Grant:
    roles: frozenset[str]
    kinds: frozenset[str] = ALL_KINDS
    scope: Literal["any", "owner"] = "any"


ENTERPRISE_DELEGATES = Grant(frozenset({MemberRole.DELEGATE}), frozenset({OrgKind.ENTERPRISE}))


@dataclass(frozen=True)
class Capability:
    code: str
    label: str  # msgid (gettext_noop): what the actor would be doing, as a verb phrase
    grants: tuple[Grant, ...] = ()
    system: bool = False
    members: bool = False  # any member of any organisation (reading capabilities)
    verbs: tuple[str, ...] = field(default=())  # the write verbs that require it (docs)


def _cap(code: str, label: Any, *grants: Grant, **options: Any) -> Capability:
    return Capability(code, label, tuple(grants), **options)


CAPABILITIES: dict[str, Capability] = {
    c.code: c
    for c in [
        _cap(
            "catalog.load",
            gettext_noop("载入内置目录"),
            system=True,
            verbs=(
                "load_catalog",
                "load_programme_counts",
                "load_sample_data",
                "upsert_organisation",
            ),
        ),
        _cap(
            "standards.view_drafts",
            gettext_noop("查看本机构的标准草案"),
            Grant(frozenset(MemberRole.values), scope="owner"),
        ),
        _cap(
            "standards.author",
            gettext_noop("以该机构名义编写标准"),
            Grant(AUTHORS, scope="owner"),
            system=True,
            verbs=("create_draft_framework", "import_framework"),
        ),
        _cap(
            "standards.edit",
            gettext_noop("编辑标准草案"),
            Grant(AUTHORS, scope="owner"),
            system=True,
            verbs=("add_item", "import_workbook"),
        ),
        _cap(
            "standards.publish",
            gettext_noop("发布标准"),
            Grant(AUTHORS, scope="owner"),
            system=True,
            verbs=("publish_framework",),
        ),
        _cap(
            "standards.new_version",
            gettext_noop("为标准创建新版本"),
            Grant(AUTHORS, scope="owner"),
            system=True,
            verbs=("new_version",),
        ),
        _cap(
            "analysis.review_crosswalk",
            gettext_noop("审核对照关系"),
            Grant(frozenset({*AUTHORS, MemberRole.REVIEWER}), scope="owner"),
            verbs=("review_crosswalk", "suggest_crosswalks", "propose_crosswalks"),
        ),
        _cap("jobs.view_all", gettext_noop("查看所有人的后台任务")),
        _cap(
            "monitor.view_postings",
            gettext_noop("查看招聘原文与招聘信号"),
            members=True,
        ),
        _cap(
            "monitor.import",
            gettext_noop("导入招聘数据文件"),
            Grant(AUTHORS),
            ENTERPRISE_DELEGATES,  # enterprises bring demand data
            system=True,
            verbs=("start_import", "import_postings"),
        ),
        _cap(
            "monitor.edit_lexicon",
            gettext_noop("编辑技能词表并重新抽取"),
            Grant(AUTHORS),
            system=True,
            verbs=("add_lexicon_term", "exclude_lexicon_term", "remove_lexicon_edit", "reextract"),
        ),
        _cap(
            "monitor.detect",
            gettext_noop("检测招聘信号"),
            Grant(AUTHORS),
            ENTERPRISE_DELEGATES,
            system=True,
            verbs=("detect_signals",),
        ),
        _cap(
            "regulatory.manage",
            gettext_noop("导入法规公告、记录实地调研"),
            Grant(AUTHORS, STANDARDS_BODIES),
            system=True,
            verbs=("import_notice_files", "record_field_visit"),
        ),
        _cap(
            # Whoever may bring evidence (postings, notices, visits) may have its findings filed.
            "inbox.file_signal",
            gettext_noop("登记信号"),
            Grant(AUTHORS),
            ENTERPRISE_DELEGATES,
            system=True,
            verbs=("file_signals",),
        ),
        _cap(
            "inbox.triage",
            gettext_noop("分诊信号"),
            Grant(AUTHORS, STANDARDS_BODIES),
            verbs=("assign_signal", "dismiss_signal", "merge_signal", "promote_signal"),
        ),
        _cap(
            "revisions.draft_proposal",
            gettext_noop("起草修订提案"),
            Grant(AUTHORS, STANDARDS_BODIES),
            verbs=("draft_proposal_from_signals",),
        ),
    ]
}


def capability(code: str) -> Capability:
    try:
        return CAPABILITIES[code]
    except KeyError:  # a typo in a verb must fail loudly, not deny quietly
        raise KeyError(f"unknown capability {code!r}; add it to CAPABILITIES") from None


def owner_of(target: Any) -> int | None:
    """The organisation that owns `target`: itself, or the model's `owner_org_id`."""
    if target is None:
        return None
    if isinstance(target, Organisation):
        return int(target.pk)
    owner = getattr(target, "owner_org_id", None)
    return int(owner) if owner is not None else None


def _memberships(actor: Any) -> list[tuple[str, str, int]]:
    """(role, organisation kind, organisation id) of every membership, read once per actor."""
    cached = getattr(actor, "_cbec_memberships", None)
    if cached is None:
        rows = Membership.objects.filter(user_id=actor.pk).values_list(
            "role", "organisation__kind", "organisation_id"
        )
        cached = list(rows)
        actor._cbec_memberships = cached
    return list(cached)


def allowed(actor: Actor | None, code: str, target: Any = None) -> bool:
    """May `actor` do `code` (to `target`, for capabilities scoped to the owner)?"""
    cap = capability(code)
    if actor is None:
        raise TypeError("actor is required: pass the user, or roles.SYSTEM for system work")
    if isinstance(actor, SystemActor):
        return cap.system
    if not actor.is_authenticated:
        return False
    if getattr(actor, "is_staff", False):
        return True
    memberships = _memberships(actor)
    if cap.members:
        return bool(memberships)
    return any(_grants(g, memberships, target) for g in cap.grants)


def _grants(grant: Grant, memberships: Iterable[tuple[str, str, int]], target: Any) -> bool:
    owner = owner_of(target) if grant.scope == "owner" else None
    return any(
        role in grant.roles
        and kind in grant.kinds
        and (grant.scope == "any" or (owner is not None and org_id == owner))
        for role, kind, org_id in memberships
    )


def require(actor: Actor | None, code: str, target: Any = None) -> None:
    """Raise NotAllowed unless `actor` may do `code` to `target`. Verbs call this first."""
    if not allowed(actor, code, target):
        raise NotAllowed(
            say(
                gettext_noop("%(actor)s 无权%(what)s"),
                actor=_name(actor),
                what=say(capability(code).label),
            ),
        )


def _name(actor: Any) -> str:
    if actor is None or not (actor.is_authenticated or isinstance(actor, SystemActor)):
        return say(gettext_noop("未登录用户"))
    return str(actor.get_username())


def organisations_for(actor: Actor, code: str) -> list[int]:
    """Organisations in whose name `actor` may do an owner-scoped `code` (issuer pickers)."""
    if isinstance(actor, SystemActor) or not actor.is_authenticated:
        return []
    if getattr(actor, "is_staff", False):
        return list(Organisation.objects.values_list("pk", flat=True))
    cap = capability(code)
    return sorted(
        {
            org_id
            for g in cap.grants
            for role, kind, org_id in _memberships(actor)
            if role in g.roles and kind in g.kinds
        }
    )


def actor_for(username: str | None) -> Actor:
    """The actor of a command: the named user (`--as NAME`), else the operator."""
    if not username:
        return OPERATOR
    from django.contrib.auth.models import User

    from cbec.errors import NotFound

    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(say(gettext_noop("没有用户 %(name)s"), name=username), field="--as")
    return user


def _grant_text(grant: Grant) -> str:
    roles = "/".join(sorted(grant.roles))
    if grant.scope == "owner":
        return f"{roles} of the organisation that owns the target"
    kinds = (
        "any organisation"
        if grant.kinds == ALL_KINDS
        else "an organisation of kind " + " or ".join(sorted(grant.kinds))
    )
    return f"{roles} of {kinds}"


def markdown_table() -> str:
    """The capability table as Markdown: `docs/permissions.md` holds exactly this (tested)."""
    lines = [
        "| capability | what | who (besides staff) | system | verbs |",
        "|---|---|---|---|---|",
    ]
    for cap in CAPABILITIES.values():
        who = "any member of an organisation" if cap.members else ""
        who = who or "; ".join(_grant_text(g) for g in cap.grants) or "staff only"
        verbs = ", ".join(f"`{v}`" for v in cap.verbs)
        system = "yes" if cap.system else "no"
        with translation.override("en"):
            label = f"{cap.label} · {gettext(cap.label)}"
        lines.append(f"| `{cap.code}` | {label} | {who} | {system} | {verbs} |")
    return "\n".join(lines) + "\n"
