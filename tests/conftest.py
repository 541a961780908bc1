"""Shared test setup: the built-in catalog and the sample personas, loaded once per session.

Personas (from the sample data): demo (staff), chair (editor at the sample evaluation centre),
university, enterprise (delegates), teacher, student (members of the sample college), outsider.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cbec.setup_data import load_builtin_catalog, load_sample_accounts

PERSONAS = ["demo", "chair", "university", "enterprise", "teacher", "student", "outsider"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_builtin_catalog()
        load_sample_accounts()
    yield


@pytest.fixture(scope="session", autouse=True)
def _monitor_lake(tmp_path_factory: Any) -> Iterator[None]:
    """The posting lake lives in a throwaway folder, never in the demo's var/lake."""
    from django.conf import settings

    settings.MONITOR_LAKE_DIR = tmp_path_factory.mktemp("lake")
    yield


def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    """Browser tests use a live server, which empties the database afterwards: run them last."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def persona(db: None) -> Any:
    """persona("chair") → a test client logged in as that person (None: anonymous)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name:
            client.force_login(User.objects.get(username=name))
        return client

    return make


@pytest.fixture
def user(db: None) -> Any:
    return lambda name: User.objects.get(username=name)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded attachments and stored uploads go to the test's own folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOBS_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture(scope="session", autouse=True)
def _jobs_run_at_once() -> Iterator[None]:
    """Background jobs run at once, in the test's process (the immediate task backend), so a
    page that starts one shows its outcome; tests of `cbec worker` switch to the database one."""
    from django.test import override_settings

    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        yield


@pytest.fixture(autouse=True)
def _one_owner_per_row() -> Iterator[None]:
    """Fails a test in which one app's module saved or deleted another app's row
    (see tests/test_ownership.py)."""
    from tests import ownership_watch

    ownership_watch.connect()
    ownership_watch.violations.clear()
    yield
    found = list(ownership_watch.violations)
    ownership_watch.violations.clear()
    assert not found, f"cross-app writes: {found}"
