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

from cbec.accounts.sample import load_sample_data
from cbec.setup_data import load_builtin_catalog

PERSONAS = ["demo", "chair", "university", "enterprise", "teacher", "student", "outsider"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_builtin_catalog()
        load_sample_data()
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
    """Uploaded attachments go to the test's own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
