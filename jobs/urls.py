from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("cong-viec/", views.job_list, name="job_list"),
    path("cong-viec/<int:pk>/", views.job_detail, name="job_detail"),
]
