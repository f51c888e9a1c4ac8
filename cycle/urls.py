from django.urls import path

from cycle.views import blocks, conferences, pledges, registration, reports, tasks

app_name = "cycle"

urlpatterns = [
    # movements and blocks
    path("movements/", blocks.movement_list, name="movement_list"),
    path("movements/new/", blocks.movement_create, name="movement_create"),
    path("movements/<int:pk>/", blocks.movement_detail, name="movement_detail"),
    path("movements/<int:pk>/edit/", blocks.movement_edit, name="movement_edit"),
    path("blocks/", blocks.block_list, name="block_list"),
    path("blocks/new/", blocks.block_create, name="block_create"),
    path("blocks/<int:pk>/", blocks.block_detail, name="block_detail"),
    path("blocks/<int:pk>/edit/", blocks.block_edit, name="block_edit"),
    path("blocks/<int:pk>/leaders/", blocks.block_leaders, name="block_leaders"),
    path("blocks/<int:pk>/next-year/", blocks.block_copy, name="block_copy"),
    # pledge (giao ước thi đua)
    path("blocks/<int:pk>/pledge/", pledges.pledge_detail, name="pledge_detail"),
    path("blocks/<int:pk>/pledge/<int:version>/", pledges.pledge_detail, name="pledge_version"),
    path("pledges/<int:pk>/edit/", pledges.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/clauses/", pledges.clause_add, name="clause_add"),
    path("pledges/<int:pk>/clauses/<int:clause_pk>/", pledges.clause_edit, name="clause_edit"),
    path("pledges/<int:pk>/clauses/<int:clause_pk>/delete/", pledges.clause_delete, name="clause_delete"),
    path("pledges/<int:pk>/clauses/<int:clause_pk>/move/", pledges.clause_move, name="clause_move"),
    path("pledges/<int:pk>/adopt/", pledges.pledge_adopt, name="pledge_adopt"),
    path("pledges/<int:pk>/sign/<int:unit_pk>/", pledges.pledge_sign, name="pledge_sign"),
    path("pledges/<int:pk>/revise/", pledges.pledge_revise, name="pledge_revise"),
    path("pledges/<int:pk>.docx", pledges.pledge_docx, name="pledge_docx"),
    # registration
    path("blocks/<int:pk>/registration/", registration.registration_board, name="registration_board"),
    path("blocks/<int:pk>/registration/<int:unit_pk>/", registration.registration_edit, name="registration_edit"),
    path(
        "blocks/<int:pk>/registration/<int:unit_pk>/confirm/",
        registration.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "blocks/<int:pk>/registration/<int:unit_pk>/import/",
        registration.registration_import,
        name="registration_import",
    ),
    path(
        "blocks/<int:pk>/registration/<int:unit_pk>/results/",
        registration.registration_results,
        name="registration_results",
    ),
    path(
        "blocks/<int:pk>/registration/<int:unit_pk>/results/confirm/",
        registration.registration_results_confirm,
        name="registration_results_confirm",
    ),
    path(
        "blocks/<int:pk>/registration/<int:unit_pk>/export.xlsx",
        registration.registration_export,
        name="registration_export",
    ),
    path("registration/template.xlsx", registration.registration_template, name="registration_template"),
    # reports: outline, deadlines, reports, files
    path("blocks/<int:pk>/outline/", reports.outline_edit, name="outline_edit"),
    path("blocks/<int:pk>/reports/", reports.report_board, name="report_board"),
    path("blocks/<int:pk>/reports/<str:kind>/<int:unit_pk>/", reports.report_edit, name="report_edit"),
    path("reports/<int:report_pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:report_pk>/return/", reports.report_return, name="report_return"),
    path("reports/<int:report_pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<int:report_pk>/attachments/", reports.attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment_pk>/", reports.attachment_download, name="attachment_download"),
    path("attachments/<int:attachment_pk>/delete/", reports.attachment_delete, name="attachment_delete"),
    # conferences
    path("blocks/<int:pk>/conferences/new/", conferences.conference_create, name="conference_create"),
    path("conferences/<int:conference_pk>/", conferences.conference_detail, name="conference_detail"),
    path("conferences/<int:conference_pk>/attendance/", conferences.attendance_edit, name="attendance_edit"),
    # notifications
    path("notifications/", tasks.notification_list, name="notification_list"),
    path("notifications/read/", tasks.notification_read_all, name="notification_read_all"),
]
