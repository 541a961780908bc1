"""Crosswalk problems a person must resolve: stale targets, exact-match cycles, conflicts.

Nothing here merges or deletes rows; it only names them, for the workbench and the reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    id: int
    origin: int
    origin_framework_status: str
    target: str  # "area:<code>" or "item:<id>"
    target_framework_status: str  # "" for areas
    match: str
    coverage: str
    status: str


@dataclass(frozen=True)
class Flag:
    kind: str  # stale_target | stale_origin | exact_cycle | conflict
    rows: tuple[int, ...]
    detail: str


LIVE = {"draft", "published", ""}


def integrity_flags(links: list[Link]) -> list[Flag]:
    active = [link for link in links if link.status != "rejected"]
    return [*_stale(active), *_cycles(active), *_conflicts(active)]


def _stale(links: list[Link]) -> list[Flag]:
    flags = []
    for link in links:
        if link.target_framework_status not in LIVE:
            flags.append(
                Flag("stale_target", (link.id,), f"target is {link.target_framework_status}")
            )
        if link.origin_framework_status not in LIVE:
            flags.append(
                Flag("stale_origin", (link.id,), f"origin is {link.origin_framework_status}")
            )
    return flags


def _conflicts(links: list[Link]) -> list[Flag]:
    """Two live rows for the same item and target that disagree on match or coverage."""
    groups: dict[tuple[int, str], list[Link]] = defaultdict(list)
    for link in links:
        groups[(link.origin, link.target)].append(link)
    return [
        Flag(
            "conflict",
            tuple(sorted(link.id for link in group)),
            "; ".join(sorted({f"{link.match}/{link.coverage}" for link in group})),
        )
        for group in groups.values()
        if len({(link.match, link.coverage) for link in group}) > 1
    ]


def _cycles(links: list[Link]) -> list[Flag]:
    """Item-to-item exact matches that lead back to their start (A = B = C = A)."""
    graph: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for link in links:
        if link.match == "exact" and link.target.startswith("item:"):
            graph[f"item:{link.origin}"].append((link.target, link.id))
    flags, seen = [], set()
    for start in list(graph):
        cycle = _find_cycle(graph, start)
        if cycle and frozenset(cycle) not in seen:
            seen.add(frozenset(cycle))
            flags.append(
                Flag(
                    "exact_cycle", tuple(sorted(cycle)), f"{len(cycle)} exact matches form a cycle"
                )
            )
    return flags


def _find_cycle(graph: dict[str, list[tuple[str, int]]], start: str) -> list[int]:
    stack: list[tuple[str, list[int]]] = [(start, [])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt, row in graph.get(node, []):
            if nxt == start and len(path) >= 1:
                return [*path, row]
            if nxt not in visited:
                visited.add(nxt)
                stack.append((nxt, [*path, row]))
    return []
