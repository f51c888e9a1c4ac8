"""The statistics dashboard: one page for the emulation office (everything it reads), a block
(``?block=``) and a unit (``?unit=``); filters live in the query string so a view can be shared."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cycle.permissions import visible_blocks, visible_movements
from honours.models import Level, Recipient
from stats import charts, exports, reports, tallies
from stats import jobs as report_jobs
from stats.permissions import scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECTIONS = [
    ("year", gettext_lazy("Theo năm")),
    ("recipient", gettext_lazy("Tập thể, cá nhân")),
    ("kind", gettext_lazy("Danh hiệu, hình thức")),
    ("level", gettext_lazy("Theo cấp khen thưởng")),
    ("honour", gettext_lazy("Theo danh hiệu, hình thức")),
    ("authority", gettext_lazy("Theo cơ quan quyết định")),
]


def dashboard_tables(scope) -> list[dict]:
    """The dashboard's tables (one GROUP BY pair each) with the chart drawn from the same rows."""
    out = []
    for key, title in SECTIONS:
        rows = tallies.tally(scope, key)
        out.append(
            {"key": key, "title": str(title), "rows": rows, "chart": charts.bars([(r.label, r.count) for r in rows])}
        )
    return out


@login_required
def dashboard(request):
    scope = scope_for(request.user, request.GET)
    tables = dashboard_tables(scope)
    annulled = tallies.total(scope, annulled=True)
    trend = tallies.trend(scope)
    coll, ind = Recipient.COLLECTIVE.value, Recipient.INDIVIDUAL.value
    if request.GET.get("format") == "xlsx":
        sheets = [(t["title"], [_("Nhóm"), _("Số lượt")], [[r.label, r.count] for r in t["rows"]]) for t in tables]
        sheets.append((_("Đã huỷ bỏ"), [_("Nhóm"), _("Số lượt")], [[_("Đã huỷ bỏ"), annulled]]))
        sheets.append(
            (
                _("Xu hướng"),
                [_("Năm"), _("Tập thể"), _("Cá nhân"), _("Cộng"), _("Đã huỷ bỏ")],
                [[str(r["year"]), r[coll], r[ind], r["total"], r["annulled"]] for r in trend],
            )
        )
        response = HttpResponse(exports.tables_xlsx(scope, sheets), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="thong-ke.xlsx"'
        return response
    khoi = scope.extra.get("block")
    context = {
        "nav": "stats",
        "scope": scope,
        "tables": tables,
        "annulled": annulled,
        "total": sum(r.count for r in tables[0]["rows"]),
        "trend": trend,
        "trend_chart": charts.stacked([(str(r["year"]), [r[coll], r[ind]]) for r in trend]),
        "movements": visible_movements(request.user).filter(year=scope.year_to).order_by("name"),
        "history": tallies.block_history(khoi) if khoi else None,
        "achievement": tallies.registration_achievement([khoi]) if khoi else None,
        "khoi": khoi,
        "can_report": reports.readable_units(request.user).exists(),
        "blocks": visible_blocks(request.user).filter(year=scope.year_to).order_by("number", "name"),
        "levels": Level.choices,
        "kinds": [(k, str(label)) for k, label in tallies.KIND_LABELS.items()],
        "recipients": Recipient.choices,
        "xlsx_query": _with_format(request.GET, "xlsx"),
    }
    return render(request, "stats/dashboard.html", context)


def _with_format(params, fmt: str) -> str:
    """The page's query string with ``format=fmt`` (no stray ``&`` when the page has no filter)."""
    query = params.copy()
    query["format"] = fmt
    return query.urlencode()


@login_required
def reports_page(request):
    """Statutory report forms: choose form, version (default: in force), year and unit; see the table. The files
    are jobs (``report_job``); an old link asking for a file here leads to the same report and its buttons."""
    units = reports.readable_units(request.user)
    if not units.exists():
        raise Http404
    code = request.GET.get("code") or reports.codes()[0]
    if code not in reports.codes():
        raise Http404
    report = reports.from_params(request.user, code, request.GET)
    if request.GET.get("format"):
        messages.info(request, _("Bấm “Tải Excel” hoặc “Tải Word” để lập tệp báo cáo ở chế độ nền."))
        query = request.GET.copy()
        del query["format"]
        return redirect(f"{reverse('stats:stats_reports')}?{query.urlencode()}")
    context = {
        "nav": "stats",
        "report": report,
        "forms": [f for c in reports.codes() for f in reports.versions(c)],
        "code": code,
        "version": request.GET.get("version", ""),
        "units": units[:500],
        "unit": request.GET.get("unit", ""),
        "query": request.GET.urlencode(),
    }
    return render(request, "stats/reports/page.html", context)


@login_required
@require_POST
def report_job(request):
    """The report page's "Tải Excel" / "Tải Word": the report shown (form, version, year, unit) built as a job, whose
    page follows it; the same file still being built for the user is followed instead of built twice."""
    if not reports.readable_units(request.user).exists():
        raise Http404
    job, queued = report_jobs.start_report(
        request.user, request.POST.get("code", ""), request.POST, fmt=request.POST.get("format", "")
    )
    if not queued:
        messages.info(request, _("Tệp báo cáo này đang được lập: theo dõi công việc đã bắt đầu trước."))
    return redirect("jobs:job_detail", job.pk)


@login_required
def report_file(request, job_pk):
    """The file a report job built, for whoever reads every unit it counts (404 otherwise)."""
    name, filename = report_jobs.report_file(request.user, job_pk)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
