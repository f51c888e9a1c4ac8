"""Proposals, notices, quotas, council meetings, decisions and certificates."""

from django.urls import path

from commendation.views import certificates, council, decisions, proposal_lines, quotas
from commendation.views import proposals as views

app_name = "commendation"

urlpatterns = [
    path("quotas/", quotas.quota_list, name="quota_list"),
    path("quotas/<int:pk>/delete/", quotas.quota_delete, name="quota_delete"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/lines/", views.line_add, name="proposal_line_add"),
    path("proposals/<int:pk>/lines/<int:line_pk>/remove/", views.line_remove, name="proposal_line_remove"),
    path("proposals/<int:pk>/lines/<int:line_pk>/justify/", views.line_justify, name="proposal_line_justify"),
    path("proposals/<int:pk>/lines/<int:line_pk>/report/", views.report_edit, name="proposal_report_edit"),
    path("proposals/<int:pk>/lines/<int:line_pk>/report.docx", views.report_download, name="proposal_report_docx"),
    path("proposals/<int:pk>/prefill/", views.proposal_prefill, name="proposal_prefill"),
    path("proposals/<int:pk>/check/", views.proposal_check, name="proposal_check"),
    path("proposals/<int:pk>/lines/exclude/", proposal_lines.lines_exclude, name="proposal_lines_exclude"),
    path("proposals/<int:pk>/lines.xlsx", proposal_lines.lines_export, name="proposal_lines_xlsx"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/resubmit/", views.proposal_resubmit, name="proposal_resubmit"),
    path("proposals/<int:pk>/return/", views.proposal_return, name="proposal_return"),
    path("proposals/<int:pk>/review/", views.proposal_start_review, name="proposal_start_review"),
    path("proposals/<int:pk>/files/", views.file_upload, name="proposal_file_upload"),
    path("proposals/<int:pk>/files/<int:file_pk>/", views.file_download, name="proposal_file"),
    path("proposals/<int:pk>/memo.docx", views.memo_download, name="proposal_memo_docx"),
    path("proposals/<int:pk>/dossier.zip", views.dossier_download, name="proposal_dossier_zip"),
    path("meetings/<int:meeting_pk>/notice/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("council/meetings/", council.meeting_list, name="meeting_list"),
    path("council/meetings/new/", council.meeting_create, name="meeting_create"),
    path("council/meetings/<int:pk>/", council.meeting_detail, name="meeting_detail"),
    path("council/meetings/<int:pk>/members/", council.meeting_members, name="meeting_members"),
    path("council/meetings/<int:pk>/agenda/", council.meeting_agenda, name="meeting_agenda"),
    path("council/meetings/<int:pk>/hold/", council.meeting_hold, name="meeting_hold"),
    path("council/meetings/<int:pk>/vote/", council.meeting_vote, name="meeting_vote"),
    path("council/meetings/<int:pk>/result/", council.meeting_result, name="meeting_result"),
    path("council/meetings/<int:pk>/second-round/", council.meeting_second_round, name="meeting_second_round"),
    path("council/meetings/<int:pk>/close/", council.meeting_close, name="meeting_close"),
    path("council/meetings/<int:pk>/minutes.docx", council.meeting_minutes, name="meeting_minutes"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/list.xlsx", decisions.decision_list_xlsx, name="decision_list_xlsx"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("decisions/external/", decisions.decision_external, name="decision_external"),
    path("decisions/external/search/", decisions.decision_external_search, name="decision_external_search"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision_edit"),
    path(
        "decisions/<int:pk>/lines/<int:line_pk>/remove/",
        decisions.decision_line_remove,
        name="decision_line_remove",
    ),
    path("decisions/<int:pk>/delete/", decisions.decision_delete, name="decision_delete"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/annul/", decisions.decision_annul, name="decision_annul"),
    path("decisions/<int:pk>/decision.docx", decisions.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/scan/", decisions.decision_scan, name="decision_scan"),
    path("decisions/<int:pk>/scan/upload/", decisions.decision_scan_upload, name="decision_scan_upload"),
    path("certificates/templates/", certificates.template_list, name="certificate_templates"),
    path("certificates/templates/<int:pk>/", certificates.template_edit, name="certificate_template_edit"),
    path(
        "certificates/templates/<int:pk>/test-page.pdf",
        certificates.template_test_page,
        name="certificate_template_test_page",
    ),
    path(
        "certificates/templates/<int:pk>/preview.pdf",
        certificates.template_preview,
        name="certificate_template_preview",
    ),
    path("certificates/decisions/<int:pk>/", certificates.decision_certificates, name="decision_certificates"),
    path(
        "certificates/decisions/<int:pk>/certificates.pdf", certificates.decision_pdf, name="decision_certificates_pdf"
    ),
    path(
        "certificates/decisions/<int:pk>/draft.pdf",
        certificates.decision_pdf,
        {"draft": True},
        name="decision_certificates_draft",
    ),
    path("certificates/lines/<int:pk>/certificate.pdf", certificates.line_pdf, name="certificate_pdf"),
    path("certificates/lines/<int:pk>/draft.pdf", certificates.line_pdf, {"draft": True}, name="certificate_draft"),
]
