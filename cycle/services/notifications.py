"""Notifications: rows in a table, shown in the app; an e-mail or SMS channel can send them later."""

from collections.abc import Iterable

from cycle.models import Notification
from organisation import tree
from organisation.models import WRITE_ROLES, RoleGrant, Unit


def users_acting_for(units: Iterable[Unit]) -> list:
    """Users holding a write role over any of ``units`` (on the unit itself or above it): 1 query."""
    paths = [u.path for u in units]
    grants = RoleGrant.objects.filter(unit_id__in=tree.ids_in_paths(paths), role__in=WRITE_ROLES).select_related(
        "user", "unit"
    )
    users = {g.user_id: g.user for g in grants if any(p.startswith(g.unit.path) for p in paths)}
    return list(users.values())


def notify(users: Iterable, text: str, url: str = "") -> int:
    """Queue one notification per user (one INSERT)."""
    rows = [Notification(user=user, text=text[:500], url=url[:255]) for user in {u.pk: u for u in users}.values()]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_units(units: Iterable[Unit], text: str, url: str = "") -> int:
    return notify(users_acting_for(list(units)), text, url)
