"""Dates with a precision: parsing ISO 8601 input and the window of days a date allows.

An act's date keeps the precision its sources give (day, month or year). Its *window* is
the first and last day that precision allows: ``1992`` is 1992-01-01 to 1992-12-31.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from recognition_kg.graph.errors import InvalidRequest

__all__ = ["Precision", "PreciseDate", "parse_day", "parse_precise"]

Precision = TypingLiteral["day", "month", "year"]

_PRECISE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES: dict[str, Precision] = {
    _XSD + "date": "day",
    _XSD + "gYearMonth": "month",
    _XSD + "gYear": "year",
}
DATATYPE_OF: dict[Precision, str] = {v: k for k, v in DATATYPES.items()}
_COARSENESS: dict[Precision, int] = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True, order=True)
class PreciseDate:
    """A date known to the day, the month or the year, with the window of days it allows.

    >>> d = parse_precise("1997-05")
    >>> (d.first, d.last, d.precision, str(d))
    (datetime.date(1997, 5, 1), datetime.date(1997, 5, 31), 'month', '1997-05')
    """

    first: dt.date
    last: dt.date
    precision: Precision

    def __str__(self) -> str:
        if self.precision == "day":
            return self.first.isoformat()
        if self.precision == "month":
            return self.first.isoformat()[:7]
        return self.first.isoformat()[:4]

    @property
    def datatype(self) -> str:
        """The XSD datatype IRI that keeps this precision."""
        return DATATYPE_OF[self.precision]


def parse_precise(text: str, *, what: str = "date") -> PreciseDate:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` into a :class:`PreciseDate`.

    :param text: the date as written.
    :param what: what the date is, for the error message (a parameter name, say).
    :raises InvalidRequest: when the text is not one of the three forms or names no real day.

    >>> parse_precise("1992").last
    datetime.date(1992, 12, 31)
    """
    m = _PRECISE.match(text.strip())
    if not m:
        raise InvalidRequest(
            f"{what} {text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", parameter=what
        )
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            d = dt.date(year, int(month or 0), int(day))
            return PreciseDate(d, d, "day")
        if month is not None:
            mo = int(month)
            last = calendar.monthrange(year, mo)[1]
            return PreciseDate(dt.date(year, mo, 1), dt.date(year, mo, last), "month")
        return PreciseDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError as e:
        raise InvalidRequest(f"{what} {text!r} is not a real date: {e}", parameter=what) from e


def parse_day(text: str | None, *, what: str = "as_of") -> dt.date:
    """Parse a day (``YYYY-MM-DD``); ``None`` or ``""`` means today.

    :raises InvalidRequest: naming ``what`` when the text is not one real day.

    >>> parse_day("2025-07-03")
    datetime.date(2025, 7, 3)
    """
    if text is None or text == "":
        return dt.date.today()
    d = parse_precise(text, what=what)
    if d.precision != "day":
        raise InvalidRequest(f"{what} {text!r} must be one day, written YYYY-MM-DD", parameter=what)
    return d.first


def coarsest(precisions: list[Precision]) -> Precision:
    """The least precise of several precisions.

    >>> coarsest(["day", "year", "month"])
    'year'
    """
    return max(precisions, key=_COARSENESS.__getitem__)
