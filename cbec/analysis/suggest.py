"""Ranked crosswalk suggestions from text similarity. Pure and offline.

Each source item is compared with every target (a domain area or another framework's item) by
cosine similarity of character 2-3-gram TF-IDF vectors over normalised zh + en text, aliases
and tool names — character n-grams work for Chinese without segmentation and for English
morphology alike. A target alias found verbatim in the source text adds a bonus, because an
alias is a curated name for exactly that target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from cbec.standards.textnorm import normalise

ALIAS_BONUS = 0.25
MIN_ALIAS_LENGTH = 2


@dataclass(frozen=True)
class Text:
    """Something to match: its key, its text, and the curated names that identify it."""

    key: str
    text: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    source: str
    target: str
    score: float
    alias_hit: str = ""


def suggest(
    sources: list[Text], targets: list[Text], top_k: int = 3, min_score: float = 0.15
) -> list[Suggestion]:
    """For each source, its best `top_k` targets scoring at least `min_score`, best first."""
    if not sources or not targets:
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
    corpus = [normalise(t.text + " " + " ".join(t.names)) for t in [*sources, *targets]]
    matrix = vectorizer.fit_transform(corpus)
    similarity = (matrix[: len(sources)] @ matrix[len(sources) :].T).tocsr()
    out: list[Suggestion] = []
    for i, source in enumerate(sources):
        out.extend(_best(source, targets, similarity.getrow(i).toarray().ravel(), top_k, min_score))
    return out


def _best(
    source: Text, targets: list[Text], scores: np.ndarray, top_k: int, min_score: float
) -> list[Suggestion]:
    text = normalise(source.text)
    candidates = set(np.argsort(-scores)[: top_k * 4].tolist())
    hits = {}
    for j, target in enumerate(targets):
        alias = next(
            (n for n in target.names if len(n) >= MIN_ALIAS_LENGTH and normalise(n) in text), ""
        )
        if alias:
            hits[j] = alias
            candidates.add(j)
    ranked = sorted(
        (
            Suggestion(
                source.key,
                targets[j].key,
                round(min(1.0, float(scores[j]) + (ALIAS_BONUS if j in hits else 0.0)), 3),
                hits.get(j, ""),
            )
            for j in candidates
        ),
        key=lambda s: -s.score,
    )
    return [s for s in ranked[:top_k] if s.score >= min_score]
