"""Council meetings and decisions (included by ``awards/urls.py``)."""

from django.urls import path

from awards.views import council, decisions

urlpatterns = [
    path("council/meetings/", council.meeting_list, name="meeting_list"),
    path("council/meetings/new/", council.meeting_create, name="meeting_create"),
    path("council/meetings/<int:pk>/", council.meeting_detail, name="meeting_detail"),
    path("council/meetings/<int:pk>/members/", council.meeting_members, name="meeting_members"),
    path("council/meetings/<int:pk>/agenda/", council.meeting_agenda, name="meeting_agenda"),
    path("council/meetings/<int:pk>/hold/", council.meeting_hold, name="meeting_hold"),
    path("council/meetings/<int:pk>/vote/", council.meeting_vote, name="meeting_vote"),
    path("council/meetings/<int:pk>/result/", council.meeting_result, name="meeting_result"),
    path("council/meetings/<int:pk>/close/", council.meeting_close, name="meeting_close"),
    path("council/meetings/<int:pk>/minutes.docx", council.meeting_minutes, name="meeting_minutes"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/list.xlsx", decisions.decision_list_xlsx, name="decision_list_xlsx"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("decisions/external/", decisions.decision_external, name="decision_external"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/annul/", decisions.decision_annul, name="decision_annul"),
    path("decisions/<int:pk>/decision.docx", decisions.decision_docx, name="decision_docx"),
]
