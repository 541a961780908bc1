"""Posting text and field normalisation. Pure functions, no Django.

Traditional → simplified (OpenCC t2s), full-width → half-width (NFKC), HTML stripped to text
with line breaks kept (sections are found by line), salaries and dates parsed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from functools import lru_cache

from django.utils.translation import gettext_noop

from cbec.lib.said import SaidError, say

_BREAK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|li|/h\d|/tr)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]{0,500}>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# After NFKC (U+3000 and U+00A0 are spaces by then) only runs that are not one plain space need
# rewriting; matching single spaces too would cost a replacement per word of English text.
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
_SPACE_RUNS = ("  ", "\t", "\r", "\f", "\v")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text)) if text else text  # type: ignore[attr-defined]


def strip_html(text: str) -> str:
    """Tags removed, block tags turned into line breaks, entities decoded."""
    if "<" not in text and "&" not in text:
        return text
    text = _SCRIPT.sub(" ", text)
    text = _BREAK_TAGS.sub("\n", text)
    return html.unescape(_TAGS.sub(" ", text))


# Full-width forms (U+FF01–FF5E) and the ideographic space: the compatibility characters Chinese
# text is full of. NFKC maps each to one ASCII character.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_COMMON_FULL_WIDTH = [(c, chr(ord(c) - 0xFEE0)) for c in "，：；（）！？％＋"] + [("\u3000", " ")]


def _half_width(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), faster for Chinese text.

    Full-width forms are mapped first with C-speed replacements (exactly their NFKC mapping);
    the full normalisation runs only if anything else is left to normalise, which is rare.
    """
    for full, half in _COMMON_FULL_WIDTH:
        if full in text:
            text = text.replace(full, half)
    if _FULL_WIDTH.search(text):
        text = _FULL_WIDTH.sub(_half_width, text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def clean_text(text: str, *, keep_lines: bool = True) -> str:
    """HTML stripped, NFKC (full-width → half-width), simplified Chinese, spaces collapsed."""
    if text.isascii() and text.isprintable() and "<" not in text and "&" not in text:
        return " ".join(text.split())  # plain ASCII: nothing else would change
    text = _CONTROL.sub(" ", strip_html(text))
    text = to_simplified(nfkc(text))
    if any(run in text for run in _SPACE_RUNS):  # substring tests are cheap; most texts pass
        text = _SPACES.sub(" ", text)
    if not keep_lines:
        return " ".join(text.split())
    return _BLANK_LINES.sub("\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


def language(text: str) -> str:
    """'zh' when at least 5% of the first 400 characters are Chinese, else 'en'."""
    if not text or text.isascii():
        return "en"
    sample = text[:400]
    return "zh" if _at_least_cjk(-(-len(sample) // 20)).match(sample) else "en"


@lru_cache(maxsize=32)
def _at_least_cjk(count: int) -> re.Pattern[str]:
    # One linear pass that stops at the count-th Chinese character (no list of matches).
    return re.compile(f"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){{{count}}}")


# --- salaries -----------------------------------------------------------------------------

_SALARY = re.compile(
    r"(?P<cur>[$¥￥€£])?\s*(?P<lo>\d+(?:\.\d+)?)\s*(?P<u1>[kK千wW万])?"
    r"(?:\s*[-~至到]\s*[$¥￥€£]?\s*(?P<hi>\d+(?:\.\d+)?)\s*(?P<u2>[kK千wW万])?)?"
)
_UNITS = {"k": 1_000, "K": 1_000, "千": 1_000, "w": 10_000, "W": 10_000, "万": 10_000}


def parse_salary(text: str) -> tuple[float | None, float | None, str]:
    """(monthly min, monthly max, currency) from '8-12K', '1.5-2万/月', '$60k-80k/year', '200元/天'.

    Yearly figures are divided by 12, daily by 21.75 (statutory working days per month);
    '·13薪' style bonuses are ignored. Unknown text gives (None, None, '').
    """
    text = text.strip()
    m = _SALARY.search(text.replace(",", ""))
    if not text or m is None:
        return None, None, ""
    unit_hi = _UNITS.get(m["u2"] or m["u1"] or "", 1)
    unit_lo = _UNITS.get(m["u1"] or m["u2"] or "", 1)
    lo = float(m["lo"]) * unit_lo
    hi = float(m["hi"]) * unit_hi if m["hi"] else lo
    per = _period_factor(text)
    currency = _currency(text, m["cur"])
    return round(lo * per, 2), round(hi * per, 2), currency


def _period_factor(text: str) -> float:
    lowered = text.lower()
    if any(k in lowered for k in ("年", "/year", "/yr", "per year", "annual", "a year", "/y")):
        return 1 / 12
    if any(k in lowered for k in ("天", "/day", "per day", "日薪")):
        return 21.75
    if any(k in lowered for k in ("小时", "/hour", "/hr", "per hour")):
        return 174.0
    return 1.0


def _currency(text: str, symbol: str | None) -> str:
    if symbol == "$" or "usd" in text.lower():
        return "USD"
    if symbol == "€" or "eur" in text.lower():
        return "EUR"
    if symbol == "£" or "gbp" in text.lower():
        return "GBP"
    return "CNY"


# --- dates --------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$")
_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_EN = re.compile(
    r"^(?:(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})|([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}))$"
)


class DateError(SaidError):
    """A posting date that cannot be read."""


def parse_date(value: object) -> dt.date:
    """A posting date from ISO (2024-03-05, with or without time), 2024/3/5, 2024年3月5日,
    20240305, 05.03.2024 (day first, European and Chinese usage), 'Mar 5, 2024' / '5 March 2024',
    an Excel serial number or a date object. Anything else raises DateError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        raise DateError(say(gettext_noop("日期为空")))
    for parse in (_iso, _cn, _compact, _dmy, _english, _excel_serial):
        found = parse(text)
        if found is not None:
            return _checked(found, text)
    raise DateError(say(gettext_noop("无法识别的日期“%(value)s”"), value=text[:40]))


def _checked(parts: tuple[int, int, int], text: str) -> dt.date:
    try:
        day = dt.date(*parts)
    except ValueError as exc:
        raise DateError(say(gettext_noop("不存在的日期“%(value)s”"), value=text[:40])) from exc
    if not 2000 <= day.year <= 2100:
        raise DateError(
            say(gettext_noop("日期“%(value)s”超出范围（2000–2100 年）"), value=text[:40])
        )
    return day


def _iso(text: str) -> tuple[int, int, int] | None:
    m = _ISO.match(text)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _cn(text: str) -> tuple[int, int, int] | None:
    m = _CN.match(text)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _compact(text: str) -> tuple[int, int, int] | None:
    m = _COMPACT.match(text)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _dmy(text: str) -> tuple[int, int, int] | None:
    m = _DMY.match(text)
    return (int(m[3]), int(m[2]), int(m[1])) if m else None


def _english(text: str) -> tuple[int, int, int] | None:
    m = _EN.match(text)
    if not m:
        return None
    day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
    number = _MONTHS.get(month.lower())
    return (int(year), number, int(day)) if number else None


def _excel_serial(text: str) -> tuple[int, int, int] | None:
    if not re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return None
    day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
    return day.year, day.month, day.day


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
