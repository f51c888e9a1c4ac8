from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="stats_dashboard"),
    path("thong-ke/bao-cao/", views.reports_page, name="stats_reports"),
    path("thong-ke/bao-cao/tai/", views.report_job, name="stats_report_job"),
    path("thong-ke/bao-cao/tep/<int:job_pk>/", views.report_file, name="stats_report_file"),
]
