"""Target results (kết quả thực hiện chỉ tiêu): at year-end a member unit records, for each target it
registered, whether it was not met, met or exceeded (chưa đạt / đạt / vượt) and, optionally, the value
achieved; the block's runners (leader, deputy, managing office) confirm them.

Results are not part of the registration: recording them is not stopped by the registration deadline
(they are written at year-end, long after it) and does not reopen a confirmed registration; any
change of a result clears the block's confirmation of that unit's results. Every write is one
transaction with one audit row per registration changed; the number of queries does not grow with
the number of targets or units.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Block, Registration, RegistrationTarget, TargetResult
from cycle.permissions import can_lead_block
from cycle.registration_xlsx import number_problem
from cycle.services import CycleError
from cycle.services.notifications import notify_units
from organisation.models import Unit

RESULTS = {choice.value for choice in TargetResult}


@dataclass(frozen=True)
class ResultData:
    """A target's result as entered: "" (not recorded), ``TargetResult`` value; optional value achieved."""

    result: str = ""
    achieved_value: Decimal | None = None


@dataclass(frozen=True)
class ResultRow:
    """One row of a bulk write: the target (its id) and its result."""

    target: int
    result: str = ""
    achieved_value: Decimal | None = None


@dataclass(frozen=True)
class RowProblem:
    """Why row ``row`` (its position in the list sent, from 0, as the API's bulk answers count) of a
    bulk write is refused, and which field."""

    row: int
    field: str
    message: str


class ResultsRefused(CycleError):
    """A bulk write refused as a whole; ``problems`` names every row at fault."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(
            _("Có %(n)s dòng kết quả không hợp lệ; chưa ghi dòng nào.") % {"n": len({p.row for p in problems})}
        )


def result_problem(data: ResultData) -> tuple[str, str] | None:
    """(field, message) of why ``data`` cannot be recorded, or None."""
    if data.result not in RESULTS and data.result != "":
        return "result", _("Kết quả không hợp lệ: %(value)s. Chọn Chưa đạt, Đạt hoặc Vượt.") % {"value": data.result}
    if data.achieved_value is not None:
        if not data.result:
            return "achieved_value", _("Có giá trị đạt được thì cần chọn kết quả (Chưa đạt, Đạt hoặc Vượt).")
        if problem := number_problem(data.achieved_value):
            return "achieved_value", problem
    return None


def _as_list(target: RegistrationTarget) -> list:
    value = target.achieved_value
    return [target.result, None if value is None else f"{value.normalize():f}"]


def write_results(changes: list[tuple[RegistrationTarget, ResultData]], *, by, note: str = "") -> int:
    """Write checked results: one bulk update, one audit row per registration changed, and the
    block's confirmation of those registrations cleared. Returns the number of targets changed."""
    now = timezone.now()
    changed: list[RegistrationTarget] = []
    deltas: dict[int, tuple[Registration, dict, dict]] = {}
    for target, data in changes:
        if (target.result, target.achieved_value) == (data.result, data.achieved_value):
            continue
        entry = deltas.setdefault(target.registration_id, (target.registration, {}, {}))
        entry[1][str(target.order + 1)] = _as_list(target)
        target.result, target.achieved_value = data.result, data.achieved_value
        target.result_at = now if data.result else None
        entry[2][str(target.order + 1)] = _as_list(target)
        changed.append(target)
    if not changed:
        return 0
    RegistrationTarget.objects.bulk_update(changed, ["result", "achieved_value", "result_at"])
    confirmed = [r for r, _before, _after in deltas.values() if r.results_confirmed_at is not None]
    Registration.objects.filter(pk__in=[r.pk for r in confirmed]).update(
        results_confirmed_by=None, results_confirmed_at=None
    )
    items = []
    for registration, before, after in deltas.values():
        delta = {"results": [before, after]}
        if registration.results_confirmed_at is not None:
            delta["results_confirmed_at"] = [registration.results_confirmed_at.isoformat(), None]
            registration.results_confirmed_by, registration.results_confirmed_at = None, None
        items.append((registration, delta))
    audit.record_many(by, AuditEvent.Action.UPDATE, items, note=note)
    return len(changed)


@transaction.atomic
def record_target_results(block: Block, unit: Unit, results: dict[int, ResultData], *, by) -> int:
    """Record the results of targets of ``unit``'s registration in ``block``, by target id; targets
    not named keep theirs. Refused (CycleError, nothing written) when the unit has no registration,
    a target is not one of its own, or a result is not valid. Returns the number of targets changed."""
    registration = Registration.objects.select_for_update().filter(block=block, unit=unit).first()
    if registration is None:
        raise CycleError(_("%(unit)s chưa đăng ký thi đua.") % {"unit": unit.code})
    targets = {t.pk: t for t in registration.targets.all()}
    if unknown := sorted(pk for pk in results if pk not in targets):
        raise CycleError(
            _("Chỉ tiêu %(ids)s không thuộc đăng ký của %(unit)s.")
            % {"ids": ", ".join(map(str, unknown)), "unit": unit.code}
        )
    for pk, data in results.items():
        if problem := result_problem(data):
            raise CycleError(
                _("Chỉ tiêu %(n)s (%(text)s): %(message)s")
                % {"n": targets[pk].order + 1, "text": targets[pk].text, "message": problem[1]}
            )
    for target in targets.values():
        target.registration = registration
    return write_results([(targets[pk], data) for pk, data in results.items()], by=by)


@transaction.atomic
def record_block_results(block: Block, rows: list[ResultRow], *, units: set[int], by) -> int:
    """Record many results across the block's registrations at once, all or nothing: ``units`` are
    the ids of the member units ``by`` records for. Raises ``ResultsRefused`` naming every row at
    fault (unknown target, another unit's target, a target twice, a bad result or value). Returns
    the number of targets changed."""
    ids = [row.target for row in rows]
    targets = {
        t.pk: t
        for t in RegistrationTarget.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, registration__block=block)
        .select_related("registration", "registration__unit")
    }
    problems, seen = [], set()
    for number, row in enumerate(rows):
        target = targets.get(row.target)
        if target is None:
            problems.append(
                RowProblem(number, "target", _("Không có chỉ tiêu %(id)s trong đăng ký của khối.") % {"id": row.target})
            )
            continue
        if target.registration.unit_id not in units:
            problems.append(
                RowProblem(
                    number,
                    "target",
                    _("Bạn không ghi kết quả cho %(unit)s.") % {"unit": target.registration.unit.code},
                )
            )
            continue
        if row.target in seen:
            problems.append(RowProblem(number, "target", _("Chỉ tiêu %(id)s có hai dòng.") % {"id": row.target}))
            continue
        seen.add(row.target)
        if problem := result_problem(ResultData(row.result, row.achieved_value)):
            problems.append(RowProblem(number, *problem))
    if problems:
        raise ResultsRefused(problems)
    return write_results([(targets[row.target], ResultData(row.result, row.achieved_value)) for row in rows], by=by)


@transaction.atomic
def confirm_target_results(block: Block, unit: Unit, *, by) -> Registration:
    """The block's runners (leader, deputy or managing office; ``by`` None is the system) confirm the
    results ``unit`` recorded; the unit is notified. PermissionDenied for anyone else; CycleError when
    there is no registration or no target, a target has no result yet, or they are confirmed already."""
    if by is not None and not can_lead_block(by, block):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().filter(block=block, unit=unit).first()
    if registration is None:
        raise CycleError(_("%(unit)s chưa đăng ký thi đua.") % {"unit": unit.code})
    results = list(registration.targets.values_list("result", flat=True))
    if not results:
        raise CycleError(_("%(unit)s không đăng ký chỉ tiêu nào.") % {"unit": unit.code})
    if missing := sum(1 for result in results if not result):
        raise CycleError(
            _("%(unit)s còn %(n)s/%(total)s chỉ tiêu chưa ghi kết quả.")
            % {"unit": unit.code, "n": missing, "total": len(results)}
        )
    if registration.results_confirmed_at is not None:
        raise CycleError(_("Kết quả thực hiện chỉ tiêu của %(unit)s đã được xác nhận.") % {"unit": unit.code})
    registration.results_confirmed_by, registration.results_confirmed_at = by, timezone.now()
    registration.save(update_fields=["results_confirmed_by", "results_confirmed_at", "updated_at"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        registration,
        {"results_confirmed_at": [None, str(registration.results_confirmed_at)]},
    )
    notify_units(
        [unit],
        _("Kết quả thực hiện chỉ tiêu thi đua năm %(year)s của %(unit)s đã được %(block)s xác nhận.")
        % {"year": block.year, "unit": unit.code, "block": block.name},
        reverse("cycle:registration_edit", args=[block.pk, unit.pk]),
    )
    return registration
