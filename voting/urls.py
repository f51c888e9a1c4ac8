from django.urls import path

from voting import views

app_name = "voting"

urlpatterns = [
    path("conferences/<int:conference_pk>/elections/", views.election_list, name="election_list"),
    path("conferences/<int:conference_pk>/elections/new/", views.election_create, name="election_create"),
    path("elections/<int:pk>/", views.election_detail, name="election_detail"),
    path("elections/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("elections/<int:pk>/leaders/", views.leaders_add, name="leaders_add"),
    path("elections/<int:pk>/roll/", views.roll_edit, name="roll_edit"),
    path("elections/<int:pk>/open/", views.election_open, name="election_open"),
    path("elections/<int:pk>/close/", views.election_close, name="election_close"),
    path("elections/<int:pk>/apply/", views.election_apply, name="election_apply"),
    path("elections/<int:pk>/vote/", views.ballot, name="ballot"),
    path("elections/<int:pk>/receipts/", views.receipts, name="receipts"),
    path("elections/<int:pk>/receipts.csv", views.receipts_csv, name="receipts_csv"),
    path("elections/<int:pk>/count-minutes.docx", views.count_minutes, name="count_minutes_docx"),
    path("elections/<int:pk>/minutes.docx", views.minutes, name="minutes_docx"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/paper/", views.paper_count, name="paper_count"),
    path("questions/<int:pk>/runoff/", views.runoff_open, name="runoff_open"),
]
