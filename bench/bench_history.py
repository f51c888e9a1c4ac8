"""The history import (issue 16): a file of 100,000 rows (quick: 10,000) of the dataset's people — yearly
ratings, titles, award forms, initiatives, discipline, pending cases — through the project's path,
``eligibility.history.run_history_import`` (read, check every cell, compare with the stored facts, write in
bulk with the audit), beside openpyxl's own read-only read of the same file (every row's values, nothing else).
Target: within 2× of openpyxl's read. The dry run (nothing written) and the re-import of the same file (nothing
changes) are timed too.

The file is generated here; the import's writes are rolled back, so the dataset is left as it was.
"""

import os
import tempfile
import time

import openpyxl
from django.db import transaction

from bench import harness
from bench.harness import emit, measure

ROWS, QUICK_ROWS = 100_000, 10_000
TARGET = 2.0
FIGURES = [
    "history.rows",
    "history.target_ratio",
    "history.openpyxl_read",
    "history.dry_run",
    "history.import",
    "history.reimport",
]
RATIOS = [("history.import", "history.openpyxl_read"), ("history.dry_run", "history.openpyxl_read")]

# Share of the rows per sheet; the years are before the dataset's ratings, so every row is new.
SHARES = [
    ("Xếp loại cá nhân", 0.40),
    ("Danh hiệu", 0.30),
    ("Khen thưởng", 0.10),
    ("Sáng kiến", 0.10),
    ("Kỷ luật", 0.05),
    ("Việc đang xem xét", 0.05),
]


def write_file(path: str, idents: list[str], rows: int) -> int:
    """The history file of ``rows`` rows over ``idents``; returns the number of data rows written."""
    from eligibility.history import SHEETS

    headers = {s.name: [c.header for c in s.columns] for s in SHEETS}
    book = openpyxl.Workbook(write_only=True)
    book.create_sheet("Hướng dẫn").append(["Tệp sinh cho đo hiệu năng"])
    written = 0
    n = len(idents)
    for name, share in SHARES:
        sheet = book.create_sheet(name)
        sheet.append(headers[name])
        count = int(rows * share)
        for i in range(count):
            ident, slot = idents[i % n], i // n  # each person once per slot: the natural keys never repeat
            year = 1980 + slot
            if name == "Xếp loại cá nhân":
                sheet.append([ident, year, ("HTXSNV", "HTTNV", "HTNV")[i % 3]])
            elif name == "Danh hiệu":
                sheet.append(
                    [
                        ident,
                        "",
                        "CSTT" if slot % 2 else "CSTDCS",
                        1980 + slot // 2,
                        "Công an tỉnh",
                        f"{i}/QĐ-CAT",
                        f"15/12/{1980 + slot // 2}",
                    ]
                )
            elif name == "Khen thưởng":
                sheet.append([ident, "", "GK", year, "", "Công an tỉnh", f"{i}/QĐ-CAT", f"20/12/{year}"])
            elif name == "Sáng kiến":
                sheet.append([ident, f"Sáng kiến số {i}", "Sáng kiến", "Cấp cơ sở", f"01/06/{year}", "", ""])
            elif name == "Kỷ luật":
                sheet.append([ident, "Khiển trách", f"01/03/{year}", f"01/03/{year + 1}", f"{i}/QĐ-KL"])
            else:
                sheet.append([ident, "Đang thanh tra, kiểm tra", f"01/10/{year}", f"01/12/{year}", ""])
            written += 1
    book.save(path)
    return written


def openpyxl_read(path: str) -> int:
    """openpyxl's own read-only read: every row of every sheet, values only."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for sheet in book.worksheets for _row in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def run(quick: bool = False) -> None:
    from eligibility.history import run_history_import
    from organisation.models import Person

    rows = QUICK_ROWS if quick else ROWS
    idents = list(Person.objects.order_by("pk").values_list("ident", flat=True)[: max(rows // 20, 500)])
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="bench-history-")
    os.close(handle)
    try:
        written = write_file(path, idents, rows)
        emit("history.rows", written, "rows")
        emit("history.target_ratio", TARGET, "x")
        repeat = 2 if quick else 3
        reference, _count = measure("history.openpyxl_read", lambda: openpyxl_read(path), repeat=repeat)
        dry, result = measure(
            "history.dry_run", lambda: run_history_import(path, by=None, dry_run=True), repeat=repeat, warmup=0
        )
        if not result.ok or result.new != written:
            raise AssertionError(f"history: the dry run found {result.new} new rows of {written}: {result.errors[:3]}")
        imports, reimports = [], []
        for _ in range(repeat):  # each import into the same state, rolled back after
            with transaction.atomic():
                start = time.perf_counter()
                done = run_history_import(path, by=None, dry_run=False)
                imports.append(time.perf_counter() - start)
                start = time.perf_counter()
                again = run_history_import(path, by=None, dry_run=False)
                reimports.append(time.perf_counter() - start)
                transaction.set_rollback(True)
            if not done.written or done.new != written or again.unchanged != written:
                raise AssertionError(f"history: imported {done.new}, then {again.unchanged} unchanged, of {written}")
        first, second = harness.Timing("history.import", imports), harness.Timing("history.reimport", reimports)
        emit("history.import", first.median * 1000, "ms")
        emit("history.reimport", second.median * 1000, "ms")
        value = harness.ratio(first, reference)
        harness.ratio(dry, reference)
        line = f"BENCH history.target {'met' if value <= TARGET else 'missed'} (import {value:.2f}× openpyxl's read)"
        harness.say(line)
    finally:
        os.unlink(path)
