"""Tree page of a 10,000-item framework (server time) and search over 50,000 items (SQLite).

Targets (issue 2): tree page < 300 ms, search < 100 ms, both medians.
Run: .venv/bin/python benchmarks/bench_tree_and_search.py
"""

from __future__ import annotations

import time

from _harness import machine, median_ms, setup_django

setup_django()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.test import Client  # noqa: E402
from generate import generated_framework, store  # noqa: E402

from cbec.standards.access import items_for_user  # noqa: E402
from cbec.standards.models import Item  # noqa: E402
from cbec.standards.queries import vocabulary  # noqa: E402
from cbec.standards.search import plan_search, search_items  # noqa: E402


def main() -> None:
    print(f"machine: {machine()}")
    start = time.perf_counter()
    store(generated_framework("bench-10k", 10_000))
    for n in range(4):
        store(generated_framework(f"bench-extra-{n}", 10_000, seed=n))
    print(
        f"generated 5 × 10,000 items in {time.perf_counter() - start:.1f} s "
        f"({Item.objects.count()} items in the database)"
    )

    client = Client()
    for path in ["/standards/bench-10k/", "/standards/bench-10k/?level=3"]:
        response = client.get(path)
        assert response.status_code == 200
        med, p90 = median_ms(lambda p=path: client.get(p), runs=21)
        print(
            f"tree page {path}: median {med:.0f} ms, p90 {p90:.0f} ms, {len(response.content) // 1024} KiB "
            f"(target < 300 ms)"
        )

    vocab = vocabulary()
    items = items_for_user(AnonymousUser())
    for query in ["海外仓", "清关", "支付结算 合规", "customs", "overseas warehouse", "不存在的词"]:
        plan = plan_search(query, vocab)
        count, _ = search_items(items, plan)
        med, p90 = median_ms(lambda plan=plan: search_items(items, plan))
        print(
            f"search {query!r}: {count} hits, median {med:.1f} ms, p90 {p90:.1f} ms (target < 100 ms)"
        )
    med, _ = median_ms(lambda: client.get("/api/search", {"q": "海外仓"}))
    print(f"GET /api/search?q=海外仓 end to end: median {med:.1f} ms")


if __name__ == "__main__":
    main()
