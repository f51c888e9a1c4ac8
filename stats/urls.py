from django.urls import path

from stats import views
from stats.urls_news import urlpatterns as news_urls

urlpatterns = [
    path("thong-ke/", views.dashboard, name="stats_dashboard"),
    path("thong-ke/bao-cao/", views.reports_page, name="stats_reports"),
    *news_urls,
]
