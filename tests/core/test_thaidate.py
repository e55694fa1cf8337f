"""Buddhist Era dates: formatting, parsing typed input, fiscal years (FACTS.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bkkdesk.core.thaidate import (
    MONTHS_ABBR,
    MONTHS_FULL,
    DateParseError,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_range,
    format_be,
    format_be_datetime,
    format_utc,
    normalize_year,
    parse_date,
    parse_datetime,
    to_thai_digits,
)

D = dt.date

# ---------------------------------------------------------------- formatting


def test_format_styles() -> None:
    day = D(2025, 1, 31)
    assert format_be(day) == "31 ม.ค. 2568"
    assert format_be(day, "abbr") == "31 ม.ค. 2568"
    assert format_be(day, "full") == "31 มกราคม 2568"
    assert format_be(day, "numeric") == "31/01/2568"
    assert format_be(D(2024, 3, 5), "numeric") == "05/03/2567"
    assert format_be(D(2024, 3, 5)) == "5 มี.ค. 2567"


def test_format_never_uses_a_number_formatter_for_the_year() -> None:
    assert "," not in format_be(D(2025, 12, 1), "full")
    assert format_be(D(2025, 12, 1), "full") == "1 ธันวาคม 2568"


def test_format_datetime() -> None:
    moment = dt.datetime(2025, 1, 31, 9, 5, 59)
    assert format_be_datetime(moment) == "31 ม.ค. 2568 09:05 น."
    assert format_be_datetime(moment, "full") == "31 มกราคม 2568 09:05 น."


def test_thai_digits() -> None:
    assert to_thai_digits(format_be(D(2025, 1, 31), "numeric")) == "๓๑/๐๑/๒๕๖๘"


def test_month_tables_match_facts() -> None:
    assert MONTHS_FULL[0] == "มกราคม" and MONTHS_ABBR[0] == "ม.ค."
    assert MONTHS_FULL[1] == "กุมภาพันธ์" and MONTHS_ABBR[1] == "ก.พ."
    assert MONTHS_FULL[8] == "กันยายน" and MONTHS_ABBR[8] == "ก.ย."
    assert MONTHS_FULL[11] == "ธันวาคม" and MONTHS_ABBR[11] == "ธ.ค."
    assert len(set(MONTHS_FULL)) == len(set(MONTHS_ABBR)) == 12


# ------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "text",
    [
        "2568-01-31",  # ISO, B.E. year
        "2025-01-31",  # ISO, C.E. year
        "2568-1-31",
        "31/01/2568",
        "31/1/2568",
        "31-01-2568",
        "31.01.2568",
        "31/01/2025",
        "31 ม.ค. 2568",
        "31 มค 2568",
        "31ม.ค.2568",
        "31 มกราคม 2568",
        "31  มกราคม   2568 ",
        "๓๑/๐๑/๒๕๖๘",
        "๓๑ ม.ค. ๒๕๖๘",
        "๒๕๖๘-๐๑-๓๑",
    ],
)
def test_parse_accepts(text: str) -> None:
    assert parse_date(text) == D(2025, 1, 31)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_full_and_abbreviated(month: int) -> None:
    day = D(2025, month, 1)
    assert parse_date(f"1 {MONTHS_FULL[month - 1]} 2568") == day
    assert parse_date(f"1 {MONTHS_ABBR[month - 1]} 2568") == day
    assert parse_date(f"1 {MONTHS_ABBR[month - 1].replace('.', '')} 2568") == day


def test_years_2400_to_2700_are_be_1900_to_2200_are_ce() -> None:
    assert parse_date("1/1/2400") == D(1857, 1, 1)
    assert parse_date("31/12/2700") == D(2157, 12, 31)
    assert parse_date("1/1/1900") == D(1900, 1, 1)
    assert parse_date("31/12/2200") == D(2200, 12, 31)
    assert normalize_year(2568) == 2025
    assert normalize_year(2025) == 2025


@pytest.mark.parametrize("year", [1899, 2201, 2399, 2701, 1000, 9999, 0])
def test_years_outside_both_ranges_are_refused(year: int) -> None:
    with pytest.raises(DateParseError) as info:
        normalize_year(year)
    assert info.value.th and info.value.en


@pytest.mark.parametrize(
    "text",
    [
        "31/01/68",  # two-digit year
        "31/01/25",
        "31 ม.ค. 68",
        "68-01-31",
        "31/02/2568",  # no 31 February
        "30/02/2567",
        "29/02/2568",  # 2025 is not a leap year
        "2025-02-29",
        "31/04/2568",
        "0/01/2568",
        "32/01/2568",
        "1/13/2568",
        "1/0/2568",
        "31 มกรา 2568",  # unknown month name
        "31 January 2568",
        "",
        "   ",
        "yesterday",
        "2568",
        "31/01/02568",
        "31/01/2568/1",
    ],
)
def test_parse_refuses(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert info.value.th and info.value.en


def test_leap_day_in_be() -> None:
    assert parse_date("29/02/2567") == D(2024, 2, 29)  # 2567 B.E. = 2024, a leap year


def test_refusal_names_the_problem() -> None:
    with pytest.raises(DateParseError) as info:
        parse_date("31/02/2568")
    assert "31/2/2568" in info.value.th
    with pytest.raises(DateParseError) as info:
        parse_date("31/01/68")
    assert "4" in info.value.th and "four" in info.value.en


def test_parse_official_form_with_be_marker() -> None:
    assert parse_date("31 มกราคม พ.ศ. 2568") == D(2025, 1, 31)
    assert parse_date("31 ม.ค. พ.ศ. 2568") == D(2025, 1, 31)
    assert parse_date("พ.ศ. 2568-01-31") == D(2025, 1, 31)
    assert parse_date("31 มกราคม ค.ศ. 2025") == D(2025, 1, 31)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2157, 12, 31)))
def test_format_then_parse_round_trips(day: dt.date) -> None:
    for style in ("abbr", "full", "numeric"):
        assert parse_date(format_be(day, style)) == day
        assert parse_date(to_thai_digits(format_be(day, style))) == day
    assert parse_date(day.isoformat()) == day


# ------------------------------------------------------------------ datetime


@pytest.mark.parametrize(
    "text",
    [
        "2568-01-31T13:05",
        "2025-01-31T13:05:00",
        "2025-01-31 13:05",
        "31/01/2568 13:05",
        "31/01/2568 13.05",
        "31/01/2568 13.05 น.",
        "31 ม.ค. 2568 13:05 น.",
        "๓๑/๐๑/๒๕๖๘ ๑๓:๐๕",
    ],
)
def test_parse_datetime(text: str) -> None:
    assert parse_datetime(text) == dt.datetime(2025, 1, 31, 13, 5)


def test_parse_datetime_seconds_and_date_only() -> None:
    assert parse_datetime("31/01/2568 13:05:09") == dt.datetime(2025, 1, 31, 13, 5, 9)
    assert parse_datetime("31/01/2568") == dt.datetime(2025, 1, 31)
    assert parse_datetime("31 ม.ค. 2568") == dt.datetime(2025, 1, 31)


@pytest.mark.parametrize(
    "text", ["31/01/2568 25:00", "31/01/2568 13:60", "31/02/2568 10:00", "31/01/68 10:00", "x"]
)
def test_parse_datetime_refuses(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_datetime(text)


# --------------------------------------------------------------- fiscal year


def test_fiscal_year_2568() -> None:
    assert fiscal_year_range(2568) == (D(2024, 10, 1), D(2025, 9, 30))
    assert fiscal_year(D(2024, 9, 30)) == 2567
    assert fiscal_year(D(2024, 10, 1)) == 2568
    assert fiscal_year(D(2025, 1, 31)) == 2568
    assert fiscal_year(D(2025, 9, 30)) == 2568
    assert fiscal_year(D(2025, 10, 1)) == 2569


@pytest.mark.parametrize(
    ("month", "quarter"),
    [(10, 1), (11, 1), (12, 1), (1, 2), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4),
     (8, 4), (9, 4)],
)  # fmt: skip
def test_fiscal_quarters(month: int, quarter: int) -> None:
    assert fiscal_quarter(D(2025, month, 15)) == quarter


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2150, 12, 31)))
def test_every_day_lies_in_its_fiscal_year(day: dt.date) -> None:
    first, last = fiscal_year_range(fiscal_year(day))
    assert first <= day <= last
    assert (first.month, first.day, last.month, last.day) == (10, 1, 9, 30)


def test_format_utc_shows_bangkok_time_across_midnight() -> None:
    # 20:41 UTC on 1 Dec 2026 is 03:41 on 2 Dec in Bangkok (B.E. 2569).
    assert format_utc(dt.datetime(2026, 12, 1, 20, 41, 47, 926507)) == "2 ธ.ค. 2569 03:41 น."
    assert format_utc("2026-12-01T20:41:47+00:00") == "2 ธ.ค. 2569 03:41 น."
    assert format_utc(dt.datetime(2026, 12, 2, 3, 41, tzinfo=dt.timezone(dt.timedelta(hours=7)))
                      ) == "2 ธ.ค. 2569 03:41 น."
    assert format_utc("not a time") == "not a time"
