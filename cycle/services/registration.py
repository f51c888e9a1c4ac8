"""Registration (đăng ký thi đua) of a member unit for a block-year: the collective titles it aims
for, its targets (chỉ tiêu) and its officers with the individual title each aims for.

Draft → confirmed by the unit's commander (``confirm_registration``); any change to a confirmed
registration reopens it to draft. After ``Block.registration_deadline`` every change is refused,
except by the block's manager (the emulation office), who may still correct. Each write is one
transaction with one audit row on the Registration; the number of queries does not grow with the
number of officers or targets.
"""

import os
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle import registration_xlsx
from cycle.models import Block, PersonRegistration, Registration, RegistrationTarget, TargetResult
from cycle.permissions import can_manage_block
from cycle.services import CycleError, target_results
from cycle.services.notifications import notify_units
from cycle.services.target_results import ResultData
from documents.xlsx import RowError
from honours.models import Recipient, Title
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Person, Role, Unit


@dataclass(frozen=True)
class TargetData:
    """One target (chỉ tiêu) as entered: text, optional number and unit of measure."""

    text: str
    value: Decimal | None = None
    measure: str = ""

    def as_list(self) -> list:
        return [self.text, None if self.value is None else f"{self.value.normalize():f}", self.measure]


@dataclass
class ImportOutcome:
    """What an import did: every problem found (then nothing was written), or the counts read and
    whether the registration changed."""

    errors: list[RowError] = field(default_factory=list)
    people: int = 0
    targets: int = 0
    changed: bool = False
    registration: Registration | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


MET = (TargetResult.MET, TargetResult.EXCEEDED)

# Rules --------------------------------------------------------------------------------------


def deadline_problem(block: Block, by) -> str | None:
    """Why ``by`` may no longer change registrations of ``block`` (the deadline has passed and they are
    not its manager), or None. ``by`` None is the system."""
    deadline = block.registration_deadline
    if deadline is None or timezone.localdate() <= deadline or by is None or can_manage_block(by, block):
        return None
    return _(
        "Đã hết hạn đăng ký thi đua (hạn cuối %(date)s). Sau thời hạn này chỉ cơ quan quản lý khối "
        "được điều chỉnh đăng ký."
    ) % {"date": deadline.strftime("%d/%m/%Y")}


def can_confirm_registration(user, block: Block, unit: Unit) -> bool:
    """The unit's commander (a COMMANDER role over the unit), the block's manager or an admin."""
    if org_perms.is_admin(user) or can_manage_block(user, block):
        return True
    paths = list(user.grants.filter(role=Role.COMMANDER).values_list("unit__path", flat=True))
    return tree.path_within(unit.path, paths)


def unit_officers(unit: Unit, *, limit: int | None = None) -> list[Person]:
    """The people whose current unit is ``unit`` or below it, by name (1 query)."""
    people = (
        Person.objects.filter(unit__path__startswith=unit.path).select_related("unit").order_by("name_folded", "pk")
    )
    return list(people[:limit] if limit else people)


def _check_member(block: Block, unit: Unit) -> None:
    if not block.memberships.filter(unit=unit).exists():
        raise CycleError(_("%(unit)s không phải đơn vị thành viên của khối.") % {"unit": unit.code})


def _check_content(
    unit: Unit, titles: list[Title], targets: list[TargetData], people: list[tuple[Person, Title]]
) -> None:
    for title in titles:
        if title.recipient != Recipient.COLLECTIVE:
            raise CycleError(_("%(title)s không phải danh hiệu tập thể.") % {"title": title.name})
    for target in targets:
        if not target.text.strip():
            raise CycleError(_("Chỉ tiêu phải có nội dung."))
    seen = set()
    for person, title in people:
        if person.pk in seen:
            raise CycleError(_("Cán bộ %(name)s được đăng ký hai lần.") % {"name": person.full_name})
        seen.add(person.pk)
        if title.recipient != Recipient.INDIVIDUAL:
            raise CycleError(_("%(title)s không phải danh hiệu cá nhân.") % {"title": title.name})
    if seen:
        inside = set(Person.objects.filter(pk__in=seen, unit__path__startswith=unit.path).values_list("pk", flat=True))
        outside = [person for person, _title in people if person.pk not in inside]
        if outside:
            raise CycleError(
                _("Cán bộ %(names)s không thuộc %(unit)s nên không đăng ký được ở đơn vị này.")
                % {"names": ", ".join(p.full_name for p in outside), "unit": unit.code}
            )


# Writing ------------------------------------------------------------------------------------


def _apply(
    block: Block,
    unit: Unit,
    *,
    titles: list[Title],
    targets: list[TargetData],
    people: list[tuple[Person, Title]],
    by,
    action: str,
    note: str = "",
) -> tuple[Registration, bool]:
    """Make the registration of ``unit`` exactly this; reopen it if confirmed and changed; one audit row.
    Returns the registration and whether anything was written."""
    registration = Registration.objects.select_for_update().filter(block=block, unit=unit).first()
    created = registration is None
    if created:
        registration = Registration.objects.create(block=block, unit=unit)
    delta = {}

    old_titles = [] if created else list(registration.titles.all())
    if {t.pk for t in old_titles} != {t.pk for t in titles}:
        registration.titles.set(titles)
        delta["titles"] = [sorted(t.code for t in old_titles), sorted(t.code for t in titles)]

    old_targets = [] if created else list(registration.targets.all())
    if [TargetData(t.text, t.value, t.measure) for t in old_targets] != targets:
        _write_targets(registration, old_targets, targets)
        delta["targets"] = [
            [TargetData(t.text, t.value, t.measure).as_list() for t in old_targets],
            [t.as_list() for t in targets],
        ]

    existing = {} if created else {r.person_id: r for r in registration.people.select_related("person", "title")}
    wanted = {person.pk: (person, title) for person, title in people}
    removed = [r for pk, r in existing.items() if pk not in wanted]
    changed = [r for pk, r in existing.items() if pk in wanted and r.title_id != wanted[pk][1].pk]
    added = [
        PersonRegistration(registration=registration, person=p, title=t)
        for pk, (p, t) in wanted.items()
        if pk not in existing
    ]
    if removed or changed or added:
        before = {r.person.ident: r.title.code for r in [*removed, *changed]}
        for r in changed:
            r.title = wanted[r.person_id][1]
        PersonRegistration.objects.filter(pk__in=[r.pk for r in removed]).delete()
        PersonRegistration.objects.bulk_update(changed, ["title"])
        PersonRegistration.objects.bulk_create(added)
        delta["people"] = [before, {r.person.ident: r.title.code for r in [*changed, *added]}]

    if not (created or delta):
        return registration, False
    if registration.status == Registration.Status.CONFIRMED:
        delta["status"] = [registration.status, Registration.Status.DRAFT.value]
        registration.status, registration.confirmed_by, registration.confirmed_at = (
            Registration.Status.DRAFT,
            None,
            None,
        )
    fields = ["status", "confirmed_by", "confirmed_at", "updated_at"]
    if "targets" in delta and registration.results_confirmed_at is not None:
        delta["results_confirmed_at"] = [registration.results_confirmed_at.isoformat(), None]
        registration.results_confirmed_by, registration.results_confirmed_at = None, None
        fields += ["results_confirmed_by", "results_confirmed_at"]
    registration.save(update_fields=fields)
    audit.record(
        by,
        AuditEvent.Action.CREATE if created and action != AuditEvent.Action.IMPORT else action,
        registration,
        delta,
        note=note,
    )
    return registration, True


def _write_targets(registration: Registration, old: list[RegistrationTarget], new: list[TargetData]) -> None:
    """Row by row, so that a target kept as it was keeps its result; a changed one loses it."""
    update, create = [], []
    for order, data in enumerate(new):
        if order < len(old):
            row = old[order]
            if TargetData(row.text, row.value, row.measure) != data:
                row.text, row.value, row.measure = data.text, data.value, data.measure
                row.result, row.achieved_value, row.result_at = "", None, None
            row.order = order
            update.append(row)
        else:
            create.append(
                RegistrationTarget(
                    registration=registration, order=order, text=data.text, value=data.value, measure=data.measure
                )
            )
    RegistrationTarget.objects.filter(pk__in=[row.pk for row in old[len(new) :]]).delete()
    RegistrationTarget.objects.bulk_update(
        update, ["order", "text", "value", "measure", "result", "achieved_value", "result_at"]
    )
    RegistrationTarget.objects.bulk_create(create)


@transaction.atomic
def save_registration(
    block: Block, unit: Unit, *, titles: list[Title], targets: list[TargetData], people: list[tuple[Person, Title]], by
) -> Registration:
    """Set the whole registration of member ``unit``: its collective ``titles``, its ``targets`` in
    order, and ``people`` as (officer, individual title) pairs — anyone left out is not registered.

    Refused (CycleError) after the deadline unless ``by`` manages the block, for a unit that is not a
    member, a title of the wrong kind, or a person outside the unit's subtree. Saving the same
    content twice writes nothing; changing a confirmed registration reopens it to draft."""
    _check_member(block, unit)
    if problem := deadline_problem(block, by):
        raise CycleError(problem)
    _check_content(unit, titles, targets, people)
    registration, _changed = _apply(
        block, unit, titles=titles, targets=targets, people=people, by=by, action=AuditEvent.Action.UPDATE
    )
    return registration


@transaction.atomic
def import_registration_xlsx(block: Block, unit: Unit, source, *, by, name: str = "") -> ImportOutcome:
    """Import targets (with their results) and people from a registration file (``registration_xlsx``):
    the whole file is checked first and any problem writes nothing; a sheet with rows replaces that
    part of the registration, an empty one leaves it; collective titles stay as they are; a targets
    sheet with the Kết quả column sets every target's result (``target_results``). The same file
    twice changes nothing. After the deadline, unless ``by`` manages the block, a file that would
    change the registration is refused (CycleError) as a whole; one that only records results is not."""
    _check_member(block, unit)
    parsed = registration_xlsx.read_file(source)
    outcome = ImportOutcome(errors=parsed.errors, people=len(parsed.people), targets=len(parsed.targets))
    idents = sorted({row["ident"] for row in parsed.people if row["ident"]})
    found = {p.ident: p for p in Person.objects.filter(ident__in=idents).select_related("unit")}
    lookup = registration_xlsx.title_lookup(list(Title.objects.filter(active=True)))
    pairs = registration_xlsx.check_people(parsed.people, people=found, titles=lookup, unit=unit, errors=outcome.errors)
    if outcome.errors:
        order = {registration_xlsx.PEOPLE_SHEET: 1, registration_xlsx.TARGETS_SHEET: 2}
        outcome.errors.sort(key=lambda error: (order.get(getattr(error, "sheet", ""), 0), error.row or 0))
        return outcome
    current = Registration.objects.filter(block=block, unit=unit).first()
    titles = list(current.titles.all()) if current else []
    if parsed.has_targets:
        targets = [TargetData(row["text"], row["value"], row["measure"]) for row in parsed.targets]
    else:
        targets = [TargetData(t.text, t.value, t.measure) for t in current.targets.all()] if current else []
    if not parsed.has_people:
        pairs = [(r.person, r.title) for r in current.people.select_related("person", "title")] if current else []
    name = os.path.basename(name or str(getattr(source, "name", "") or ""))
    note = _("Nhập từ tệp Excel %(name)s") % {"name": name} if name else _("Nhập từ tệp Excel")
    outcome.registration, outcome.changed = _apply(
        block, unit, titles=titles, targets=targets, people=pairs, by=by, action=AuditEvent.Action.IMPORT, note=note
    )
    if outcome.changed and (problem := deadline_problem(block, by)):
        raise CycleError(problem)  # the transaction is rolled back: nothing written
    if parsed.has_targets and parsed.has_results:
        saved = list(outcome.registration.targets.all())
        changes = [
            (t, ResultData(row["result"], row["achieved"])) for t, row in zip(saved, parsed.targets, strict=True)
        ]
        for target in saved:
            target.registration = outcome.registration
        outcome.changed = bool(target_results.write_results(changes, by=by, note=note)) or outcome.changed
    return outcome


@transaction.atomic
def confirm_registration(block: Block, unit: Unit, *, by) -> Registration:
    """The unit's commander confirms its draft registration (draft → confirmed); the block leader's
    users are notified. PermissionDenied unless ``by`` may confirm (``can_confirm_registration``; None is the system);
    CycleError after the deadline (unless ``by`` manages the block), when there is no draft, or
    when it names no collective title."""
    if by is not None and not can_confirm_registration(by, block, unit):
        raise PermissionDenied
    if problem := deadline_problem(block, by):
        raise CycleError(problem)
    registration = Registration.objects.select_for_update().filter(block=block, unit=unit).first()
    if registration is None:
        raise CycleError(_("%(unit)s chưa đăng ký thi đua.") % {"unit": unit.code})
    if registration.status == Registration.Status.CONFIRMED:
        raise CycleError(_("Đăng ký của %(unit)s đã được xác nhận.") % {"unit": unit.code})
    if not registration.titles.exists():
        raise CycleError(_("Cần chọn ít nhất một danh hiệu tập thể trước khi xác nhận."))
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_by, registration.confirmed_at = by, timezone.now()
    registration.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        registration,
        {"status": [Registration.Status.DRAFT.value, Registration.Status.CONFIRMED.value]},
    )
    if block.leader_id:
        notify_units(
            [block.leader],
            _("%(unit)s đã xác nhận đăng ký thi đua năm %(year)s của %(block)s.")
            % {"unit": unit.code, "year": block.year, "block": block.name},
            reverse("cycle:registration_board", args=[block.pk]),
        )
    return registration


# Reading ------------------------------------------------------------------------------------


def registration_board(block: Block) -> dict:
    """Every member unit with its registration status, collective titles, number of targets and
    number of officers by individual title; the units not registered; totals. Five queries,
    whatever the number of members and officers."""
    members = list(block.memberships.select_related("unit"))
    registrations = {
        r.unit_id: r
        for r in Registration.objects.filter(block=block)
        .annotate(
            n_targets=Count("targets"),
            n_recorded=Count("targets", filter=~Q(targets__result="")),
            n_met=Count("targets", filter=Q(targets__result__in=MET)),
            n_exceeded=Count("targets", filter=Q(targets__result=TargetResult.EXCEEDED)),
        )
        .select_related("confirmed_by")
        .prefetch_related("titles")
    }
    columns = list(Title.objects.filter(recipient=Recipient.INDIVIDUAL, active=True))
    counts: dict[int, dict[int, int]] = {}
    for row in (
        PersonRegistration.objects.filter(registration__block=block)
        .values("registration__unit_id", "title_id")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(row["registration__unit_id"], {})[row["title_id"]] = row["n"]
    rows = []
    for member in members:
        registration = registrations.get(member.unit_id)
        by_title = counts.get(member.unit_id, {})
        rows.append(
            {
                "unit": member.unit,
                "registration": registration,
                "state": "none" if registration is None else registration.status,
                "titles": list(registration.titles.all()) if registration else [],
                "targets": registration.n_targets if registration else 0,
                "results": _results_row(registration),
                "people": [by_title.get(title.pk, 0) for title in columns],
                "people_total": sum(by_title.values()),
                "is_leader": member.unit_id == block.leader_id,
                "is_deputy": member.unit_id == block.deputy_id,
            }
        )
    return {
        "rows": rows,
        "columns": columns,
        "unregistered": [row["unit"] for row in rows if row["state"] == "none"],
        "totals": {
            "members": len(rows),
            "none": sum(row["state"] == "none" for row in rows),
            "draft": sum(row["state"] == Registration.Status.DRAFT for row in rows),
            "confirmed": sum(row["state"] == Registration.Status.CONFIRMED for row in rows),
            "people": [sum(row["people"][i] for row in rows) for i in range(len(columns))],
            "people_total": sum(row["people_total"] for row in rows),
            "targets": sum(row["targets"] for row in rows),
            "results_confirmed": sum(row["results"]["confirmed"] for row in rows),
            "units_met": sum(row["results"]["all_met"] for row in rows),
            "units_exceeded": sum(row["results"]["all_exceeded"] for row in rows),
        },
    }


def _results_row(registration: Registration | None) -> dict:
    """A unit's targets' results on the board: how many recorded, met (đạt or vượt), exceeded; whether
    every target is met, every one exceeded; whether the block confirmed them."""
    n = registration.n_targets if registration else 0
    recorded = registration.n_recorded if registration else 0
    met = registration.n_met if registration else 0
    exceeded = registration.n_exceeded if registration else 0
    return {
        "recorded": recorded,
        "met": met,
        "exceeded": exceeded,
        "complete": bool(n) and recorded == n,
        "all_met": bool(n) and met == n,
        "all_exceeded": bool(n) and exceeded == n,
        "confirmed": registration is not None and registration.results_confirmed_at is not None,
        "confirmed_at": registration.results_confirmed_at if registration else None,
    }
