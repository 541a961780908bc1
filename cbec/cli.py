"""The `cbec` command: one entry point; every command wraps a function the web app also uses."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cbec.settings")
    import django

    django.setup()


class _Cli(click.Group):
    """Business verbs' expected failures (`cbec.errors.CbecError`: not allowed, invalid input,
    conflict, not found) end a command with their message, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from cbec.errors import CbecError

        try:
            return super().invoke(ctx)
        except CbecError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """CBEC Talent Standards: skill standards, industry monitor and curricula.

    Example: cbec setup && cbec serve
    """
    _setup_django()
    from django.utils import translation

    from cbec.lib.said import terminal_language

    # Messages (errors, stored problems) in the terminal's language for the whole command;
    # the context restores the previous language when the command ends.
    click.get_current_context().with_resource(translation.override(terminal_language()))


@main.group()
def catalog() -> None:
    """The built-in catalog: domain map, reference framework, standards, regulations.

    Example: cbec catalog load
    """


@catalog.command("load")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Catalog folder (default: the built-in one).",
)
def catalog_load(directory: Path | None) -> None:
    """Load or refresh the catalog in one transaction; safe to run again.

    Example: cbec catalog load
    """
    from cbec.setup_data import load_builtin_catalog
    from cbec.standards.catalog.parse import CATALOG_DIR
    from cbec.standards.catalog.specs import CatalogError

    try:
        report = load_builtin_catalog(directory or CATALOG_DIR)
    except CatalogError as exc:
        raise click.ClickException("catalog not loaded, nothing changed:\n" + str(exc)) from exc
    _print_report(report)


@catalog.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Catalog folder (default: the built-in one).",
)
def catalog_check(directory: Path | None) -> None:
    """Parse and cross-check the catalog files without writing anything.

    Example: cbec catalog check --dir ./my-catalog
    """
    from cbec.standards.catalog.parse import CATALOG_DIR, read_catalog
    from cbec.standards.catalog.specs import CatalogError

    try:
        parsed = read_catalog(directory or CATALOG_DIR)
    except CatalogError as exc:
        raise click.ClickException(str(exc)) from exc
    items = sum(len(f.items) for f in parsed.frameworks)
    click.echo(
        f"ok: {len(parsed.areas)} domain areas, {len(parsed.frameworks)} frameworks "
        f"({items} items), {len(parsed.regulations)} regulations"
    )


def _print_report(report: dict[str, Any]) -> None:
    for bucket in ("created", "updated", "unchanged"):
        counts = report.get(bucket) or {}
        if counts:
            click.echo(f"{bucket}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    click.echo(f"programme counts: {report.get('programme_counts')}")


@main.group()
def sample() -> None:
    """Sample organisations and persona accounts (labelled sample).

    Example: cbec sample load
    """


@sample.command("load")
def sample_load() -> None:
    """Create the sample organisations, personas, notices, field visit and synthetic postings
    (the postings only into an empty lake); safe to run again.

    Example: cbec sample load
    """
    from cbec.accounts.sample import DEMO_USERNAME
    from cbec.setup_data import load_sample

    result = load_sample()
    click.echo(f"sample data: {result}; demo login: {DEMO_USERNAME}")


@main.command()
def setup() -> None:
    """Migrate the database, load the catalog and the sample data (idempotent).

    Example: cbec setup
    """
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    click.echo("database migrated")
    ctx = click.get_current_context()
    ctx.invoke(catalog_load, directory=None)
    ctx.invoke(sample_load)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--dev", is_flag=True, help="Django's development server with DEBUG on.")
@click.option(
    "--no-worker", is_flag=True, help="Serve the web only, without the worker and the scheduler."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="gunicorn processes (default: one per core, 2 to 8).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Threads per gunicorn process.",
)
def serve(
    host: str, port: int, dev: bool, no_worker: bool, workers: int | None, threads: int
) -> None:
    """Serve the web UI and API with the production server (gunicorn, DEBUG off), the job worker
    and the scheduler; print where to open it. Ctrl-C stops all three.

    Example: cbec serve --port 8000
    """
    from cbec import server
    from cbec.accounts.sample import DEMO_USERNAME, demo_password

    jobs = () if no_worker else tuple(j for j in ("worker", "scheduler") if j in main.commands)
    env = server.child_environment(dev)
    if not dev:
        server.collect_static(env)
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, host)
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown

    def ready() -> None:
        mode = "development server, DEBUG on" if dev else "gunicorn"
        running = " + ".join([mode, *jobs])
        click.echo(f"CBEC Talent Standards: open http://{shown}:{port}/  ({running}; Ctrl-C stops)")
        click.echo(f"demo login: {DEMO_USERNAME} / {demo_password()} (sample data)")

    children = server.plan(host, port, dev=dev, workers=workers, threads=threads, jobs=jobs)
    status = server.supervise(children, env, host=host, port=port, on_ready=ready)
    if status:
        raise SystemExit(status)


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="How many results to print.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
def search(query: str, limit: int, as_json: bool) -> None:
    """Search standard items in Chinese or English.

    Example: cbec search 海外仓
    """
    from django.contrib.auth.models import AnonymousUser

    from cbec.standards.access import items_for_user
    from cbec.standards.models import DomainArea
    from cbec.standards.search import area_vocabulary, plan_search, search_items

    plan = plan_search(query, area_vocabulary(list(DomainArea.objects.all())))
    total, items = search_items(items_for_user(AnonymousUser()), plan, limit=limit)
    if as_json:
        rows = [
            {
                "framework": i.framework.code,
                "code": i.code,
                "zh": i.statement_zh,
                "en": i.statement_en,
            }
            for i in items
        ]
        click.echo(json.dumps({"total": total, "items": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{total} items")
    for item in items:
        click.echo(f"{item.framework.code} {item.code}  {item.statement_zh or item.statement_en}")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (migrate, createsuperuser, …).

    Example: cbec manage createsuperuser
    """
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cbec manage", *args])


def _register(commands: list[click.Command]) -> None:
    for command in commands:
        main.add_command(command)


# Commands of the domain apps, each defined beside the code it wraps.
_register(__import__("cbec.accounts.cli", fromlist=["COMMANDS"]).COMMANDS)
_register(__import__("cbec.analysis.cli", fromlist=["COMMANDS"]).COMMANDS)
_register(__import__("cbec.regulatory.cli", fromlist=["COMMANDS"]).COMMANDS)
_register(__import__("cbec.standards.cli", fromlist=["COMMANDS"]).COMMANDS)
_register(__import__("cbec.monitor.cli", fromlist=["COMMANDS"]).COMMANDS)
_register(__import__("cbec.jobs.cli", fromlist=["COMMANDS"]).COMMANDS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
