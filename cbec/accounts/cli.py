"""`cbec permissions`: the permission table (who may do what) from the shell."""

from __future__ import annotations

import click


@click.command("permissions")
@click.option("--markdown", is_flag=True, help="Print the table as docs/permissions.md holds it.")
@click.option("--user", "username", default=None, help="Only the capabilities this user holds.")
def permissions_command(markdown: bool, username: str | None) -> None:
    """Print which roles in which organisations hold each capability.

    Example: cbec permissions --user chair
    """
    from cbec.accounts.roles import (
        CAPABILITIES,
        actor_for,
        allowed,
        markdown_table,
        organisations_for,
    )

    if markdown:
        click.echo(markdown_table(), nl=False)
        return
    actor = actor_for(username) if username else None
    for cap in CAPABILITIES.values():
        if actor is None:
            click.echo(f"{cap.code}  {cap.label}")
        elif allowed(actor, cap.code):
            click.echo(cap.code)
        elif organisations_for(actor, cap.code):  # owner-scoped: for its own organisations
            click.echo(f"{cap.code}  (own organisation's)")


COMMANDS = [permissions_command]
