"""The JSON API at /api/v1/: the same data and the same access rules as the web pages.

Authentication: ``Authorization: Bearer <khoá API>`` (keys are issued on the "Khoá API" page)
or the browser session (with CSRF on writes). Errors are ``{"detail": "..."}``: 401 without
valid credentials, 404 for what is outside your scope, 403 for what you may read but not
change, 409 for a duplicate code, 422 for invalid input or a change the rules refuse.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from api.auth import session_auth, token_auth
from api.routers import (
    accounts,
    blocks,
    catalogue,
    certificates,
    conferences,
    council,
    decisions,
    disclosure,
    eligibility,
    facts,
    history,
    imports,
    jobs,
    movements,
    news,
    notices,
    people,
    pledges,
    proposal_exclusions,
    proposals,
    registration,
    reports,
    rubrics,
    rulesets,
    scoring,
    standings,
    stats,
    tasks,
    two_factor,
    units,
    users,
    voting,
)
from api.schemas.me import MeOut
from organisation.models import Role
from organisation.permissions import is_admin
from organisation.services import IdentifierTaken, OrganisationError

api = NinjaAPI(
    title="Thi Đua API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=[token_auth, session_auth],
)

# In this order: it is the order of the paths in the OpenAPI document and of the URL patterns.
api.add_router("/units", units.router)
api.add_router("/people", people.router)
for cycle_router in (movements, blocks, registration, pledges, reports, conferences, tasks):
    api.add_router("", cycle_router.router)
api.add_router("/scoring", scoring.router)
api.add_router("/scoring", rubrics.router)
for awards_router in (catalogue, rulesets, eligibility, facts, standings):
    api.add_router("/awards", awards_router.router)
api.add_router("/voting", voting.router)
api.add_router("/proposals", proposals.router)
api.add_router("/proposals", proposal_exclusions.router)
api.add_router("/decisions", council.router)
api.add_router("/decisions", decisions.router)
api.add_router("/decisions", notices.router)
api.add_router("/certificates", certificates.router)
api.add_router("/stats", stats.router)
api.add_router("/news", news.router)
api.add_router("", users.router)
api.add_router("", two_factor.router)
api.add_router("/users", accounts.router)
api.add_router("/imports", imports.router)
api.add_router("/jobs", jobs.router)
api.add_router("/awards", history.router)
api.add_router("", disclosure.router)


def _detail(request, message: str, status: int):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _detail(request, _("Chưa xác thực: hãy đăng nhập hoặc gửi khoá API hợp lệ."), 401)
    response["WWW-Authenticate"] = 'Bearer realm="thidua"'
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return _detail(request, _("Không tìm thấy hoặc nằm ngoài phạm vi của bạn."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _detail(request, _("Bạn chỉ có quyền xem, không có quyền thay đổi mục này."), 403)


@api.exception_handler(OrganisationError)
def refused_by_rules(request, exc):
    return _detail(request, str(exc), 422)


@api.exception_handler(IdentifierTaken)
def identifier_taken(request, exc):
    return _detail(request, str(exc), 409)


@api.exception_handler(IntegrityError)
def conflict(request, exc):
    # The services' checks catch the usual cases; this is the race between two writers.
    return _detail(request, _("Dữ liệu mâu thuẫn với dữ liệu đã có (trùng mã?). Hãy tải lại rồi thử lại."), 409)


@api.get("/me", response=MeOut, tags=["me"], summary="Người dùng hiện tại và các vai trò")
def me(request):
    user = request.auth
    labels = dict(Role.choices)
    grants = user.grants.select_related("unit").order_by("unit__path", "role")
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "is_admin": is_admin(user),
        "person": user.person_id,
        "roles": [{"role": g.role, "label": str(labels.get(g.role, g.role)), "unit": g.unit} for g in grants],
    }
