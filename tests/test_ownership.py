"""One owner per row: no app writes another app's models except through that app's verbs.

Two checks. A static one reads every module of the platform and flags a write — `X.objects.
create/update/delete/…`, `X(...)` (an instance to be saved or bulk-created), or `X.field.through`
(raw link rows) — where `X` is a model imported from another app's `models`. A dynamic one
watches every save and delete the test suite makes and fails when the innermost platform
module that made it belongs to another app than the model (this sees writes through instances,
which the static check cannot follow). Shared modules (`cbec/lib`, the audit log) write for their
caller; the root package (`cbec/*.py`: CLI, API, set-up) only calls verbs.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WRITES = {
    "create",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "update",
    "delete",
    "bulk_update",
}


def _app(path: Path) -> str:
    parts = path.relative_to(ROOT / "cbec").parts
    return parts[0] if len(parts) > 1 else "cbec"


def _modules() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "cbec").rglob("*.py")
        if "migrations" not in p.parts and "lib" not in p.relative_to(ROOT / "cbec").parts[:1]
    )


def _foreign_models(tree: ast.Module, app: str) -> dict[str, str]:
    """Names bound to other apps' models in this module: name → owning app."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if len(parts) == 3 and parts[0] == "cbec" and parts[2] == "models" and parts[1] != app:
                for alias in node.names:
                    found[alias.asname or alias.name] = parts[1]
    return found


def _root_name(node: ast.AST) -> tuple[str | None, list[str]]:
    """The name a chain like `X.objects.filter(...).update` starts from, and its attributes."""
    attrs = []
    while True:
        if isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id, attrs[::-1]
        else:
            return None, []


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign = _foreign_models(tree, _app(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in foreign:
                found.append(f"{where} builds {foreign[node.func.id]}.{node.func.id}")
            name, attrs = _root_name(node.func)
            if name in foreign and "objects" in attrs and attrs[-1] in WRITES:
                found.append(f"{where} writes {foreign[name]}.{name} ({attrs[-1]})")
        if isinstance(node, ast.Attribute) and node.attr == "through":
            name, _attrs = _root_name(node)
            if name in foreign:
                found.append(f"{where} writes links of {foreign[name]}.{name}")
    return found


def test_no_module_writes_another_apps_models() -> None:
    problems = [v for path in _modules() for v in _violations(path)]
    assert problems == []


def test_the_static_check_sees_a_cross_app_write(tmp_path: Path) -> None:
    """The check itself: a module of one app creating another app's row is flagged."""
    fake = ROOT / "cbec" / "monitor" / "_ownership_probe.py"
    fake.write_text(
        "from cbec.inbox.models import Signal\n\n"
        "def f():\n    Signal.objects.filter(pk=1).update(kind='x')\n    Signal(key='k')\n"
    )
    try:
        assert len(_violations(fake)) == 2
    finally:
        fake.unlink()


# --- dynamic: every save and delete of the suite ------------------------------------------------


@pytest.mark.django_db
def test_the_write_watch_sees_a_cross_app_write() -> None:
    """The watch itself: a module of the monitor saving an inbox row is recorded (the conftest
    fixture fails any other test that makes such a write)."""
    import importlib

    from tests import ownership_watch

    probe = ROOT / "cbec" / "monitor" / "_ownership_probe.py"
    probe.write_text(
        "from cbec.inbox.models import Signal\n\n"
        "def write():\n"
        "    Signal.objects.create(key='probe', source_kind='posting', kind='x', title_zh='x')\n"
    )
    try:
        module = importlib.import_module("cbec.monitor._ownership_probe")
        module.write()
        assert ownership_watch.violations == ["monitor wrote inbox.Signal (Signal)"]
    finally:
        ownership_watch.violations.clear()
        probe.unlink()
        sys.modules.pop("cbec.monitor._ownership_probe", None)
