"""`cbec worker` and `cbec scheduler`: the two processes that run background work."""

from __future__ import annotations

import click


@click.command("worker")
@click.option("--batch", is_flag=True, help="Run the jobs queued now, then exit.")
@click.option(
    "--interval",
    type=float,
    default=1.0,
    show_default=True,
    help="Seconds between looks at an empty queue.",
)
def worker_command(batch: bool, interval: float) -> None:
    """Run queued background jobs (large posting uploads, re-extraction, signal detection)
    until stopped; Ctrl-C or SIGTERM lets the running job finish first.

    Example: cbec worker
    """
    from django.conf import settings

    from cbec.jobs.work import database_backend, run_worker

    if database_backend() is None:
        backend = settings.TASKS["default"]["BACKEND"]
        raise click.ClickException(
            f"the task backend is {backend}: its jobs are not queued in the database, so "
            "`cbec worker` has nothing to run (see docs/operations.md)"
        )
    run_worker(batch=batch, interval=interval)


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run one round of what is due, then exit.")
@click.option(
    "--interval",
    type=click.IntRange(min=1),
    default=None,
    help="Seconds between rounds (default: 30); also the heartbeat's period.",
)
@click.option("--list", "show", is_flag=True, help="Print the periodic work and exit.")
def scheduler_command(once: bool, interval: int | None, show: bool) -> None:
    """Run periodic work: settle or retry interrupted jobs, detect signals after imports;
    writes a heartbeat each round (shown by /health/).

    Example: cbec scheduler
    """
    from cbec.jobs.schedule import SCHEDULE, SCHEDULER_INTERVAL_S
    from cbec.jobs.work import run_scheduler

    if show:
        for entry in SCHEDULE:
            click.echo(f"{entry.name}  every {entry.period_s}s  {entry.what}")
        return
    try:
        ran = run_scheduler(once=once, interval=interval or SCHEDULER_INTERVAL_S)
    except KeyboardInterrupt:
        return
    if once:
        click.echo("ran: " + (", ".join(ran) or "nothing due"))


COMMANDS: list[click.Command] = [worker_command, scheduler_command]
