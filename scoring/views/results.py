"""Results: the leaderboard (refreshed in place) and its exports, the score table and the summary ``.docx``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scoring import chart, exports, permissions
from scoring.services import results
from scoring.views.downloads import file_response


@login_required
@require_GET
def leaderboard(request, pk):
    """Computed from the stored scores on every request; the table refreshes itself every few seconds."""
    rubric = permissions.get_rubric_for_user(request.user, pk)
    facts = results.load(rubric)
    rows = results.leaderboard(facts)
    context = {
        "nav": "cycle",
        "khoi": rubric.block,
        "rubric": rubric,
        "rows": rows,
        "core": facts.core,
        "report_units": permissions.readable_unit_reports(request.user, rubric.block, [r.unit for r in rows]),
        "chart": chart.sections_svg(facts, rows, title=_("Điểm chốt theo từng phần")),
    }
    if request.htmx:
        return render(request, "scoring/_leaderboard.html", context)
    return render(request, "scoring/leaderboard.html", context)


@login_required
@require_GET
def scores_xlsx(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    return file_response(exports.scores_xlsx(rubric), f"bang-diem-{rubric.block.year}.xlsx", exports.XLSX)


@login_required
@require_GET
def results_docx(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    return file_response(exports.results_docx(rubric), f"ket-qua-cham-diem-{rubric.block.year}.docx", exports.DOCX)
