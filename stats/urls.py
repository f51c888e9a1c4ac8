from django.urls import path

from stats import views

# news pages: stats/urls_news.py
try:
    from stats.urls_news import urlpatterns as news_urls
except ImportError:
    news_urls = []

app_name = "stats"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    *news_urls,
]
