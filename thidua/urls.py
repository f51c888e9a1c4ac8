from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from api.api import api
from organisation.views.two_factor import login_code

admin.site.site_header = _("Thi Đua – Quản trị hệ thống")
admin.site.site_title = _("Thi Đua")
admin.site.index_title = _("Quản trị hệ thống")


def api_not_found(request, rest=""):
    """A path under /api/v1/ that names no operation: the API's JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": gettext("Không tìm thấy hoặc nằm ngoài phạm vi của bạn.")}, status=404)


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # The second step for users with a second factor; organisation.otp sends every unverified session here.
    path("login/code/", login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found),
    path("", include("organisation.urls")),
    path("", include("cycle.urls")),
    path("", include("scoring.urls")),
    path("", include("voting.urls")),
    path("", include("eligibility.urls")),
    path("", include("commendation.urls")),
    path("", include("stats.urls")),
    path("", include("news.urls")),
    path("", include("jobs.urls")),
]
# Uploaded files are never served from MEDIA_URL: only through views that check access.
