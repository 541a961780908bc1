"""Pure cores of the industry monitor, with tiny literal inputs (no database)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pyarrow as pa
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cbec.lib.said import say, shown, terminal_language
from cbec.monitor import detect, stages
from cbec.monitor import extract as ex
from cbec.monitor.geo import locate
from cbec.monitor.mapping import MappingError, resolve
from cbec.monitor.normalise import DateError, clean_text, language, nfkc, parse_date, parse_salary
from cbec.monitor.readers import MAX_CELL, ReadError, open_table

LEXICON = ex.Lexicon(
    (
        ex.Term("海外仓", "overseas-warehouse"),
        ex.Term("关税", "customs-clearance"),
        ex.Term("清关", "customs-clearance"),
        ex.Term("SEO", "T4"),
        ex.Term("Google Ads", "T4"),
        ex.Term("Listing优化", "T3"),
        ex.Term("Zendesk", "T6", "tool"),
        ex.Term("Zendesk", "ai-customer-service", "tool"),
    )
)
MATCHER = ex.build_matcher(LEXICON)


def areas(title: str, body: str) -> set[str]:
    return ex.demanded_areas(ex.extract(title, body, MATCHER))


# --- normalisation ---------------------------------------------------------------------------


def test_text_is_simplified_half_width_and_free_of_html() -> None:
    assert (
        clean_text("<p>負責亞馬遜<b>廣告</b></p><p>ＳＥＯ&amp;ＳＥＭ</p>")
        == "负责亚马逊 广告\nSEO&SEM"
    )


# Full-width forms, ideographic and no-break spaces, Chinese, combining marks, ligatures.
TEXTY = st.text(
    st.sampled_from(list("ＡＢａ１，：（）！％\u3000\u00a0\u0301\ufb01ｶﾞ①㈱中文繁體 ab,.-\n"))
)


@given(TEXTY)
def test_fast_nfkc_is_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(st.text(st.sampled_from(list("中文ab 1,"))))
def test_language_is_chinese_from_five_percent(text: str) -> None:
    sample = text[:400]
    share = sum("\u4e00" <= c <= "\u9fff" for c in sample) / max(len(sample), 1)
    assert language(text) == ("zh" if text and share >= 0.05 else "en")


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05",
        "2024/3/5",
        "2024年3月5日",
        "20240305",
        "05.03.2024",
        "Mar 5, 2024",
        "5 March 2024",
        "2024-03-05T08:00:00Z",
        "45356",
    ],
)
def test_dates_in_many_formats(text: str) -> None:
    assert parse_date(text) == dt.date(2024, 3, 5)


@pytest.mark.parametrize("text", ["", "yesterday", "2024-02-30", "1899-01-01", "３月"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_salaries_become_monthly_ranges() -> None:
    assert parse_salary("8-12K") == (8000, 12000, "CNY")
    assert parse_salary("1.5-2万/月") == (15000, 20000, "CNY")
    assert parse_salary("$60k-84k/year") == (5000, 7000, "USD")
    assert parse_salary("面议") == (None, None, "")


def test_locations_resolve_to_city_and_province() -> None:
    assert locate("深圳市南山区") == ("深圳", "广东")
    assert locate("Hangzhou, Zhejiang") == ("杭州", "浙江")
    assert locate("Remote") == ("", "")


# --- field mapping and readers ---------------------------------------------------------------


def test_presets_are_detected_and_missing_columns_named() -> None:
    assert resolve(["职位名称", "职位描述", "发布日期", "工作地点"]).preset == "zh-board"
    assert resolve(["job_title", "job_description", "date_posted"]).columns["title"] == "job_title"
    with pytest.raises(MappingError, match="description"):
        resolve(["title", "posted", "company"])


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


CSV = "title,description,posted\n运营,负责海外仓,2024-01-02\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    table = open_table(write(tmp_path, "a.csv", CSV.encode(encoding)))
    rows = list(table.rows)
    assert table.headers == ["title", "description", "posted"]
    assert rows[0].values["description"] == "负责海外仓" and not rows[0].problem


def test_mixed_encodings_keep_good_lines_and_flag_bad_bytes(tmp_path: Path) -> None:
    data = (
        CSV.encode()
        + "选品,负责选品,2024-01-03\n".encode("gbk")
        + b"x,\xff\xfe\xfa junk,2024-01-04\n"
    )
    table = open_table(write(tmp_path, "m.csv", data))
    rows = list(table.rows)
    assert [r.problem == "" for r in rows] == [True, True, False]
    assert "neither UTF-8 nor GBK" in shown(rows[2].problem, "en")
    assert table.encoding.startswith("mixed")


def test_empty_binary_and_headerless_files_are_refused(tmp_path: Path) -> None:
    with translation.override("en"):
        with pytest.raises(ReadError, match="e.csv: the file is empty"):
            open_table(write(tmp_path, "e.csv", b"  \n"))
        with pytest.raises(ReadError, match="binary"):
            open_table(write(tmp_path, "b.csv", b"\x00\x01\x02garbage\x00" * 100))
    with translation.override("zh-hans"), pytest.raises(ReadError, match="找不到带列名的表头行"):
        open_table(write(tmp_path, "h.csv", b"just one line\n"))


def test_huge_cells_are_quarantined_not_truncated(tmp_path: Path) -> None:
    big = "x" * (10 * 1024 * 1024)
    table = open_table(
        write(tmp_path, "big.csv", f'title,description,posted\nt,"{big}",2024-01-01\n'.encode())
    )
    (row,) = list(table.rows)
    assert f"limit {MAX_CELL:,}" in shown(row.problem, "en")


def test_jsonl_bad_lines_are_rows_with_problems(tmp_path: Path) -> None:
    data = b'{"title": "a", "description": "b", "posted": "2024-01-01"}\n{oops\n[1]\n'
    rows = list(open_table(write(tmp_path, "p.jsonl", data)).rows)
    assert [shown(r.problem, "en")[:12] for r in rows] == ["", "invalid JSON", "line is JSON"]


def test_xlsx_rows_are_read(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["职位名称", "职位描述", "发布日期"])
    book.active.append(["客服", "负责英语客服", dt.datetime(2024, 5, 6)])  # noqa: DTZ001 - Excel dates are naive
    book.save(tmp_path / "x.xlsx")
    table = open_table(tmp_path / "x.xlsx")
    (row,) = list(table.rows)
    assert row.values["发布日期"] == dt.datetime(2024, 5, 6) and row.number == 2  # noqa: DTZ001


# --- extraction ----------------------------------------------------------------------------------


def test_english_terms_need_word_boundaries() -> None:
    assert areas("Marketer", "Own SEO and Google Ads.") == {"T4"}
    assert areas("Marketer", "Based in SEOUL, googleadsmith") == set()


def test_chinese_terms_need_segmentation_boundaries() -> None:
    assert areas("专员", "熟悉清关流程") == {"customs-clearance"}
    assert areas("专员", "核对海关税收账务") == set()  # 关税 straddles 海关|税收


def test_mentions_carry_span_confidence_and_section() -> None:
    title, body = "运营", "公司介绍：我们有海外仓。\n任职要求：熟悉Listing优化"
    found = ex.extract(title, body, MATCHER)
    text = f"{title}\n{body}"
    assert [(m.area, text[m.start : m.end], m.section) for m in found] == [
        ("overseas-warehouse", "海外仓", "intro"),
        ("T3", "Listing优化", "requirements"),
    ]
    assert found[0].confidence < ex.DEMAND_THRESHOLD <= found[1].confidence
    assert ex.demanded_areas(found) == {"T3"}


@given(
    st.text(
        st.sampled_from(list("熟悉清关海外仓关税政策负责核对账务和HS编码a-1 ，。\n")), max_size=60
    )
)
def test_segmenting_only_the_blocks_with_hits_decides_as_the_whole_text_would(body: str) -> None:
    text = f"专员\n{body}"
    hits = [h for h in ex._hits(MATCHER, ex.lower(text)) if ex._CJK.search(text, h[0], h[1])]
    whole = ex.token_boundaries(text)
    local = ex._hit_boundaries(text, hits)
    for start, end, _ in hits:
        assert ex._cjk_factor(text, start, end, local) == ex._cjk_factor(text, start, end, whole)


def test_a_name_under_two_areas_counts_for_both_at_lower_confidence() -> None:
    found = ex.extract("Support", "Experience with Zendesk", MATCHER)
    assert {m.area for m in found} == {"T6", "ai-customer-service"}
    assert all(m.confidence < 0.8 for m in found)


@pytest.mark.parametrize(
    "title,role",
    [
        ("亚马逊广告优化师", "advertising"),
        ("独立站运营", "independent_site"),
        ("亚马逊运营专员", "platform_ops"),
        ("Customs Specialist", "logistics"),
        ("英语客服", "customer_service"),
        ("外贸助理", "other"),
    ],
)
def test_roles_from_titles(title: str, role: str) -> None:
    assert ex.classify_role(title, []) == role


def test_role_falls_back_to_the_areas_of_the_text() -> None:
    found = ex.extract("专员", "负责清关和海外仓", MATCHER)
    assert ex.classify_role("专员", found) == "logistics"


def test_cue_phrases_outside_the_lexicon_become_candidates() -> None:
    title, body = "运营", "要求：熟悉Temu全托管、AIGC工具和清关；experience with Canva and SEO"
    found = ex.extract(title, body, MATCHER)
    assert [c.term for c in ex.candidates(title, body, found)] == ["Temu全托管", "AIGC", "Canva"]


# --- stages over Arrow batches ---------------------------------------------------------------------


def test_stages_produce_postings_mentions_and_area_rows() -> None:
    raw = stages.raw_batch(
        [
            {
                "title": "關務專員",
                "description": "负责清关，熟悉关税政策和海外仓业务",
                "posted": "2024/2/3",
                "city": "深圳",
                "row": 2,
            },
            {"title": "坏行", "description": "太短", "posted": "2024-02-03", "row": 3},
        ]
    )
    postings = stages.normalised_postings(raw, source="test")
    problems = [shown(p, "en") for p in postings.column("problem").to_pylist()]
    assert problems == ["", "description is empty or shorter than 10 characters"]
    assert shown(postings.column("problem")[1].as_py(), "zh-hans") == "描述为空或少于 10 个字符"
    kept, mentions, areas_ = stages.extracted(stages.usable(postings), MATCHER)
    assert kept.column("title").to_pylist() == ["关务专员"] and kept.column("role").to_pylist() == [
        "logistics"
    ]
    assert set(areas_.column("area").to_pylist()) == {"customs-clearance", "overseas-warehouse"}
    assert areas_.column("province").to_pylist() == ["广东", "广东"]
    counts = stages.area_counts(areas_).to_pylist()
    assert {"period": "2024-02", "area": "customs-clearance", "postings": 1} in counts
    assert mentions.schema == stages.MENTION_SCHEMA and isinstance(kept, pa.RecordBatch)


def test_same_content_gives_the_same_id() -> None:
    assert stages.content_hash("A", "B", "C", "x  y") == stages.content_hash("a", "B", "C", "x y")


# --- detectors ---------------------------------------------------------------------------------------


STEP_UP = [2, 3, 2, 3, 2, 3, 2, 3, 20, 22, 19, 21, 20, 22]
TOTALS = [200] * len(STEP_UP)


def test_kleinberg_marks_a_lasting_rise_from_its_onset() -> None:
    assert detect.burst_onset(STEP_UP, TOTALS) == 8
    assert detect.decline_onset(STEP_UP[::-1], TOTALS) == 6
    assert detect.burst_onset([5] * 14, TOTALS) is None


def test_change_points_find_the_level_shift() -> None:
    assert detect.change_points(STEP_UP, TOTALS) == [8]


def test_find_merges_both_detectors_and_flags_new_terms() -> None:
    new = [0] * 8 + [15] * 6
    (finding,) = detect.find("term:AIGC", new, TOTALS)
    assert (finding.direction, finding.onset, finding.method, finding.new) == (
        "up",
        8,
        "both",
        True,
    )
    assert detect.find("term:flat", [10] * 14, TOTALS) == []


# --- stored messages ----------------------------------------------------------------------------


def test_stored_messages_read_in_the_readers_language() -> None:
    inner = say("无法识别的日期“%(value)s”", value="下周一")
    outer = say("发布日期：%(problem)s", problem=inner)
    assert shown(outer, "en") == "posted date: unrecognised date '下周一'"
    assert shown(outer, "zh-hans") == "发布日期：无法识别的日期“下周一”"
    assert shown("title is empty", "zh-hans") == "title is empty"  # stored before messages
    assert shown("said:[broken", "en") == "said:[broken"
    long = say("无效的 JSON：%(detail)s", detail="x" * 10_000)
    assert len(long) < 300 and shown(long, "en").endswith("x…")


@pytest.mark.parametrize(
    "env,expected",
    [({"LC_ALL": "zh_CN.UTF-8"}, "zh-hans"), ({"LANG": "en_GB.UTF-8"}, "en"), ({}, "en")],
)
def test_the_terminal_language_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert terminal_language() == expected
