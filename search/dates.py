"""Dates as they appear in Dutch news exports, parsed to a PartialDate."""

from __future__ import annotations

import re
from datetime import date, datetime

from .records import PartialDate

DUTCH_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")  # 27-05-2018, 27/5/2018
_WEEKDAY = re.compile(r"^(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+")
_DUTCH = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})$")


class DateError(ValueError):
    """A date string that is not a date we understand."""


def parse_date(text: str) -> PartialDate:
    """Parse ISO 8601 (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, datetimes), "27 mei 2018",
    "zondag 27 mei 2018" or the Dutch numeric order day-month-year ("27-05-2018").

    A zero month or day ("2018-05-00", as some databases export) means "not known": the
    date keeps the precision it really has.
    """
    raw = text.strip()
    if not raw:
        raise DateError("empty date")
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _checked(year, month, day, raw)  # type: ignore[arg-type]
    if "T" in raw or " " in raw and raw[:4].isdigit():
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return PartialDate(moment.year, moment.month, moment.day)
    match = _NUMERIC_DMY.match(raw)
    if match:
        return _checked(int(match.group(4)), int(match.group(3)), int(match.group(1)), raw)
    match = _DUTCH.match(_WEEKDAY.sub("", raw.lower()))
    if match and match.group(2) in DUTCH_MONTHS:
        day = int(match.group(1)) if match.group(1) else None
        return _checked(int(match.group(3)), DUTCH_MONTHS[match.group(2)], day, raw)
    raise DateError(f"not a date: {raw!r}")


def _checked(year: int, month: int | None, day: int | None, raw: str) -> PartialDate:
    month = month or None  # 0 means unknown
    day = day or None
    if day and not month:
        raise DateError(f"not a date: {raw!r} (a day without a month)")
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise DateError(f"not a date: {raw!r} ({exc})") from exc
    if not 1 <= year <= 9999:
        raise DateError(f"not a date: {raw!r}")
    return PartialDate(year, month, day)


def yyyymmdd(day: date) -> int:
    """A day as the integer the index stores and compares (20180527)."""
    return day.year * 10000 + day.month * 100 + day.day
