"""Load benchmark: the production server (`cbec serve`: gunicorn, worker, scheduler) under locust.

    .venv/bin/python benchmarks/bench_load.py                    # 50 users, 120 s, then capacity
    .venv/bin/python benchmarks/bench_load.py --duration 60 --capacity-duration 20

Needs the `bench` extra (`pip install -e ".[bench]"`: locust). Sets up the embedded default
(`cbec setup`: SQLite, catalog, sample personas, 9,600 synthetic postings) in a throwaway
CBEC_DATA_DIR — or copies a folder already set up (`--copy var`) — so var/ is never touched,
starts `cbec serve` on a free port of 127.0.0.1 and sends traffic only there, bounded in time.

1. Open model with think time: `--users` (50) users, each waiting 1–3 s between requests, for
   `--duration` s (120); a third are signed-in personas who also read the inbox. Statistics are
   reset once every user has started, so the ramp-up is not counted.
2. Closed loop (capacity): `--capacity-users` (50) users with no wait for `--capacity-duration`
   s (30): the most the machine serves, for comparing one change with the next.

Prints throughput, p50/p95/p99 per page and the errors of each run, and the machine. Locust
runs on the same machine, so it takes some of the cores it measures.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
USERS_FILE = HERE / "_load_users.py"
TARGET_P95_MS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()} · {cpu} · {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · SQLite {sqlite3.sqlite_version}"
    )


def cbec(*args: str) -> list[str]:
    return [sys.executable, "-m", "cbec.cli", *args]


def prepare(data: Path, copy: Path | None, env: dict[str, str]) -> None:
    if copy:
        shutil.copytree(copy, data, dirs_exist_ok=True)
        subprocess.run(cbec("manage", "migrate", "--verbosity", "0"), env=env, check=True)
    else:
        subprocess.run(cbec("setup"), env=env, check=True, stdout=subprocess.DEVNULL)


def facts(env: dict[str, str]) -> dict[str, str]:
    """Personas, their password and the largest framework, read from the benchmark database."""
    code = """
import django; django.setup()
from django.db.models import Count
from cbec.accounts.sample import PERSONAS, demo_password
from cbec.standards.models import Framework
fw = Framework.objects.annotate(n=Count("items")).order_by("-n").first()
print(",".join(p.username for p in PERSONAS)); print(demo_password()); print(fw.code)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.split("\n")
    return {
        "CBEC_BENCH_PERSONAS": out[0],
        "CBEC_BENCH_PASSWORD": out[1],
        "CBEC_BENCH_FRAMEWORK": out[2],
    }


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    argv = cbec("serve", "--host", "127.0.0.1", "--port", str(port))
    server = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=log.open("w"), text=True, cwd=ROOT
    )
    assert server.stdout is not None
    line = server.stdout.readline()  # printed once gunicorn listens
    if "open http" not in line:
        server.kill()
        raise SystemExit(f"the server did not start; see {log}")
    print(line.strip().replace("  ", " "), flush=True)
    server.stdout.readline()  # the demo login
    return server


def run_locust(
    label: str, host: str, users: int, seconds: int, think: bool, env: dict[str, str], out: Path
) -> list[dict[str, str]]:
    prefix = out / label
    spawn_rate = max(1, users // 10)  # every user started within ~10 s
    argv = [
        *(sys.executable, "-m", "locust", "-f", str(USERS_FILE), "--headless"),
        *("-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s"),
        *("--host", host, "--csv", str(prefix), "--only-summary", "--reset-stats"),
        *("--stop-timeout", "5", "--loglevel", "WARNING"),
    ]
    locust_env = {**env, "CBEC_BENCH_THINK": "1" if think else "0"}
    subprocess.run(
        argv,
        env=locust_env,
        check=False,
        stdout=(out / f"{label}.log").open("w"),
        stderr=subprocess.STDOUT,
        timeout=seconds + 120,
    )
    with (out / f"{label}_stats.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def report(
    title: str, rows: list[dict[str, str]], out: Path, label: str, target: bool = True
) -> None:
    print(f"\n{title}")
    head = (
        f"{'page':<22} {'requests':>8} {'fails':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    print(head)
    print("-" * len(head))
    slow = []
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "all pages" if row["Name"] == "Aggregated" else row["Name"]
        if name.startswith("login") or row["Request Count"] == "0":
            continue
        p95 = float(row["95%"] or 0)
        if target and name != "all pages" and p95 >= TARGET_P95_MS:
            slow.append(name)
        print(
            f"{name:<22} {row['Request Count']:>8} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    failures = out / f"{label}_failures.csv"
    with failures.open(encoding="utf-8") as fh:
        failed = list(csv.DictReader(fh))
    print("errors: " + ("none" if not failed else ""))
    for f in failed:
        print(f"  {f['Occurrences']} × {f['Method']} {f['Name']}: {f['Error']}")
    if slow:
        print(f"p95 ≥ {TARGET_P95_MS} ms: {', '.join(slow)}")
    print("(times in ms; locust rounds those above 100 ms to 2 significant digits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds, with think time")
    parser.add_argument("--capacity-users", type=int, default=50)
    parser.add_argument("--capacity-duration", type=int, default=30, help="seconds; 0: skip")
    parser.add_argument("--copy", type=Path, default=None, help="a data folder set up already")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cbec-bench-load-"))
    data, out = work / "var", work / "out"
    out.mkdir()
    env = {
        **os.environ,
        "CBEC_DATA_DIR": str(data),
        "CBEC_STATIC_ROOT": str(work / "static"),
        "DJANGO_SETTINGS_MODULE": "cbec.settings",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("DATABASE_URL", "CBEC_LAKE_DIR", "CBEC_SECRET_KEY", "CBEC_HTTPS"):
        env.pop(name, None)
    print(f"machine: {machine()}", flush=True)
    start = time.perf_counter()
    prepare(data, args.copy, env)
    env.update(facts(env))
    print(f"set up in {time.perf_counter() - start:.0f} s ({data})", flush=True)

    port = free_port()
    server = start_server(port, env, out / "server.log")
    host = f"http://127.0.0.1:{port}"
    try:
        rows = run_locust("think", host, args.users, args.duration, True, env, out)
        report(
            f"{args.users} users, 1–3 s think time, {args.duration} s "
            f"(a third signed in; after ramp-up):",
            rows,
            out,
            "think",
        )
        if args.capacity_duration:
            rows = run_locust(
                "capacity", host, args.capacity_users, args.capacity_duration, False, env, out
            )
            report(
                f"capacity: closed loop, {args.capacity_users} users, no think time, "
                f"{args.capacity_duration} s:",
                rows,
                out,
                "capacity",
                target=False,  # a closed loop queues by design: no latency target
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.path.insert(0, str(ROOT))
    from cbec.server import WEB_THREADS, web_workers

    print(
        f"\nmachine: {machine()}; server: cbec serve (gunicorn {web_workers()} × {WEB_THREADS} "
        "gthread, with the worker and the scheduler when installed)"
    )
    print(f"locust output and the server log: {out}")


if __name__ == "__main__":
    main()
