"""Excel (.xlsx) import of units and people: a documented template per kind, all-or-nothing runs.

A run reads the first sheet, validates the whole file and collects every problem as (row, column,
reason). With any problem nothing is written. Otherwise everything is written in one transaction
with bulk queries — the number of queries does not grow with the number of rows (up to
``BATCH_SIZE``) — and each created or changed object gets one IMPORT audit row. Rows identical to
the database are left alone, so importing the same file twice changes nothing the second time.

The modules: ``cells`` (reading the choice and date cells), ``units`` and ``people`` (each kind's
columns, checks and bulk writes), ``jobs`` (``upload_problem``: a file refused before a job is
made; ``run_import``, ``submit_import``: the file or the ``ImportJob`` run), ``templates`` (the
documented template of each kind). The generic reading and writing of .xlsx files is
``documents.xlsx``.
"""

from documents.xlsx import RowError
from organisation.imports.jobs import (
    KINDS,
    ImportResult,
    get_job_for_user,
    run_import,
    submit_import,
    upload_problem,
)
from organisation.imports.templates import template_workbook

__all__ = [
    "KINDS",
    "ImportResult",
    "RowError",
    "get_job_for_user",
    "run_import",
    "submit_import",
    "template_workbook",
    "upload_problem",
]
