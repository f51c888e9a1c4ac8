"""CSV files the product writes, safe to open in Excel or LibreOffice (OWASP "CSV injection").

A text field that starts as a formula would (= + - @, a tab or a carriage return) gets a single quote
in front (``'=HYPERLINK(...)``): the spreadsheet shows it as text and never runs it. Every text field
is quoted, so a separator inside a text (a comma, or the semicolon of a Vietnamese Windows) never
starts a new cell that could itself be a formula; numbers are written bare and stay numbers. UTF-8 with
a byte order mark, so that Excel reads the Vietnamese letters.

This module knows no app; the .xlsx files have their own guard in ``documents.xlsx``.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils.functional import Promise

from documents.xlsx import is_formula_like


def safe_field(value):
    """A field as written: a formula-like text behind a single quote, a lazy text as text, anything
    else (numbers, None) as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if is_formula_like(value):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence], *, header: Sequence | None = None) -> bytes:
    """The CSV file of ``rows`` (after ``header`` if given), every field through ``safe_field``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    if header is not None:
        writer.writerow([safe_field(value) for value in header])
    for row in rows:
        writer.writerow([safe_field(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()
