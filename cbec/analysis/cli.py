"""`cbec gaps`, `cbec coverage` and `cbec crosswalk …` — thin wrappers over the analysis services."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("gaps")
@click.argument("framework", required=False)
@click.option("--paper", is_flag=True, help="Re-derive the source paper's findings from the data.")
def gaps_command(framework: str | None, paper: bool) -> None:
    """Gap report for a framework, or the paper's findings with --paper.

    Example: cbec gaps --paper
    """
    from django.contrib.auth.models import AnonymousUser

    from cbec.analysis import services
    from cbec.standards.access import get_framework_for_user

    cov = services.coverage(AnonymousUser())
    if paper:
        for f in services.paper_findings(cov):
            click.echo(f"[{f.verdict}] {f.claim.section} {f.claim.en}")
            for e in f.evidence:
                click.echo(f"    evidence: {e}")
            if f.caveat:
                click.echo(f"    note: {f.caveat}")
        return
    if not framework:
        raise click.UsageError("name a FRAMEWORK code, or use --paper")
    report = services.gaps_for(cov, get_framework_for_user(AnonymousUser(), framework))
    for gap in report.gaps:
        demand = f" demand={gap.demand:.3f}" if gap.demand is not None else ""
        click.echo(f"{gap.kind:16} {gap.area}{demand}")
    click.echo(f"regulations no item applies: {', '.join(report.unapplied_regulations) or 'none'}")


@click.command("coverage")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: stdout for CSV).",
)
def coverage_command(fmt: str, out: Path | None) -> None:
    """Export the coverage matrix (frameworks × domain areas, and × levels).

    Example: cbec coverage --format xlsx --out coverage.xlsx
    """
    from django.contrib.auth.models import AnonymousUser

    from cbec.analysis import services

    cov = services.coverage(AnonymousUser())
    if fmt == "xlsx":
        if out is None:
            raise click.UsageError("--out is required for xlsx")
        out.write_bytes(services.matrix_xlsx(cov))
    elif out is None:
        sys.stdout.write(services.matrix_csv(cov))
    else:
        out.write_text(services.matrix_csv(cov), encoding="utf-8")


@click.group("crosswalk")
def crosswalk_group() -> None:
    """Governed crosswalks: suggestions and integrity checks.

    Example: cbec crosswalk suggest cn-nvss-ecommerce-specialist --as demo
    """


@crosswalk_group.command("suggest")
@click.argument("framework")
@click.option("--target", help="Map to this framework's items instead of the domain map.")
@click.option(
    "--as", "username", required=True, help="Reviewer account the suggestions are made by."
)
@click.option("--top-k", default=3, show_default=True, help="Suggestions per item.")
def suggest_command(framework: str, target: str | None, username: str, top_k: int) -> None:
    """Propose crosswalk rows from text similarity, for a reviewer to accept or reject.

    Example: cbec crosswalk suggest cn-nvss-ecommerce-specialist --as demo
    """
    from django.contrib.auth.models import User

    from cbec.analysis import actions
    from cbec.standards.access import get_framework_for_user

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    fw = get_framework_for_user(user, framework)
    tgt = get_framework_for_user(user, target) if target else None
    try:
        result = actions.suggest_crosswalks(actor=user, framework=fw, target=tgt, top_k=top_k)
    except actions.NotAllowed as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"proposed {result.created} rows ({result.skipped_existing} already existed)")


@crosswalk_group.command("flags")
def flags_command() -> None:
    """List crosswalk problems: stale targets, exact-match cycles, conflicting rows.

    Example: cbec crosswalk flags
    """
    from django.contrib.auth.models import AnonymousUser

    from cbec.analysis import services

    found = services.flags(AnonymousUser())
    for flag in found:
        click.echo(f"{flag.kind}: rows {', '.join(map(str, flag.rows))} — {flag.detail}")
    click.echo(f"{len(found)} problems")


COMMANDS = [gaps_command, coverage_command, crosswalk_group]
