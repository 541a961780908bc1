"""Is a notice relevant to CBEC, and which topics does it touch? Offline rules that explain
themselves: every decision lists the words that fired and the topic each one counts for.

Rules are data (TOPIC_RULES, CBEC_CUES): a reviewer can read and extend them; the evaluation
command measures them against the labelled notices in data/notices_labelled.jsonl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cbec.standards.textnorm import normalise

TOPIC_RULES: dict[str, list[str]] = {
    "customs_mode": [
        "9610",
        "9710",
        "9810",
        "1210",
        "监管方式",
        "海关监管",
        "清单核放",
        "汇总申报",
        "customs supervision mode",
        "customs declaration",
        "报关",
        "通关",
    ],
    "tax_duty": [
        "关税",
        "增值税",
        "消费税",
        "税收",
        "退税",
        "税率",
        "完税价格",
        "import vat",
        "vat",
        "ioss",
        "customs duty",
        "duty",
        "tariff",
        "de minimis",
        "低值",
    ],
    "inspection_quarantine": [
        "检验检疫",
        "检疫",
        "商品检验",
        "法检",
        "inspection and quarantine",
        "quarantine",
    ],
    "product_safety": [
        "产品安全",
        "质量安全",
        "召回",
        "安全标准",
        "product safety",
        "gpsr",
        "recall",
        "dangerous product",
        "responsible person",
        "ce marking",
    ],
    "ip_brand": [
        "知识产权",
        "商标",
        "专利",
        "侵权",
        "品牌保护",
        "intellectual property",
        "trademark",
        "patent",
        "counterfeit",
        "infringement",
    ],
    "logistics_warehouse": [
        "海外仓",
        "物流",
        "快递",
        "邮政",
        "仓储",
        "保税仓",
        "logistics",
        "parcel",
        "postal",
        "warehouse",
        "shipment",
        "consignment",
    ],
    "payment_fx": [
        "外汇",
        "结汇",
        "收汇",
        "跨境支付",
        "人民币跨境",
        "支付机构",
        "payment",
        "foreign exchange",
        "settlement",
        "e-cny",
        "数字人民币",
    ],
    "data_platform": [
        "平台",
        "数据安全",
        "个人信息",
        "数据出境",
        "网络交易",
        "platform",
        "marketplace",
        "personal data",
        "data protection",
        "trader traceability",
        "intermediary service",
    ],
    "returns": ["退货", "退换", "售后", "return", "refund"],
    "origin_rules": [
        "原产地",
        "原产国",
        "rules of origin",
        "country of origin",
        "certificate of origin",
    ],
}
CBEC_CUES = [
    "跨境电子商务",
    "跨境电商",
    "cross-border e-commerce",
    "cross border e-commerce",
    "e-commerce",
    "电子商务",
    "网购保税",
    "online marketplace",
    "distance sales",
    "online sale",
    "9610",
    "9710",
    "9810",
    "1210",
]
MIN_TOPIC_HITS = 2  # without a CBEC cue, two topics must fire for a notice to count


@dataclass
class Classification:
    relevant: bool
    topics: list[str]
    fired: list[tuple[str, str]] = field(default_factory=list)  # (word, topic or "cbec")
    score: float = 0.0

    def explanation(self) -> str:
        return "; ".join(f"{word} → {topic}" for word, topic in self.fired) or "no rule fired"


# Rule words normalised once, not for every notice.
_RULES = [(topic, word, normalise(word)) for topic, words in TOPIC_RULES.items() for word in words]
_CUES = [(word, normalise(word)) for word in CBEC_CUES]


def classify(title: str, text: str) -> Classification:
    """Title words count double: a notice's title says what it is about."""
    head, body = normalise(title), normalise(text)
    both = f"{head}\n{body}"  # a plain substring test first: most rules are absent
    fired: list[tuple[str, str]] = []
    weights: dict[str, float] = {}
    for topic, word, key in _RULES:
        if key not in both:
            continue
        in_head = _has(head, key)
        if in_head or _has(body, key):
            fired.append((word, topic))
            weights[topic] = weights.get(topic, 0.0) + (2.0 if in_head else 1.0)
    cues = [w for w, key in _CUES if key in both and (_has(head, key) or _has(body, key))]
    fired.extend((w, "cbec") for w in cues)
    topics = sorted(weights, key=lambda t: -weights[t])
    relevant = bool(cues) or len(topics) >= MIN_TOPIC_HITS
    score = min(1.0, 0.4 * bool(cues) + 0.15 * len(topics) + 0.05 * sum(weights.values()))
    return Classification(relevant, topics if relevant else [], fired, round(score, 3))


def _has(text: str, word: str) -> bool:
    """Latin words match on word boundaries (so "vat" is not found in "private"); CJK as substrings."""
    if not word.isascii():
        return word in text
    start = text.find(word)
    while start != -1:
        before = text[start - 1] if start else " "
        end = start + len(word)
        for suffix in ("", "s", "es"):  # plurals: "marketplaces", "consignments"
            if text.startswith(suffix, end):
                after = text[end + len(suffix)] if end + len(suffix) < len(text) else " "
                if not before.isalnum() and not after.isalnum():
                    return True
        start = text.find(word, start + 1)
    return False
