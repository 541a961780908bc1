"""`cbec case|esco|excel|publish|version|diff`: interchange and versions from the shell.

Commands run as the operator (the audit log says "cli") and see every version, drafts
included. A framework is named `CODE` (its newest non-draft version) or `CODE@VERSION`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

LANGUAGE = click.Choice(["zh", "en", "both"])


def _operator() -> Any:
    from cbec.accounts.roles import OPERATOR

    return OPERATOR


def _framework(ref: str) -> Any:
    from cbec.standards.access import _newest
    from cbec.standards.models import Framework

    code, _, version = ref.partition("@")
    qs = Framework.objects.filter(code=code)
    found = qs.filter(version=version).first() if version else _newest(list(qs))
    if found is None:
        raise click.ClickException(f"no framework {ref!r} (use CODE or CODE@VERSION)")
    return found


def _fail(exc: Exception, what: str) -> click.ClickException:
    # str() renders stored messages in the active language: the terminal's, set by `cbec`.
    return click.ClickException(f"{what}, nothing changed:\n{exc}")


def _write(data: bytes, output: Path | None, default: str) -> None:
    target = output or Path(default)
    target.write_bytes(data)
    click.echo(f"wrote {target} ({len(data):,} bytes)")


def _export(ref: str, fmt: str, output: Path | None, language: str = "zh") -> None:
    from cbec.standards.interop.registry import ExportOptions, export_bytes, file_name
    from cbec.standards.snapshot import snapshot

    snap = snapshot(_framework(ref))
    data = export_bytes(fmt, snap, ExportOptions(language=language))
    _write(data, output, file_name(fmt, snap, language))


def _import(fmt: str, source: Any, **options: Any) -> Any:
    """Import through the interchange registry; a refused file fails the command."""
    from cbec.errors import NotAllowed
    from cbec.standards.interop.problems import InterchangeError
    from cbec.standards.interop.registry import ImportOptions, import_with

    try:
        return import_with(fmt, source, ImportOptions(actor=_operator(), **options))
    except (InterchangeError, NotAllowed) as exc:
        raise _fail(exc, "not imported") from exc


OUTPUT = click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write."
)


@click.group()
def case() -> None:
    """CASE 1.1 packages (1EdTech Competencies and Academic Standards Exchange).

    Example: cbec case export cbec-reference-roles -o roles.json
    """


@case.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--code", help="Framework code to use (default: from the file or its title).")
@click.option("--copy", "fresh", is_flag=True, help="Import a copy with new identifiers.")
@click.option("--draft", is_flag=True, help="Import as a draft whatever the file's status.")
def case_import(file: Path, code: str | None, fresh: bool, draft: bool) -> None:
    """Import a CASE 1.0/1.1 CFPackage JSON file in one transaction.

    Example: cbec case import roles.json --copy --code roles-copy
    """
    from cbec.standards.interop.registry import ImportSource

    source = ImportSource(file.name, file.read_bytes())
    click.echo(_import("case", source, code=code, fresh=fresh, as_draft=draft).summary)


@case.command("export")
@click.argument("framework")
@OUTPUT
def case_export(framework: str, output: Path | None) -> None:
    """Export a framework version as a CASE 1.1 CFPackage JSON file.

    Example: cbec case export cbec-reference-roles@1.0.0 -o roles.json
    """
    _export(framework, "case", output)


@click.group()
def esco() -> None:
    """ESCO classification CSV files (skills, occupations, relations).

    Example: cbec esco import ./esco-csv/ --version 1.2.0
    """


@esco.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--code", default="esco", show_default=True, help="Framework code.")
@click.option("--version", "version", default="1.2.0", show_default=True, help="ESCO version.")
@click.option("--encoding", default="utf-8", show_default=True, help="File encoding.")
def esco_import(paths: tuple[Path, ...], code: str, version: str, encoding: str) -> None:
    """Import ESCO CSV files (or a folder of them) as one framework, with a progress bar.

    Example: cbec esco import skills_en.csv occupations_en.csv occupationSkillRelations_en.csv
    """
    from cbec.standards.interop.esco.parse import file_kind
    from cbec.standards.interop.registry import ImportSource

    files = [f for p in paths for f in (sorted(p.glob("*.csv")) if p.is_dir() else [p])]
    files = [f for f in files if file_kind(f) is not None or not any(p.is_dir() for p in paths)]
    total = sum(f.stat().st_size for f in files)
    with click.progressbar(length=total, label="reading ESCO") as bar:
        source = ImportSource(
            ",".join(f.name for f in files), paths=tuple(files), progress=bar.update
        )
        result = _import("esco", source, code=code, version=version, encoding=encoding)
    click.echo(result.summary)


@click.group()
def excel() -> None:
    """Workbooks in the Chinese layout: template, export, import by code.

    Example: cbec excel template -o template.xlsx
    """


@excel.command("template")
@OUTPUT
def excel_template(output: Path | None) -> None:
    """Write the empty, documented workbook template.

    Example: cbec excel template -o template.xlsx
    """
    from cbec.standards.interop.excel.export import template_bytes

    _write(template_bytes(), output, "cbec-template.xlsx")


@excel.command("export")
@click.argument("framework")
@OUTPUT
def excel_export(framework: str, output: Path | None) -> None:
    """Export a framework version to the workbook template.

    Example: cbec excel export cbec-reference-roles -o roles.xlsx
    """
    _export(framework, "excel", output)


@excel.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--into", "into", help="Draft to update (CODE@VERSION); default: from the file.")
@click.option("--good-rows-only", is_flag=True, help="Import the good rows, report the bad.")
def excel_import(file: Path, into: str | None, good_rows_only: bool) -> None:
    """Create or update items by code; any bad row changes nothing unless --good-rows-only.

    Example: cbec excel import roles.xlsx --into cbec-reference-roles@1.1.0
    """
    from cbec.standards.interop.registry import ImportSource

    target = _framework(into) if into else None
    source = ImportSource(file.name, file.read_bytes())
    result = _import("excel", source, framework=target, good_rows_only=good_rows_only)
    click.echo(result.summary)
    for problem in result.skipped:
        click.echo(f"skipped: {problem}", err=True)


@click.command("publish")
@click.argument("framework")
@click.option(
    "--format", "fmt", type=click.Choice(["docx", "pdf"]), default="pdf", show_default=True
)
@click.option("--lang", "language", type=LANGUAGE, default="zh", show_default=True)
@OUTPUT
def publish(framework: str, fmt: str, language: str, output: Path | None) -> None:
    """Render a version in the national layout (职业概况 · 基本要求 · 工作要求 · 权重表).

    Example: cbec publish cbec-reference-roles --format pdf --lang both -o roles.pdf
    """
    _export(framework, fmt, output, language)


@click.group()
def version() -> None:
    """Versions: draft → published (immutable) → superseded.

    Example: cbec version new cbec-reference-roles
    """


@version.command("new")
@click.argument("framework")
@click.option("--as", "number", default="", help="Version number (default: next minor).")
def version_new(framework: str, number: str) -> None:
    """Copy a published version into a new draft (items derived from the originals).

    Example: cbec version new cbec-reference-roles --as 1.1.0
    """
    from cbec.standards.actions import ImmutableVersionError
    from cbec.standards.versions import new_version

    try:
        draft = new_version(_framework(framework), actor=_operator(), version=number)
    except ImmutableVersionError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"draft {draft.code} v{draft.version} ({draft.items.count()} items)")


@version.command("publish")
@click.argument("framework")
def version_publish(framework: str) -> None:
    """Publish a draft; its predecessor becomes superseded, replaced items get replacedBy.

    Example: cbec version publish cbec-reference-roles@1.1.0
    """
    from cbec.standards.actions import ImmutableVersionError, publish_framework

    try:
        fw = publish_framework(_framework(framework), actor=_operator())
    except ImmutableVersionError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"published {fw.code} v{fw.version}")


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md", "xlsx"]),
    default="text",
    show_default=True,
)
@OUTPUT
def diff(old: str, new: str, fmt: str, output: Path | None) -> None:
    """Semantic diff of two versions, with the suggested semantic version.

    Example: cbec diff cbec-reference-roles@1.0.0 cbec-reference-roles@1.1.0 --format md
    """
    from cbec.standards.versions import changelog_markdown, changelog_workbook, diff_versions

    a, b = _framework(old), _framework(new)
    result = diff_versions(a, b)
    if fmt == "xlsx":
        _write(changelog_workbook(a.code, result), output, f"{a.code}-changelog.xlsx")
        return
    if fmt == "json":
        text = json.dumps(result.as_dict(), ensure_ascii=False, indent=1)
    elif fmt == "md":
        text = changelog_markdown(a.code, result)
    else:
        text = _diff_text(result)
    if output:
        _write(text.encode(), output, "")
    else:
        click.echo(text)


def _diff_text(result: Any) -> str:
    lines = [
        f"{result.old_version} → {result.new_version}: suggest {result.suggested_version} ({result.bump})"
    ]
    lines += [f"{c.kind:12} {c.code}  {c.detail}" for c in result.items]
    lines += [
        f"{a.kind:12} {a.association_type} {a.origin} → {a.destination}"
        for a in result.associations
    ]
    return "\n".join(lines)


COMMANDS: list[click.Command] = [case, esco, excel, publish, version, diff]
