"""Pure cores of the regulation feed: field extraction, classification, feeds, links."""

from __future__ import annotations

from cbec.lib.said import shown
from cbec.regulatory.classify import classify
from cbec.regulatory.feeds import FeedProblem, read_feed
from cbec.regulatory.linking import KnownRegulation, areas_for, known_numbers, regulation_links
from cbec.regulatory.notice_text import extract, normalise_number, parse_date

CN_NOTICE = """为促进跨境电子商务健康发展，现就跨境电子商务零售进口商品退货有关事项公告如下。
本公告自2025年1月1日起施行。海关总署公告2020年第945号同时废止。
海关总署
2024年12月20日"""


def test_chinese_fields_with_their_evidence() -> None:
    f = extract("海关总署公告2024年第967号（关于跨境电子商务零售进口退货的公告）", CN_NOTICE)
    assert f.number == "海关总署公告2024年第967号"
    assert f.authorities == ["海关总署"]
    assert f.issued is not None and f.issued.value == "2024-12-20"
    assert [e.value for e in f.effective] == ["2025-01-01"] and "起施行" in f.effective[0].snippet
    assert [r.value for r in f.repeals] == ["海关总署公告2020年第945号"]


def test_english_fields() -> None:
    text = (
        "Regulation (EU) 2023/988 of the European Parliament and of the Council. "
        "It shall apply from 13 December 2024. Directive 2001/95/EC is repealed with effect from 13 December 2024."
    )
    f = extract("General Product Safety Regulation", text)
    assert f.number == "Regulation (EU) 2023/988"
    assert [e.value for e in f.effective] == ["2024-12-13"]
    assert [r.value for r in f.repeals] == ["Directive 2001/95/EC"]
    assert "European Parliament" in f.authorities


def test_number_and_date_spellings() -> None:
    assert (
        normalise_number("财关税[2016] 18号")
        == normalise_number("财关税〔2016〕18号")
        == "财关税〔2016〕18号"
    )
    assert normalise_number("Regulation  (EU)  2023/988") == "Regulation (EU) 2023/988"
    assert str(parse_date("自2024年3月1日起")) == "2024-03-01"
    assert str(parse_date("applies from 1 July 2021")) == "2021-07-01"
    assert parse_date("2024年2月30日") is None


def test_classification_explains_itself() -> None:
    c = classify(
        "关于跨境电子商务零售进口退货有关事项的公告", "跨境电子商务企业应当在海关监管下办理退货"
    )
    assert c.relevant and set(c.topics) >= {"returns", "customs_mode"}
    assert ("退货", "returns") in c.fired and ("跨境电子商务", "cbec") in c.fired
    assert "退货 → returns" in c.explanation()
    domestic = classify("关于个人所得税专项附加扣除的公告", "居民个人工资薪金所得")
    assert not domestic.relevant and domestic.topics == []
    assert not classify(
        "Private sector pay", "the privately held company"
    ).fired  # "vat" ≠ "private"


def english(problem: FeedProblem) -> str:
    return shown(problem.said(), "en")


def test_feeds_of_every_kind_and_their_problems() -> None:
    rss = b"<rss><channel><item><title>A</title><description>x</description></item></channel></rss>"
    assert read_feed("f.rss", rss)[0][0].values == {"title": "A", "text": "x"}
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>B</title><link href="http://b"/></entry></feed>'
    assert read_feed("f.atom", atom)[0][0].values["url"] == "http://b"
    gbk = "标题,文号\n公告,海关总署公告2024年第901号\n".encode("gbk")
    assert read_feed("f.csv", gbk)[0][0].values["number"] == "海关总署公告2024年第901号"
    notices, problems = read_feed("f.jsonl", b'{"title": "ok"}\n{bad\n[1]\n')
    assert len(notices) == 1 and [p.source for p in problems] == ["f.jsonl:2", "f.jsonl:3"]
    assert "malformed JSON" in english(read_feed("f.json", b"{")[1][0])
    assert "empty" in english(read_feed("f.json", b"  ")[1][0])
    assert "binary" in english(read_feed("f.csv", b"\x00\x01\x02junk")[1][0])
    assert "unsupported" in english(read_feed("f.pdf", b"%PDF")[1][0])
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>'
    )
    assert "unsafe" in english(read_feed("f.xml", bomb)[1][0])
    html = (
        "<html><head><title>标题</title></head><body><p>正文</p><script>x()</script></body></html>"
    )
    (page,), _ = read_feed("p.html", html.encode())
    assert page.values == {"title": "标题", "text": "正文"}


def test_links_to_known_regulations_and_unknown_repeals() -> None:
    known = [
        KnownRegulation(
            "gpsr", known_numbers("Regulation (EU) 2023/988"), "欧盟通用产品安全法规", "GPSR"
        ),
        KnownRegulation("gpsd", known_numbers("Directive 2001/95/EC"), "", ""),
    ]
    text = "Regulation (EU) 2023/988 … Directive 2001/95/EC is repealed. Directive 1999/44/EC is repealed."
    links = regulation_links(extract("GPSR", text), "GPSR", known)
    assert [(link.relation, link.regulation) for link in links] == [
        ("same", "gpsr"),
        ("repeals", "gpsd"),
        ("repeals", None),
    ]
    assert areas_for(["product_safety"]) == ["T9", "regulation-tracking"]
    assert areas_for([]) == []
