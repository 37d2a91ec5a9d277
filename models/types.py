"""Field types shared by the documents: days, ranges and exact numbers.

Numbers that enter the fee and value formulas are kept as ``Decimal`` built
from the text of the document, so that ``0.05`` is exactly five hundredths
(the spec asks for exact decimal arithmetic, not binary floats).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

Day = dt.date


def _parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date YYYY-MM-DD, got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a real date written YYYY-MM-DD, got {value!r}") from None
    raise ValueError(f"expected a date YYYY-MM-DD, got {type(value).__name__}")


MAX_MAGNITUDE = 10 ** 15
"""No number of a document is larger than this (the fields have tighter ranges; this guards the parsing)."""
MAX_DECIMALS = 12
"""Nor written with more decimals: a fraction finer than this is refused, not rounded."""


def _parse_number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if isinstance(value, float):
        # YAML gives floats; their shortest repr is the text as written.
        value = Decimal(repr(value))
    try:
        value = Decimal(value)
    except InvalidOperation:  # pragma: no cover - guarded above
        raise ValueError("expected a number") from None
    if not value.is_finite():
        raise ValueError("expected a finite number")
    # Checked on the exponent before any arithmetic: 1e300000 must not cost a second to refuse.
    if value and value.adjusted() >= 16:
        raise ValueError(f"number too large (at most {MAX_MAGNITUDE:.0e})")
    if value and value.as_tuple().exponent < -MAX_DECIMALS:
        raise ValueError(f"too many decimals (at most {MAX_DECIMALS})")
    return value


def _parse_whole(value: Any) -> int:
    number = _parse_number(value)
    if number != number.to_integral_value():
        raise ValueError(f"expected a whole number, got {number}")
    return int(number)


def _number_out(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


DayField = Annotated[dt.date, BeforeValidator(_parse_day), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
Number = Annotated[Decimal, BeforeValidator(_parse_number), PlainSerializer(_number_out)]
Whole = Annotated[int, BeforeValidator(_parse_whole)]


class Strict(BaseModel):
    """Base of every document model: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=False)


class DateRange(Strict):
    start: DayField
    end: DayField

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end
