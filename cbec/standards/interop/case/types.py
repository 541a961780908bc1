"""CASE vocabularies: CFItemType titles ↔ our item types, adoption status ↔ our status."""

from __future__ import annotations

import re
import uuid

from cbec.standards.interop.problems import INTEROP_NAMESPACE

CASE_VERSION = "1.1"
ASSOCIATION_TYPES = {
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
}
EXT_TYPE = re.compile(r"^ext:[A-Za-z0-9|.\-_]+$")

# Our type → the CFItemType title we export (English, as most CASE tools expect).
ITEM_TYPE_TITLES = {
    "occupation": "Occupation",
    "job_type": "Job Type",
    "role": "Role",
    "level": "Level",
    "function": "Occupational Function",
    "work_content": "Work Content",
    "skill_requirement": "Skill Requirement",
    "knowledge": "Knowledge",
    "tool": "Tool",
    "basic_requirement": "Basic Requirement",
    "other": "Other",
}
ITEM_TYPE_DESCRIPTIONS = {
    "occupation": "职业 — an occupation",
    "job_type": "工种 — a job type within an occupation",
    "role": "岗位 — a role (refined occupation)",
    "level": "等级 — a proficiency level",
    "function": "职业功能 — an occupational function",
    "work_content": "工作内容 — a work content of a function",
    "skill_requirement": "技能要求 — a skill requirement",
    "knowledge": "相关知识 — related knowledge",
    "tool": "工具 — a tool or platform",
    "basic_requirement": "基本要求 — a basic requirement (ethics, basic knowledge)",
    "other": "其他 — other",
}
# Titles (lowercased, spaces/underscores/hyphens removed) that fit one of our types.
_ALIASES = {
    "occupation": "occupation",
    "职业": "occupation",
    "jobtype": "job_type",
    "工种": "job_type",
    "role": "role",
    "岗位": "role",
    "level": "level",
    "等级": "level",
    "function": "function",
    "occupationalfunction": "function",
    "职业功能": "function",
    "workcontent": "work_content",
    "工作内容": "work_content",
    "skillrequirement": "skill_requirement",
    "skill": "skill_requirement",
    "技能要求": "skill_requirement",
    "knowledge": "knowledge",
    "相关知识": "knowledge",
    "tool": "tool",
    "工具": "tool",
    "basicrequirement": "basic_requirement",
    "基本要求": "basic_requirement",
}

STATUS_TO_ADOPTION = {
    "draft": "Draft",
    "published": "Adopted",
    "superseded": "Deprecated",
    "withdrawn": "Deprecated",
}
ADOPTION_TO_STATUS = {
    "draft": "draft",
    "privatedraft": "draft",
    "adopted": "published",
    "implemented": "published",
    "deprecated": "superseded",
}


def item_type_for(title: str) -> str:
    """Our item type for a CFItemType title; `other` when nothing fits (the title is kept)."""
    key = re.sub(r"[\s_\-]", "", title or "").casefold()
    return _ALIASES.get(key, "other")


def status_for(adoption: str) -> str:
    return ADOPTION_TO_STATUS.get(re.sub(r"\s", "", adoption or "").casefold(), "draft")


def item_type_identifier(item_type: str) -> str:
    """Stable identifier of our CFItemType definitions, the same on every server."""
    return str(uuid.uuid5(INTEROP_NAMESPACE, f"cfitemtype/{item_type}"))


def is_association_type(value: str) -> bool:
    return value in ASSOCIATION_TYPES or bool(EXT_TYPE.match(value))


# The spec's field lists (CASE 1.1 package forms). Anything else is carried in
# `extensions.cbec.unknown` on export, so exports stay valid against the schema.
DOCUMENT_FIELDS = {
    "identifier",
    "uri",
    "frameworkType",
    "caseVersion",
    "creator",
    "title",
    "lastChangeDateTime",
    "officialSourceURL",
    "publisher",
    "description",
    "subject",
    "subjectURI",
    "language",
    "version",
    "adoptionStatus",
    "statusStartDate",
    "statusEndDate",
    "licenseURI",
    "notes",
    "extensions",
}
ITEM_FIELDS = {
    "identifier",
    "fullStatement",
    "alternativeLabel",
    "CFItemType",
    "uri",
    "humanCodingScheme",
    "listEnumeration",
    "abbreviatedStatement",
    "conceptKeywords",
    "conceptKeywordsURI",
    "notes",
    "subject",
    "subjectURI",
    "language",
    "educationLevel",
    "CFItemTypeURI",
    "licenseURI",
    "statusStartDate",
    "statusEndDate",
    "lastChangeDateTime",
    "extensions",
}
ASSOCIATION_FIELDS = {
    "identifier",
    "associationType",
    "sequenceNumber",
    "uri",
    "originNodeURI",
    "destinationNodeURI",
    "CFAssociationGroupingURI",
    "lastChangeDateTime",
    "notes",
    "extensions",
}
PACKAGE_FIELDS = {
    "CFDocument",
    "CFItems",
    "CFAssociations",
    "CFDefinitions",
    "CFRubrics",
    "extensions",
}

_CHILD_OF_MASK = 0x0F0F_0F0F_0F0F_0F0F_0F0F_0F0F_0F0F_0F0F


def child_of_identifier(item_identifier: str) -> str:
    """Identifier of an item's generated isChildOf association; reversible, so the REST
    binding finds the association from its identifier without storing it."""
    return str(uuid.UUID(int=uuid.UUID(item_identifier).int ^ _CHILD_OF_MASK))


def item_of_child_of(association_identifier: str) -> str:
    return child_of_identifier(association_identifier)
