"""What a history import reports: per kind of fact the rows new, changed and unchanged (and the first of them),
and every error by sheet, row and column."""

from dataclasses import dataclass, field
from functools import partial

from documents.xlsx import ErrorList, RowError, error_total

MAX_ERRORS = 1000  # the errors a result keeps, and a job's result (``error_count`` says how many there were)


@dataclass(frozen=True)
class SheetError(RowError):
    """A problem of a cell, a row, a sheet (``row`` 1: its header) or the file (``sheet`` empty, ``row`` None)."""

    sheet: str = ""

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class KindSummary:
    kind: str
    sheet: str
    label: str
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    samples: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "sheet": self.sheet,
            "label": self.label,
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "samples": self.samples,
        }


@dataclass
class HistoryResult:
    dry_run: bool
    total: int = 0
    written: bool = False
    kinds: list[KindSummary] = field(default_factory=list)
    # The first ``MAX_ERRORS`` errors (the page says how many more: ``error_count`` counts them all).
    errors: list[SheetError] = field(default_factory=partial(ErrorList, cap=MAX_ERRORS, more=False))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> int:
        return sum(k.new for k in self.kinds)

    @property
    def changed(self) -> int:
        return sum(k.changed for k in self.kinds)

    @property
    def unchanged(self) -> int:
        return sum(k.unchanged for k in self.kinds)

    @property
    def error_count(self) -> int:
        return error_total(self.errors)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "total": self.total,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "kinds": [k.as_dict() for k in self.kinds],
            "error_count": self.error_count,
            "errors": [e.as_dict() for e in self.errors],
        }
