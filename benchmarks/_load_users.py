"""Locust users for `bench_load.py` (run by it; not a benchmark by itself).

Two kinds of visitor over the platform's read pages: anonymous visitors, and signed-in sample
personas (a third of the users) who also read their signal inbox. Each waits 1–3 s between
requests (CBEC_BENCH_THINK=0: no wait, for the closed-loop capacity run). Requests are named by
page so the report has one line per page, whatever the query string.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, constant, task

THINK = os.environ.get("CBEC_BENCH_THINK", "1") != "0"
PERSONAS = os.environ.get("CBEC_BENCH_PERSONAS", "chair").split(",")
PASSWORD = os.environ.get("CBEC_BENCH_PASSWORD", "")
FRAMEWORK = os.environ.get("CBEC_BENCH_FRAMEWORK", "cbec-reference-roles")

SEARCH_ZH = ["海外仓", "清关", "跨境支付", "选品", "直播", "物流"]
SEARCH_EN = ["customs clearance", "overseas warehouse", "product listing", "data analysis"]
API_LISTS = [
    ("/api/frameworks", "api frameworks"),
    ("/api/regulations", "api regulations"),
    ("/api/notices", "api notices"),
    ("/api/monitor/trends?by=area", "api monitor trends"),
    ("/api/search?q=海外仓", "api search"),
]
_next_persona = itertools.count()


class Visitor(HttpUser):
    """Anonymous: dashboards, standards, search, regulations, the API."""

    weight = 2
    wait_time = between(1, 3) if THINK else constant(0)

    @task(10)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard /")

    @task(6)
    def standards(self) -> None:
        self.client.get("/standards/", name="standards list")

    @task(5)
    def framework_tree(self) -> None:
        self.client.get(f"/standards/{FRAMEWORK}/", name="framework tree")

    @task(3)
    def search_zh(self) -> None:
        self.client.get("/search/", params={"q": random.choice(SEARCH_ZH)}, name="search zh")

    @task(3)
    def search_en(self) -> None:
        self.client.get("/search/", params={"q": random.choice(SEARCH_EN)}, name="search en")

    @task(4)
    def monitor(self) -> None:
        months = random.choice(["", "", "12"])
        self.client.get(f"/monitor/?months={months}" if months else "/monitor/", name="monitor")

    @task(3)
    def coverage(self) -> None:
        self.client.get("/analysis/", name="coverage matrix")

    @task(3)
    def regulations(self) -> None:
        self.client.get("/regulations/", name="regulations")

    @task(3)
    def notices(self) -> None:
        self.client.get("/regulatory/notices/", name="notices")

    @task(4)
    def api_list(self) -> None:
        url, name = random.choice(API_LISTS)
        self.client.get(url, name=name)


class Member(Visitor):
    """A signed-in sample persona: the same pages, and the signal inbox."""

    weight = 1

    def on_start(self) -> None:
        username = PERSONAS[next(_next_persona) % len(PERSONAS)]
        self.client.get("/accounts/login/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure(f"login as {username} failed")

    @task(4)
    def inbox(self) -> None:
        self.client.get("/inbox/", name="inbox")

    @task(1)
    def api_inbox(self) -> None:
        self.client.get("/api/inbox", name="api inbox")
