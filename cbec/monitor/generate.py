"""Synthetic CBEC job postings, clearly labelled, with planted trends of known onset. Pure.

Every posting says it is synthetic: source `synthetic`, company names end in （合成）/
(synthetic), URLs point to example.invalid. Chinese and English postings, the nine roles,
salaries, cities, and sections (company introduction, duties, requirements, benefits).
PLANTED lists the trends and their onsets; `cbec monitor evaluate` checks the detectors on them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Planted:
    key: str  # "area:<code>" or "term:<text>"
    direction: str  # up | down | new
    onset: str  # first month of the change, YYYY-MM
    before: float  # probability per posting before the onset
    after: float


PLANTED = (
    Planted("area:live-stream-selling", "up", "2024-09", 0.04, 0.22),
    Planted("term:GPSR", "up", "2024-10", 0.0, 0.7),  # share of compliance-minded postings
    Planted("term:Temu全托管", "new", "2024-06", 0.0, 0.12),
    Planted("term:AIGC", "new", "2025-03", 0.0, 0.14),
    Planted("term:邮件营销", "down", "2025-01", 0.25, 0.03),
    Planted("term:email marketing", "down", "2025-01", 0.25, 0.03),
)
START = dt.date(2024, 1, 1)
MONTHS = 24

# Skill sentences per area: (zh, en). Each names the area with one of its domain-map aliases.
SKILLS: dict[str, list[tuple[str, str]]] = {
    "T1": [
        (
            "开展海外市场调研，完成竞品分析报告",
            "run overseas market research and competitor analysis",
        ),
        (
            "做目标市场分析，提出市场进入策略",
            "do target market analysis and propose a market entry strategy",
        ),
    ],
    "T2": [
        (
            "负责选品，结合数据挖掘潜力爆品",
            "own product selection and find winning products from data",
        ),
        (
            "参与新品开发和产品线规划",
            "take part in new product development and product line planning",
        ),
    ],
    "T3": [
        ("负责店铺搭建与Listing优化", "handle store setup and listing optimization"),
        ("熟悉平台规则，做好产品刊登", "know the marketplace rules and manage product listing"),
        ("负责独立站运营，维护Shopify店铺", "run the independent site on Shopify"),
    ],
    "T4": [
        ("负责站内广告投放和关键词优化", "manage Amazon PPC campaigns and keyword bids"),
        (
            "制定海外推广计划，负责谷歌广告和搜索引擎优化",
            "plan overseas marketing with Google Ads and SEO",
        ),
    ],
    "T5": [
        (
            "负责订单处理、发货处理和退款处理",
            "handle order processing, shipping confirmation and refund processing",
        ),
        ("使用ERP系统跟踪订单履约", "track order fulfillment in the ERP system"),
    ],
    "T6": [
        ("处理买家纠纷和差评处理", "handle dispute resolution and negative feedback"),
        (
            "负责英语客服邮件回复，维护客户关系管理",
            "answer buyer messages and keep the CRM up to date",
        ),
    ],
    "T7": [
        (
            "对接货代，优化物流方案和库存管理",
            "work with the freight forwarder on logistics solutions and inventory management",
        ),
        ("负责供应商管理和采购管理", "own supplier management and procurement"),
    ],
    "T8": [
        ("负责店铺数据分析，输出数据报表", "do store analytics and build KPI reporting"),
        ("做广告数据分析和转化率分析", "run conversion rate analysis with SQL and Power BI"),
    ],
    "T9": [
        (
            "负责产品合规和产品认证（CE认证、FCC认证）",
            "own product compliance and product certification (CE marking)",
        ),
        ("跟进欧洲VAT与税务合规", "keep VAT compliance and tax compliance in order"),
    ],
    "customs-clearance": [
        (
            "负责报关和清关，熟悉9610、9810监管方式",
            "handle customs clearance and export declaration",
        ),
        ("负责HS编码商品归类", "do HS code tariff classification"),
    ],
    "cross-border-payment": [
        ("负责跨境收款与结汇", "manage cross-border payment and FX settlement"),
        ("管理PayPal和万里汇收款账户", "manage PayPal and WorldFirst collection accounts"),
    ],
    "social-commerce": [
        ("负责海外社媒运营与红人营销", "run social media marketing and influencer marketing"),
        ("策划短视频营销内容", "plan short-video marketing content"),
    ],
    "live-stream-selling": [
        ("负责TikTok直播带货，策划直播选品", "run live-stream selling on TikTok Shop"),
        ("担任外语主播，负责直播运营", "host as a live host and run live commerce sessions"),
    ],
    "brand-ip-protection": [
        ("负责商标注册和品牌备案", "handle trademark registration and Brand Registry"),
        ("处理侵权投诉，做好知识产权保护", "handle infringement claims and IP protection"),
    ],
    "regulation-tracking": [
        (
            "跟踪目标市场法规动态并做政策解读",
            "follow regulatory updates and trade policy in target markets",
        )
    ],
    "ai-customer-service": [
        ("维护智能客服系统和知识库维护", "tune the chatbot and keep knowledge base management"),
        ("配置AI客服自动回复", "set up AI customer service auto-reply"),
    ],
    "consumer-insight-analytics": [
        ("做用户画像和消费者行为分析", "build customer segmentation and consumer behavior analysis")
    ],
    "blockchain-traceability": [
        ("推进区块链溯源和一物一码", "roll out blockchain traceability for products")
    ],
    "digital-currency-payment": [("试点数字人民币收款", "pilot e-CNY and digital wallet payments")],
    "minor-languages-culture": [
        (
            "能用西班牙语或德语沟通，做好本地化",
            "communicate in Spanish or German and handle localization",
        )
    ],
    "overseas-warehouse": [
        ("管理海外仓库存和FBA头程", "manage overseas warehouse stock and FBA first-mile"),
        ("对接第三方海外仓和尾程派送", "coordinate 3PL partners and last-mile delivery"),
    ],
}

ROLE_AREAS: dict[str, list[str]] = {
    "platform_ops": ["T3", "T2", "T4", "T8", "T5"],
    "independent_site": ["T3", "social-commerce", "cross-border-payment", "T4"],
    "advertising": ["T4", "social-commerce", "T8", "consumer-insight-analytics"],
    "product_selection": ["T2", "T1", "consumer-insight-analytics"],
    "logistics": ["T7", "overseas-warehouse", "customs-clearance", "T5"],
    "customer_service": ["T6", "ai-customer-service", "minor-languages-culture"],
    "data": ["T8", "consumer-insight-analytics", "T1"],
    "compliance": ["T9", "brand-ip-protection", "regulation-tracking", "customs-clearance"],
    "other": [
        "minor-languages-culture",
        "cross-border-payment",
        "blockchain-traceability",
        "digital-currency-payment",
    ],
}
TITLES: dict[str, list[tuple[str, str]]] = {
    "platform_ops": [
        ("亚马逊运营专员", "Amazon Account Manager"),
        ("速卖通店铺运营", "Marketplace Operations Specialist"),
        ("跨境电商运营主管", "E-commerce Operations Lead"),
    ],
    "independent_site": [
        ("独立站运营", "Shopify Store Manager"),
        ("DTC独立站运营经理", "DTC Website Operations Manager"),
    ],
    "advertising": [
        ("亚马逊广告优化师", "Amazon PPC Specialist"),
        ("海外营销推广专员", "Performance Marketing Specialist"),
    ],
    "product_selection": [
        ("选品专员", "Product Research Specialist"),
        ("产品开发工程师", "Product Developer"),
    ],
    "logistics": [
        ("跨境物流专员", "Cross-border Logistics Coordinator"),
        ("关务专员", "Customs Specialist"),
        ("海外仓主管", "Overseas Warehouse Supervisor"),
    ],
    "customer_service": [
        ("英语客服", "Customer Service Representative"),
        ("售后客服主管", "Customer Support Lead"),
    ],
    "data": [("电商数据分析师", "E-commerce Data Analyst"), ("BI数据专员", "BI Analyst")],
    "compliance": [
        ("跨境合规专员", "Trade Compliance Specialist"),
        ("知识产权专员", "IP and Brand Protection Officer"),
    ],
    "other": [("跨境电商储备干部", "Cross-border Trainee"), ("外贸助理", "Export Assistant")],
}
ROLE_MIX = [
    ("platform_ops", 24),
    ("independent_site", 9),
    ("advertising", 14),
    ("product_selection", 10),
    ("logistics", 12),
    ("customer_service", 12),
    ("data", 7),
    ("compliance", 6),
    ("other", 6),
]
CITIES = [
    ("深圳", 30),
    ("广州", 12),
    ("杭州", 14),
    ("义乌", 6),
    ("宁波", 5),
    ("厦门", 6),
    ("上海", 8),
    ("东莞", 5),
    ("郑州", 4),
    ("成都", 3),
    ("苏州", 4),
    ("长沙", 3),
]
CITY_EN = {
    "深圳": "Shenzhen",
    "广州": "Guangzhou",
    "杭州": "Hangzhou",
    "义乌": "Yiwu",
    "宁波": "Ningbo",
    "厦门": "Xiamen",
    "上海": "Shanghai",
    "东莞": "Dongguan",
    "郑州": "Zhengzhou",
    "成都": "Chengdu",
    "苏州": "Suzhou",
    "长沙": "Changsha",
}
# Stable background tools named after a cue but not in the lexicon (should never fire).
BACKGROUND_TOOLS = [
    ("熟悉Photoshop", "experience with Photoshop"),
    ("熟悉领星ERP", "experience with Lingxing ERP"),
    ("会使用Canva", "experience with Canva"),
]
INTRO = [
    (
        "我们是一家专注家居用品出海的跨境电商公司，自建海外仓，产品销往欧美。",
        "We are a cross-border seller of home goods with our own overseas warehouse in Europe.",
    ),
    (
        "公司成立于2016年，主营3C配件，拥有自主品牌和独立站。",
        "Founded in 2016, we sell consumer electronics accessories under our own brand and independent site.",
    ),
    (
        "公司是亚马逊头部卖家，团队氛围好，晋升空间大。",
        "We are a top Amazon seller with a friendly team and room to grow.",
    ),
]
BENEFITS = [
    (
        "五险一金，带薪年假，节日福利，免费培训。",
        "Social insurance, paid leave, holiday gifts, free training.",
    ),
    ("提成奖金，年度旅游，弹性工作。", "Commission, annual team trip, flexible hours."),
]


def month_of(index: int) -> dt.date:
    year, month = divmod(START.month - 1 + index, 12)
    return dt.date(START.year + year, month + 1, 1)


def _share(p: Planted, month: str) -> float:
    return p.after if month >= p.onset else p.before


def posting(rng: random.Random, number: int, day: dt.date) -> dict[str, Any]:
    """One synthetic posting; also returns its gold role and areas under '_gold'."""
    english = rng.random() < 0.3
    role = rng.choices([r for r, _ in ROLE_MIX], [w for _, w in ROLE_MIX])[0]
    month = day.strftime("%Y-%m")
    areas = _areas(rng, role, month)
    lang = 1 if english else 0
    title = rng.choice(TITLES[role])[lang]
    duties = [rng.choice(SKILLS[a])[lang] for a in areas]
    extra = _planted_sentences(rng, role, month, english, areas)
    city = rng.choices([c for c, _ in CITIES], [w for _, w in CITIES])[0]
    description = _description(rng, english, duties, extra)
    return {
        "source_id": f"syn-{number:08d}",
        "title": title,
        "company": _company(rng, english),
        "city": CITY_EN[city] if english else city,
        "salary": _salary(rng, english),
        "posted": day.isoformat(),
        "description": description,
        "source": "synthetic",
        "url": f"https://example.invalid/jobs/syn-{number:08d}",
        "_gold": {"role": role, "areas": sorted(areas), "lang": "en" if english else "zh"},
    }


def _areas(rng: random.Random, role: str, month: str) -> list[str]:
    pool = ROLE_AREAS[role]
    areas = rng.sample(pool, k=min(len(pool), rng.randint(2, 3)))
    live = PLANTED[0]
    if "live-stream-selling" not in areas and rng.random() < _share(live, month):
        areas.append("live-stream-selling")
    return areas


def _planted_sentences(
    rng: random.Random, role: str, month: str, english: bool, areas: list[str]
) -> list[str]:
    out = []
    compliance_minded = role == "compliance" or "T9" in areas
    if compliance_minded and rng.random() < _share(PLANTED[1], month):
        out.append(
            "熟悉欧盟GPSR产品安全要求"
            if not english
            else "knowledge of the EU GPSR product safety rules"
        )
    if (
        not english
        and role in {"platform_ops", "product_selection"}
        and rng.random() < _share(PLANTED[2], month) * 3
    ):
        out.append("熟悉Temu全托管模式")
    if rng.random() < _share(PLANTED[3], month):
        out.append("熟悉AIGC工具" if not english else "experience with AIGC tools")
    email = PLANTED[5] if english else PLANTED[4]
    if (
        role in {"advertising", "independent_site", "platform_ops"}
        and rng.random() < _share(email, month) * 2
    ):
        out.append("有邮件营销经验" if not english else "email marketing experience is a plus")
    if rng.random() < 0.3:
        out.append(rng.choice(BACKGROUND_TOOLS)[1 if english else 0])
    return out


def _description(rng: random.Random, english: bool, duties: list[str], extra: list[str]) -> str:
    lang = 1 if english else 0
    intro = rng.choice(INTRO)[lang]
    benefits = rng.choice(BENEFITS)[lang]
    if english:
        items = "\n".join(f"- {d[0].upper()}{d[1:]}." for d in duties)
        reqs = "\n".join(
            f"- {e[0].upper()}{e[1:]}." for e in [*extra, "fluent English and good communication"]
        )
        return (
            f"About us: {intro}\nResponsibilities:\n{items}\nRequirements:\n{reqs}\n"
            f"Benefits: {benefits}\n(Synthetic sample posting for the CBEC Talent demo.)"
        )
    items = "\n".join(f"{i}. {d}；" for i, d in enumerate(duties, start=1))
    reqs = "\n".join(
        f"{i}. {e}；" for i, e in enumerate([*extra, "英语四级以上，沟通能力强"], start=1)
    )
    return (
        f"公司介绍：{intro}\n岗位职责：\n{items}\n任职要求：\n{reqs}\n"
        f"福利待遇：{benefits}\n（本岗位为演示用合成样例数据）"
    )


def _company(rng: random.Random, english: bool) -> str:
    word = rng.choice(["星海", "远航", "云帆", "海拓", "优品", "领跑", "蓝洋", "途达"])
    if english:
        return f"Sample {rng.choice(['Ocean', 'Summit', 'Bridge', 'Nova'])} Trading (synthetic)"
    return f"示例{word}跨境贸易有限公司（合成）"


def _salary(rng: random.Random, english: bool) -> str:
    low = rng.choice([5, 6, 7, 8, 10, 12, 15])
    high = low + rng.choice([2, 3, 4, 5, 8])
    return (
        f"${low * 1.2:.0f}k-{high * 1.2:.0f}k/year"
        if english and rng.random() < 0.3
        else f"{low}-{high}K"
    )


def postings(per_month: int = 400, months: int = MONTHS, seed: int = 7) -> Iterator[dict[str, Any]]:
    """`per_month` postings per month from 2024-01, dates spread over each month."""
    rng = random.Random(seed)
    number = 0
    for index in range(months):
        first = month_of(index)
        days = (month_of(index + 1) - first).days
        for _ in range(per_month):
            number += 1
            yield posting(rng, number, first + dt.timedelta(days=rng.randrange(days)))
