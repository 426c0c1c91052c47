import datetime as dt

import pytest

from hooks.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("value", "expected", "has_time"),
    [
        (dt.date(2023, 12, 13), dt.datetime(2023, 12, 13), False),
        ("2023-12-13", dt.datetime(2023, 12, 13), False),
        ("13/12/2023", dt.datetime(2023, 12, 13), False),
        ("2023-12-13 14:30", dt.datetime(2023, 12, 13, 14, 30), True),
        ("13/12/2023 14:30", dt.datetime(2023, 12, 13, 14, 30), True),
        ("2023-12-13T07:30:00+00:00", dt.datetime(2023, 12, 13, 14, 30), True),
        (dt.datetime(2023, 12, 13, 9, 0), dt.datetime(2023, 12, 13, 9, 0), True),
    ],
)
def test_accepted_forms(value, expected, has_time):
    date = parse_date(value)
    assert date.moment == expected
    assert date.has_time is has_time


def test_display_in_vietnamese():
    assert parse_date("13/12/2023").display() == "Thứ Tư, 13/12/2023"
    assert parse_date("2023-12-17").display() == "Chủ Nhật, 17/12/2023"
    assert parse_date("2023-12-13 14:30").display() == "Thứ Tư, 13/12/2023, 14:30"
    assert parse_date("2023-12-13 14:30").iso() == "2023-12-13T14:30:00+07:00"
    assert parse_date("13/12/2023").iso() == "2023-12-13T00:00:00+07:00"


@pytest.mark.parametrize("value", ["31/02/2024", "2023-02-30", "2023-13-01", "hôm qua", 5, "13/12/23"])
def test_impossible_or_unreadable_dates(value):
    with pytest.raises(DateError) as error:
        parse_date(value)
    assert str(error.value)


def test_impossible_day_is_named():
    with pytest.raises(DateError, match="31/02/2024 không tồn tại"):
        parse_date("31/02/2024")
