"""`cbec notices …`: import regulation notices and measure the classifier."""

from __future__ import annotations

from pathlib import Path

import click

SUFFIXES = {".json", ".jsonl", ".csv", ".xml", ".rss", ".atom", ".html", ".htm"}


def _files(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found


@click.group("notices")
def notices_group() -> None:
    """Regulation notices: import feeds and files, evaluate the classifier.

    Example: cbec notices import ./notices/
    """


@notices_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--sample", is_flag=True, help="Label the imported notices as sample data.")
def import_command(paths: tuple[Path, ...], sample: bool) -> None:
    """Import notices from files or folders (JSON, JSONL, CSV, RSS/Atom, HTML); safe to repeat.

    Example: cbec notices import cbec/regulatory/data/sample_notices/
    """
    from cbec.accounts.roles import OPERATOR
    from cbec.lib.said import shown
    from cbec.regulatory.actions import import_notice_files

    files = _files(paths)
    with click.progressbar(
        files, label="reading", item_show_func=lambda p: p.name if p else ""
    ) as bar:
        loaded = [(p.name, p.read_bytes()) for p in bar]
    report = import_notice_files(loaded, actor=OPERATOR, sample=sample)
    click.echo(
        f"new {report.created}, duplicates {report.duplicates}, relevant {report.relevant}, "
        f"with conflicts {report.conflicts}"
    )
    for problem in report.problems:
        click.echo(f"  problem: {shown(problem)}", err=True)


@notices_group.command("evaluate")
def evaluate_command() -> None:
    """Print relevance precision/recall/F1 and topic accuracy on the labelled notices.

    Example: cbec notices evaluate
    """
    from cbec.regulatory.evaluate import LABELLED, evaluate

    s = evaluate()
    click.echo(f"labelled notices: {s.notices} ({LABELLED.name})")
    click.echo(
        f"relevance: precision {s.relevance_precision:.3f} recall {s.relevance_recall:.3f} "
        f"F1 {s.relevance_f1:.3f}"
    )
    click.echo(
        f"topics (relevant notices): exact-set accuracy {s.topic_exact_accuracy:.3f}, "
        f"micro precision {s.topic_precision:.3f}, micro recall {s.topic_recall:.3f}"
    )


COMMANDS = [notices_group]
