"""Regulation feed and field research through HTTP, the CLI and personas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import SYSTEM
from cbec.cli import main
from cbec.lib.said import shown
from cbec.regulatory.models import FieldVisit, Notice

pytestmark = pytest.mark.django_db

GPSR_HTML = b"""<html><head><title>General Product Safety Regulation (EU) 2023/988</title></head><body>
<h1>General Product Safety Regulation (EU) 2023/988</h1>
<p>Regulation (EU) 2023/988 of the European Parliament and of the Council on general product safety.
Online offers must show the manufacturer, the responsible person in the EU and product identification;
online marketplaces must remove dangerous products on order. It shall apply from 13 December 2024.</p>
<p>Directive 2001/95/EC is repealed with effect from 13 December 2024.</p></body></html>"""

CN_NOTICES = {
    "notices": [
        {
            "title": "关于跨境电子商务零售进口商品退货有关事项的公告",
            "number": "海关总署公告2025年第950号",
            "text": "跨境电子商务企业应在海关监管下办理退货。本公告自2025年3月1日起施行。",
        },
        {
            "title": "关于跨境电子商务零售进口商品退货有关事项的公告（更正）",
            "number": "海关总署公告2025年第950号",
            "text": "跨境电子商务退货。本公告自2025年4月1日起施行。海关总署公告2019年第977号同时废止。",
        },
        {"title": "关于个人所得税专项附加扣除的公告", "text": "居民个人的工资薪金所得。"},
        {"number": ""},
    ]
}


def upload(client: Any, *files: tuple[str, bytes]) -> Any:
    return client.post(
        "/regulatory/notices/import/",
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def test_editor_imports_a_folder_of_notices_and_sees_why(persona: Any) -> None:
    chair = persona("chair")
    response = upload(
        chair,
        ("gpsr.html", GPSR_HTML),
        ("cn.json", json.dumps(CN_NOTICES, ensure_ascii=False).encode()),
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-report"' in html
    assert "cn.json#4: title：公告需要标题或文号" in html
    assert Notice.objects.count() == 4
    gpsr = Notice.objects.get(number="Regulation (EU) 2023/988")
    assert (
        gpsr.relevant and "product_safety" in gpsr.topics and str(gpsr.effective_on) == "2024-12-13"
    )
    relations = {
        (link.relation, link.regulation.code if link.regulation else None)
        for link in gpsr.links.all()
    }
    assert relations == {("same", "eu-gpsr-2023-988"), ("repeals", "eu-gpsd-2001-95")}
    assert gpsr.items.filter(framework__code="cbec-reference-roles").exists()
    assert gpsr.areas.filter(code="T9").exists()
    page = persona(None).get(f"/regulatory/notices/{gpsr.pk}/").content.decode()
    assert "“product safety” → product_safety" in page and 'id="notice-items"' in page
    assert not Notice.objects.get(title="关于个人所得税专项附加扣除的公告").relevant
    assert AuditEntry.objects.filter(action="regulatory.notices.imported").exists()


def test_reimport_adds_nothing_and_contradictions_are_flagged(persona: Any) -> None:
    chair = persona("chair")
    data = json.dumps(CN_NOTICES, ensure_ascii=False).encode()
    upload(chair, ("cn.json", data))
    upload(chair, ("cn.json", data))
    assert Notice.objects.count() == 3
    second = Notice.objects.get(title__endswith="（更正）")
    conflicts = [shown(c, "en") for c in second.conflicts]
    assert any("not a known regulation" in c for c in conflicts)
    assert any("same number" in c for c in conflicts)
    assert any("文号相同" in shown(c, "zh-hans") for c in second.conflicts)
    body = persona(None).get("/api/notices", {"conflicts": "true"}).json()
    assert body["count"] >= 1 and "文号相同" in " ".join(body["items"][0]["conflicts"])
    english = persona(None).get(
        "/api/notices", {"conflicts": "true"}, headers={"Accept-Language": "en"}
    )
    assert "same number" in " ".join(english.json()["items"][0]["conflicts"])


BROKEN = [
    ("bad.json", b"{not json"),
    ("bad.rss", b"<rss><item>"),
    ("junk.csv", b"\x00\x01\x02\x03"),
    ("empty.jsonl", b""),
]


def test_broken_feeds_are_reported_and_change_nothing(persona: Any) -> None:
    chair = persona("chair")
    html = upload(chair, *BROKEN).content.decode()
    for expected in [
        "bad.json:1：JSON 格式错误",
        "bad.rss：XML 格式错误或不安全",
        "junk.csv：二进制数据",
        "empty.jsonl：文件是空的",
    ]:
        assert expected in html
    chair.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = upload(chair, *BROKEN).content.decode()
    for expected in [
        "bad.json:1: malformed JSON",
        "bad.rss: malformed or unsafe XML",
        "junk.csv: binary data",
        "empty.jsonl: the file is empty",
    ]:
        assert expected in html
    assert Notice.objects.count() == 0


def test_only_standards_bodies_import_or_record(persona: Any) -> None:
    assert upload(persona("teacher"), ("a.json", b"[]")).status_code == 403
    assert persona(None).get("/regulatory/notices/import/").status_code == 403
    visit = {"organisation": "示例企业", "visited_on": "2026-10-01", "findings": []}
    assert (
        persona("enterprise")
        .post("/api/field-visits", visit, content_type="application/json")
        .status_code
        == 403
    )


def test_field_visit_findings_by_page_and_api(persona: Any) -> None:
    chair = persona("chair")
    response = chair.post(
        "/regulatory/visits/",
        {
            "organisation": "示例出海科技有限公司（示例）",
            "visited_on": "2026-10-12",
            "panel": "张三, 李四",
            "findings": "痛点: 物流成本上涨 #T7\n技能: TikTok 直播英语话术 #live-stream-selling #minor-languages-culture",
            "attachment": SimpleUploadedFile("notes.txt", "访谈纪要".encode()),
        },
    )
    assert response.status_code == 302
    visit = FieldVisit.objects.get()
    kinds = sorted((f.kind, sorted(a.code for a in f.areas.all())) for f in visit.findings.all())
    assert kinds == [
        ("pain_point", ["T7"]),
        ("skill_need", ["live-stream-selling", "minor-languages-culture"]),
    ]
    assert visit.organisation is not None  # matched the sample organisation
    api = chair.post(
        "/api/field-visits",
        {
            "organisation": "示例企业",
            "visited_on": "2026-11-01",
            "findings": [{"kind": "skill_need", "text": "IOSS", "areas": ["T9"]}],
        },
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["findings"][0]["areas"] == ["T9"]
    bad = chair.post(
        "/api/field-visits",
        {
            "organisation": "x",
            "visited_on": "2026-11-01",
            "findings": [{"kind": "gossip", "text": "x"}],
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "物流成本上涨" in persona(None).get(f"/regulatory/visits/{visit.pk}/").content.decode()
    download = chair.get(f"/regulatory/visits/{visit.pk}/attachment/")
    assert b"".join(download.streaming_content).decode() == "访谈纪要"
    assert persona(None).get(f"/regulatory/visits/{visit.pk}/attachment/").status_code == 302


def test_a_visit_with_an_unreadable_date_is_refused_in_the_readers_language(
    persona: Any,
) -> None:
    chair = persona("chair")
    form = {"organisation": "示例企业", "visited_on": "2026-13-45", "findings": ""}
    refused = chair.post("/regulatory/visits/", form)
    assert refused.status_code == 400 and "调研日期应为 YYYY-MM-DD" in refused.content.decode()
    chair.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = chair.post("/regulatory/visits/", form).content.decode()
    assert "the visit date must be YYYY-MM-DD, not '2026-13-45'" in english
    assert not FieldVisit.objects.filter(organisation_name="示例企业").exists()


def test_timeline_and_cli(persona: Any, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "gpsr.html").write_bytes(GPSR_HTML)
    result = CliRunner().invoke(main, ["notices", "import", str(folder)])
    assert result.exit_code == 0 and "new 1" in result.output
    again = CliRunner().invoke(main, ["notices", "import", str(folder)])
    assert "new 0, duplicates 1" in again.output
    entries = persona(None).get("/api/notices/timeline").json()
    assert any(e["kind"] == "notice" and e["date"] == "2024-12-13" for e in entries)
    assert "2024-12-13" in persona(None).get("/regulatory/timeline/").content.decode()


def test_repealing_a_notice_of_the_same_batch_is_not_a_conflict() -> None:
    from cbec.regulatory.actions import import_notice_files

    batch = {
        "notices": [
            {
                "title": "关于跨境电子商务退货的公告",
                "number": "海关总署公告2025年第982号",
                "text": "跨境电子商务退货。本公告自2025年7月1日起施行。海关总署公告2023年第981号同时废止。",
            },
            {
                "title": "关于跨境电子商务退货的旧公告",
                "number": "海关总署公告2023年第981号",
                "text": "跨境电子商务退货。本公告自2023年7月1日起施行。",
            },
        ]
    }
    import_notice_files([("b.json", json.dumps(batch, ensure_ascii=False).encode())], actor=SYSTEM)
    assert Notice.objects.get(number="海关总署公告2025年第982号").conflicts == []
