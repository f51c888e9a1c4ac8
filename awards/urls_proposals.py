"""The proposals' pages (``awards.views.proposals``); included by ``awards.urls``."""

from django.urls import path

from awards.views import proposals as views

urlpatterns = [
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
]
