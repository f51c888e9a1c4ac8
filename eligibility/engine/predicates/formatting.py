"""Dates and numbers as the conditions write them (Vietnamese style), and the date arithmetic they share."""

import datetime


def fmt_date(day: datetime.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else "—"


def years_before(day: datetime.date, n: int) -> datetime.date:
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def full_years(start: datetime.date, day: datetime.date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def fmt_number(value) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")
