"""Generated frameworks of any size, in the national layout, for benchmarks (not sample data)."""

from __future__ import annotations

import random

from cbec.standards.catalog.specs import FrameworkSpec, ItemSpec, LevelSpec, ProvenanceSpec

WORDS = [
    "海外仓",
    "清关",
    "报关",
    "直播",
    "选品",
    "广告投放",
    "独立站",
    "客服",
    "数据分析",
    "合规",
    "物流",
    "支付结算",
    "社媒营销",
    "品牌",
    "知识产权",
    "跨文化",
    "listing",
    "TikTok",
    "Amazon",
    "customs",
    "payment",
    "warehouse",
    "marketing",
    "compliance",
    "analytics",
]


def generated_framework(code: str, n_items: int, seed: int = 7) -> FrameworkSpec:
    """About `n_items` items: roles → functions → work contents → skills and knowledge."""
    rng = random.Random(seed)
    items: list[ItemSpec] = []
    role = function = content = 0
    while len(items) < n_items:
        if len(items) % 400 == 0:
            role += 1
            items.append(ItemSpec(f"R{role}", None, "role", f"岗位{role}", f"Role {role}"))
        if len(items) % 40 == 1 or function == 0:
            function += 1
            items.append(
                ItemSpec(f"R{role}.{function}", f"R{role}", "function", f"职业功能{function}")
            )
        if len(items) % 8 == 2 or content == 0:
            content += 1
            items.append(
                ItemSpec(
                    f"R{role}.{function}.{content}",
                    f"R{role}.{function}",
                    "work_content",
                    f"工作内容{content}",
                )
            )
        parent = f"R{role}.{function}.{content}"
        kind = "skill_requirement" if rng.random() < 0.7 else "knowledge"
        words = rng.sample(WORDS, 3)
        levels = sorted(rng.sample([5, 4, 3, 2, 1], rng.randint(1, 3)), reverse=True)
        items.append(
            ItemSpec(
                f"{parent}.{len(items)}",
                parent,
                kind,
                f"能运用{words[0]}与{words[1]}完成{words[2]}相关工作",
                f"Can apply {words[0]} and {words[1]} to {words[2]} work",
                levels,
            )
        )
    levels = [LevelSpec(r, f"L{r}", f"{r}级", f"Level {r}") for r in [5, 4, 3, 2, 1]]
    return FrameworkSpec(
        code=code,
        version="1.0.0",
        title_zh=f"生成的基准框架 {code}",
        title_en=f"Generated benchmark framework {code}",
        kind="group",
        status="published",
        provenance=ProvenanceSpec(),
        levels=levels,
        items=items[:n_items],
    )


def store(spec: FrameworkSpec) -> object:
    from cbec.standards.actions import write_framework_content
    from cbec.standards.models import Framework

    fw = Framework.objects.create(
        code=spec.code,
        version=spec.version,
        title_zh=spec.title_zh,
        title_en=spec.title_en,
        kind=spec.kind,
        status=spec.status,
    )
    write_framework_content(fw, spec, {}, {})
    return fw
