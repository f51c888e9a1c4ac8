"""The fixed texts of the header and the text helpers: the national name and motto, the place-and-date
line, and a printed width estimate used to size the rules under lines."""

from __future__ import annotations

import datetime

NATION = "Cộng hòa xã hội chủ nghĩa Việt Nam"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def two_digits_if_small(value: int) -> str:
    return f"{value:02d}" if value < 10 else str(value)


def vietnamese_date(place: str, date: datetime.date | None, *, year: int | None = None) -> str:
    """The place-and-date line: "Quảng Bình, ngày 04 tháng 3 năm 2020".

    Days below 10 and the months January and February get a leading zero (Decree 30), other
    months do not. Without a date the day and month are left blank to be filled by hand
    ("ngày      tháng      năm 2019" with ``year``). Without a place the line starts at "ngày".
    """
    if date is None:
        blank = "\u00a0" * 6
        text = f"ngày{blank}tháng{blank}năm {year if year else blank}"
    else:
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
        text = f"ngày {two_digits_if_small(date.day)} tháng {month} năm {date.year}"
    place = (place or "").strip()
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def estimated_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A rough printed width of ``text`` in Times New Roman, used to size the rules under lines."""
    em = 0.0
    for char in text:
        if char.isspace():
            em += 0.25
        elif char.isupper():
            em += 0.72 if bold else 0.68
        elif char.isalnum():
            em += 0.52 if bold else 0.48
        else:
            em += 0.33
    return em * size_pt * 25.4 / 72
