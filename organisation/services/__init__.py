"""Every write to the organisation, each in one transaction with its audit row."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from organisation.models import (
    ApiToken,
    Assignment,
    Person,
    PersonRating,
    Unit,
    UnitChange,
    UnitRating,
    UnitSuccession,
    hash_token,
)

UNIT_FIELDS = ["ref", "code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]
PERSON_FIELDS = ["ident", "full_name", "birth_date", "sex", "rank", "position", "service_start"]


class OrganisationError(ValueError):
    """A change that would break the organisation's rules; the message is for the user."""


class IdentifierTaken(OrganisationError):
    """Another unit or person already has this identifier (the API answers 409)."""


def check_ref_free(ref: str, unit: Unit | None = None) -> None:
    """Refuse a ref another unit has, whatever its case (``IdentifierTaken``)."""
    taken = Unit.objects.filter(ref__iexact=ref)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise IdentifierTaken(_("Mã định danh %(ref)s đã được dùng cho đơn vị khác.") % {"ref": ref})


class FieldRefused(OrganisationError):
    """A change refused because of one field's value; the message starts with the field's name, as the API's
    422 answers name it (``unit: …``)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _check_period(valid_from, valid_to) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise OrganisationError(_("Ngày hết hiệu lực phải sau ngày có hiệu lực."))


def _check_ident_free(ident: str, person: Person | None = None) -> None:
    taken = Person.objects.filter(ident__iexact=ident)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise IdentifierTaken(_("Mã cán bộ %(ident)s đã được dùng cho người khác.") % {"ident": ident})


def _set_path(unit: Unit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = parent_path.count("/") - 1
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)


@transaction.atomic
def create_unit(
    *,
    by,
    ref: str,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from=None,
    valid_to=None,
    basis: str = "",
) -> Unit:
    """Create a unit under ``parent`` and record its founding. Refused when the ref is taken
    (``IdentifierTaken``) or the period ends before it starts."""
    check_ref_free(ref)
    _check_period(valid_from, valid_to)
    unit = Unit.objects.create(
        ref=ref,
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    _set_path(unit)
    if valid_from:
        UnitChange.objects.create(unit=unit, kind=UnitChange.Kind.CREATED, date=valid_from, new_value=name, basis=basis)
    audit.record(by, AuditEvent.Action.CREATE, unit, audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, by, **changes) -> Unit:
    """Change a unit's plain fields; a new parent moves the whole subtree (``move_unit``)."""
    if "ref" in changes:
        check_ref_free(changes["ref"], unit)
    _check_period(changes.get("valid_from", unit.valid_from), changes.get("valid_to", unit.valid_to))
    new_parent = changes.pop("parent", unit.parent)
    before = audit.snapshot(unit, UNIT_FIELDS)
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.save()
    if (new_parent.pk if new_parent else None) != unit.parent_id:
        move_unit(unit, new_parent, date=datetime.date.today(), by=by)
    after = audit.snapshot(unit, UNIT_FIELDS)
    if delta := audit.diff(before, after):
        audit.record(by, AuditEvent.Action.UPDATE, unit, delta)
    return unit


@transaction.atomic
def move_unit(unit: Unit, new_parent: Unit | None, *, date: datetime.date, by, basis: str = "") -> Unit:
    """Put ``unit`` and its subtree under ``new_parent``: one UPDATE whatever the subtree's size."""
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise OrganisationError(_("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
    old_path, old_depth = unit.path, unit.depth
    old_parent = unit.parent
    new_path = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
    new_depth = new_path.count("/") - 2
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChange.Kind.MOVED,
        date=date,
        old_value=str(old_parent or ""),
        new_value=str(new_parent or ""),
        basis=basis,
    )
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        unit,
        {"parent": [old_parent.pk if old_parent else None, new_parent.pk if new_parent else None]},
    )
    return unit


@transaction.atomic
def rename_unit(
    unit: Unit, *, name: str, short_name: str | None = None, date: datetime.date, by, basis: str = ""
) -> Unit:
    """Rename a unit; the old name stays in its history."""
    old = unit.name
    unit.name = name
    if short_name is not None:
        unit.short_name = short_name
    unit.save(update_fields=["name", "short_name", "name_folded", "updated_at"])
    UnitChange.objects.create(
        unit=unit, kind=UnitChange.Kind.RENAMED, date=date, old_value=old, new_value=name, basis=basis
    )
    audit.record(by, AuditEvent.Action.UPDATE, unit, {"name": [old, name]})
    return unit


def _end_unit(unit: Unit, date: datetime.date, kind: str, successor_names: str, basis: str, by) -> None:
    last_day = date - datetime.timedelta(days=1)
    if unit.valid_to is not None and unit.valid_to < last_day:
        raise OrganisationError(
            _("Đơn vị %(unit)s đã kết thúc hoạt động trước ngày %(date)s.")
            % {"unit": unit, "date": date.strftime("%d/%m/%Y")}
        )
    unit.valid_to = last_day
    unit.save(update_fields=["valid_to", "updated_at"])
    UnitChange.objects.create(unit=unit, kind=kind, date=date, new_value=successor_names[:255], basis=basis)
    audit.record(by, AuditEvent.Action.UPDATE, unit, {"valid_to": [None, last_day.isoformat()]})


@transaction.atomic
def merge_units(units: list[Unit], *, into: Unit, date: datetime.date, by, basis: str = "") -> Unit:
    """Merge ``units`` into ``into`` from ``date``: they end the day before; lineage links them."""
    for unit in units:
        if unit.pk == into.pk:
            continue
        _end_unit(unit, date, UnitChange.Kind.MERGED, str(into), basis, by)
        UnitSuccession.objects.create(predecessor=unit, successor=into, date=date, kind=UnitChange.Kind.MERGED)
    UnitChange.objects.create(
        unit=into,
        kind=UnitChange.Kind.MERGED,
        date=date,
        old_value=", ".join(str(u) for u in units if u.pk != into.pk)[:255],
        basis=basis,
    )
    return into


@transaction.atomic
def split_unit(unit: Unit, *, into: list[Unit], date: datetime.date, by, basis: str = "") -> list[Unit]:
    """Split ``unit`` into ``into`` from ``date``: it ends the day before; each part succeeds it."""
    _end_unit(unit, date, UnitChange.Kind.SPLIT, ", ".join(str(u) for u in into), basis, by)
    for part in into:
        UnitSuccession.objects.create(predecessor=unit, successor=part, date=date, kind=UnitChange.Kind.SPLIT)
        UnitChange.objects.create(unit=part, kind=UnitChange.Kind.SPLIT, date=date, old_value=str(unit), basis=basis)
    return into


# People ------------------------------------------------------------------------------


@transaction.atomic
def create_person(*, by, unit: Unit | None, start: datetime.date | None = None, **fields) -> Person:
    """Create a person and, with ``unit``, their first assignment. Refused when the ident is taken."""
    _check_ident_free(fields.get("ident", ""))
    person = Person.objects.create(**fields)
    audit.record(by, AuditEvent.Action.CREATE, person, audit.snapshot(person, PERSON_FIELDS))
    if unit is not None:
        transfer_person(
            person, unit, start=start or person.service_start or datetime.date.today(), position=person.position, by=by
        )
    return person


@transaction.atomic
def update_person(person: Person, *, by, **changes) -> Person:
    if "ident" in changes:
        _check_ident_free(changes["ident"], person)
    before = audit.snapshot(person, PERSON_FIELDS)
    for name, value in changes.items():
        setattr(person, name, value)
    person.save()
    if delta := audit.diff(before, audit.snapshot(person, PERSON_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, person, delta)
    return person


@transaction.atomic
def transfer_person(
    person: Person, unit: Unit, *, start: datetime.date, by, position: str = "", basis: str = ""
) -> Assignment:
    """Move ``person`` to ``unit`` from ``start``: the open assignment ends the day before."""
    current = Assignment.objects.select_for_update().filter(person=person, end__isnull=True).first()
    if current is not None:
        if start <= current.start:
            raise OrganisationError(
                _("Ngày điều động %(start)s phải sau ngày bắt đầu công tác hiện tại %(current)s.")
                % {"start": start.strftime("%d/%m/%Y"), "current": current.start.strftime("%d/%m/%Y")}
            )
        current.end = start - datetime.timedelta(days=1)
        current.save(update_fields=["end"])
    if not unit.is_active_on(start):
        raise OrganisationError(
            _("Đơn vị %(unit)s không hoạt động vào ngày %(date)s.") % {"unit": unit, "date": start.strftime("%d/%m/%Y")}
        )
    assignment = Assignment.objects.create(
        person=person, unit=unit, start=start, position=position or person.position, basis=basis
    )
    old_unit = person.unit_id
    person.unit = unit
    update_fields = ["unit", "updated_at"]
    if position:
        person.position = position
        update_fields.append("position")
    person.save(update_fields=update_fields)
    audit.record(
        by,
        AuditEvent.Action.TRANSFER,
        person,
        {"unit": [old_unit, unit.pk], "start": [None, start.isoformat()]},
        note=basis,
    )
    return assignment


def _set_rating(model, owner, year: int, rating: str, *, by):
    """Upsert one yearly rating of a person or a unit; audit only a real change."""
    owner_field = "person" if isinstance(owner, Person) else "unit"
    obj, created = model.objects.select_for_update().get_or_create(
        **{owner_field: owner}, year=year, defaults={"rating": rating}
    )
    old = None if created else obj.rating
    if not created and obj.rating != rating:
        obj.rating = rating
        obj.save(update_fields=["rating"])
    if old != rating:
        audit.record(
            by,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            owner,
            {f"rating_{year}": [old, rating]},
        )
    return obj


@transaction.atomic
def set_person_rating(person: Person, year: int, rating: str, *, by) -> PersonRating:
    return _set_rating(PersonRating, person, year, rating, by=by)


@transaction.atomic
def set_unit_rating(unit: Unit, year: int, rating: str, *, by) -> UnitRating:
    return _set_rating(UnitRating, unit, year, rating, by=by)


def _set_ratings(model, field: str, year: int, ratings: dict, *, by) -> int:
    existing = {
        getattr(r, f"{field}_id"): r
        for r in model.objects.select_for_update().filter(**{f"{field}__in": list(ratings)}, year=year)
    }
    new, changed, created, updated = [], [], [], []
    for owner, rating in ratings.items():
        row = existing.get(owner.pk)
        if row is None:
            new.append(model(**{field: owner}, year=year, rating=rating))
            created.append((owner, {f"rating_{year}": [None, rating]}))
        elif row.rating != rating:
            updated.append((owner, {f"rating_{year}": [row.rating, rating]}))
            row.rating = rating
            changed.append(row)
    model.objects.bulk_create(new)
    model.objects.bulk_update(changed, ["rating"])
    audit.record_many(by, AuditEvent.Action.CREATE, created)
    audit.record_many(by, AuditEvent.Action.UPDATE, updated)
    return len(created) + len(updated)


@transaction.atomic
def set_person_ratings(year: int, ratings: dict[Person, str], *, by) -> int:
    """Many people's ratings of one year at once (the API's bulk PUT): one read, one insert, one update and
    one audit insert whatever the number; only real changes are written and audited. Returns that number."""
    return _set_ratings(PersonRating, "person", year, ratings, by=by)


@transaction.atomic
def set_unit_ratings(year: int, ratings: dict[Unit, str], *, by) -> int:
    """Many units' ratings of one year at once, as ``set_person_ratings``."""
    return _set_ratings(UnitRating, "unit", year, ratings, by=by)


# The yearly picture --------------------------------------------------------------------


@dataclass
class YearFacts:
    """Everything known about one subject in one year. Later modules add their facts here
    (titles, award forms, initiatives, discipline) through ``YEARLY_FACT_PROVIDERS``."""

    year: int
    rating: str | None = None
    rating_label: str = ""
    extra: dict = field(default_factory=dict)


# Each provider is f(person_ids, y1, y2) -> {(person_id, year): {key: value}}: bulk, one query each.
YEARLY_FACT_PROVIDERS: list = []

# What a user's home page shows besides their roles: each provider is f(user, today) -> {context key: value},
# filled at start-up by the apps above (cycle: the tasks the user owes and unread notifications; voting: the
# open ballots the user may cast).
HOME_PROVIDERS: list = []


def home_context(user, today) -> dict:
    """The home page's sections from every registered provider. Lists under the same key add up (every
    provider's ``tasks`` go into the one "Việc cần làm"), in the order the providers were registered."""
    context: dict = {}
    for provider in HOME_PROVIDERS:
        for key, value in provider(user, today).items():
            if isinstance(value, list) and isinstance(context.get(key), list):
                context[key] = context[key] + value
            else:
                context[key] = value
    return context


def person_yearly_record(person: Person, first_year: int, last_year: int) -> list[YearFacts]:
    """One place to ask "everything about person P for years Y1..Y2", a year a row."""
    from organisation.models import Rating

    labels = dict(Rating.choices)
    ratings = dict(
        PersonRating.objects.filter(person=person, year__range=(first_year, last_year)).values_list("year", "rating")
    )
    rows = [
        YearFacts(year=y, rating=ratings.get(y), rating_label=labels.get(ratings.get(y), ""))
        for y in range(last_year, first_year - 1, -1)
    ]
    for provider in YEARLY_FACT_PROVIDERS:
        found = provider([person.pk], first_year, last_year)
        for row in rows:
            row.extra.update(found.get((person.pk, row.year), {}))
    return rows


def issue_api_token(user, *, name: str, by) -> tuple[ApiToken, str]:
    """A new bearer token for ``user``; the raw key is returned once and never stored."""
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[3:9], key_hash=hash_token(raw))
    audit.record(by, AuditEvent.Action.LOGIN_TOKEN, token, {"user": [None, user.pk]})
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by) -> bool:
    """Revoke a token for good; False when it already was."""
    if token.revoked:
        return False
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit.record(by, AuditEvent.Action.UPDATE, token, {"revoked": [False, True]})
    return True


# Users and role grants: organisation/services/accounts.py (imported last: it uses the errors above).
from organisation.services.accounts import USER_FIELDS as USER_FIELDS  # noqa: E402
from organisation.services.accounts import create_user as create_user  # noqa: E402
from organisation.services.accounts import grant_role as grant_role  # noqa: E402
from organisation.services.accounts import revoke_grant as revoke_grant  # noqa: E402
from organisation.services.accounts import update_user as update_user  # noqa: E402
