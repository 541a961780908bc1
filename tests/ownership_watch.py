"""Watches the saves and deletes the suite makes: a row written by another app's module is a
violation of ownership (see tests/test_ownership.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

CBEC = Path(__file__).resolve().parent.parent / "cbec"
SHARED = {"lib"}  # helpers that write for their caller
PASS_THROUGH = {"middleware.py"}  # wraps every request: Django's own writes (last login) pass it
OWNERS = {"auth": "accounts"}  # Django's user model is the accounts app's to write

violations: list[str] = []


def writer_app() -> str | None:
    """The app of the innermost platform module on the stack (None: a test's own write)."""
    frame = sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(CBEC) and "migrations" not in path.parts:
            parts = path.relative_to(CBEC).parts
            app = parts[0] if len(parts) > 1 else "cbec"
            if path.name == "audit.py":
                return "accounts"  # the audit log is written for everyone by its one verb
            if app not in SHARED and path.name not in PASS_THROUGH:
                return app
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _watch(sender: Any, instance: Any, **kwargs: Any) -> None:
    label = sender._meta.app_label
    owner = OWNERS.get(label, label)
    if not sender.__module__.startswith("cbec.") and label not in OWNERS:
        return
    app = writer_app()
    if app is not None and app != owner:
        violations.append(f"{app} wrote {sender._meta.label} ({type(instance).__name__})")


def connect() -> None:
    from django.db.models.signals import pre_delete, pre_save

    pre_save.connect(_watch, dispatch_uid="ownership-save")
    pre_delete.connect(_watch, dispatch_uid="ownership-delete")
