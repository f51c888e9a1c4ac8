from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    # the rubric (bảng tiêu chí chấm điểm)
    path("blocks/<int:pk>/rubric/", views.block_rubric, name="block_rubric"),
    path("blocks/<int:pk>/rubric/new/", views.rubric_create, name="rubric_create"),
    path("blocks/<int:pk>/rubric/copy/", views.rubric_copy, name="rubric_copy"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/settings/", views.rubric_settings, name="rubric_settings"),
    path("rubrics/<int:pk>/open/", views.rubric_status, {"action": "open"}, name="rubric_open"),
    path("rubrics/<int:pk>/close/", views.rubric_status, {"action": "close"}, name="rubric_close"),
    path("rubrics/<int:pk>/revise/", views.rubric_status, {"action": "revise"}, name="rubric_revise"),
    path("rubrics/<int:pk>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("rubrics/<int:pk>/import/", views.rubric_import, name="rubric_import"),
    path("rubrics/<int:pk>.xlsx", views.rubric_xlsx, name="rubric_xlsx"),
    path("scoring/rubric-template.xlsx", views.rubric_template, name="rubric_template"),
    # cross-scoring assignments
    path("rubrics/<int:pk>/assignments/", views.assignments, name="assignments"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    # score sheets: self and final by unit, cross by unit and scorer; one cell at a time
    path(
        "rubrics/<int:pk>/sheets/cross/<int:unit_pk>/<int:scorer_pk>/",
        views.sheet_page,
        {"round_": "cross"},
        name="cross_sheet",
    ),
    path("rubrics/<int:pk>/sheets/<str:round_>/<int:unit_pk>/", views.sheet_page, name="sheet"),
    path("sheets/<int:sheet_pk>/cells/<int:criterion_pk>/", views.cell_save, name="cell_save"),
    path("sheets/<int:sheet_pk>/evidence/<int:criterion_pk>/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    # a unit's discrepancies and explanations
    path("rubrics/<int:pk>/units/<int:unit_pk>/", views.unit_report, name="unit_report"),
    path("explanations/<int:pk>/answer/", views.explanation_answer, name="explanation_answer"),
    # results
    path("rubrics/<int:pk>/leaderboard/", views.leaderboard, name="leaderboard"),
    path("rubrics/<int:pk>/scores.xlsx", views.scores_xlsx, name="scores_xlsx"),
    path("rubrics/<int:pk>/results.docx", views.results_docx, name="results_docx"),
]
