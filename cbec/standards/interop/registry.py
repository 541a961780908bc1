"""Every interchange format, listed once. Each lives in its own folder of the same shape:
`parse.py` (file → FrameworkSpec, pure, located problems) and/or an exporter (Snapshot → bytes).
Views and CLI commands look formats up here instead of importing them one by one."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from cbec.standards.snapshot import Snapshot


@dataclass(frozen=True)
class ExportOptions:
    language: str = "zh"  # zh | en | both (publication formats)
    base: str = ""  # base URI of the CASE REST binding, for CASE identifiers' URIs


Exporter = Callable[[Snapshot, ExportOptions], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    media_type: str
    exporter: Exporter | None
    imports: bool


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FORMATS: dict[str, Format] = {
    "case": Format("case", "CASE 1.1 JSON", "json", "application/json", _case, True),
    "esco": Format("esco", "ESCO CSV", "csv", "text/csv", None, True),
    "excel": Format("excel", "Excel", "xlsx", XLSX, _excel, True),
    "docx": Format("docx", "Word", "docx", DOCX, _docx, False),
    "pdf": Format("pdf", "PDF", "pdf", "application/pdf", _pdf, False),
}


def export_bytes(name: str, snap: Snapshot, options: ExportOptions | None = None) -> bytes:
    fmt = FORMATS[name]
    if fmt.exporter is None:
        raise ValueError(f"{fmt.label} is import-only")
    return fmt.exporter(snap, options or ExportOptions())


def file_name(name: str, snap: Snapshot, language: str = "") -> str:
    fw = snap.framework
    suffix = f"-{language}" if language and name in {"docx", "pdf"} else ""
    return f"{fw['code']}-{fw['version']}{suffix}.{FORMATS[name].extension}"
