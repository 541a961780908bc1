"""A person in a real browser (Debian's Chromium driven by Playwright): tree, Chinese search, language."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def ensure_catalog() -> None:
    """A live-server test empties the database when it ends; the next one loads it again."""
    from cbec.setup_data import load_builtin_catalog, load_sample_accounts
    from cbec.standards.models import DomainArea

    if not DomainArea.objects.exists():
        load_builtin_catalog()
        load_sample_accounts()


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    ensure_catalog()
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: ./scripts/test.sh installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM is used only by the server.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="en-US")
        tab = context.new_page()
        tab.set_default_timeout(15000)
        tab.base_url = live_server.url  # type: ignore[attr-defined]
        yield tab
        context.close()
        browser.close()


def test_framework_tree_search_in_chinese_and_language_switch(page: Any) -> None:
    base = page.base_url
    page.goto(f"{base}/standards/cbec-reference-roles/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    tree = page.locator("#framework-tree tbody tr")
    assert tree.count() > 200
    assert "平台运营专员" in page.locator("#framework-tree").inner_text()

    page.locator("nav.tabs a[data-level='3']").click()
    page.wait_for_url("**level=3")
    assert page.locator("table.layout").first.is_visible()
    assert "职业功能" in page.locator("table.layout thead").first.inner_text()

    page.goto(f"{base}/search/")
    page.locator("#search-input").fill("海外仓")
    page.wait_for_selector("#search-count")
    assert "海外仓" in page.locator("#search-results").inner_text()
    page.locator("#search-results table.results a").first.click()
    page.wait_for_url("**/items/**")
    assert "海外仓" in page.locator("h1").inner_text()

    page.locator("#lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Standards" in page.locator("header nav").inner_text()
    page.goto(f"{base}/standards/cbec-reference-roles/")
    assert "Platform operations specialist" in page.locator("#framework-tree").inner_text()


def log_in(page: Any, username: str) -> None:
    """Through the login form, as a person would; sample personas share the demo password."""
    from cbec.accounts.sample import demo_password

    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo_password())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")


def test_programme_chart_renders_with_local_assets(page: Any) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{page.base_url}/programmes/")
    page.wait_for_selector("#programme-chart canvas")
    assert not failed


def test_reviewer_approves_a_suggestion_with_the_keyboard(page: Any) -> None:
    base = page.base_url
    log_in(page, "chair")
    page.goto(f"{base}/analysis/crosswalks/sample-live-commerce-draft/")
    page.click("#suggest-form button")
    page.wait_for_selector("#workbench tr.cw-row")
    before = page.locator("#workbench tr.status-proposed").count()
    assert before > 0
    page.locator("#workbench tr.cw-row").first.focus()
    page.keyboard.press("a")
    page.wait_for_selector("#workbench tr.status-approved")
    assert page.locator("#workbench tr.status-proposed").count() == before - 1


def test_a_user_imports_postings_and_sees_demand_and_signals(
    page: Any, settings: Any, tmp_path: Any
) -> None:
    """The monitor's promise end to end: a posting file in, the dashboard and signals out."""
    from cbec.monitor import samples

    settings.MONITOR_LAKE_DIR = tmp_path / "lake"
    upload = tmp_path / "company-feed.jsonl"
    samples.write_file(upload, per_month=130)  # over 2 MB: imported in the background
    assert upload.stat().st_size > 2_000_000
    base = page.base_url
    log_in(page, "chair")
    page.goto(f"{base}/monitor/import/")
    page.set_input_files("#import-form input[type=file]", str(upload))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run progress")  # the run page polls until the import is done
    page.click("#to-dashboard", timeout=90_000)
    page.wait_for_selector("#area-chart canvas")
    page.wait_for_selector("#role-chart canvas")
    rows = page.locator("#demand-table tbody tr").count()
    assert rows >= 15
    signals = page.locator("#signals li a")
    assert signals.count() >= 3
    titles = " ".join(signals.all_inner_texts())
    assert "直播" in titles  # the planted live-commerce trend was found
    page.locator("#signals li a", has_text="直播").first.click()
    page.wait_for_selector("#signal-chart canvas")  # its monthly share, onset marked
    page.locator("#signal-evidence a").first.click()  # evidence: the postings behind it
    page.wait_for_selector("mark")  # the posting with its matched skills highlighted
    assert "/monitor/postings/" in page.url
