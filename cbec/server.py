"""`cbec serve`: the production web server (gunicorn) with the job worker and the scheduler, as
child processes of one supervisor that stops all of them together.

With `dev`, Django's development server replaces gunicorn and DEBUG stays on. Every child gets
the same environment: CBEC_DEBUG=0 (1 with `dev`); the secret key comes from CBEC_SECRET_KEY,
CBEC_SECRET_KEY_FILE or, on the embedded SQLite default, the generated key file in the data
folder (`cbec.settings`). When one child ends on its own, the others are stopped too and the
supervisor exits with its status: run it under systemd (docs/operations.md) to be restarted.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import FrameType

# gthread: each gunicorn process serves several requests at once on threads. Pages are
# CPU-bound Python (templates, the ORM), and the GIL lets one process use about one core, so one
# process per core (2 on the 2-core demo machine, at most 8). Four threads per process overlap
# the waiting — SQLite reads, DuckDB queries (which release the GIL), slow clients — without the
# memory of more processes (each holds Django, pyarrow and DuckDB, ~150 MB).
WEB_THREADS = 4
STOP_GRACE_S = 15.0  # how long children get to finish after SIGTERM before SIGKILL
READY_TIMEOUT_S = 90.0


def web_workers() -> int:
    return max(2, min(os.cpu_count() or 1, 8))


@dataclass
class Child:
    name: str
    argv: list[str]


def _cbec(*args: str) -> list[str]:
    return [sys.executable, "-m", "cbec.cli", *args]


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def plan(
    host: str,
    port: int,
    *,
    dev: bool = False,
    workers: int | None = None,
    threads: int = WEB_THREADS,
    jobs: tuple[str, ...] = ("worker", "scheduler"),
) -> list[Child]:
    """The processes to start: the web server first, then each `cbec <job>` command."""
    if dev:
        web = Child("web", _cbec("manage", "runserver", bind_address(host, port), "--noreload"))
    else:
        web = Child(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cbec.wsgi:application",
                "--bind",
                bind_address(host, port),
                "--worker-class",
                "gthread",
                "--workers",
                str(workers or web_workers()),
                "--threads",
                str(threads),
                "--timeout",
                "120",  # a large export is slow, never endless
                "--graceful-timeout",
                "10",
                # Idle keep-alive connections wait in gthread's poller, not on a thread, so they are
                # cheap to keep; at gunicorn's 2 s default the server closes a connection while a
                # reader is still on the page (1-3 s), and the next click meets a reset socket.
                "--keep-alive",
                "75",
                "--no-control-socket",  # one fixed socket path per user: two servers would clash
            ],
        )
    return [web, *(Child(job, _cbec(job)) for job in jobs)]


def child_environment(dev: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["CBEC_DEBUG"] = "1" if dev else "0"
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("DJANGO_SETTINGS_MODULE", "cbec.settings")
    return env


def collect_static(env: dict[str, str]) -> bool:
    """Hashed, compressed copies of the static files for WhiteNoise (DEBUG off only), in the
    children's settings; skipped (False) when STATIC_ROOT already holds exactly these files."""
    from django.conf import settings

    marker = Path(settings.STATIC_ROOT) / ".cbec-collected"
    digest = _static_digest()
    if marker.exists() and marker.read_text() == digest:
        return False
    subprocess.run(
        _cbec("manage", "collectstatic", "--noinput", "--verbosity", "0"), env=env, check=True
    )
    marker.write_text(digest)
    return True


def _static_digest() -> str:
    """Every static source file's name, size and time, and the versions that process them."""
    from django.contrib.staticfiles.finders import get_finders

    versions = " ".join(metadata.version(p) for p in ("django", "whitenoise", "django-ninja"))
    digest = hashlib.sha256(versions.encode())
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM if the supervisor dies without stopping it (kill -9)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _listening(host: str, port: int) -> bool:
    target = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    try:
        with socket.create_connection((target, port), timeout=0.5):
            return True
    except OSError:
        return False


class _Stop(Exception):
    pass


def supervise(
    children: list[Child],
    env: dict[str, str],
    *,
    host: str,
    port: int,
    on_ready: Callable[[], None],
) -> int:
    """Start the children, call `on_ready` once the web server accepts connections, and wait.
    SIGINT (Ctrl-C) or SIGTERM stops them all (SIGTERM, then SIGKILL after STOP_GRACE_S) and
    returns 0; a child that ends by itself stops the others and its status is returned."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    running: list[tuple[Child, subprocess.Popen[bytes]]] = []
    status = 0
    try:
        for child in children:
            # Own session: Ctrl-C reaches the supervisor only, which stops each child gracefully.
            process = subprocess.Popen(
                child.argv, env=env, start_new_session=True, preexec_fn=_die_with_parent
            )
            running.append((child, process))
        ready = False
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            for child, process in running:
                if process.poll() is not None:
                    print(
                        f"cbec serve: {child.name} exited ({process.returncode})", file=sys.stderr
                    )
                    return process.returncode or 1
            if not ready and _listening(host, port):
                ready = True
                on_ready()
            elif not ready and time.monotonic() > deadline:
                print("cbec serve: the web server did not start listening", file=sys.stderr)
                return 1
            time.sleep(0.2 if not ready else 0.5)
    except _Stop:
        status = 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop_all([p for _, p in running])
        for s, handler in previous.items():
            signal.signal(s, handler)
    return status


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
