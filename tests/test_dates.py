"""Dates as Dutch news exports write them, kept at the precision they really have."""

from datetime import date

import pytest

from search.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2018", "2018", "year"),
        ("2018-05", "2018-05", "month"),
        ("2018-5", "2018-05", "month"),
        ("2018-05-27", "2018-05-27", "day"),
        ("  2018-05-27 ", "2018-05-27", "day"),
        ("2018-05-27T10:00:00Z", "2018-05-27", "day"),
        ("2018-05-27T23:30:00+02:00", "2018-05-27", "day"),  # the date as written, not shifted to UTC
        ("2018-05-27 10:00", "2018-05-27", "day"),
        ("27 mei 2018", "2018-05-27", "day"),
        ("27 Mei 2018", "2018-05-27", "day"),
        ("1 mrt. 2020", "2020-03-01", "day"),
        ("mei 2018", "2018-05", "month"),
        ("sept. 2019", "2019-09", "month"),
        ("zondag 27 mei 2018", "2018-05-27", "day"),
        ("Zo, 27 mei 2018", "2018-05-27", "day"),
        ("27-05-2018", "2018-05-27", "day"),  # Dutch order: day, month, year
        ("27/5/2018", "2018-05-27", "day"),
        ("27.05.2018", "2018-05-27", "day"),
        ("2018-05-00", "2018-05", "month"),  # a zero day means "day not known"
        ("2018-00-00", "2018", "year"),
    ],
)
def test_understood_dates(text, iso, precision):
    parsed = parse_date(text)
    assert (parsed.iso(), parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "gisteren",
        "2018-13",
        "2018-02-30",
        "31 februari 2018",
        "27 foo 2018",
        "2018-00-05",
        "0000",
        "5-27-2018",
    ],
)
def test_not_a_date_is_an_error_that_names_the_input(text):
    with pytest.raises(DateError) as info:
        parse_date(text)
    if text.strip():
        assert repr(text.strip()) in str(info.value)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021-02", date(2021, 2, 1), date(2021, 2, 28)),  # no day is invented for a month
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("2018-12", date(2018, 12, 1), date(2018, 12, 31)),
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("27 mei 2018", date(2018, 5, 27), date(2018, 5, 27)),
    ],
)
def test_a_partial_date_covers_its_whole_range(text, first, last):
    parsed = parse_date(text)
    assert (parsed.first_day(), parsed.last_day()) == (first, last)
