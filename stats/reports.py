"""Statutory report forms (biểu mẫu báo cáo thống kê) as versioned templates.

A form is keyed by its code and a version, and has an effective-from date; a report for a year uses
the version in force on that year's last day unless a version is asked for. A version is frozen once
registered: a new one (another column, another row order) is a new ``ReportForm`` registered beside
it, so the reports of the old version never change.

A form describes its rows (``rows``: which catalogue entries, in which order) and its columns
(``Column``: a label and a function of the entry and its counts); ``build`` fills it from the live
tallies (annulled awards left out and noted below the table) and ``to_xlsx`` / ``to_docx`` /
``to_json`` render the same ``Report``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from documents import xlsx
from documents.govdoc import GovDocument
from documents.xlsx import Out
from honours.models import AwardForm, Recipient, Title
from organisation import tree
from organisation.models import Unit
from organisation.params import int_or_none, review_year
from stats import tallies
from stats.exports import scope_body
from stats.tallies import FORM, TITLE, Scope

COLLECTIVE, INDIVIDUAL = Recipient.COLLECTIVE.value, Recipient.INDIVIDUAL.value


@dataclass(frozen=True)
class Entry:
    """One row of the form: a title or an award form of the catalogue, with its counts."""

    kind: str
    code: str
    name: str
    level: str
    level_label: str
    counts: dict  # Recipient value -> instances


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # str or lazy
    value: Callable[[Entry], object]
    summed: bool = True  # part of the total row


@dataclass(frozen=True)
class ReportForm:
    code: str
    version: int
    effective_from: datetime.date
    title: object
    columns: tuple[Column, ...]
    first_header: object = gettext_lazy("Danh hiệu, hình thức khen thưởng")

    @property
    def label(self) -> str:
        return _("%(code)s (phiên bản %(version)d, áp dụng từ %(date)s)") % {
            "code": self.code,
            "version": self.version,
            "date": self.effective_from.strftime("%d/%m/%Y"),
        }


REGISTRY: dict[tuple[str, int], ReportForm] = {}


def register(form: ReportForm) -> ReportForm:
    """Add a form version; a registered version is never replaced."""
    key = (form.code, form.version)
    if key in REGISTRY:
        raise ValueError(f"{form.code} v{form.version} is already registered")
    REGISTRY[key] = form
    return form


def unregister(code: str, version: int) -> None:
    """For tests that register a version of their own."""
    REGISTRY.pop((code, version), None)


def codes() -> list[str]:
    return sorted({code for code, _v in REGISTRY})


def versions(code: str) -> list[ReportForm]:
    return sorted((f for (c, _v), f in REGISTRY.items() if c == code), key=lambda f: f.version)


def in_force(code: str, on: datetime.date) -> ReportForm | None:
    """The latest version effective on ``on`` (None when the form did not exist yet)."""
    candidates = [f for f in versions(code) if f.effective_from <= on]
    return max(candidates, key=lambda f: (f.effective_from, f.version)) if candidates else None


def form_for(code: str, year: int, version: int | None = None) -> ReportForm | None:
    if version is not None:
        return REGISTRY.get((code, version))
    return in_force(code, datetime.date(year, 12, 31))


# The forms -----------------------------------------------------------------------------------


def _collective(e: Entry) -> int:
    return e.counts.get(COLLECTIVE, 0)


def _individual(e: Entry) -> int:
    return e.counts.get(INDIVIDUAL, 0)


TH_KT_01_V1 = register(
    ReportForm(
        code="TH-KT-01",
        version=1,
        effective_from=datetime.date(2020, 1, 1),
        title=gettext_lazy("Tổng hợp khen thưởng theo hình thức và đối tượng"),
        columns=(
            Column("collective", gettext_lazy("Tập thể"), _collective),
            Column("individual", gettext_lazy("Cá nhân"), _individual),
            Column("total", gettext_lazy("Cộng"), lambda e: _collective(e) + _individual(e)),
        ),
    )
)


# Building a report ---------------------------------------------------------------------------


@dataclass
class Report:
    form: ReportForm
    year: int
    scope_label: str
    headers: list[str]
    rows: list[list]  # [STT, name, *column values]
    total: list  # ["", "Tổng cộng", *sums]
    annulled: int
    unit: Unit | None = None
    body: str = ""  # the body the report is about, by name (``stats.exports.scope_body``)
    body_unit: Unit | None = None  # the one unit whose subtree the reader's scope is, if it is one

    @property
    def note(self) -> str:
        return _("Số lượt khen thưởng đã huỷ bỏ (không tính trong bảng): %(n)d") % {"n": self.annulled}

    @property
    def title(self) -> str:
        return str(self.form.title)

    @property
    def heading(self) -> str:
        return _("Biểu số %(code)s (phiên bản %(version)d)") % {"code": self.form.code, "version": self.form.version}

    @property
    def subtitle(self) -> str:
        return _("Năm %(year)d — %(scope)s") % {"year": self.year, "scope": self.body or self.scope_label}


def _entries(scope: Scope) -> list[Entry]:
    """Every active title (then award form) in catalogue rank order, with its instances; an
    inactive entry appears only when it has instances. One GROUP BY and two catalogue reads."""
    counts = tallies.by_honour_and_recipient(scope)
    out = []
    for kind, model in ((TITLE, Title), (FORM, AwardForm)):
        for entry in model.objects.order_by("rank", "code"):
            c = counts.get((kind, entry.pk))
            if entry.active or c:
                out.append(
                    Entry(kind, entry.code, entry.name, entry.level, str(entry.get_level_display()), dict(c or {}))
                )
    return out


def build(form: ReportForm, scope: Scope) -> Report:
    entries = _entries(scope)
    rows = [[i, e.name, *(col.value(e) for col in form.columns)] for i, e in enumerate(entries, start=1)]
    sums = [sum(row[2 + j] for row in rows) if col.summed else "" for j, col in enumerate(form.columns)]
    return Report(
        form=form,
        year=scope.year_to,
        scope_label=scope.label,
        headers=[_("STT"), str(form.first_header), *(str(c.label) for c in form.columns)],
        rows=rows,
        total=["", _("Tổng cộng"), *sums],
        annulled=tallies.total(scope, annulled=True),
        unit=scope.extra.get("unit"),
        body=scope_body(scope),
        body_unit=_single_body(scope),
    )


def _single_body(scope: Scope) -> Unit | None:
    """The unit whose subtree is the whole scope, when the scope is exactly one subtree."""
    if unit := scope.extra.get("unit"):
        return unit
    if scope.paths is None or scope.extra.get("block") or scope.extra.get("movement"):
        return None
    top = tree.outermost(scope.paths)
    return Unit.objects.select_related("parent").filter(path=top[0]).first() if len(top) == 1 else None


# Outputs -------------------------------------------------------------------------------------


def to_xlsx(report: Report) -> bytes:
    """The form's number (A1), its title (A2), the year and the body it is about (A3), the table
    from row 5 with its total row in bold, and the annulled awards noted below."""
    wb = Workbook()
    ws = wb.active
    ws.title = report.form.code[:31]
    columns = [Out(h, "text" if i == 1 else "integer") for i, h in enumerate(report.headers)]
    lines = (report.title.upper(), report.subtitle, "")
    header = xlsx.write_table(ws, columns, report.rows, title=report.heading, lines=lines)
    ws["A1"].font = Font(italic=True)
    ws["A2"].font = xlsx.TITLE_FONT
    xlsx.append_row(ws, columns, report.total, bold=True)
    xlsx.fit_widths(ws, columns, first_row=header)
    ws.append([])
    ws.append([report.note])
    return xlsx.workbook_bytes(wb)


def _issuer(report: Report) -> tuple[str, str]:
    """(superior, issuing body): the unit asked for and its parent; else the reader's own body when their
    scope is one unit's subtree (a province's office reports as that province, never as the Ministry);
    else, for a scope of several bodies, the top unit of the tree."""
    unit = report.unit or report.body_unit
    if unit is None:
        unit = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if unit is None:
        return "", report.body or report.scope_label
    return (unit.parent.name if unit.parent_id else ""), unit.name


def to_docx(report: Report, *, place: str = "", date: datetime.date | None = None) -> bytes:
    superior, issuer = _issuer(report)
    doc = GovDocument(superior=superior, issuer=issuer, number="", place=place, date=date, year=report.year + 1)
    doc.title(_("Báo cáo"), _("%(title)s năm %(year)d") % {"title": report.title, "year": report.year})
    doc.line(report.heading, italic=True, size_pt=12)
    doc.paragraph(_("Phạm vi: %(scope)s.") % {"scope": report.body or report.scope_label})
    n = len(report.form.columns)
    doc.table(
        report.headers,
        [[str(v) for v in row] for row in [*report.rows, report.total]],
        widths_mm=[12, 165 - 12 - 22 * n, *([22] * n)],
    )
    doc.paragraph(report.note + ".", italic=True)
    doc.signature("", _("Thủ trưởng đơn vị"), "")
    return doc.to_bytes()


def to_json(report: Report) -> dict:
    return {
        "code": report.form.code,
        "version": report.form.version,
        "effective_from": report.form.effective_from.isoformat(),
        "title": report.title,
        "year": report.year,
        "scope": report.scope_label,
        "headers": report.headers,
        "columns": [c.key for c in report.form.columns],
        "rows": report.rows,
        "total": report.total,
        "annulled": report.annulled,
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def filename(report: Report, ext: str) -> str:
    return f"{report.form.code}-v{report.form.version}-{report.year}.{ext}"


def resolve(user, code: str, params) -> tuple[ReportForm, Scope]:
    """The form and scope asked for by a query string (year, unit, version), checked against the user:
    404 for an unknown form or version, a year before the form, or a unit the user does not read."""
    from django.http import Http404

    from stats.permissions import scope_for

    year = int_or_none(params.get("year")) or review_year()  # the year under review
    version = int_or_none(params.get("version")) if params.get("version") else None
    form = form_for(code, year, version)
    if form is None:
        raise Http404
    asked = {"year": str(year)}
    if params.get("unit"):
        asked["unit"] = params.get("unit")
    return form, scope_for(user, asked)


def from_params(user, code: str, params) -> Report:
    """The report ``resolve`` names, built."""
    return build(*resolve(user, code, params))


def readable_units(user):
    """The units a user may choose as a report's scope (their read subtrees)."""
    from organisation import permissions as org_perms

    units = Unit.objects.order_by("path")
    if org_perms.is_admin(user):
        return units
    paths = org_perms.read_paths(user)
    if not paths:
        return units.none()
    from django.db.models import Q

    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return units.filter(q)
