from datetime import date

import pytest

from timeline import dates


@pytest.mark.parametrize(
    "text, shown",
    [
        ("1999", "1999"),
        ("2008-04", "April 2008"),
        ("2008-04-04", "4 April 2008"),
        ("199X", "1990s"),
        ("1990~", "c. 1990"),
        ("2008-04~", "c. April 2008"),
        ("1990?", "1990?"),
        ("2008-08-07/2008-08-12", "7–12 August 2008"),
        ("2008-08-07/2008-09-12", "7 August – 12 September 2008"),
        ("2008-12-30/2009-01-02", "30 December 2008 – 2 January 2009"),
        ("2008-04/2008-06", "April–June 2008"),
        ("1999/2001", "1999–2001"),
        ("1991-12/2000", "December 1991 – 2000"),
        ("2014-04/..", "from April 2014"),
    ],
)
def test_display_follows_precision(text, shown):
    parsed = dates.parse(text)
    assert parsed.display() == shown
    assert parsed.edtf() == text


def test_partial_dates_are_never_padded_to_a_day():
    month = dates.parse("2008-04")
    assert month.precision == "month"
    assert month.start.day is None
    assert month.start.earliest == date(2008, 4, 1)
    assert month.start.latest == date(2008, 4, 30)
    assert dates.parse("199X").start.latest == date(1999, 12, 31)
    assert dates.parse("2008-04").start.html() == "2008-04"


def test_sorting_respects_precision():
    texts = ["2008-04-04", "2008", "2008-04", "199X", "1990", "2008-04/2008-06", "2007-12-31", "2008-04-04/2008-04-05"]
    ordered = sorted(texts, key=lambda t: dates.parse(t).sort_key())
    assert ordered == ["199X", "1990", "2007-12-31", "2008", "2008-04", "2008-04/2008-06", "2008-04-04",
                       "2008-04-04/2008-04-05"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021-02-30", "'2021-02-30' is not a real date: February 2021 has 28 days"),
        ("2020-02-30", "February 2020 has 29 days"),
        ("2008-13", "has month 13"),
        ("2008-00", "has month 00"),
        ("2008-4", "is not a date of the accepted form"),
        ("08-04-2008", "is not a date of the accepted form"),
        ("19XX", "is not a date of the accepted form"),
        ("~1990", "is not a date of the accepted form"),
        ("April 2008", "is not a date of the accepted form"),
        ("2008-08-12/2008-08-07", "ends before it starts"),
        ("2008/2008", "starts and ends on the same date"),
        ("../2008", "has no start"),
        ("2008/2009/2010", "more than one '/'"),
        ("0000", "year 0000"),
    ],
)
def test_invalid_dates_say_what_is_expected(text, expected):
    with pytest.raises(dates.DateError) as info:
        dates.parse(text)
    assert expected in str(info.value)


def test_non_text_is_rejected():
    with pytest.raises(dates.DateError, match="expected a date written as text"):
        dates.parse(2008)
