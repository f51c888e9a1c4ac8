"""Exports of the statistics: functions returning bytes; views only wrap them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def tables_xlsx(title: str, tables: list[tuple[str, list[str], list[list]]]) -> bytes:
    """One sheet per table: (sheet name, header, rows)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in tables:
        ws = wb.create_sheet(name[:31])
        ws.append([title])
        ws["A1"].font = Font(bold=True)
        ws.append(header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(list(row))
        ws.column_dimensions["A"].width = 48
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
