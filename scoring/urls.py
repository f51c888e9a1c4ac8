from django.urls import path

from scoring.views import assignments, results, rubrics, sheets, unit_reports

app_name = "scoring"

urlpatterns = [
    # the rubric (bảng tiêu chí chấm điểm)
    path("blocks/<int:pk>/rubric/", rubrics.block_rubric, name="block_rubric"),
    path("blocks/<int:pk>/rubric/new/", rubrics.rubric_create, name="rubric_create"),
    path("blocks/<int:pk>/rubric/copy/", rubrics.rubric_copy, name="rubric_copy"),
    path("rubrics/<int:pk>/", rubrics.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/settings/", rubrics.rubric_settings, name="rubric_settings"),
    path("rubrics/<int:pk>/open/", rubrics.rubric_status, {"action": "open"}, name="rubric_open"),
    path("rubrics/<int:pk>/close/", rubrics.rubric_status, {"action": "close"}, name="rubric_close"),
    path("rubrics/<int:pk>/revise/", rubrics.rubric_status, {"action": "revise"}, name="rubric_revise"),
    path("rubrics/<int:pk>/criteria/new/", rubrics.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/edit/", rubrics.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", rubrics.criterion_delete, name="criterion_delete"),
    path("rubrics/<int:pk>/import/", rubrics.rubric_import, name="rubric_import"),
    path("rubrics/<int:pk>.xlsx", rubrics.rubric_xlsx, name="rubric_xlsx"),
    path("scoring/rubric-template.xlsx", rubrics.rubric_template, name="rubric_template"),
    # cross-scoring assignments
    path("rubrics/<int:pk>/assignments/", assignments.assignments, name="assignments"),
    path("assignments/<int:pk>/remove/", assignments.assignment_remove, name="assignment_remove"),
    # score sheets: self and final by unit, cross by unit and scorer; one cell at a time
    path(
        "rubrics/<int:pk>/sheets/cross/<int:unit_pk>/<int:scorer_pk>/",
        sheets.sheet_page,
        {"round_": "cross"},
        name="cross_sheet",
    ),
    path("rubrics/<int:pk>/sheets/<str:round_>/<int:unit_pk>/", sheets.sheet_page, name="sheet"),
    path("sheets/<int:sheet_pk>/cells/<int:criterion_pk>/", sheets.cell_save, name="cell_save"),
    path("sheets/<int:sheet_pk>/evidence/<int:criterion_pk>/", sheets.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", sheets.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", sheets.evidence_delete, name="evidence_delete"),
    # a unit's discrepancies and explanations
    path("rubrics/<int:pk>/units/<int:unit_pk>/", unit_reports.unit_report, name="unit_report"),
    path("explanations/<int:pk>/answer/", unit_reports.explanation_answer, name="explanation_answer"),
    # results
    path("rubrics/<int:pk>/leaderboard/", results.leaderboard, name="leaderboard"),
    path("rubrics/<int:pk>/scores.xlsx", results.scores_xlsx, name="scores_xlsx"),
    path("rubrics/<int:pk>/results.docx", results.results_docx, name="results_docx"),
]
