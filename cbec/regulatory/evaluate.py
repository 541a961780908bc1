"""Measure the notice classifier against the labelled set (data/notices_labelled.jsonl)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cbec.regulatory.classify import classify

LABELLED = Path(__file__).resolve().parent / "data" / "notices_labelled.jsonl"


@dataclass
class Scores:
    notices: int
    relevance_precision: float
    relevance_recall: float
    relevance_f1: float
    topic_exact_accuracy: float  # relevant notices whose predicted topic set equals the label
    topic_precision: float  # micro, over relevant notices
    topic_recall: float


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def evaluate(path: Path = LABELLED) -> Scores:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    tp = fp = fn = exact = topic_tp = topic_fp = topic_fn = relevant = 0  # counts
    for row in rows:
        gold = row["label"]
        predicted = classify(row.get("title", ""), row.get("text", ""))
        tp += predicted.relevant and gold["relevant"]
        fp += predicted.relevant and not gold["relevant"]
        fn += not predicted.relevant and gold["relevant"]
        if gold["relevant"]:
            relevant += 1
            want, got = set(gold["topics"]), set(predicted.topics)
            exact += want == got
            topic_tp += len(want & got)
            topic_fp += len(got - want)
            topic_fn += len(want - got)
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return Scores(
        len(rows),
        p,
        r,
        _ratio(2 * p * r, p + r),
        _ratio(exact, relevant),
        _ratio(topic_tp, topic_tp + topic_fp),
        _ratio(topic_tp, topic_tp + topic_fn),
    )
