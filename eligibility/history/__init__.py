"""The history import (issue 16): the past brought in from one Excel file — yearly ratings of people and units,
titles and award forms held, initiatives, discipline and pending cases — all or nothing, idempotent, with a dry
run and progress.

The modules: ``sheets`` (one sheet per kind: columns, natural keys, changeable fields), ``cells`` (reading a
cell), ``importer`` (``run_history_import``: read, check, compare, write in bulk) with ``reading`` (rows checked,
their people and units), ``writing`` (compared with the stored facts, written in bulk) and ``results``;
``jobs`` (the import as a job of the queue, with its progress); ``template`` (the documented template). Reading and refusing files is ``documents.xlsx`` and
``organisation.imports.upload_problem``.

Titles and award forms held are written as ``honours.TitleAward`` and ``FormAward`` with the decision as text
(``decision_ref``: number, date, issuing body), as ``honours`` stores them; ``writing.AFTER_IMPORT`` hooks run in
the import's transaction, and ``commendation`` (above this app) registers the one that groups them into recorded
external decisions (``commendation.services.history_decisions``).
"""

from eligibility.history.importer import run_history_import
from eligibility.history.results import HistoryResult, KindSummary, SheetError
from eligibility.history.sheets import SHEETS
from eligibility.history.template import FILENAME, template_workbook

__all__ = [
    "FILENAME",
    "SHEETS",
    "HistoryResult",
    "KindSummary",
    "SheetError",
    "run_history_import",
    "template_workbook",
]
