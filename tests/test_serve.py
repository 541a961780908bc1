"""The production server: styled error pages in both languages (no debug page, no URL list),
business errors as pages and in the API's error shape, `cbec serve` with gunicorn, the
supervisor that starts and stops the server, worker and scheduler together, and the deployment
check."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import translation

from cbec import server
from cbec.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cbec.lib.said import say
from cbec.urls import handler400, handler403, handler404, handler500
from cbec.urls import urlpatterns as real_urls
from cbec.web import errors

ROOT = Path(__file__).resolve().parent.parent

# --- a URL conf with test-only views (the handlers must be in the URL conf module) ----------


def _raises(exc: Exception) -> Any:
    def view(request: HttpRequest) -> HttpResponse:
        raise exc

    return view


urlpatterns = [
    path("_test/not-allowed/", _raises(NotAllowed(say("请选择文件。")))),
    path("_test/invalid/", _raises(InvalidInput("截止日期格式不对", field="due"))),
    path("_test/conflict/", _raises(Conflict("已发布的版本不能修改"))),
    path("_test/not-found/", _raises(NotFound("没有这个标准"))),
    path("_test/bug/", _raises(RuntimeError("secret internals /etc/passwd"))),
    *real_urls,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

TEST_URLS = pytest.mark.urls("tests.test_serve")


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


# --- error pages ---------------------------------------------------------------------------


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_unknown_url_shows_the_styled_404_without_the_url_list() -> None:
    response = Client().get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and 'class="error-page"' in body and "返回总览" in body
    assert "urlpatterns" not in body and "Using the URLconf" not in body and "admin/" not in body
    english_body = english(Client()).get("/no/such/page/").content.decode()
    assert "Page not found" in english_body and "Back to the dashboard" in english_body
    assert "页面不存在" not in english_body


@TEST_URLS
@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_an_unexpected_error_is_the_styled_500_without_a_trace() -> None:
    response = Client(raise_request_exception=False).get("/_test/bug/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in body and 'class="error-page"' in body
    assert "Traceback" not in body and "secret internals" not in body
    english_body = english(Client(raise_request_exception=False)).get("/_test/bug/")
    assert "Server error" in english_body.content.decode()


def test_the_500_page_needs_no_database() -> None:
    """No `db` mark: pytest-django refuses any query, as a database that is down would."""
    with translation.override("zh-hans"):  # no middleware here: the language is the caller's
        response = errors.handler500(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


@TEST_URLS
@override_settings(DEBUG=False)
@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,status,zh,en",
    [
        (
            "/_test/not-allowed/",
            403,
            ("没有权限", "请选择文件。"),
            ("Not allowed", "Choose a file."),
        ),
        ("/_test/invalid/", 400, ("请求有误", "截止日期格式不对"), ("Bad request",)),
        ("/_test/conflict/", 409, ("操作冲突", "已发布的版本不能修改"), ("Conflict",)),
        ("/_test/not-found/", 404, ("页面不存在", "没有这个标准"), ("Page not found",)),
    ],
)
def test_business_errors_become_styled_pages_in_both_languages(
    url: str, status: int, zh: tuple[str, ...], en: tuple[str, ...]
) -> None:
    response = Client().get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert 'class="error-page"' in body and all(text in body for text in zh)
    english_body = english(Client()).get(url).content.decode()
    assert all(text in english_body for text in en)


@TEST_URLS
@pytest.mark.django_db
def test_htmx_requests_get_a_fragment_with_the_status() -> None:
    response = Client().get("/_test/conflict/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 409
    assert "<html" not in body and "已发布的版本不能修改" in body and 'role="alert"' in body


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_the_styled_403() -> None:
    response = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()


def test_the_api_answers_business_errors_in_its_error_shape() -> None:
    from cbec.api import api

    request = RequestFactory().get("/api/x")
    error = InvalidInput("截止日期格式不对", field="due")
    body = json.loads(api.on_exception(request, error).content)
    assert body == {
        "error": {
            "status": 400,
            "code": "invalid_input",
            "message": "截止日期格式不对",
            "details": [{"field": "due", "message": "截止日期格式不对"}],
        }
    }
    for exc, status, code in [
        (NotAllowed("不行"), 403, "forbidden"),
        (Conflict("冲突"), 409, "conflict"),
        (NotFound("无"), 404, "not_found"),
    ]:
        response = api.on_exception(request, exc)
        assert response.status_code == status
        assert json.loads(response.content)["error"]["code"] == code


# --- the supervisor --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_plan_is_gunicorn_then_the_worker_and_the_scheduler() -> None:
    web, worker, scheduler = server.plan("127.0.0.1", 8123, workers=2, threads=4)
    assert web.argv[1:4] == ["-m", "gunicorn", "cbec.wsgi:application"]
    joined = " ".join(web.argv)
    assert "--worker-class gthread" in joined and "--workers 2" in joined
    assert "--threads 4" in joined and "--bind 127.0.0.1:8123" in joined
    assert worker.argv[1:] == ["-m", "cbec.cli", "worker"]
    assert scheduler.argv[1:] == ["-m", "cbec.cli", "scheduler"]
    dev = server.plan("::1", 8123, dev=True, jobs=())
    assert len(dev) == 1 and "runserver" in dev[0].argv and "[::1]:8123" in dev[0].argv
    assert server.child_environment(dev=False)["CBEC_DEBUG"] == "0"
    assert server.child_environment(dev=True)["CBEC_DEBUG"] == "1"


def sleeper(name: str) -> server.Child:
    return server.Child(name, [sys.executable, "-c", "import time; time.sleep(60)"])


def web_stand_in(port: int) -> server.Child:
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    return server.Child("web", argv)


def test_sigterm_stops_every_child() -> None:
    port = free_port()
    children = [web_stand_in(port), sleeper("worker"), sleeper("scheduler")]
    started: list[int] = []
    earlier = set(children_of(os.getpid()))  # other tests' children (pool workers) are not ours

    def ready() -> None:
        started.extend(set(children_of(os.getpid())) - earlier)
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd or Ctrl-C would

    status = server.supervise(
        children, dict(os.environ), host="127.0.0.1", port=port, on_ready=ready
    )
    assert status == 0
    assert len(started) >= 3
    assert not [pid for pid in started if alive(pid)]


def test_a_child_that_dies_stops_the_others() -> None:
    port = free_port()
    dies = server.Child(
        "worker", [sys.executable, "-c", "import time, sys; time.sleep(1); sys.exit(3)"]
    )
    children = [web_stand_in(port), dies, sleeper("scheduler")]
    started: list[int] = []
    earlier = set(children_of(os.getpid()))
    status = server.supervise(
        children,
        dict(os.environ),
        host="127.0.0.1",
        port=port,
        on_ready=lambda: started.extend(set(children_of(os.getpid())) - earlier),
    )
    assert status == 3
    assert not [pid for pid in started if alive(pid)]


# --- `cbec serve` for real ------------------------------------------------------------------


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_cbec_serve_runs_gunicorn_with_debug_off(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "CBEC_DATA_DIR": str(tmp_path / "var"),
        "CBEC_STATIC_ROOT": str(tmp_path / "static"),
        "LC_ALL": "C.UTF-8",
    }
    env.pop("CBEC_SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    argv = [
        sys.executable,
        "-m",
        "cbec.cli",
        "serve",
        "--port",
        str(port),
        "--no-worker",
        "--workers",
        "1",
    ]
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed once gunicorn listens
        second = process.stdout.readline()
        assert f"open http://127.0.0.1:{port}/" in first and "gunicorn" in first
        assert second.startswith("demo login: demo / ")
        status, body = fetch(f"http://127.0.0.1:{port}/no/such/page/")
        assert status == 404 and "页面不存在" in body and "URLconf" not in body  # DEBUG is off
        css = body.split('href="/static/web/app.', 1)[1].split('"', 1)[0]
        assert fetch(f"http://127.0.0.1:{port}/static/web/app.{css}")[0] == 200  # hashed name
        assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
        web = children_of(process.pid)
        assert web and all(alive(pid) for pid in web)
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    assert status == 0
    time.sleep(0.2)
    assert not [pid for pid in web if alive(pid)]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


# --- the deployment check --------------------------------------------------------------------


@pytest.mark.parametrize(
    "https,expected",
    [
        (False, {"security.W004", "security.W008", "security.W012", "security.W016"}),
        (True, {"security.W021"}),
    ],
)
def test_the_deployment_check_leaves_only_the_tls_items(
    tmp_path: Path, https: bool, expected: set[str]
) -> None:
    env = {**os.environ, "CBEC_DEBUG": "0", "CBEC_DATA_DIR": str(tmp_path)}
    env["CBEC_HTTPS"] = "1" if https else "0"
    env.pop("CBEC_SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "cbec.cli", "manage", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = set(re.findall(r"\((security\.\w+)\)", result.stdout + result.stderr))
    assert found == expected
