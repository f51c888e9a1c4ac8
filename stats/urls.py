from django.urls import path

from stats import views

# news pages: stats/urls_news.py
try:
    from stats.urls_news import urlpatterns as news_urls
except ImportError:
    news_urls = []


urlpatterns = [
    path("thong-ke/", views.dashboard, name="stats_dashboard"),
    *news_urls,
]

urlpatterns += [
    path("thong-ke/bao-cao/", views.reports_page, name="stats_reports"),
]
