"""ESCO CSV files → one FrameworkSpec. Pure apart from reading the files, row by row.

Files are recognised by name (`skills_en.csv`, `occupations_en.csv`,
`occupationSkillRelations_en.csv`, `broaderRelationsSkillPillar_en.csv`); the `_xx` suffix
says the language (`_zh` fills the Chinese statements, any other the English ones).
Skills become knowledge / skill requirements under two roots, occupations become
occupations, and occupation–skill relations become `ext:hasEssentialSkill` /
`ext:hasOptionalSkill` associations.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from cbec.lib.said import say
from cbec.standards.catalog.specs import AssociationSpec, FrameworkSpec, ItemSpec, ProvenanceSpec
from cbec.standards.interop.problems import InterchangeError, Problem, stable_uuid

Progress = Callable[[int], None]  # called with the bytes read since the last call
KINDS = {
    "skills": ("conceptUri", "preferredLabel"),
    "occupations": ("conceptUri", "preferredLabel"),
    "occupationSkillRelations": ("occupationUri", "relationType", "skillUri"),
    "broaderRelationsSkillPillar": ("conceptUri", "broaderUri"),
}
ROOTS = {
    "knowledge": ("ESCO-K", "知识", "Knowledge"),
    "skill/competence": ("ESCO-S", "技能/能力", "Skills and competences"),
    "occupation": ("ESCO-O", "职业", "Occupations"),
}
csv.field_size_limit(10_000_000)


def file_kind(path: Path) -> tuple[str, str] | None:
    """(kind, language) from an ESCO file name, or None for files we do not read."""
    match = re.match(r"^([A-Za-z]+?)(?:_([a-z]{2}(?:-[a-z]+)?))?\.csv$", path.name)
    if not match or match.group(1) not in KINDS:
        return None
    return match.group(1), match.group(2) or "en"


@dataclass
class _State:
    items: dict[str, ItemSpec] = field(default_factory=dict)  # by concept URI
    problems: list[Problem] = field(default_factory=list)
    associations: list[AssociationSpec] = field(default_factory=list)
    broader: dict[str, str] = field(default_factory=dict)


def parse_esco(
    paths: list[Path],
    *,
    code: str = "esco",
    version: str = "1.2.0",
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> FrameworkSpec:
    state = _State()
    kinds = {p: file_kind(p) for p in paths}
    unknown = [p for p, k in kinds.items() if k is None]
    if unknown:
        raise InterchangeError(
            [Problem(p.name, "", "", say(gettext_noop("不是可读取的 ESCO 文件"))) for p in unknown]
        )
    order = ["skills", "occupations", "broaderRelationsSkillPillar", "occupationSkillRelations"]
    for path in sorted(paths, key=lambda p: order.index(kinds[p][0])):  # type: ignore[index]
        kind, language = kinds[path]  # type: ignore[misc]
        for line, row in _rows(path, KINDS[kind], encoding, state, progress):
            _read_row(kind, language, path.name, line, row, state)
    if state.problems:
        raise InterchangeError(state.problems)
    return _framework(state, code, version)


def _rows(
    path: Path, required: tuple[str, ...], encoding: str, state: _State, progress: Progress | None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts, streamed from disk; a header or encoding fault stops the file."""
    with path.open("rb") as raw:
        reader = csv.DictReader(_lines(raw, path.name, encoding))
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            message = say(gettext_noop("缺少必需的列"))
            problem = Problem(path.name, "line 1", ", ".join(missing), message)
            raise InterchangeError([problem])
        reported = 0
        for row in reader:
            if progress is not None and reader.line_num % 500 == 0:
                progress(raw.tell() - reported)
                reported = raw.tell()
            yield reader.line_num, row
        if progress is not None:
            progress(path.stat().st_size - reported)


def _lines(raw: io.BufferedReader, file: str, encoding: str) -> Iterator[str]:
    """Decoded lines; a line that does not decode is named (and GB18030 suggested).

    Splitting bytes at newlines is safe for UTF-8 and GB18030: 0x0A is never part of a
    multi-byte character in either."""
    codec = "utf-8-sig" if encoding.lower() in {"utf-8", "utf8"} else encoding
    for number, line in enumerate(raw, start=1):
        try:
            yield line.decode(codec)
        except UnicodeDecodeError as exc:
            msgid = gettext_noop("不是 %(encoding)s 编码：第 %(column)s 列有字节 %(byte)s")
            if encoding.lower() in {"utf-8", "utf8"}:
                msgid = gettext_noop(
                    "不是 %(encoding)s 编码：第 %(column)s 列有字节 %(byte)s；看起来是 "
                    "GBK/GB18030 编码：请另存为 UTF-8 或加上 --encoding gb18030"
                )
            byte = f"0x{line[exc.start]:02x}"
            message = say(msgid, encoding=encoding, column=exc.start + 1, byte=byte)
            raise InterchangeError([Problem(file, f"line {number}", "encoding", message)]) from exc
        codec = "utf-8" if codec == "utf-8-sig" else codec


def _uuid_of(uri: str) -> str:
    return stable_uuid(uri.rstrip("/").rsplit("/", 1)[-1], "esco")


def _read_row(
    kind: str, language: str, file: str, line: int, row: dict[str, str], state: _State
) -> None:
    def bad(column: str, message: str) -> None:
        """`message` is a stored message (cbec.lib.said)."""
        state.problems.append(Problem(file, f"line {line}", column, message))

    if kind in {"skills", "occupations"}:
        uri, label = (
            (row.get("conceptUri") or "").strip(),
            (row.get("preferredLabel") or "").strip(),
        )
        if not uri:
            return bad("conceptUri", say(gettext_noop("必须填写")))
        if not label:
            return bad("preferredLabel", say(gettext_noop("必须填写")))
        _concept(kind, language, uri, label, row, state)
    elif kind == "broaderRelationsSkillPillar":
        state.broader[(row.get("conceptUri") or "").strip()] = (row.get("broaderUri") or "").strip()
    else:
        _relation(row, state, bad)


def _concept(
    kind: str, language: str, uri: str, label: str, row: dict[str, str], state: _State
) -> None:
    existing = state.items.get(uri)
    alt = [a.strip() for a in (row.get("altLabels") or "").split("\n") if a.strip()]
    if existing is not None:  # the same concept in a second language
        if language == "zh":
            existing.statement_zh, existing.aliases_zh = label, alt
        else:
            existing.statement_en, existing.aliases_en = (
                existing.statement_en or label,
                existing.aliases_en or alt,
            )
        return
    skill_type = (row.get("skillType") or "").strip() or "skill/competence"
    item_type = (
        "occupation"
        if kind == "occupations"
        else ("knowledge" if skill_type == "knowledge" else "skill_requirement")
    )
    tail = uri.rstrip("/").rsplit("/", 1)[-1]
    code = (row.get("code") or "").strip() if kind == "occupations" else ""
    state.items[uri] = ItemSpec(
        code=(code or tail)[:60],
        parent_code=ROOTS[
            "occupation"
            if kind == "occupations"
            else ("knowledge" if skill_type == "knowledge" else "skill/competence")
        ][0],
        item_type=item_type,
        statement_zh=label if language == "zh" else "",
        statement_en=label if language != "zh" else "",
        aliases_zh=alt if language == "zh" else [],
        aliases_en=alt if language != "zh" else [],
        notes=(row.get("description") or row.get("definition") or "").strip(),
        identifier=_uuid_of(uri),
        uri=uri,
        case_item_type="Occupation" if kind == "occupations" else "KnowledgeSkillCompetence",
        case_extra={
            "fields": {
                k: v for k, v in row.items() if k in {"reuseLevel", "iscoGroup", "status"} and v
            }
        },
    )


def _relation(row: dict[str, str], state: _State, bad: Callable[[str, str], None]) -> None:
    occupation, skill = (
        (row.get("occupationUri") or "").strip(),
        (row.get("skillUri") or "").strip(),
    )
    relation = (row.get("relationType") or "").strip()
    if occupation not in state.items:
        message = gettext_noop("职业文件中没有职业“%(uri)s”")
        return bad("occupationUri", say(message, uri=occupation))
    if skill not in state.items:
        return bad("skillUri", say(gettext_noop("技能文件中没有技能“%(uri)s”"), uri=skill))
    if relation not in {"essential", "optional"}:
        message = gettext_noop("应为 essential 或 optional，而不是“%(value)s”")
        return bad("relationType", say(message, value=relation))
    kind = "ext:hasEssentialSkill" if relation == "essential" else "ext:hasOptionalSkill"
    state.associations.append(
        AssociationSpec(
            kind, origin_code=state.items[occupation].code, destination_code=state.items[skill].code
        )
    )


def _framework(state: _State, code: str, version: str) -> FrameworkSpec:
    used = {i.parent_code for i in state.items.values()}
    roots = [
        ItemSpec(root, None, "other", zh, en, case_item_type="ESCO root")
        for root, zh, en in ROOTS.values()
        if root in used
    ]
    for uri, broader in state.broader.items():
        child, parent = state.items.get(uri), state.items.get(broader)
        if child is not None and parent is not None and parent is not child:
            child.parent_code = parent.code
    return FrameworkSpec(
        code=code,
        version=version,
        title_zh="欧洲技能、能力、资格和职业分类（ESCO）",
        title_en="ESCO: European Skills, Competences, Qualifications and Occupations",
        kind="international",
        status="published",
        provenance=ProvenanceSpec(sources=["ESCO CSV download"], verification="unverified"),
        issuer_text="European Commission",
        items=roots + list(state.items.values()),
        associations=state.associations,
    )
