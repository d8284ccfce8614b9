"""How the rulebook reads raw values: missing, numbers, codes, dates, damaged text."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from datamodel.rules.messages import number, percent
from datamodel.rules.values import (
    as_boolean,
    as_code,
    as_date,
    as_integer,
    dates_outside,
    is_missing,
    repaired_mojibake,
)


@pytest.mark.parametrize("value", [None, "", "   ", math.nan, float("nan")])
def test_missing_values(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, False, "0", "x", date(2026, 1, 1)])
def test_present_values(value):
    assert not is_missing(value)


def test_codes_lose_a_float_tail_and_whitespace():
    assert as_code(31.0) == "31" and as_code(31) == "31" and as_code(" 31 ") == "31"
    assert as_code(3120.5) == "3120.5"


def test_integers_and_booleans():
    assert as_integer("7") == 7 and as_integer(7.0) == 7
    assert as_integer(7.5) is None and as_integer("syv") is None and as_integer(True) is None
    assert as_boolean("ja") is True and as_boolean(0) is False and as_boolean("måske") is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-26", date(2026, 11, 26)),
        ("2026-11-26T10:00:00", date(2026, 11, 26)),
        ("20061114", date(2006, 11, 14)),
        (datetime(2026, 1, 2, 3, 4), date(2026, 1, 2)),
        (date(2020, 2, 29), date(2020, 2, 29)),
        ("2026-02-30", None),
        ("i går", None),
    ],
)
def test_dates(value, expected):
    assert as_date(value) == expected


def test_dates_outside_compares_in_the_columns_own_type():
    low, high = date(2026, 1, 1), date(2026, 12, 31)
    dates = [date(2026, 5, 1), date(2025, 12, 31), None, date(2027, 1, 1)]
    assert dates_outside(dates, low, high) == [1, 2, 3]
    stamps = [datetime(2026, 12, 31, 12), datetime(2025, 1, 1)]
    assert dates_outside(stamps, low, high) == [1]
    assert dates_outside(["2026-05-01"], low, high) == [0]  # text: judged one by one


@pytest.mark.parametrize(
    "damaged, intended",
    [
        ("Matr. 9l mÃ¥ kun anvendes", "Matr. 9l må kun anvendes"),
        ("65 - med tillÃ¦g", "65 - med tillæg"),
        ("Ã˜restad og Ã…byhÃ¸j", "Ørestad og Åbyhøj"),
        ("bÃ¸rneinst. → kontor", "børneinst. → kontor"),  # a character cp1252 lacks
    ],
)
def test_mojibake_is_recognised_and_repaired(damaged, intended):
    assert repaired_mojibake(damaged) == intended


@pytest.mark.parametrize("clean", ["Ålborgvej 7", "Ærø", "Østergade", "ABC", "Â"])
def test_clean_text_is_left_alone(clean):
    assert repaired_mojibake(clean) is None


def test_numbers_read_danish_and_english():
    assert number(1234.5, 1).da == "1.234,5" and number(1234.5, 1).en == "1,234.5"
    assert percent(0.004).da == "0,4" and percent(0.5).en == "50" and percent(0.987).da == "98,7"
