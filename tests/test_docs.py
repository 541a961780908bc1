"""Docs are checked: every CLI command has help with an example and is documented; so are
every setting read from the environment and every API endpoint."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cbec.cli import main

ROOT = Path(__file__).resolve().parent.parent


def commands(group: click.Group, prefix: str = "cbec") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(commands(command, path))
    return found


ALL_COMMANDS = commands(main)


@pytest.mark.parametrize("path,command", ALL_COMMANDS, ids=[p for p, _ in ALL_COMMANDS])
def test_every_command_has_help_with_an_example(path: str, command: click.Command) -> None:
    result = CliRunner().invoke(main, [*path.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and "Example:" in command.help


def test_every_command_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [path for path, _ in ALL_COMMANDS if f"`{path}" not in text]
    assert not missing


def test_every_environment_setting_is_documented() -> None:
    source = (ROOT / "cbec" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:CBEC_|DATABASE_)[A-Z_]+)"', source))
    names |= set(
        re.findall(
            r'environ\.get\("([A-Z_]+)"', (ROOT / "cbec" / "accounts" / "sample.py").read_text()
        )
    )
    assert {"CBEC_SECRET_KEY", "DATABASE_URL", "CBEC_DEMO_PASSWORD"} <= names
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert not [n for n in sorted(names) if f"`{n}`" not in text]


@pytest.mark.django_db
def test_every_api_endpoint_is_documented(client: object) -> None:
    from django.test import Client

    schema = Client().get("/api/openapi.json").json()
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(?:GET|POST|PUT|PATCH|DELETE) (/api/[^`]*)`", text))
    missing = [p for p in schema["paths"] if p not in documented]
    assert not missing


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15]
    assert any(line.strip().startswith("./scripts/run.sh") for line in head)
    assert any(line.strip().startswith("./scripts/test.sh") for line in head)
