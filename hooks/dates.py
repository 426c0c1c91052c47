"""Reading the dates officers write and printing them the Vietnamese way."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T,]+(\d{1,2})[:h](\d{2}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$")

ACCEPTED_FORMS = "2023-12-13, 2023-12-13 14:30, 13/12/2023 hoặc 13/12/2023 14:30"

# Vietnam has one zone and no daylight saving; dates are kept as naive local times in it.
LOCAL_ZONE = dt.timezone(dt.timedelta(hours=7))


class DateError(ValueError):
    """The text is not a date, or names a day that does not exist."""


@dataclass(frozen=True, order=True)
class PostDate:
    """When a post was published. ``has_time`` says whether the officer gave a time of day."""

    moment: dt.datetime
    has_time: bool = False

    @property
    def day(self) -> dt.date:
        return self.moment.date()

    def iso(self) -> str:
        """ISO 8601 with the commune's zone, for machines (``<time datetime>``, Open Graph, JSON-LD).

        A date without a time is midnight in Vietnam, as in the feeds: a bare date would be read
        as UTC by some readers, seven hours off.
        """
        return self.moment.replace(tzinfo=LOCAL_ZONE).isoformat()

    def display(self) -> str:
        """ "Thứ Tư, 13/12/2023", with ", 14:30" when a time was given."""
        text = f"{WEEKDAYS[self.moment.weekday()]}, {self.moment:%d/%m/%Y}"
        return f"{text}, {self.moment:%H:%M}" if self.has_time else text

    def short(self) -> str:
        """ "13/12/2023": for teasers, where space is short."""
        return f"{self.moment:%d/%m/%Y}"


def _build(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise DateError(f"ngày {day:02d}/{month:02d}/{year} không tồn tại") from None


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(LOCAL_ZONE).replace(tzinfo=None)
    except OverflowError:
        raise DateError(f"năm {moment.year} không hợp lệ") from None


def parse_date(value: object) -> PostDate:
    """Read a ``date:`` field: "2023-12-13", "2023-12-13 14:30", "13/12/2023", ISO 8601 with a zone...

    Zoned times are converted to the commune's local time; times without a zone are local.
    (Date and datetime objects are accepted too, for callers other than the YAML reader.)
    """
    if isinstance(value, dt.datetime):
        return PostDate(_local(value), has_time=True)
    if isinstance(value, dt.date):
        return PostDate(dt.datetime(value.year, value.month, value.day))
    if not isinstance(value, str):
        raise DateError(f"“{value}” không phải là ngày")
    text = value.strip()
    if match := _DMY.match(text):
        day, month, year, hour, minute = match.groups()
        moment = _build(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        return PostDate(moment, has_time=hour is not None)
    if match := _ISO.match(text):
        year, month, day, hour, minute, second, zone = match.groups()
        numbers = [int(part) for part in (year, month, day, hour or 0, minute or 0, second or 0)]
        if numbers[3] > 23 or numbers[4] > 59 or numbers[5] > 59:
            raise DateError(f"giờ “{text}” không đúng (giờ từ 0 đến 23, phút và giây từ 0 đến 59)")
        moment = _build(*numbers)
        if zone:
            offset = dt.timedelta(0) if zone == "Z" else _offset(zone)
            moment = _local(moment.replace(tzinfo=dt.timezone(offset)))
        return PostDate(moment, has_time=hour is not None)
    raise DateError(f"“{text}” không đúng dạng ngày")


def _offset(zone: str) -> dt.timedelta:
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def month_title(year: int, month: int) -> str:
    return f"Tháng {month} năm {year}"
