"""The industry monitor through its stable interfaces: CLI, pages and API, with personas.

Every test uses its own throwaway lake (never the demo's), so other apps' tests see no demand.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import SYSTEM
from cbec.cli import main
from cbec.inbox.models import Signal
from cbec.lib.said import shown
from cbec.monitor import actions, evaluate, lake, runner, samples
from cbec.monitor.demand import demand_by_area
from cbec.monitor.lexicon import current_lexicon
from cbec.monitor.models import ImportRun, ImportStatus, QuarantinedRow, Role
from cbec.standards.models import DomainArea

pytestmark = pytest.mark.django_db

HEADER = "职位ID,职位名称,公司名称,工作地点,薪资,发布日期,职位描述\n"
ROWS = [
    "z1,關務專員,示例公司（合成）,深圳,8-12K,2024年3月5日,负责报关和清关，熟悉9610监管方式和HS编码归类\n",
    "z2,亚马逊广告优化师,示例公司（合成）,杭州,10-15K,2024/03/06,负责站内广告投放，熟悉Temu全托管和AIGC工具\n",
    "z3,英语客服,示例公司（合成）,广州,6-8K,20240307,处理买家纠纷和差评处理，维护客户关系管理\n",
    "z4,选品专员,示例公司（合成）,义乌,7-9K,下周一,负责选品和新品开发，分析海外市场需求\n",
    "z5,空描述,示例公司（合成）,深圳,7-9K,2024-03-08,\n",
    "z6,關務專員,示例公司（合成）,深圳,8-12K,2024-03-09,负责报关和清关，熟悉9610监管方式和HS编码归类\n",
]


@pytest.fixture
def lake_dir(settings: Any, tmp_path: Path) -> Path:
    settings.MONITOR_LAKE_DIR = tmp_path / "lake"
    return Path(settings.MONITOR_LAKE_DIR)


@pytest.fixture(scope="module")
def sample_lake(tmp_path_factory: Any, django_db_setup: Any, django_db_blocker: Any) -> Path:
    """A lake of synthetic postings (60 a month for two years), built once for this module."""
    root = tmp_path_factory.mktemp("sample-lake")
    path = root / "synthetic.jsonl"
    with django_db_blocker.unblock():
        samples.write_file(path, per_month=60)
        runner.import_file(path, current_lexicon(), root=root / "lake", source="synthetic")
    return root / "lake"


@pytest.fixture
def with_samples(settings: Any, sample_lake: Path) -> Iterator[Path]:
    settings.MONITOR_LAKE_DIR = sample_lake
    yield sample_lake


def gbk_file(tmp_path: Path, rows: list[str] = ROWS, name: str = "jobs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + "".join(rows)).encode("gbk"))
    return path


ENGLISH_TERMINAL = {"LC_ALL": "C.UTF-8"}


def cli(*args: str) -> Any:
    return CliRunner(env=ENGLISH_TERMINAL).invoke(main, list(args), catch_exceptions=False)


def english(client: Client) -> Client:
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


# --- import -------------------------------------------------------------------------------------


def test_cli_import_dedups_quarantines_and_is_idempotent(lake_dir: Path, tmp_path: Path) -> None:
    path = gbk_file(tmp_path)
    result = cli("postings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "6 rows, 3 added, 1 duplicates, 2 quarantined" in result.output
    assert "gb18030" in result.output and "zh-board" in result.output
    run = ImportRun.objects.latest("pk")
    reasons = {q.row: q.reason for q in QuarantinedRow.objects.filter(run=run)}
    assert "posted date: unrecognised date '下周一'" in shown(reasons[5], "en")
    assert "发布日期：无法识别的日期“下周一”" in shown(reasons[5], "zh-hans")
    assert "description" in shown(reasons[6], "en")
    assert QuarantinedRow.objects.get(run=run, row=5).raw["title"] == "选品专员"
    stored = (
        lake.connect()
        .execute("SELECT count(*), count(DISTINCT posting_id) FROM postings")
        .fetchone()
    )
    assert stored == (3, 3)  # the in-file repeat is stored once, not twice
    again = cli("postings", "import", str(path))
    assert "0 added, 4 duplicates" in again.output
    assert AuditEntry.objects.filter(action="monitor.import.finished").count() >= 2


def test_failed_imports_change_nothing(lake_dir: Path, tmp_path: Path) -> None:
    cli("postings", "import", str(gbk_file(tmp_path)))
    stored = lake.files("postings")
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\xff\x00binary" * 500)
    missing = tmp_path / "missing.csv"
    missing.write_text("title,company\nx,y\n", encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    files = ["postings", "import", str(junk), str(missing), str(empty)]
    result = CliRunner(env=ENGLISH_TERMINAL).invoke(main, files)
    assert result.exit_code == 1
    assert (
        "binary" in result.output and "missing column(s) for description, posted" in result.output
    )
    assert "empty.jsonl: the file is empty" in result.output
    chinese = CliRunner(env={"LC_ALL": "zh_CN.UTF-8"}).invoke(main, files[:2] + [str(missing)])
    assert "缺少字段 description, posted 的列" in chinese.output
    assert lake.files("postings") == stored
    assert ImportRun.objects.filter(status=ImportStatus.FAILED).count() == 4


def test_trends_command_prints_shares(lake_dir: Path, tmp_path: Path) -> None:
    cli("postings", "import", str(gbk_file(tmp_path)))
    out = cli("trends", "--by", "area").output
    assert "2024-03  customs-clearance" in out
    rows = json.loads(cli("trends", "--by", "province", "--json").output)
    assert {r["key"] for r in rows} == {"广东", "浙江"}


@pytest.mark.parametrize(
    "who,status",
    [("outsider", 403), ("student", 403), ("teacher", 403), ("enterprise", 200), ("chair", 200)],
)
def test_who_may_open_the_import_page(persona: Any, who: str, status: int) -> None:
    assert persona(who).get("/monitor/import/").status_code == status


def test_upload_page_imports_and_shows_progress(
    persona: Any, lake_dir: Path, tmp_path: Path
) -> None:
    assert persona(None).get("/monitor/import/").status_code == 302  # log in first
    client = persona("enterprise")
    with gbk_file(tmp_path).open("rb") as fh:
        response = client.post("/monitor/import/", {"file": fh, "preset": ""})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "jobs.csv" in page and 'id="quarantine"' in page
    assert "发布日期：无法识别的日期“下周一”" in page  # reasons in the reader's language
    english_page = english(client).get(response["Location"]).content.decode()
    assert "posted date: unrecognised date &#x27;下周一&#x27;" in english_page
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert (
        partial.startswith('<section id="run"') and "hx-trigger" not in partial
    )  # finished: no polling
    assert persona("outsider").get(response["Location"]).status_code == 404


def test_api_import_trends_and_errors(persona: Any, lake_dir: Path, tmp_path: Path) -> None:
    path = gbk_file(tmp_path)
    with path.open("rb") as fh:
        created = persona("demo").post("/api/monitor/imports", {"file": fh})
    assert created.status_code == 201 and created.json()["added"] == 3
    run_id = created.json()["id"]
    detail = persona("demo").get(f"/api/monitor/imports/{run_id}").json()
    assert {q["row"] for q in detail["quarantine"]} == {5, 6}
    with path.open("rb") as fh:
        refused = persona("student").post("/api/monitor/imports", {"file": fh})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert persona(None).get("/api/monitor/imports").json()["error"]["status"] == 401
    shares = persona(None).get("/api/monitor/trends", {"by": "role"}).json()
    assert {r["key"] for r in shares} == {"logistics", "advertising", "customer_service"}
    assert persona(None).get("/api/monitor/trends", {"by": "nonsense"}).status_code == 422
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a workbook")
    with junk.open("rb") as fh:
        bad = persona("demo").post("/api/monitor/imports", {"file": fh})
    assert bad.status_code == 422 and "Excel 工作簿" in bad.json()["error"]["message"]
    detail = (
        persona("demo")
        .get(f"/api/monitor/imports/{run_id}", headers={"Accept-Language": "en"})
        .json()
    )
    assert any(q["reason"].startswith("posted date:") for q in detail["quarantine"])
    with junk.open("rb") as fh:
        bad = persona("demo").post(
            "/api/monitor/imports", {"file": fh}, headers={"Accept-Language": "en"}
        )
    assert "not a readable Excel workbook" in bad.json()["error"]["message"]


# --- lexicon ------------------------------------------------------------------------------------


def test_lexicon_edits_then_reextraction_pick_up_a_new_term(
    persona: Any, lake_dir: Path, tmp_path: Path
) -> None:
    cli("postings", "import", str(gbk_file(tmp_path)))
    chair = persona("chair")
    candidates = chair.get("/api/monitor/candidates").json()
    assert "Temu全托管" in {c["term"] for c in candidates}
    assert persona("teacher").get("/monitor/lexicon/").status_code == 200
    assert (
        persona("teacher")
        .post("/monitor/lexicon/edit/", {"op": "add", "term": "Temu全托管", "area": "T3"})
        .status_code
        == 403
    )
    assert persona("outsider").get("/monitor/lexicon/").status_code == 403
    assert (
        chair.post(
            "/monitor/lexicon/edit/", {"op": "add", "term": "Temu全托管", "area": "T3"}
        ).status_code
        == 302
    )
    assert (
        chair.post("/monitor/lexicon/edit/", {"op": "add", "term": "x", "area": "T3"}).status_code
        == 400
    )
    assert chair.post("/monitor/lexicon/edit/", {"op": "reextract"}).status_code == 302
    assert "Temu全托管" not in {c["term"] for c in chair.get("/api/monitor/candidates").json()}
    ids = [r["posting_id"] for r in _rows("postings") if r["title"] == "亚马逊广告优化师"]
    posting = chair.get(f"/api/monitor/postings/{ids[0]}").json()
    assert any(m["term"] == "Temu全托管" and m["area"] == "T3" for m in posting["mentions"])
    assert AuditEntry.objects.filter(
        action="monitor.lexicon.added", actor__username="chair"
    ).exists()
    page = chair.get(f"/monitor/postings/{ids[0]}/").content.decode()
    assert "<mark" in page and "Temu全托管" in page


def _rows(dataset: str) -> list[dict[str, Any]]:
    with lake.connect() as con:
        rel = con.execute(f"SELECT * FROM {dataset}")
        names = [d[0] for d in rel.description]
        return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]


# --- trends, signals, demand ----------------------------------------------------------------------


def test_dashboard_renders_in_both_languages(persona: Any, with_samples: Path) -> None:
    client = persona(None)
    zh = client.get("/monitor/").content.decode()
    assert "产业需求监测" in zh and 'id="monitor-data"' in zh and "登录机构账号" in zh
    en = english(client).get("/monitor/").content.decode()
    assert '<html lang="en"' in en and "Industry demand monitor" in en
    data = json.loads(
        zh.split('id="monitor-data" type="application/json">')[1].split("</script>")[0]
    )
    assert len(data["areas"]["periods"]) == 24 and data["provinces"][0][0] == "广东"
    assert {s["name"] for s in data["roles"]["series"]} >= {"平台运营", "广告投放", "物流"}
    english_data = json.loads(
        en.split('id="monitor-data" type="application/json">')[1].split("</script>")[0]
    )
    assert "Platform operations" in {s["name"] for s in english_data["roles"]["series"]}


def test_the_dashboard_narrows_to_recent_months(persona: Any, with_samples: Path) -> None:
    client = persona(None)

    def data(query: str) -> dict[str, Any]:
        page = client.get(f"/monitor/{query}").content.decode()
        body = page.split('id="monitor-data" type="application/json">')[1].split("</script>")[0]
        return dict(json.loads(body), page=page)

    recent, everything = data("?months=6"), data("?months=7")  # 7 is not offered: all data
    assert recent["areas"]["periods"] == [
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
    ]
    assert (
        len(everything["areas"]["periods"]) == 24 and 'id="window-note"' not in everything["page"]
    )
    assert "2025-07 起" in recent["page"]
    live = {s["key"]: s["data"] for s in recent["areas"]["series"]}.get("live-stream-selling")
    assert live is not None and min(live) > 0.1  # only months after the planted rise
    assert everything["cities"][0][0] == "深圳" and sum(n for _, n in recent["cities"]) < sum(
        n for _, n in everything["cities"]
    )


def test_every_role_the_classifier_gives_has_a_display_name() -> None:
    from cbec.monitor.extract import ROLES
    from cbec.monitor.models import Role

    assert tuple(Role.values) == ROLES


def test_detected_signals_link_areas_items_standards_and_evidence(
    persona: Any, with_samples: Path
) -> None:
    signals = actions.detect_signals(actor=SYSTEM)
    by_series = {s.data["series"]: s for s in signals}
    live = by_series["area:live-stream-selling"]
    assert live.kind == "emerging" and live.data["onset"] in {"2024-08", "2024-09", "2024-10"}
    assert live.areas.filter(code="live-stream-selling").exists()
    assert live.items.exists() and live.frameworks.exists()
    assert (
        live.evidence
        and live.evidence[0]["kind"] == "posting"
        and live.evidence[0]["date"] >= "2024-08"
    )
    assert by_series["term:aigc"].kind == "new_term"
    assert by_series["term:邮件营销"].kind == "declining"
    assert len(actions.detect_signals(actor=SYSTEM)) == len(signals)
    assert Signal.objects.filter(source_kind="posting").count() == len(signals)  # idempotent
    page = persona("teacher").get("/monitor/").content.decode()
    newest = Signal.objects.filter(source_kind="posting").first()
    assert newest is not None and newest.title_zh in page


def test_the_demo_gets_sample_postings_and_labelled_signals_once(
    persona: Any, lake_dir: Path, tmp_path: Path
) -> None:
    from cbec.setup_data import load_sample

    first = load_sample()
    assert first["postings"] > 9_000
    posting_signals = Signal.objects.filter(source_kind="posting")
    assert posting_signals.exists() and not posting_signals.filter(is_sample=False).exists()
    assert load_sample()["postings"] == 0  # the lake is no longer empty
    page = persona("chair").get("/monitor/").content.decode()
    assert 'id="sample-note"' in page and 'id="detect-form"' in page
    assert persona("student").post("/monitor/detect/").status_code == 403
    detected = persona("chair").post("/monitor/detect/", follow=True).content.decode()
    assert f"检测完成：{posting_signals.count()} 项发现" in detected


def test_sample_postings_never_go_into_a_lake_with_real_postings(
    lake_dir: Path, tmp_path: Path
) -> None:
    from cbec.setup_data import load_sample

    actions.import_postings(gbk_file(tmp_path), actor=SYSTEM)
    assert load_sample()["postings"] == 0
    assert not ImportRun.objects.filter(is_sample=True).exists()


def test_an_import_detects_signals_without_a_separate_step(lake_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "company-feed.jsonl"
    samples.write_file(path, per_month=30)
    run = actions.import_postings(path, actor=SYSTEM, source="feed")
    assert run.added > 600
    found = Signal.objects.filter(source_kind="posting")
    assert found.filter(data__series="area:live-stream-selling").exists()
    assert not found.filter(is_sample=True).exists()  # not imported as sample data


def test_monthly_and_weekly_series_count_the_same_postings(with_samples: Path) -> None:
    from cbec.monitor import trends

    monthly, weekly = trends.series("month"), trends.series("week")
    assert len(monthly.periods) == 24 and len(weekly.periods) > 100
    assert set(monthly.counts) == set(weekly.counts) and "area:T3" in monthly.counts
    assert all(sum(monthly.counts[k]) == sum(weekly.counts[k]) for k in monthly.counts)
    everything = trends.term_areas()
    some = trends.term_areas(["term:直播运营", "term:aigc", "term:nothing-like-this"])
    assert set(some) == {"term:直播运营", "term:aigc"}
    assert all(some[k] == everything[k] for k in some)


def test_posting_signals_are_for_members_in_the_inbox_too(persona: Any, with_samples: Path) -> None:
    signals = actions.detect_signals(actor=SYSTEM)
    live = next(s for s in signals if s.data["series"] == "area:live-stream-selling")
    page = persona("teacher").get(f"/inbox/{live.pk}/").content.decode()
    series = json.loads(page.split('id="signal-series" type="application/json">')[1].split("<")[0])
    assert series["onset"] == live.data["onset"] and len(series["shares"]) == 24
    assert max(series["shares"][-6:]) > 2 * max(series["shares"][:6])  # the planted rise
    outsider = persona("outsider")
    assert outsider.get(f"/inbox/{live.pk}/").status_code == 404
    assert str(live.title_zh) not in outsider.get("/inbox/").content.decode()
    listed = outsider.get("/api/inbox").json()["items"]
    assert all(s["source_kind"] != "posting" for s in listed)
    assert outsider.get(f"/api/inbox/{live.pk}").status_code == 404


def test_demand_by_area_feeds_the_gap_report(with_samples: Path) -> None:
    from cbec.analysis.services import industry_demand

    demand = demand_by_area()
    assert demand["T3"] > demand["digital-currency-payment"] > 0
    assert all(0 < v <= 1 for v in demand.values())
    assert industry_demand() == demand


def test_demand_is_empty_without_postings(lake_dir: Path) -> None:
    assert demand_by_area() == {}
    assert cli("trends").output.startswith("no postings")
    assert lake_dir == django_settings.MONITOR_LAKE_DIR


def test_evaluation_reports_extraction_and_detector_quality() -> None:
    report = evaluate.run(current_lexicon(), per_month=60, seeds=(3,))
    extraction = report["extraction"]
    assert extraction["postings"] == 60
    assert extraction["micro"]["f1"] >= 0.8 and extraction["role_accuracy"] >= 0.8
    assert report["detectors"]["combined"]["recall"] >= 0.8
    assert "micro" in evaluate.render(report)


@pytest.mark.parametrize("path", [evaluate.HELDOUT_SET, evaluate.TEST_SET])
def test_the_blind_sets_are_valid(path: Path) -> None:
    postings = evaluate.load_set(path)
    assert len(postings) == 60 and len({p["id"] for p in postings}) == 60
    assert sorted(p["lang"] for p in postings).count("zh") == 40
    codes = set(DomainArea.objects.values_list("code", flat=True))
    roles = set(Role.values)
    for p in postings:
        assert set(p["areas"]) <= codes and p["role"] in roles, p["id"]
    assert {a for p in postings for a in p["areas"]} == codes  # every area is covered


def test_every_set_is_reported_alike() -> None:
    report = evaluate.run(current_lexicon(), per_month=20, seeds=(3,))
    blocks = [report["extraction"], report["extraction_heldout"], report["extraction_test"]]
    codes = set(DomainArea.objects.values_list("code", flat=True))
    for e in blocks:
        assert e.keys() == blocks[0].keys() and e["postings"] == 60
        for s in [e["micro"], *e["per_area"].values()]:
            assert 0 <= s["precision"] <= 1 and 0 <= s["recall"] <= 1 and 0 <= s["f1"] <= 1
        assert 0 <= e["macro_f1"] <= 1 and 0 <= e["role_accuracy"] <= 1
        assert set(e["per_area"]) <= codes
    text = evaluate.render(report)
    assert "development set (written by the extractor's author)" in text
    assert "test set (third author, labelled blind, never tuned on)" in text
    result = CliRunner(env={"LC_ALL": "C.UTF-8"}).invoke(main, ["monitor", "evaluate", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["extraction_test"]["postings"] == 60


def test_reimport_skips_known_records_before_parsing(
    lake_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "synthetic.jsonl"
    samples.write_file(path, per_month=10, months=3)
    lexicon = current_lexicon()
    first = runner.import_file(path, lexicon, root=lake_dir, source="synthetic").progress
    parsed: list[int] = []
    real = runner.stages.posting_batch

    def counting(rows: Any, **kwargs: Any) -> Any:
        rows = list(rows)
        parsed.append(len(rows))
        return real(rows, **kwargs)

    monkeypatch.setattr(runner.stages, "posting_batch", counting)
    again = runner.import_file(path, lexicon, root=lake_dir, source="synthetic").progress
    assert (again.rows, again.added) == (first.rows, 0)
    assert again.duplicates + again.quarantined == again.rows
    # Only records the lake does not hold (in-file duplicates, quarantined rows) are parsed.
    assert sum(parsed) <= first.duplicates + first.quarantined < first.rows


def test_the_same_bytes_under_another_mapping_are_not_skipped(
    lake_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "two-titles.csv"
    path.write_text(
        "title,job_title,description,date\n"
        "运营专员,Amazon Operator,负责亚马逊店铺运营和广告投放,2024-03-01\n"
        "物流专员,Logistics Clerk,负责海外仓发货和清关资料,2024-03-02\n",
        encoding="utf-8",
    )
    lexicon = current_lexicon()
    standard = runner.import_file(path, lexicon, root=lake_dir, preset="standard").progress
    english = runner.import_file(path, lexicon, root=lake_dir, preset="en-board").progress
    assert (standard.added, english.added) == (2, 2)


def test_lakes_written_before_raw_hashes_still_deduplicate(lake_dir: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = gbk_file(tmp_path)
    cli("postings", "import", str(path))
    for part in lake.files("postings"):
        table = pq.read_table(part)
        pq.write_table(table.drop_columns(["raw_hash"]), part)
    again = runner.import_file(path, current_lexicon(), root=lake_dir)
    assert (again.progress.added, again.progress.duplicates) == (0, 4)
    assert actions.reextract(actor=SYSTEM)["postings"] == 3


def test_a_run_cut_off_by_a_restart_is_settled_not_left_running(
    persona: Any, lake_dir: Path, tmp_path: Path
) -> None:
    actions.import_postings(gbk_file(tmp_path), actor=SYSTEM)  # the lake exists
    cut_off = actions.start_import("big.jsonl", 50_000_000, actor=SYSTEM)
    alive = actions.start_import("busy.jsonl", 50_000_000, actor=SYSTEM)
    long_ago = timezone.now() - actions.STALE_AFTER - dt.timedelta(minutes=1)
    ImportRun.objects.filter(pk=cut_off.pk).update(heartbeat_at=long_ago)
    leftover = next(lake_dir.glob("postings/month=*")) / ".part-dead0000.parquet.tmp"
    leftover.write_bytes(b"half a parquet file")
    with lake.locked():  # a writer holds the lake: nothing may be judged cut off now
        assert actions.settle_interrupted_runs() == []
    assert cli("scheduler", "--once").exit_code == 0  # the scheduler settles runs, not pages
    page = persona("chair").get(f"/monitor/imports/{cut_off.pk}/").content.decode()
    assert "导入中断" in page and not leftover.exists()
    assert ImportRun.objects.get(pk=cut_off.pk).status == ImportStatus.FAILED
    assert ImportRun.objects.get(pk=alive.pk).status == ImportStatus.RUNNING
    assert AuditEntry.objects.filter(action="monitor.import.interrupted").count() == 1
    assert lake.connect().execute("SELECT count(*) FROM postings").fetchone() == (3,)
