from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="stats_dashboard"),
    path("thong-ke/bao-cao/", views.reports_page, name="stats_reports"),
]
