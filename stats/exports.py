"""Exports of the statistics: functions returning bytes; views only wrap them."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from documents import xlsx
from documents.xlsx import Out
from organisation import tree
from organisation.models import Unit
from stats.tallies import Scope


def scope_body(scope: Scope) -> str:
    """The body the figures are about, by name: the unit, the block or the movement asked for; for
    everything the reader reads, the outermost units of their scope (every top unit for an admin)."""
    if unit := scope.extra.get("unit"):
        return unit.name
    if scope.extra.get("block") or scope.extra.get("movement"):
        return scope.label
    units = Unit.objects.order_by("path")
    if scope.paths is None:
        units = units.filter(parent__isnull=True)
    else:
        units = units.filter(path__in=tree.outermost(scope.paths))
    return "; ".join(units.values_list("name", flat=True)) or scope.label


def years_label(scope: Scope) -> str:
    if scope.year_from == scope.year_to:
        return _("năm %(year)d") % {"year": scope.year_to}
    return _("%(first)d–%(last)d") % {"first": scope.year_from, "last": scope.year_to}


def _columns(header: list, rows: list[list]) -> list[Out]:
    """``Out`` columns for a header of ``Out``s or plain strings; a plain column whose every value
    is a whole number counts (``integer``), any other is text."""
    columns = []
    for index, item in enumerate(header):
        if isinstance(item, Out):
            columns.append(item)
            continue
        values = [row[index] for row in rows if index < len(row) and row[index] is not None]
        counts = values and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        columns.append(Out(str(item), "integer" if counts else "text"))
    return columns


def tables_xlsx(scope: Scope, tables: list[tuple[str, list, list[list]]]) -> bytes:
    """One sheet per table: (sheet name, header, rows), each titled with the body and the years
    (row 1), its header in row 2 and its rows from row 3."""
    title = _("Thống kê khen thưởng %(years)s – %(body)s") % {"years": years_label(scope), "body": scope_body(scope)}
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in tables:
        ws = wb.create_sheet(name[:31])
        rows = [list(row) for row in rows]
        xlsx.write_table(ws, _columns(header, rows), rows, title=f"{title} – {name}")
    return xlsx.workbook_bytes(wb)
