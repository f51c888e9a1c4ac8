from django.urls import path

from news import views as news_views

app_name = "news"

urlpatterns = [
    path("news/", news_views.news_list, name="news_list"),
    path("news/<int:pk>/", news_views.article_detail, name="news_detail"),
    path("news/<int:pk>/sua/", news_views.article_edit, name="news_edit"),
    path("news/<int:pk>/dang/", news_views.article_publish, name="news_publish"),
    path("conferences/<int:conference_pk>/news/", news_views.news_generate, name="news_generate"),
    path("blocks/<int:block_pk>/year-end-summary.docx", news_views.summary_report, name="news_summary_docx"),
]
