"""Emerging and declining terms: Kleinberg bursts and change points on share series. Pure.

A series is, per period, r = postings mentioning the term (or demanding the area) out of
d = all postings. Two detectors, each returning onsets:

- `kleinberg_states`: Kleinberg's two-state batched automaton (KDD 2002). The base rate is the
  series' opening baseline (its first periods), not the overall mean, so a lasting level shift
  counts as a burst; declines are bursts of the time-reversed series against its closing baseline.
- `change_points`: PELT (ruptures, l2 cost) on shares standardised by their binomial noise, with
  a BIC-style penalty; a break counts when the mean moves by half or more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

BASELINE = 6  # periods that define the opening (or closing) baseline
MIN_RUN = 3  # a burst must last this many periods (one noisy month is not a trend)
MIN_SUPPORT = 12  # postings over the whole series before a term is looked at
MIN_CHANGE = 0.01  # absolute share change a finding needs (1 percentage point)
MIN_Z = 4.0  # two-proportion z a change needs (strict: many series are tested together)


@dataclass(frozen=True)
class Finding:
    key: str
    direction: str  # up | down
    onset: int  # index of the first period of the new level
    method: str  # burst | changepoint | both
    before: float  # share before the onset
    after: float  # share from the onset on
    new: bool  # nothing (or almost nothing) before the onset


def _binomial_cost(r: int, d: int, p: float) -> float:
    return -(r * math.log(p) + (d - r) * math.log(1 - p)) if d else 0.0


def kleinberg_states(
    r: Sequence[int], d: Sequence[int], p0: float, s: float = 2.0, gamma: float = 1.0
) -> list[int]:
    """Viterbi path (0 = base rate p0, 1 = burst rate s·p0) of the two-state batched automaton."""
    n = len(r)
    p = (min(max(p0, 1e-6), 0.5), min(max(p0, 1e-6) * s, 0.9999))
    up = gamma * math.log(max(n, 2))
    cost = [_binomial_cost(r[0], d[0], p[0]), up + _binomial_cost(r[0], d[0], p[1])]
    back: list[tuple[int, int]] = []
    for t in range(1, n):
        stay0, from1 = cost[0], cost[1]
        to1_from0, stay1 = cost[0] + up, cost[1]
        prev0 = 0 if stay0 <= from1 else 1
        prev1 = 0 if to1_from0 < stay1 else 1
        back.append((prev0, prev1))
        cost = [
            min(stay0, from1) + _binomial_cost(r[t], d[t], p[0]),
            min(to1_from0, stay1) + _binomial_cost(r[t], d[t], p[1]),
        ]
    state = 0 if cost[0] <= cost[1] else 1
    path = [state]
    for prev in reversed(back):
        state = prev[state]
        path.append(state)
    return path[::-1]


def _baseline_rate(r: Sequence[int], d: Sequence[int]) -> float:
    total = sum(d[:BASELINE])
    floor = 0.5 / max(sum(d) / max(len(d), 1), 1)  # half a posting per period: never zero
    return max(sum(r[:BASELINE]) / total if total else 0.0, floor)


def burst_onset(
    r: Sequence[int], d: Sequence[int], s: float = 2.0, gamma: float = 1.0
) -> int | None:
    """Start of a burst that lasts to the last period (a rise that has not ended), if any."""
    if len(r) <= BASELINE + 1:
        return None
    states = kleinberg_states(r, d, _baseline_rate(r, d), s, gamma)
    if states[-1] != 1:
        return None
    onset = len(states) - 1
    while onset > 0 and states[onset - 1] == 1:
        onset -= 1
    lasting = len(states) - onset >= MIN_RUN
    return onset if lasting and onset >= BASELINE // 2 else None


def decline_onset(
    r: Sequence[int], d: Sequence[int], s: float = 2.0, gamma: float = 1.0
) -> int | None:
    """First period after an opening burst that has ended (the time-reversed rise)."""
    rev = burst_onset(list(r)[::-1], list(d)[::-1], s, gamma)
    return None if rev is None else len(r) - rev


def change_points(r: Sequence[int], d: Sequence[int], penalty: float | None = None) -> list[int]:
    """Indices where a new segment starts (PELT on standardised shares)."""
    import numpy as np
    import ruptures

    shares = np.array([ri / di if di else 0.0 for ri, di in zip(r, d, strict=True)])
    mean_p = min(max(sum(r) / max(sum(d), 1), 1e-4), 0.5)
    noise = math.sqrt(mean_p * (1 - mean_p) / max(sum(d) / len(d), 1))
    signal = (shares / noise).reshape(-1, 1)
    pen = penalty if penalty is not None else 4 * math.log(len(r))
    # KernelCPD with a linear kernel is PELT with the l2 cost, in C (50x faster than Pelt("l2")).
    breaks = ruptures.KernelCPD(kernel="linear", min_size=3, jump=1).fit(signal).predict(pen=pen)
    return [int(b) for b in breaks if b < len(r)]


def _share(r: Sequence[int], d: Sequence[int], lo: int, hi: int) -> float:
    total = sum(d[lo:hi])
    return sum(r[lo:hi]) / total if total else 0.0


def find(
    key: str,
    r: Sequence[int],
    d: Sequence[int],
    methods: tuple[str, ...] = ("burst", "changepoint"),
) -> list[Finding]:
    """Findings for one series: at most one rise and one decline, the detectors merged."""
    if sum(r) < MIN_SUPPORT or len(r) <= BASELINE + 1:
        return []
    onsets: dict[str, dict[str, int]] = {"up": {}, "down": {}}
    if "burst" in methods:
        for direction, onset in (("up", burst_onset(r, d)), ("down", decline_onset(r, d))):
            if onset is not None:
                onsets[direction]["burst"] = onset
    if "changepoint" in methods:
        for b in change_points(r, d):
            lo, hi = max(0, b - 6), min(len(r), b + 6)
            if _material(r, d, lo, b, hi):
                onsets["up" if _share(r, d, b, hi) > _share(r, d, lo, b) else "down"][
                    "changepoint"
                ] = b
    return [
        f
        for f in (_finding(key, r, d, direction, found) for direction, found in onsets.items())
        if f
    ]


def _material(r: Sequence[int], d: Sequence[int], lo: int, mid: int, hi: int) -> bool:
    """Shares of [lo, mid) and [mid, hi) differ by at least MIN_CHANGE and by half, and a
    two-proportion z-test gives z >= MIN_Z (hundreds of series are tested at once)."""
    n1, n2 = sum(d[lo:mid]), sum(d[mid:hi])
    before, after = _share(r, d, lo, mid), _share(r, d, mid, hi)
    if not n1 or not n2 or abs(after - before) < max(MIN_CHANGE, 0.5 * min(before, after)):
        return False
    pooled = (sum(r[lo:mid]) + sum(r[mid:hi])) / (n1 + n2)
    se = math.sqrt(max(pooled * (1 - pooled), 1e-12) * (1 / n1 + 1 / n2))
    return abs(after - before) / se >= MIN_Z


def _finding(
    key: str, r: Sequence[int], d: Sequence[int], direction: str, found: dict[str, int]
) -> Finding | None:
    if not found:
        return None
    onset = found.get("changepoint", found.get("burst", 0))
    before, after = _share(r, d, 0, onset), _share(r, d, onset, len(r))
    if not _material(r, d, 0, onset, len(r)) or (after > before) != (direction == "up"):
        return None
    method = "both" if len(found) == 2 else next(iter(found))
    new = direction == "up" and sum(r[:onset]) <= 0.02 * sum(r[onset:])
    return Finding(key, direction, onset, method, round(before, 4), round(after, 4), new)
