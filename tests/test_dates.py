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


def _eras(*spans):
    from datetime import date
    return [(date(*a), date(*b), name) for a, b, name in spans]


def test_a_decade_date_lands_in_the_era_that_holds_most_of_the_decade():
    eras = _eras(((2008, 1, 1), (2013, 12, 31), "georgia-to-crimea"), ((2014, 1, 1), (2021, 12, 31), "confrontation"))
    assert dates.era_for(dates.parse("201X"), eras) == "confrontation"  # 2014-2019 against 2010-2013
    assert dates.era_for(dates.parse("200X"), eras) == "georgia-to-crimea"  # only 2008-2009 overlap
    assert dates.era_for(dates.parse("2013-12-31"), eras) == "georgia-to-crimea"
    assert dates.era_for(dates.parse("1999"), eras) is None


def test_a_year_split_by_an_era_boundary_goes_where_most_of_it_lies_ties_to_the_earlier():
    eras = _eras(((1949, 1, 1), (2014, 2, 28), "before"), ((2014, 3, 1), (2021, 12, 31), "after"))
    assert dates.era_for(dates.parse("2014"), eras) == "after"
    assert dates.era_for(dates.parse("2014-02"), eras) == "before"
    assert dates.era_for(dates.parse("2014-03-01/2014-05"), eras) == "after"  # an interval by its start
    halves = _eras(((2000, 1, 1), (2004, 12, 31), "first"), ((2005, 1, 1), (2009, 12, 31), "second"))
    assert dates.era_for(dates.parse("200X"), halves) == "first"


def test_a_decade_date_still_sorts_at_the_head_of_its_decade():
    order = sorted(["2010-01-01", "201X", "2009-12", "2010", "2015"], key=lambda d: dates.parse(d).sort_key())
    assert order == ["2009-12", "201X", "2010", "2010-01-01", "2015"]


def test_the_model_puts_a_decade_event_in_the_era_holding_most_of_its_decade(data_copy, fixture_sources):
    """The fixtures' eras split at 2000; moved to 1996 the split leaves four years of the
    1990s in the first era and six in the second, so '199X' belongs to the second."""
    from timeline.load import load
    from timeline.model import build

    eras = data_copy / "eras.yaml"
    eras.write_text(eras.read_text().replace('end: "1999"', 'end: "1993"').replace('start: "2000"', 'start: "1994"'))
    site = build(load(data_copy, sources_dir=fixture_sources))
    assert site.event["talks-1990s"].era == "late"
    assert [e.id for e in site.events][:2] == ["founding-1949", "talks-1990s"]  # still sorted as the 1990s
