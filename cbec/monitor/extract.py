"""Skill mentions and roles from posting text. Pure: a Lexicon in, mentions out; no Django.

Terms (domain-area aliases, tool names, standard-item aliases, lexicon edits) are compiled into
one Aho-Corasick automaton (ahocorasick-rs, leftmost-longest) over lowercased text. A hit is kept when it sits on word
boundaries: for Latin text, no letter or digit on either side; for Chinese, the jieba
segmentation (rjieba) of the posting must put a token boundary at one end at least (both ends:
full confidence). Sections that are not requirements (company introduction, benefits) lower
the confidence. Spans are character offsets in `title + "\\n" + description`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import ahocorasick_rs

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
KIND_CONFIDENCE = {"alias": 1.0, "item": 0.9, "custom": 1.0, "tool": 0.8}
SECTION_WEIGHT = {
    "title": 1.0,
    "body": 1.0,
    "duties": 1.0,
    "requirements": 1.0,
    "intro": 0.3,
    "benefits": 0.2,
}
DEMAND_THRESHOLD = 0.5  # an area counts as demanded by a posting from this confidence up
# Marketplace names appear in nearly every CBEC posting (Table 1 lists them as T3 tools), so
# alone they say nothing about a skill; they stay matchable inside longer aliases (亚马逊运营).
DEFAULT_EXCLUDE = frozenset({"亚马逊", "速卖通", "tiktok", "amazon", "excel", "python"})


def lower(text: str) -> str:
    """Lowercasing that keeps every offset (str.lower can change lengths, e.g. "İ").

    str.lower runs in C; when the length is unchanged every character mapped to exactly one, so
    offsets hold. Only the rare text where it grows falls back to the ASCII-only table.
    """
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(ASCII_LOWER)


@dataclass(frozen=True)
class Term:
    text: str
    area: str
    kind: str = "alias"  # alias | tool | item | custom
    item: str = ""  # identifier of the standard item the term names, if any


@dataclass(frozen=True)
class Lexicon:
    terms: tuple[Term, ...]
    exclude: frozenset[str] = DEFAULT_EXCLUDE

    def digest(self) -> str:
        body = "\n".join(sorted(f"{t.text}\t{t.area}\t{t.kind}\t{t.item}" for t in self.terms))
        body += "\n#" + "\n".join(sorted(self.exclude))
        return hashlib.sha1(body.encode()).hexdigest()[:12]


class Mention(NamedTuple):
    """A tuple rather than a dataclass: a large import creates tens of millions of them."""

    area: str
    item: str
    term: str
    matched: str
    start: int
    end: int
    confidence: float
    section: str
    kind: str


# (term, kind confidence, shared factor) per matched key, worked out once per lexicon.
Scored = tuple[tuple[Term, float, float], ...]


@dataclass
class Matcher:
    automaton: ahocorasick_rs.AhoCorasick | None
    lexicon: Lexicon
    terms_by_key: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # automaton pattern index → key
    scored: dict[str, Scored] = field(default_factory=dict)


def build_matcher(lexicon: Lexicon) -> Matcher:
    groups: dict[str, list[Term]] = {}
    for term in lexicon.terms:
        key = lower(term.text.strip())
        if len(key) >= 2 and key not in lexicon.exclude:
            groups.setdefault(key, []).append(term)
    keys = list(groups)
    automaton = (
        ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        if keys
        else None
    )
    terms_by_key = {k: _unique_areas(v) for k, v in groups.items()}
    scored = {k: _scored(terms) for k, terms in terms_by_key.items()}
    return Matcher(automaton, lexicon, terms_by_key, keys, scored)


def _scored(terms: tuple[Term, ...]) -> Scored:
    areas = {t.area for t in terms if t.area}
    shared = 0.6 if len(areas) > 1 else 1.0  # a name under several areas is weaker for each
    return tuple((t, KIND_CONFIDENCE.get(t.kind, 0.8), shared) for t in terms)


def _unique_areas(terms: list[Term]) -> tuple[Term, ...]:
    """One term per (area, item); an alias wins over a tool entry of the same area."""
    rank = {"custom": 0, "alias": 1, "item": 2, "tool": 3}
    best: dict[tuple[str, str], Term] = {}
    for term in sorted(terms, key=lambda t: rank.get(t.kind, 9)):
        best.setdefault((term.area, term.item), term)
    return tuple(best.values())


# --- sections -----------------------------------------------------------------------------

_HEADERS = [
    (
        "intro",
        r"公司(?:介绍|简介|概况)|关于我们|企业(?:介绍|简介)|about\s+(?:us|the\s+company)|company\s+(?:overview|profile|introduction)|who\s+we\s+are",
    ),
    (
        "benefits",
        r"(?:薪资)?福利(?:待遇)?|薪酬福利|我们提供|员工福利|benefits|perks|what\s+we\s+offer|we\s+offer",
    ),
    (
        "duties",
        r"岗位职责|工作职责|职位职责|工作内容|职责描述|responsibilities|what\s+you(?:'|’)?ll\s+do|duties|your\s+role",
    ),
    (
        "requirements",
        r"任职要求|岗位要求|任职资格|职位要求|技能要求|requirements|qualifications|what\s+we(?:'|’)?re\s+looking\s+for|skills",
    ),
]
_HEADER_LINE = re.compile(
    r"^\s*[【\[(（#*]*\s*(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _HEADERS)
    + r")\s*[】\])）*]*\s*(?:[:：]|$)",
    re.IGNORECASE | re.MULTILINE,
)


def sections(text: str, body_start: int) -> list[tuple[int, str]]:
    """(start offset, section) in order; the title is its own section."""
    found = [(0, "title"), (body_start, "body")]
    for m in _HEADER_LINE.finditer(text, body_start):
        found.append((m.start(), m.lastgroup or "body"))
    return found


def _section_at(spans: list[tuple[int, str]], offset: int) -> str:
    current = "title"
    for start, name in spans:
        if start > offset:
            break
        current = name
    return current


# --- matching -----------------------------------------------------------------------------

_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")  # in lowered text
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _hits(matcher: Matcher, lowered: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping (start, end, key) hits (character offsets)."""
    if matcher.automaton is None:
        return []
    keys = matcher.keys
    return [(s, e, keys[i]) for i, s, e in matcher.automaton.find_matches_as_indexes(lowered)]


def _latin_ok(lowered: str, start: int, end: int) -> bool:
    before = lowered[start - 1] if start > 0 else " "
    after = lowered[end] if end < len(lowered) else " "
    first, last = lowered[start], lowered[end - 1]
    if first in _WORD and before in _WORD:
        return False
    return not (last in _WORD and after in _WORD)


@lru_cache(maxsize=1)
def _jieba() -> object:
    import rjieba

    return rjieba


def token_boundaries(text: str) -> set[int]:
    """Offsets where jieba's segmentation of `text` puts a token boundary (0 and len included)."""
    return set(_block_boundaries(text))


@lru_cache(maxsize=65_536)
def _block_boundaries(block: str) -> tuple[int, ...]:
    # Cached: the same phrases (熟悉亚马逊运营) recur across postings of one employer or template.
    cut = _jieba().cut(block)  # type: ignore[attr-defined]
    return (0, *accumulate(map(len, cut)))


# jieba segments each run of these characters on its own (its "Han block" pattern), so the
# boundaries inside one block do not depend on the rest of the text: only the blocks that hold
# a Chinese hit need segmenting, not the whole posting.
_BLOCK_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-zA-Z0-9+#&._%\-"
_JIEBA_BLOCK = re.compile(f"[{_BLOCK_CHARS}]*")
_JIEBA_BLOCK_CHAR = re.compile(f"[{_BLOCK_CHARS}]")


def local_boundaries(text: str, positions: Iterable[int]) -> set[int]:
    """The token boundaries of every block holding one of `positions` (absolute offsets)."""
    bounds: set[int] = set()
    done: set[tuple[int, int]] = set()
    backwards = text[::-1]  # the block's start is where the run ends, read backwards
    for position in positions:
        after = _JIEBA_BLOCK.match(text, position)
        before = _JIEBA_BLOCK.match(backwards, len(text) - position)
        if after is None or before is None or after.end() == position:
            continue
        block = (position - (before.end() - before.start()), after.end())
        if block not in done:
            done.add(block)
            start, end = block
            bounds.update(start + b for b in _block_boundaries(text[start:end]))
    return bounds


def _hit_boundaries(text: str, hits: list[tuple[int, int, str]]) -> set[int]:
    """Enough token boundaries to judge the Chinese ends of `hits`.

    An end next to a character outside jieba's blocks (punctuation, space, the text's edge) is
    a block edge and so a boundary; only ends inside a block need the block segmented.
    """
    bounds: set[int] = set()
    inside: list[int] = []
    for start, end, _ in hits:
        if _is_cjk(text[start]):
            if start == 0 or not _JIEBA_BLOCK_CHAR.match(text, start - 1):
                bounds.add(start)
            else:
                inside.append(start)
        if _is_cjk(text[end - 1]):
            if end == len(text) or not _JIEBA_BLOCK_CHAR.match(text, end):
                bounds.add(end)
            else:
                inside.append(end - 1)
    return bounds | local_boundaries(text, inside) if inside else bounds


def _cjk_factor(text: str, start: int, end: int, bounds: set[int]) -> float:
    """1.0 when jieba agrees on both ends, 0.7 on one, 0 (rejected) on neither."""
    checks = []
    if _is_cjk(text[start]):
        checks.append(start in bounds)
    if _is_cjk(text[end - 1]):
        checks.append(end in bounds)
    if not checks or all(checks):
        return 1.0
    return 0.7 if any(checks) else 0.0


def posting_mentions(title: str, description: str, matcher: Matcher) -> list[Mention]:
    """Lexicon mentions, then candidate mentions, of one posting (text already normalised)."""
    text = f"{title}\n{description}"
    lowered = lower(text)
    spans = sections(text, len(title) + 1)
    found = _lexicon_mentions(text, lowered, spans, matcher)
    return [*found, *_candidate_mentions(text, lowered, spans, found)]


def extract(title: str, description: str, matcher: Matcher) -> list[Mention]:
    """Lexicon mentions of one posting (its text already normalised)."""
    text = f"{title}\n{description}"
    return _lexicon_mentions(text, lower(text), sections(text, len(title) + 1), matcher)


def _lexicon_mentions(
    text: str, lowered: str, spans: list[tuple[int, str]], matcher: Matcher
) -> list[Mention]:
    hits = [h for h in _hits(matcher, lowered) if _latin_ok(lowered, h[0], h[1])]
    if not hits:
        return []
    chinese = [h for h in hits if _CJK.search(text, h[0], h[1])]
    bounds = _hit_boundaries(text, chinese) if chinese else set()
    mentions: list[Mention] = []
    for start, end, key in hits:
        factor = _cjk_factor(text, start, end, bounds) if bounds else 1.0
        if factor:
            section = _section_at(spans, start)
            in_section = SECTION_WEIGHT[section]
            matched = text[start:end]
            mentions.extend(
                Mention(
                    term.area,
                    term.item,
                    term.text,
                    matched,
                    start,
                    end,
                    round(kind * factor * in_section * shared, 3),
                    section,
                    term.kind,
                )
                for term, kind, shared in matcher.scored[key]
            )
    return mentions


def area_weights(mentions: Iterable[Mention]) -> dict[str, float]:
    """Per area, the highest confidence of its mentions."""
    weights: dict[str, float] = {}
    for m in mentions:
        if m.area and m.confidence > weights.get(m.area, 0.0):
            weights[m.area] = m.confidence
    return weights


def demanded_areas(mentions: Iterable[Mention]) -> set[str]:
    return {a for a, w in area_weights(mentions).items() if w >= DEMAND_THRESHOLD}


# --- candidate terms (not in the lexicon) ------------------------------------------------------

_ZH_CUE = re.compile(
    r"(?:熟悉|精通|掌握|了解|熟练使用|熟练掌握|熟练|会使用|能使用|使用过|擅长|具备|有)"
    r"([^，。；;,.!！?？\n:：]{2,30})"
)
# Substrings every _EN_CUE match contains (lowercase): a cheap test before the regex runs.
_EN_HINTS = (
    "experience",
    "proficien",
    "familiar",
    "knowledge of",
    "skilled in",
    "expertise in",
    "hands-on with",
    "know",
)
# Run over lowered text (same offsets), which is far faster than a case-insensitive pattern.
_EN_CUE = re.compile(
    r"(?:experience (?:with|in|of)|proficien(?:t|cy) (?:in|with)|familiar(?:ity)? with|"
    r"knowledge of|skilled in|expertise in|hands-on with|knows?)\s+([^.;:\n!?]{2,80})"
)
_ZH_SPLIT = re.compile(r"[、/和及与或]|以及|等")
_EN_SPLIT = re.compile(r",|/|\band\b|\bor\b|\betc\b", re.IGNORECASE)
_ZH_TRIM = re.compile(
    r"^(?:一定的?|相关|基本的?|较强的?|良好的?|丰富的?|各类|常用|主流|的)+|"
    r"(?:的?(?:经验|能力|知识|技能|操作|流程|规则|工具|平台|玩法|者优先|优先|相关|工作|基础|运营|方法|模式|系统))+$"
)
_EN_TRIM = re.compile(
    r"^(?:the|a|an|strong|good|solid|basic|working|deep|some)\s+|\s+(?:is a plus|a plus|preferred|skills?|experience|tools?)$",
    re.IGNORECASE,
)
_STOP = frozenset(
    [
        "工作",
        "经验",
        "能力",
        "以上",
        "以上学历",
        "英语",
        "团队",
        "沟通",
        "沟通能力",
        "学习能力",
        "责任心",
        "抗压",
        "抗压能力",
        "本科",
        "大专",
        "电商",
        "跨境电商",
        "运营",
        "相关专业",
        "相关经验",
        "office",
        "电脑",
        "办公软件",
        "优先",
    ]
)


def candidate_phrases(text: str, lowered: str | None = None) -> list[tuple[str, int, int]]:
    """(phrase, start, end) named after a skill cue (熟悉 X、Y / experience with X).

    `lowered` is `lower(text)` when the caller has it already.
    """
    found: list[tuple[str, int, int]] = []
    for m in _ZH_CUE.finditer(text):
        offset = m.start(1)
        found.extend((p, offset + s, offset + e) for p, s, e in _pieces(m.group(1), False))
    lowered = lowered or lower(text)
    if any(hint in lowered for hint in _EN_HINTS):  # most texts have no English cue at all
        for m in _EN_CUE.finditer(lowered):
            offset, end = m.span(1)
            phrase = text[offset:end]  # the original case, for the candidate list
            found.extend((p, offset + s, offset + e) for p, s, e in _pieces(phrase, True))
    return found


@lru_cache(maxsize=65_536)
def _pieces(phrase: str, english: bool) -> tuple[tuple[str, int, int], ...]:
    """The candidate terms of one cue phrase, offsets relative to it. Cached: postings from one
    employer or template repeat the same phrases."""
    split, trim = (_EN_SPLIT, _EN_TRIM) if english else (_ZH_SPLIT, _ZH_TRIM)
    out = []
    position = 0
    for piece in split.split(phrase):
        start = phrase.find(piece, position)
        position = start + len(piece)
        cleaned = trim.sub("", piece.strip()).strip()
        if _good_candidate(cleaned):
            at = phrase.find(cleaned, start)
            out.append((cleaned, at, at + len(cleaned)))
    return tuple(out)


def _good_candidate(term: str) -> bool:
    if not 2 <= len(term) <= 24 or lower(term) in _STOP or term.isdigit():
        return False
    words = term.split()
    return len(words) <= 4 and not (_CJK.search(term) and len(term) > 10)


def candidates(title: str, description: str, mentions: list[Mention]) -> list[Mention]:
    """Cue phrases not covered by a lexicon mention (as `extract` returns them), as
    `candidate` mentions without an area."""
    text = f"{title}\n{description}"
    return _candidate_mentions(text, lower(text), sections(text, len(title) + 1), mentions)


def _candidate_mentions(
    text: str, lowered: str, spans: list[tuple[int, str]], mentions: list[Mention]
) -> list[Mention]:
    covered = sorted({(m.start, m.end) for m in mentions})  # disjoint: hits do not overlap
    starts = [s for s, _ in covered]
    out = []
    for phrase, start, end in candidate_phrases(text, lowered):
        last = bisect_left(starts, end) - 1  # the last mention starting before the phrase ends
        if last >= 0 and covered[last][1] > start:
            continue
        section = _section_at(spans, start)
        if SECTION_WEIGHT[section] >= DEMAND_THRESHOLD:
            out.append(Mention("", "", phrase, phrase, start, end, 0.5, section, "candidate"))
    return out


# --- roles --------------------------------------------------------------------------------

ROLES = (
    "platform_ops",
    "independent_site",
    "advertising",
    "product_selection",
    "logistics",
    "customer_service",
    "data",
    "compliance",
    "other",
)
# First matching rule on the title wins; order puts specific roles before generic "运营".
_TITLE_RULES: list[tuple[str, str]] = [
    ("compliance", r"合规|法务|知识产权|认证专员|关务合规|compliance|legal|regulatory|\bip\b"),
    (
        "customer_service",
        r"客服|售后|客户服务|customer\s+(?:service|support|success)|support\s+(?:agent|specialist)",
    ),
    (
        "logistics",
        r"物流|仓储|海外仓|仓库|报关|关务|货代|供应链|采购|logistics|warehouse|shipping|supply\s+chain|customs|freight|fulfil",
    ),
    ("data", r"数据|分析师|\bbi\b|data|analyst|analytics"),
    (
        "product_selection",
        r"选品|产品开发|开发专员|新品|商品企划|产品经理|product\s+(?:development|research|sourcing|selection|developer)|sourcing",
    ),
    (
        "advertising",
        r"广告|投放|推广|营销|优化师|seo|sem|ppc|\bads\b|advertis|marketing|media\s+buyer|growth",
    ),
    ("independent_site", r"独立站|shopify|dtc|shopline|independent\s+(?:site|store)|d2c"),
    (
        "platform_ops",
        r"运营|店铺|亚马逊|速卖通|temu|shopee|lazada|ebay|tiktok|沃尔玛|walmart|operations|marketplace|account\s+manager|amazon",
    ),
]
_TITLE_PATTERNS = [(role, re.compile(p, re.IGNORECASE)) for role, p in _TITLE_RULES]
AREA_ROLE = {
    "T3": "platform_ops",
    "T4": "advertising",
    "social-commerce": "advertising",
    "live-stream-selling": "advertising",
    "T2": "product_selection",
    "T1": "product_selection",
    "T7": "logistics",
    "overseas-warehouse": "logistics",
    "customs-clearance": "logistics",
    "T5": "logistics",
    "T6": "customer_service",
    "ai-customer-service": "customer_service",
    "T8": "data",
    "consumer-insight-analytics": "data",
    "T9": "compliance",
    "brand-ip-protection": "compliance",
    "regulation-tracking": "compliance",
}


def classify_role(title: str, mentions: Iterable[Mention]) -> str:
    """The title's first matching rule; else the role of the heaviest areas in the text."""
    for role, pattern in _TITLE_PATTERNS:
        if pattern.search(title):
            return role
    scores: dict[str, float] = {}
    for area, weight in area_weights(mentions).items():
        area_role = AREA_ROLE.get(area)
        if area_role:
            scores[area_role] = scores.get(area_role, 0.0) + weight
    return max(scores, key=lambda r: scores[r]) if scores else "other"
