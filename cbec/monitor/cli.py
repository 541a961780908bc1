"""`cbec postings …`, `cbec trends`, `cbec monitor …`: thin wrappers over the monitor's verbs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click


@click.group("postings")
def postings_group() -> None:
    """Job postings: import files into the lake, generate synthetic samples.

    Example: cbec postings import jobs.csv
    """


def _actor(username: str | None) -> Any:
    from cbec.accounts.roles import actor_for

    return actor_for(username)


@postings_group.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option(
    "--preset",
    default=None,
    help="Field mapping preset (standard, zh-board, en-board); default: detected.",
)
@click.option(
    "--source", default="", help="Source name stored with each posting (default: from the file)."
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Processes (default: every core; small files run inline).",
)
@click.option("--as", "username", default=None, help="Account recorded in the audit log.")
def import_command(
    files: tuple[Path, ...],
    preset: str | None,
    source: str,
    workers: int | None,
    username: str | None,
) -> None:
    """Import CSV (UTF-8/GBK), XLSX or JSONL posting files; re-importing adds nothing.

    Example: cbec postings import jobs.csv more.xlsx --preset zh-board
    """
    from cbec.lib.said import shown
    from cbec.monitor.actions import ImportFailed, detect_signals, import_postings

    actor = _actor(username)
    failed = added = 0
    for path in files:
        try:
            run = _with_bar(
                path,
                lambda cb, p=path: import_postings(
                    p,
                    actor=actor,
                    preset=preset,
                    source=source,
                    workers=workers,
                    on_progress=cb,
                    detect=False,
                ),
            )
        except ImportFailed as exc:
            failed += 1
            click.echo(f"{path}: failed: {exc}", err=True)
            continue
        click.echo(
            f"{path}: {run.rows_read} rows, {run.added} added, {run.duplicates} duplicates, "
            f"{run.quarantined} quarantined ({run.file_kind}, {run.encoding}, preset {run.preset})"
        )
        for q in run.quarantine.all()[:10]:
            click.echo(f"  {q.file_name}:{q.row}: {shown(q.reason)}")
        if run.quarantined > 10:
            click.echo(f"  … {run.quarantined - 10} more (see the import page)")
        added += run.added
    if added:  # once for all files: detection reads the whole lake
        click.echo(f"signals: {len(detect_signals(actor=actor))} findings (cbec monitor detect)")
    if failed:
        raise SystemExit(1)


def _with_bar(path: Path, work: Any) -> Any:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    size = path.stat().st_size
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[rows]} rows"),
        TimeRemainingColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(path.name, total=size, rows=0)
        return work(lambda p: bar.update(task, completed=p.bytes_read, rows=p.rows))


@postings_group.command("generate")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write JSONL or CSV (by extension) instead of importing.",
)
@click.option("--per-month", default=400, show_default=True, help="Postings per month.")
@click.option("--months", default=24, show_default=True, help="Months from 2024-01.")
@click.option(
    "--seed", default=7, show_default=True, help="Random seed (same seed, same postings)."
)
def generate_command(out: Path | None, per_month: int, months: int, seed: int) -> None:
    """Generate labelled synthetic postings with planted trends; import them unless --out.

    Example: cbec postings generate --per-month 400
    """
    from cbec.monitor import samples

    if out is not None:
        n = samples.write_file(out, per_month=per_month, months=months, seed=seed)
        click.echo(f"wrote {n} synthetic postings to {out}")
        return
    run = samples.load_sample_postings(per_month=per_month, months=months, seed=seed)
    click.echo(
        f"synthetic postings: {run.rows_read} rows, {run.added} added, {run.duplicates} duplicates"
    )


@click.command("trends")
@click.option(
    "--by",
    "dimension",
    type=click.Choice(["area", "role", "province", "city"]),
    default="area",
    show_default=True,
)
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m"]),
    default=None,
    help="First period (YYYY-MM).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON rows.")
def trends_command(dimension: str, period: str, since: dt.datetime | None, as_json: bool) -> None:
    """Demand share per domain area, role, province or city, per month or week.

    Example: cbec trends --by role --since 2025-01
    """
    from cbec.monitor import trends

    rows = trends.shares(dimension, period, since.date() if since else None)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo(
            "no postings in the lake yet (cbec postings import FILE or cbec postings generate)"
        )
    for r in rows:
        click.echo(
            f"{r['period']}  {r['key']:28} {r['share']:7.2%}  ({r['postings']}/{r['total']})"
        )


@click.group("monitor")
def monitor_group() -> None:
    """Industry monitor: signals, lexicon candidates, re-extraction, evaluation, Spark.

    Example: cbec monitor detect
    """


@monitor_group.command("detect")
def detect_command() -> None:
    """Find emerging and declining terms and areas; each finding becomes a signal.

    Example: cbec monitor detect
    """
    from cbec.monitor.actions import detect_signals

    for s in detect_signals(actor=_actor(None)):
        click.echo(f"[{s.kind}] {s.title_en}  ({s.data.get('method')}; signal {s.pk})")


@monitor_group.command("candidates")
@click.option("--limit", default=30, show_default=True)
def candidates_command(limit: int) -> None:
    """Frequent skill phrases not yet in the lexicon.

    Example: cbec monitor candidates --limit 20
    """
    from cbec.monitor import trends
    from cbec.monitor.lexicon import current_lexicon

    known = {t.text for t in current_lexicon().terms}
    for c in trends.candidates(limit, known):
        click.echo(f"{c['postings']:6}  {c['term']}  ({c['first_month']} … {c['last_month']})")


@monitor_group.command("reextract")
def reextract_command() -> None:
    """Extract again from every stored posting with the current lexicon.

    Example: cbec monitor reextract
    """
    from cbec.monitor.actions import reextract

    click.echo(f"re-extracted: {reextract(actor=_actor(None))}")


@monitor_group.command("evaluate")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def evaluate_command(as_json: bool) -> None:
    """Extraction P/R/F1 per area and role accuracy on the three labelled sets; detector P/R/delay.

    Example: cbec monitor evaluate
    """
    from cbec.monitor import evaluate
    from cbec.monitor.lexicon import current_lexicon

    report = evaluate.run(current_lexicon())
    click.echo(
        json.dumps(report, ensure_ascii=False, indent=1) if as_json else evaluate.render(report)
    )


@monitor_group.command("spark")
@click.option(
    "--lake",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Lake folder (default: CBEC_LAKE_DIR).",
)
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
def spark_command(lake: Path | None, master: str) -> None:
    """Re-run extraction and monthly area counts on Spark over the lake's postings.

    Example: cbec monitor spark --master spark://head:7077
    """
    from cbec.monitor import spark
    from cbec.monitor.lake import lake_dir
    from cbec.monitor.lexicon import current_lexicon

    for row in spark.monthly_area_counts(lake or lake_dir(), current_lexicon(), master=master):
        click.echo(f"{row['period']}  {row['area']:28} {row['postings']}")


COMMANDS = [postings_group, trends_command, monitor_group]
