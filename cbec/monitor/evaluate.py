"""Measured quality: extraction on three labelled sets, detectors on planted trends. Pure.

Three labelled sets (see docs/monitor.md for how each was written and labelled) give per-area
precision/recall/F1 of the postings' demanded areas and role accuracy: the development set
(data/eval_postings.jsonl, written by the extractor's author), a second set
(data/eval_postings_heldout.jsonl, written and labelled blind by a second author, used to tune
the lexicon since) and a test set (data/eval_postings_test.jsonl, a third author, never tuned on).
The detectors run on synthetic postings whose planted trends (generate.PLANTED) have known onsets.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cbec.monitor import detect, generate
from cbec.monitor import extract as ex
from cbec.monitor.normalise import clean_text

EVAL_SET = Path(__file__).parent / "data" / "eval_postings.jsonl"
HELDOUT_SET = Path(__file__).parent / "data" / "eval_postings_heldout.jsonl"
TEST_SET = Path(__file__).parent / "data" / "eval_postings_test.jsonl"
TOLERANCE = 2  # months between planted and found onset that still count as a hit


def load_set(path: Path = EVAL_SET) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def extraction(matcher: ex.Matcher, postings: Iterable[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    roles = Counter[str]()
    confusions = []
    for p in postings:
        title, body = clean_text(p["title"], keep_lines=False), clean_text(p["description"])
        mentions = ex.extract(title, body, matcher)
        got, gold = ex.demanded_areas(mentions), set(p["areas"])
        for area in got | gold:
            counts[area][
                "tp" if area in got and area in gold else "fp" if area in got else "fn"
            ] += 1
        role = ex.classify_role(title, mentions)
        roles["right" if role == p["role"] else "wrong"] += 1
        if role != p["role"]:
            confusions.append({"id": p["id"], "gold": p["role"], "got": role})
    per_area = {a: _prf(c["tp"], c["fp"], c["fn"]) for a, c in sorted(counts.items())}
    total = Counter[str]()
    for c in counts.values():
        total.update(c)
    macro = [v["f1"] for v in per_area.values()]
    return {
        "postings": sum(roles.values()),
        "micro": _prf(total["tp"], total["fp"], total["fn"]),
        "macro_f1": round(sum(macro) / len(macro), 3) if macro else 0.0,
        "per_area": per_area,
        "role_accuracy": round(roles["right"] / max(sum(roles.values()), 1), 3),
        "role_errors": confusions,
    }


def synthetic_series(
    matcher: ex.Matcher, per_month: int, seed: int
) -> tuple[list[int], dict[str, list[int]]]:
    """Monthly totals and per-key posting counts for generated postings (same keys as the lake)."""
    totals = [0] * generate.MONTHS
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * generate.MONTHS)
    start = generate.START.year * 12 + generate.START.month - 1
    for p in generate.postings(per_month, generate.MONTHS, seed):
        year, month = int(p["posted"][:4]), int(p["posted"][5:7])
        index = year * 12 + month - 1 - start
        totals[index] += 1
        for key in _keys(p, matcher):
            counts[key][index] += 1
    return totals, dict(counts)


def _keys(p: dict[str, Any], matcher: ex.Matcher) -> set[str]:
    title, body = clean_text(p["title"], keep_lines=False), clean_text(p["description"])
    mentions = ex.extract(title, body, matcher)
    keys = {f"area:{a}" for a in ex.demanded_areas(mentions)}
    keys |= {f"term:{m.term}" for m in mentions if m.confidence >= ex.DEMAND_THRESHOLD}
    keys |= {f"term:{c.term.lower()}" for c in ex.candidates(title, body, mentions)}
    return keys


def _planted_key(p: generate.Planted) -> str:
    kind, _, value = p.key.partition(":")
    return f"{kind}:{value.lower()}" if kind == "term" and p.direction == "new" else p.key


def detectors(
    matcher: ex.Matcher, per_month: int = 200, seeds: tuple[int, ...] = (3, 5, 11)
) -> dict[str, Any]:
    """Each detector's findings on synthetic postings (one run per seed), pooled."""
    planted = {_planted_key(p): p for p in generate.PLANTED}
    area_terms = _area_terms(matcher)
    runs = [synthetic_series(matcher, per_month, seed) for seed in seeds]
    report: dict[str, Any] = {
        "seeds": list(seeds),
        "series": sum(len(c) for _, c in runs),
        "postings": sum(sum(t) for t, _ in runs),
    }
    for name, methods in (
        ("burst", ("burst",)),
        ("changepoint", ("changepoint",)),
        ("combined", ("burst", "changepoint")),
    ):
        scored = [
            _score(
                [
                    f
                    for key, r in sorted(counts.items())
                    for f in detect.find(key, r, totals, methods)
                ],
                planted,
                area_terms,
            )
            for totals, counts in runs
        ]
        report[name] = _pool(scored, len(planted))
    return report


def _pool(scored: list[dict[str, Any]], planted: int) -> dict[str, Any]:
    hits = sum(len(s["found"]) for s in scored)
    false = [fp for s in scored for fp in s["false_positives"]]
    delays = [d for s in scored for d in s["delays"]]
    return {
        "precision": round(hits / (hits + len(false)), 3) if hits + len(false) else 0.0,
        "recall": round(hits / (planted * len(scored)), 3),
        "mean_delay_months": round(sum(delays) / len(delays), 2) if delays else None,
        "max_delay_months": max(delays, default=None),
        "missed": sorted({m for s in scored for m in s["missed"]}),
        "false_positives": false,
    }


def _area_terms(matcher: ex.Matcher) -> dict[str, str]:
    return {f"term:{t.text}": t.area for terms in matcher.terms_by_key.values() for t in terms}


def _score(
    findings: list[detect.Finding], planted: dict[str, generate.Planted], area_terms: dict[str, str]
) -> dict[str, Any]:
    hits: dict[str, int] = {}
    false: list[str] = []
    months = [generate.month_of(i).strftime("%Y-%m") for i in range(generate.MONTHS)]
    for f in findings:
        truth = planted.get(f.key)
        related = f"area:{area_terms.get(f.key, '')}" in planted  # a term of a planted area's rise
        if (
            truth
            and _same_direction(truth, f)
            and abs(f.onset - months.index(truth.onset)) <= TOLERANCE
        ):
            hits[f.key] = f.onset - months.index(truth.onset)
        elif not related:
            false.append(f"{f.key} {f.direction} {months[f.onset]}")
    considered = len(hits) + len(false)
    delays = list(hits.values())
    return {
        "precision": round(len(hits) / considered, 3) if considered else 0.0,
        "recall": round(len(hits) / len(planted), 3),
        "mean_delay_months": round(sum(delays) / len(delays), 2) if delays else None,
        "max_delay_months": max(delays, default=None),
        "found": sorted(hits),
        "delays": delays,
        "missed": sorted(set(planted) - set(hits)),
        "false_positives": false,
    }


def _same_direction(truth: generate.Planted, f: detect.Finding) -> bool:
    return f.direction == ("down" if truth.direction == "down" else "up")


def run(
    lexicon: ex.Lexicon, per_month: int = 200, seeds: tuple[int, ...] = (3, 5, 11)
) -> dict[str, Any]:
    matcher = ex.build_matcher(lexicon)
    return {
        "extraction": extraction(matcher, load_set(EVAL_SET)),
        "extraction_heldout": extraction(matcher, load_set(HELDOUT_SET)),
        "extraction_test": extraction(matcher, load_set(TEST_SET)),
        "detectors": detectors(matcher, per_month, seeds),
    }


EXTRACTION_BLOCKS = (
    ("extraction", "development set (written by the extractor's author)"),
    ("extraction_heldout", "second set (second author, labelled blind; lexicon tuned on it since)"),
    ("extraction_test", "test set (third author, labelled blind, never tuned on)"),
)


def _render_extraction(e: dict[str, Any], label: str) -> list[str]:
    lines = [
        f"Extraction, {label}: {e['postings']} labelled postings, demanded domain areas per posting",
        f"{'area':30} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for area, s in e["per_area"].items():
        lines.append(
            f"{area:30} {s['precision']:6.2f} {s['recall']:6.2f} {s['f1']:6.2f} {s['tp']:4} {s['fp']:4} {s['fn']:4}"
        )
    m = e["micro"]
    return lines + [
        f"{'micro':30} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f}",
        f"macro F1 {e['macro_f1']:.3f} · role accuracy {e['role_accuracy']:.3f}",
        "",
    ]


def render(report: dict[str, Any]) -> str:
    lines: list[str] = []
    for key, label in EXTRACTION_BLOCKS:
        if key in report:
            lines += _render_extraction(report[key], label)
    d = report["detectors"]
    lines.append(
        f"Detectors on {d['postings']} synthetic postings (seeds {d['seeds']}), {d['series']} series, "
        f"{len(generate.PLANTED)} planted trends per seed, onset tolerance ±{TOLERANCE} months"
    )
    for name in ("burst", "changepoint", "combined"):
        s = d[name]
        lines.append(
            f"{name:12} precision {s['precision']:.2f} recall {s['recall']:.2f} "
            f"mean delay {s['mean_delay_months']} max {s['max_delay_months']} months · missed {s['missed']} · false {s['false_positives']}"
        )
    return "\n".join(lines)
