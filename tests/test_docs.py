"""Docs are checked: every CLI command has help with an example and is documented; so are
every setting read from the environment and every API endpoint. The architecture's claims
that can be checked are: its app list, its registry entries, the paths it names, and that
the modules it calls pure import no Django."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
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


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _table_after(heading: str) -> list[list[str]]:
    """The cells of the first Markdown table after `heading`, header and rule left out."""
    lines = ARCHITECTURE.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_architecture_lists_exactly_the_installed_apps() -> None:
    from django.conf import settings

    documented = [re.fullmatch(r"`(\w+)`", row[0]) for row in _table_after("## Apps")]
    assert all(documented), "every row of the app table names one app"
    installed = [
        app.removeprefix("cbec.") for app in settings.INSTALLED_APPS if app.startswith("cbec.")
    ]
    assert [m.group(1) for m in documented if m] == installed


def test_architecture_names_the_interchange_registry_entries() -> None:
    from cbec.standards.interop.registry import FORMATS

    rows = {row[0].strip("`"): row for row in _table_after("### Interchange registry")}
    assert sorted(rows) == sorted(FORMATS)
    for name, (_, imports, exports) in rows.items():
        assert (imports != "—") is FORMATS[name].imports, name
        assert (exports != "—") is (FORMATS[name].exporter is not None), name


def test_every_path_the_architecture_names_exists() -> None:
    paths = set(re.findall(r"`(cbec/[\w/.]+)`", ARCHITECTURE))
    assert len(paths) > 10
    assert not [p for p in sorted(paths) if not (ROOT / p).exists()]


PURE = re.findall(
    r"`(cbec/[\w/]+\.py)`",
    ARCHITECTURE.split("<!-- pure -->", 1)[1].split("<!-- /pure -->", 1)[0],
)


def test_the_architecture_names_pure_modules() -> None:
    assert "cbec/standards/tree.py" in PURE and "cbec/jobs/rules.py" in PURE


@pytest.mark.parametrize("path", PURE)
def test_pure_modules_import_no_django(path: str) -> None:
    """Imported in a fresh interpreter without settings: neither Django nor a module that
    needs it may be loaded on the way."""
    module = path.removesuffix(".py").replace("/", ".")
    code = (
        f"import sys; import {module}; "
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(loaded[:5]); sys.exit(1 if loaded else 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{module} loads Django: {done.stdout}{done.stderr}"


def _module_imports() -> dict[str, set[str]]:
    """cbec module → the cbec modules it imports, at the top or inside a function (importing
    `a.b.c` from outside package `a.b` also runs `a.b`'s `__init__`)."""
    files = {}
    for path in (ROOT / "cbec").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for name in names:
                while name and name not in files:
                    name = name.rpartition(".")[0]
                while name and not f"{module}.".startswith(f"{name}."):
                    if name in files:  # a folder without __init__.py runs nothing
                        found.add(name)
                    name = name.rpartition(".")[0]
        graph[module] = found - {module}
    return graph


def test_no_module_imports_in_a_circle() -> None:
    """No two modules import each other, directly or through others, even inside a function."""
    graph = _module_imports()
    assert "cbec.standards.versions" in graph["cbec.standards.actions.authoring"]
    circles = []
    for start in sorted(graph):
        seen, stack = set(), [start]
        while stack:
            for nxt in graph[stack.pop()]:
                if nxt == start:
                    circles.append(start)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    assert not sorted(set(circles))


def test_accounts_imports_no_other_app() -> None:
    below = ("cbec.accounts", "cbec.errors", "cbec.lib")
    graph = _module_imports()
    upward = {
        module: sorted(d for d in deps if d != "cbec" and not d.startswith(below))
        for module, deps in graph.items()
        if module.startswith("cbec.accounts")
    }
    assert not {m: d for m, d in upward.items() if d}
