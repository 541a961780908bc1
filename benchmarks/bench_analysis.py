"""Coverage matrix at scale and crosswalk suggestions (issue 4 targets).

Targets: coverage matrix for 20 frameworks × 200 domain areas × 50,000 items < 1 s;
ranked suggestions for a 1,000-item framework against a 10,000-item target < 30 s (2 cores).
Run: .venv/bin/python benchmarks/bench_analysis.py
"""

from __future__ import annotations

import random
import resource
import time

from _harness import machine, median_ms, setup_django

setup_django()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from generate import generated_framework, store  # noqa: E402

from cbec.analysis import data, services  # noqa: E402
from cbec.analysis.coverage import coverage_matrix  # noqa: E402
from cbec.analysis.suggest import Text, suggest  # noqa: E402
from cbec.standards.models import Association, DomainArea, Framework  # noqa: E402


def make_areas(total: int) -> list[str]:
    existing = list(DomainArea.objects.values_list("code", flat=True))
    DomainArea.objects.bulk_create(
        DomainArea(
            code=f"bench-area-{n}",
            group="paper_area",
            label_zh=f"基准领域{n}",
            label_en=f"Benchmark area {n}",
            position=100 + n,
        )
        for n in range(total - len(existing))
    )
    return list(DomainArea.objects.values_list("code", flat=True))


def map_items(fw: Framework, areas: list[DomainArea], rng: random.Random) -> None:
    Association.objects.bulk_create(
        Association(
            framework=fw,
            association_type="isRelatedTo",
            origin_id=item_id,
            destination_area=rng.choice(areas),
            coverage=rng.choice(["full", "partial"]),
            match="narrow",
            status="approved",
        )
        for item_id in fw.items.values_list("id", flat=True)
    )


def main() -> None:
    print(f"machine: {machine()}")
    rng = random.Random(3)
    area_codes = make_areas(200)
    areas = list(DomainArea.objects.all())
    start = time.perf_counter()
    for n in range(20):
        fw = store(generated_framework(f"bench-cov-{n}", 2_500, seed=n))
        map_items(fw, areas, rng)  # type: ignore[arg-type]
    print(
        f"set-up: 20 frameworks × 2,500 items, {Association.objects.count()} crosswalk rows, "
        f"{len(area_codes)} areas in {time.perf_counter() - start:.1f} s"
    )

    frameworks = data.current_frameworks(Framework.objects.filter(code__startswith="bench-cov-"))
    loaded = data.load(frameworks)
    items = sum(len(f.items) for f in loaded)
    med, p90 = median_ms(lambda: coverage_matrix(loaded, area_codes), runs=7)
    print(
        f"coverage matrix core ({len(loaded)} frameworks × {len(area_codes)} areas × {items} items): "
        f"median {med:.0f} ms, p90 {p90:.0f} ms (target < 1000 ms)"
    )
    med, p90 = median_ms(
        lambda: coverage_matrix(data.load(frameworks), area_codes), runs=5, warmup=1
    )
    print(
        f"coverage matrix incl. loading rows from the database: median {med:.0f} ms, p90 {p90:.0f} ms"
    )
    med, _ = median_ms(lambda: services.coverage(AnonymousUser()), runs=3, warmup=1)
    print(f"whole catalog + benchmark frameworks through services.coverage: median {med:.0f} ms")

    source = generated_framework("bench-src", 1_000, seed=11)
    target = generated_framework("bench-tgt", 10_000, seed=12)
    sources = [
        Text(f"s{i}", f"{x.statement_zh} {x.statement_en}") for i, x in enumerate(source.items)
    ]
    targets = [
        Text(f"t{i}", f"{x.statement_zh} {x.statement_en}") for i, x in enumerate(target.items)
    ]
    start = time.perf_counter()
    found = suggest(sources, targets, top_k=3)
    print(
        f"suggestions 1,000 × 10,000 items: {len(found)} ranked in {time.perf_counter() - start:.1f} s "
        f"(target < 30 s); peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB"
    )


if __name__ == "__main__":
    main()
