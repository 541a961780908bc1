"""Every interchange format, listed once. Each lives in its own folder of the same shape:
`parse.py` (file → FrameworkSpec, pure, located problems) and/or an exporter (Snapshot → bytes).
Views and CLI commands look formats up here instead of importing them one by one: an export
through `export_bytes`, an import through `import_with` (by name) or `detect` (by the file's
name and first bytes), never through an `if` on the format.

An entry's importer carries its detector and its import function: parse, then write through
the interchange verbs (`cbec.standards.actions.import_framework` / `import_workbook`), which
check everything before writing anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cbec.accounts.audit import Actor
from cbec.accounts.models import Organisation
from cbec.standards.actions import import_framework, import_workbook
from cbec.standards.interop.case.parse import parse_case_package
from cbec.standards.interop.esco.parse import file_kind, parse_esco
from cbec.standards.interop.problems import Problem
from cbec.standards.models import Framework
from cbec.standards.snapshot import Snapshot


@dataclass(frozen=True)
class ExportOptions:
    language: str = "zh"  # zh | en | both (publication formats)
    base: str = ""  # base URI of the CASE REST binding, for CASE identifiers' URIs


Exporter = Callable[[Snapshot, ExportOptions], bytes]


@dataclass(frozen=True)
class ImportSource:
    """What an importer reads: one file's bytes (an upload), or files on disk (ESCO's folder)."""

    name: str  # the file name the audit log and the problems cite
    data: bytes = b""
    paths: tuple[Path, ...] = ()
    progress: Callable[[int], None] | None = None  # bytes read since the last call

    def read(self) -> bytes:
        return self.data if self.data or not self.paths else self.paths[0].read_bytes()


@dataclass(frozen=True)
class ImportOptions:
    actor: Actor
    issuer: Organisation | None = None  # whose draft a new framework becomes
    framework: Framework | None = None  # Excel: the draft to update (default: by the file)
    code: str | None = None  # CASE, ESCO: the framework code to use
    version: str | None = None  # ESCO: the version
    encoding: str = "utf-8"  # ESCO
    fresh: bool = False  # CASE: a copy with new identifiers
    as_draft: bool = False  # CASE: a draft whatever the file's status
    good_rows_only: bool = False  # Excel: import the good rows, report the bad


@dataclass(frozen=True)
class Imported:
    framework: Framework
    summary: str  # one line for the terminal
    skipped: list[Problem] = field(default_factory=list)  # rows left out (good rows only)


@dataclass(frozen=True)
class Importer:
    label: str  # what the import page offers
    detect: Callable[[str, bytes], bool]  # (file name, first bytes) → is it this format?
    run: Callable[[ImportSource, ImportOptions], Imported]
    upload: bool = True  # one file: offered on the import page (ESCO needs several)


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    media_type: str
    exporter: Exporter | None
    importer: Importer | None = None

    @property
    def imports(self) -> bool:
        return self.importer is not None


def _case(snap: Snapshot, options: ExportOptions) -> bytes:
    from cbec.standards.interop.case.export import case_package

    return json.dumps(case_package(snap, options.base), ensure_ascii=False, indent=1).encode()


def _excel(snap: Snapshot, options: ExportOptions) -> bytes:
    from cbec.standards.interop.excel.export import workbook_bytes

    return workbook_bytes(snap)


def _docx(snap: Snapshot, options: ExportOptions) -> bytes:
    from cbec.standards.interop.publish.docx import docx_bytes
    from cbec.standards.interop.publish.layout import publication

    return docx_bytes(publication(snap, options.language))


def _pdf(snap: Snapshot, options: ExportOptions) -> bytes:
    from cbec.standards.interop.publish.layout import publication
    from cbec.standards.interop.publish.pdf import pdf_bytes

    return pdf_bytes(publication(snap, options.language))


def _is_case(name: str, head: bytes) -> bool:
    return name.lower().endswith(".json") or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _is_esco(name: str, head: bytes) -> bool:
    return file_kind(Path(name)) is not None


def _is_workbook(name: str, head: bytes) -> bool:
    lower = name.lower()
    zipped = head.startswith(b"PK\x03\x04") and not lower.endswith((".docx", ".pptx"))
    return lower.endswith((".xlsx", ".xlsm")) or zipped


def _import_case(source: ImportSource, options: ImportOptions) -> Imported:
    spec = parse_case_package(source.read(), source.name, code=options.code, fresh=options.fresh)
    result = import_framework(
        spec,
        actor=options.actor,
        file=source.name,
        source_format="case",
        issuer=options.issuer,
        as_draft=options.as_draft,
    )
    fw = result.framework
    return Imported(
        fw,
        f"{result.outcome}: {fw.code} v{fw.version} ({result.items} items, "
        f"{result.associations} associations)",
    )


def _import_esco(source: ImportSource, options: ImportOptions) -> Imported:
    code, version = options.code or "esco", options.version or "1.2.0"
    spec = parse_esco(
        list(source.paths),
        code=code,
        version=version,
        encoding=options.encoding,
        progress=source.progress,
    )
    result = import_framework(spec, actor=options.actor, file=source.name, source_format="esco")
    return Imported(result.framework, f"{result.outcome}: {code} v{version} ({result.items} items)")


def _import_excel(source: ImportSource, options: ImportOptions) -> Imported:
    result = import_workbook(
        source.read(),
        actor=options.actor,
        file=source.name,
        framework=options.framework,
        good_rows_only=options.good_rows_only,
        issuer=options.issuer,
    )
    fw = result.framework
    summary = f"{fw.code} v{fw.version}: {result.created} created, {result.updated} updated"
    return Imported(fw, summary, result.skipped)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FORMATS: dict[str, Format] = {
    "case": Format(
        "case",
        "CASE 1.1 JSON",
        "json",
        "application/json",
        _case,
        Importer("CASE 1.0/1.1 JSON", _is_case, _import_case),
    ),
    "esco": Format(
        "esco",
        "ESCO CSV",
        "csv",
        "text/csv",
        None,
        Importer("ESCO CSV", _is_esco, _import_esco, upload=False),
    ),
    "excel": Format(
        "excel", "Excel", "xlsx", XLSX, _excel, Importer("Excel", _is_workbook, _import_excel)
    ),
    "docx": Format("docx", "Word", "docx", DOCX, _docx),
    "pdf": Format("pdf", "PDF", "pdf", "application/pdf", _pdf),
}


def importers(*, upload: bool = False) -> list[Format]:
    """The formats that import (only those taking one uploaded file, with `upload`)."""
    return [
        f for f in FORMATS.values() if f.importer is not None and (f.importer.upload or not upload)
    ]


def detect(name: str, head: bytes, *, upload: bool = False) -> Format | None:
    """The first importing format whose detector recognises the file, or None."""
    return next(
        (f for f in importers(upload=upload) if f.importer and f.importer.detect(name, head)), None
    )


def import_with(name: str, source: ImportSource, options: ImportOptions) -> Imported:
    """Import `source` as format `name`; raises what the verbs raise (`InterchangeError` with
    every problem, `NotAllowed`), having changed nothing."""
    importer = FORMATS[name].importer
    if importer is None:
        raise ValueError(f"{FORMATS[name].label} is export-only")
    return importer.run(source, options)


def export_bytes(name: str, snap: Snapshot, options: ExportOptions | None = None) -> bytes:
    fmt = FORMATS[name]
    if fmt.exporter is None:
        raise ValueError(f"{fmt.label} is import-only")
    return fmt.exporter(snap, options or ExportOptions())


def file_name(name: str, snap: Snapshot, language: str = "") -> str:
    fw = snap.framework
    suffix = f"-{language}" if language and name in {"docx", "pdf"} else ""
    return f"{fw['code']}-{fw['version']}{suffix}.{FORMATS[name].extension}"
