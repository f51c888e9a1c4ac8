"""Reads of the statistics and report pages from a PostgreSQL streaming replica (docs/DEPLOY.md).

Everything is written to and read from the primary (``default``) except inside ``replica_reads()``: the middleware
opens it for a GET or HEAD under one of ``DATABASE_REPLICA_PATHS`` (the statistics dashboard, the report forms, the
statistics API). There, reads go to ``replica`` unless:

- the model is one whose freshness decides who you are or what runs (sessions, users, sign-in throttling, second
  factors, the job queue): always the primary;
- the request has written anything (``db_for_write`` was asked): from then on the request reads the primary;
- the default connection is inside a transaction (a read that must see its own transaction's writes);
- the browser wrote in the last ``DATABASE_REPLICA_STICKY_SECONDS``: every response to a request that wrote (or
  was not a GET/HEAD) sets a cookie with the time until which that browser reads the primary, so a user who has just
  decided or annulled something sees it in the statistics at once, whatever the replica's lag.

Raw SQL follows the same choice through ``connections[router.db_for_read(Model)]`` (stats.tallies). The replica is
never migrated: it is a byte copy of the primary.
"""

import contextlib
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
COOKIE = "thidua_primary_until"
# Apps (and the user model) whose rows are always read from the primary.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "admin", "contenttypes", "axes", "otp_totp", "otp_static", "django_otp"}
    | {"django_tasks_database", "jobs"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def replica_configured() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_READS", False)) and REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads(allowed: bool = True):
    """Within: reads may go to the replica (as the router allows). Yields a callable telling whether anything was
    written meanwhile."""
    allowed_token = _replica_allowed.set(allowed)
    wrote_token = _wrote.set(False)
    try:
        yield _wrote.get
    finally:
        _replica_allowed.reset(allowed_token)
        _wrote.reset(wrote_token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or _wrote.get() or not replica_configured():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label == settings.AUTH_USER_MODEL:
            return None
        # Inside a transaction on the primary (not counting the one a test case wraps each test in, as Django's own
        # durable check does not): its reads must see its writes.
        if any(not block._from_testcase for block in connections["default"].atomic_blocks):
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is the primary's copy: an object read from one may point to an object of the other.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


def _recently_wrote(request) -> bool:
    try:
        return int(request.COOKIES.get(COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaReadsMiddleware:
    """Opens ``replica_reads`` for the statistics' GETs of a browser that has not just written; marks a browser
    that wrote with the cookie. Does nothing while no replica is configured."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        allowed = (
            request.method in ("GET", "HEAD")
            and request.path.startswith(tuple(settings.DATABASE_REPLICA_PATHS))
            and not _recently_wrote(request)
        )
        with replica_reads(allowed) as wrote:
            response = self.get_response(request)
            written = wrote() or request.method not in SAFE_METHODS
        if written:
            seconds = settings.DATABASE_REPLICA_STICKY_SECONDS
            response.set_cookie(
                COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
