"""Eligibility and the rule sets' editable copies, block standings and recorded facts.

Reading: ``evaluate_scope`` loads a scope's facts in bulk and judges them with the rule set in
force (``eligibility.registry``). Writing: one function per change, each audited.
"""

import copy as copying
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from eligibility import facts, registry
from eligibility.engine import INDIVIDUAL, Evaluation, RuleSetError, cutoff, evaluate, initiatives_for
from eligibility.models import Achievement, BlockStanding, Discipline, Initiative, PendingCase, RuleSetCopy
from honours.models import Recipient
from organisation.models import Unit


class AwardsError(ValueError):
    """A change refused by the rules of this app; the message is Vietnamese and for the user."""


def evaluate_scope(
    unit: Unit | None,
    year: int,
    ruleset_code: str | None = None,
    *,
    on: datetime.date | None = None,
    block_standings: dict | None = None,
) -> Evaluation:
    """Judge, for ``year``, every person serving in ``unit``'s subtree on the cut-off date and
    every unit of the subtree (``unit=None``: the whole organisation) against every rule of the
    rule set in force on that date for that scope — or of ``ruleset_code`` when given.

    ``on`` moves the cut-off (default 31/12 of ``year``); ``block_standings`` maps unit ids to
    their BlockStanding of the year (default: the stored ``BlockStanding`` rows). The facts cost
    a fixed number of queries (``eligibility.facts``); the verdicts are computed set-wise and
    explained on demand (``Evaluation.verdict``)."""
    on = on or cutoff(year)
    ruleset = registry.entry(ruleset_code).ruleset if ruleset_code else registry.in_force(on, unit).ruleset
    people, units = facts.load_tables(
        scope=unit, year=year, on=on, needs=ruleset.needs(), block_standings=block_standings
    )
    evaluation = evaluate(ruleset, people=people, units=units, year=year, on=on)
    evaluation.context.namer = facts.person_names
    return evaluation


# Rule set copies -----------------------------------------------------------------------------

COPY_FIELDS = ["code", "based_on", "owner", "active", "version"]


@transaction.atomic
def copy_ruleset(base_code: str, *, code: str, name: str, owner: Unit, by) -> RuleSetCopy:
    """An editable copy of the set ``base_code`` (built-in or a copy), inactive until activated."""
    try:
        base = registry.entry(base_code)
    except KeyError:
        raise AwardsError(_("Không có bộ quy tắc mã “%(code)s”.") % {"code": base_code}) from None
    if code in {e.code for e in registry.entries()}:
        raise AwardsError(_("Mã bộ quy tắc “%(code)s” đã có.") % {"code": code})
    document = _json(base.ruleset.document)
    document["code"], document["name"] = code, name
    _validate(document, code)
    created = RuleSetCopy.objects.create(code=code, based_on=base.code, owner=owner, document=document, created_by=by)
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        created,
        audit.snapshot(created, COPY_FIELDS),
        note=_("Sao chép từ %(code)s") % {"code": base.code},
    )
    return created


def _json(value):
    """A copy of a YAML document that JSON can hold (dates as ISO strings)."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _validate(document: dict, source: str):
    try:
        return registry.parse_ruleset(document, source=source)
    except RuleSetError as error:
        raise AwardsError(str(error)) from None


@transaction.atomic
def update_ruleset_copy(
    copy: RuleSetCopy,
    *,
    by,
    parameters: dict | None = None,
    name: str | None = None,
    effective_from: datetime.date | None = None,
    effective_to=...,
    note: str = "",
) -> RuleSetCopy:
    """Change parameter values (name → value), the name or the effective period of a copy.

    The new document is validated as a whole; nothing is saved when any value is refused. The
    audit row holds each changed value before and after."""
    copy = RuleSetCopy.objects.select_for_update().get(pk=copy.pk)
    document = copying.deepcopy(copy.document)
    changes = {}
    for key, value in (parameters or {}).items():
        params = document.setdefault("parameters", {})
        if key not in params:
            raise AwardsError(_("Bộ quy tắc không có tham số “%(name)s”.") % {"name": key})
        old = params[key]["value"] if isinstance(params[key], dict) else params[key]
        if old == value and type(old) is type(value):
            continue
        if isinstance(params[key], dict):
            params[key]["value"] = value
        else:
            params[key] = value
        changes[f"parameters.{key}"] = [old, value]
    for key, value in (("name", name), ("effective_from", effective_from)):
        if value is not None and str(document.get(key)) != str(value):
            changes[key] = [str(document.get(key)), str(value)]
            document[key] = value.isoformat() if isinstance(value, datetime.date) else value
    if effective_to is not ...:
        new = effective_to.isoformat() if effective_to else None
        old = document.get("effective_to")
        old = old.isoformat() if isinstance(old, datetime.date) else old
        if new != old:
            changes["effective_to"] = [old, new]
            document["effective_to"] = new
    if not changes:
        return copy
    _validate(document, copy.code)
    copy.document = document
    copy.version += 1
    copy.save(update_fields=["document", "version", "updated_at"])
    changes["version"] = [copy.version - 1, copy.version]
    audit.record(by, AuditEvent.Action.UPDATE, copy, changes, note=note)
    return copy


@transaction.atomic
def set_ruleset_copy_active(copy: RuleSetCopy, active: bool, *, by) -> RuleSetCopy:
    """Put a copy in force for its owner's subtree in place of its base set, or take it out."""
    copy = RuleSetCopy.objects.select_for_update().get(pk=copy.pk)
    if copy.active == active:
        return copy
    if active:
        clash = RuleSetCopy.objects.filter(active=True, owner=copy.owner, based_on=copy.based_on).exclude(pk=copy.pk)
        if clash.exists():
            raise AwardsError(
                _("Đơn vị này đã áp dụng bản “%(code)s” thay cho cùng bộ gốc; hãy thôi áp dụng bản đó trước.")
                % {"code": clash.first().code}
            )
    copy.active = active
    copy.save(update_fields=["active", "updated_at"])
    audit.record(by, AuditEvent.Action.UPDATE, copy, {"active": [not active, active]})
    return copy


# Block standings ------------------------------------------------------------------------------


@transaction.atomic
def set_block_standings(block, rows: list[tuple[Unit, int, Decimal | None]], *, by, source: str = "") -> list:
    """Replace the block's standings with ``rows`` (unit, rank, vote share in % or None).

    Every unit must be a member; ranks may repeat only for a recorded draw."""
    members = set(block.memberships.values_list("unit_id", flat=True))
    rows = [
        (unit, rank, Decimal(share).quantize(Decimal("0.01")) if share is not None else None)
        for unit, rank, share in rows
    ]  # as stored: the audit compares like with like
    seen = set()
    for unit, rank, share in rows:
        if unit.pk not in members:
            raise AwardsError(_("%(unit)s không phải thành viên của khối.") % {"unit": unit.name})
        if unit.pk in seen:
            raise AwardsError(_("%(unit)s được nhập hai lần.") % {"unit": unit.name})
        seen.add(unit.pk)
        if rank < 1 or rank > len(members):
            raise AwardsError(_("Xếp hạng của %(unit)s phải từ 1 đến %(n)s.") % {"unit": unit.name, "n": len(members)})
        if share is not None and not (0 <= share <= 100):
            raise AwardsError(_("Tỷ lệ phiếu của %(unit)s phải từ 0 đến 100 %%.") % {"unit": unit.name})
    before = {
        s.unit_id: [s.rank, str(s.vote_share) if s.vote_share is not None else None] for s in block.standings.all()
    }
    block.standings.all().delete()
    created = BlockStanding.objects.bulk_create(
        [
            BlockStanding(block=block, unit=unit, rank=rank, vote_share=share, source=source)
            for unit, rank, share in rows
        ]
    )
    after = {u.pk: [rank, str(share) if share is not None else None] for u, rank, share in rows}
    changes = {
        f"unit {uid}": [before.get(uid), after.get(uid)]
        for uid in sorted(set(before) | set(after))
        if before.get(uid) != after.get(uid)
    }
    audit.record(by, AuditEvent.Action.UPDATE, block, changes, note=_("Kết quả xếp hạng trong khối"))
    return created


def standings_from_results(block, *, by) -> list:
    """Fill the block's standings from its own results — the meeting point of scoring, voting and
    eligibility: ranks from scoring's final ranks of its latest rubric past the draft (draws keep their
    shared rank), vote shares from voting's Cờ thi đua question of its latest closed election (Cờ thi
    đua của Bộ Công an when there are several). Each app answers through its public services; nothing
    here reads their models. Refused, with nothing changed, when the block has no final scores yet."""
    from scoring.services.results import final_ranks
    from voting.services import flag_shares

    ranked = final_ranks(block)
    if ranked is None:
        raise AwardsError(_("Khối chưa có điểm cuối cùng của đơn vị nào: chưa lấy được thứ hạng."))
    source = _("Bảng xếp hạng chấm điểm (bảng tiêu chí phiên bản %(v)s)") % {"v": ranked.version}
    flags = flag_shares(block)
    shares = flags.shares if flags else {}
    if flags is not None:
        source += _("; tỷ lệ phiếu suy tôn “%(q)s” – %(e)s") % {"q": flags.question, "e": flags.election}
    return set_block_standings(
        block, [(unit, rank, shares.get(unit.pk)) for unit, rank in ranked.ranks], by=by, source=source[:300]
    )


# Recorded facts ---------------------------------------------------------------------------------

FACT_FIELDS = {
    Initiative: ["person", "title", "kind", "level", "recognised_on", "used_for_title", "used_for_form", "used_year"],
    Discipline: ["person", "form", "decided_on", "period_end", "decision_ref"],
    PendingCase: ["person", "kind", "opened_on", "closed_on", "note"],
    Achievement: ["person", "unit", "year", "kind", "description"],
}


@transaction.atomic
def record_fact(model, *, by, **fields):
    """Record an initiative, a discipline, a pending case or an achievement (validated, audited)."""
    obj = model(**fields)
    _check_fact(obj)  # the domain's own words before the database constraint names
    obj.full_clean()
    obj.save()
    audit.record(by, AuditEvent.Action.CREATE, obj, audit.snapshot(obj, FACT_FIELDS[model]))
    return obj


@transaction.atomic
def update_fact(obj, *, by, **changes):
    before = audit.snapshot(obj, FACT_FIELDS[type(obj)])
    for name, value in changes.items():
        setattr(obj, name, value)
    _check_fact(obj)
    obj.full_clean()
    obj.save()
    delta = audit.diff(before, audit.snapshot(obj, FACT_FIELDS[type(obj)]))
    if delta:
        audit.record(by, AuditEvent.Action.UPDATE, obj, delta)
    return obj


@transaction.atomic
def delete_fact(obj, *, by) -> None:
    snapshot = audit.snapshot(obj, FACT_FIELDS[type(obj)])
    audit.record(by, AuditEvent.Action.DELETE, obj, {k: [v, None] for k, v in snapshot.items()})
    obj.delete()


def _check_initiative(obj: Initiative) -> None:
    if obj.used_for_title_id and obj.used_for_form_id:
        raise AwardsError(
            _("Một sáng kiến chỉ dùng để xét một danh hiệu hoặc một hình thức khen thưởng, không cả hai.")
        )
    if (obj.used_for_title_id is None and obj.used_for_form_id is None) != (obj.used_year is None):
        raise AwardsError(_("Khi ghi sáng kiến đã dùng để xét danh hiệu, cần cả danh hiệu và năm xét."))
    used = obj.used_for
    if used is not None and used.recipient != Recipient.INDIVIDUAL:
        raise AwardsError(
            _("Sáng kiến của cá nhân chỉ dùng để xét danh hiệu cá nhân; “%(title)s” là danh hiệu tập thể.")
            % {"title": used.name}
        )


def _check_fact(obj) -> None:
    if isinstance(obj, Discipline) and obj.period_end and obj.decided_on and obj.period_end < obj.decided_on:
        raise AwardsError(_("Ngày hết thời hạn kỷ luật phải sau ngày quyết định."))
    if isinstance(obj, PendingCase) and obj.closed_on and obj.opened_on and obj.closed_on < obj.opened_on:
        raise AwardsError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if isinstance(obj, Initiative):
        _check_initiative(obj)
    if isinstance(obj, Achievement) and (obj.person_id is None) == (obj.unit_id is None):
        raise AwardsError(_("Thành tích thuộc về đúng một cá nhân hoặc một tập thể."))


# One achievement, one reward: what an issued decision used -------------------------------------


@transaction.atomic
def mark_initiatives_used(year: int, awards, *, scope: Unit | None, by, note: str = "") -> int:
    """Mark the initiatives that earned each of ``awards`` — (person id, title or None, award form or
    None) conferred for ``year`` — as used for it (Law 2022 art. 5: one achievement, one reward), as
    the engine allocates them (``initiatives_for``: none when a rating or a title earned it, else the
    lowest-level ones). The verdicts are of the rule set in force for ``scope`` on the cut-off date,
    over these people only (a fixed number of queries). Returns how many were marked; audited."""
    awards = [(pid, title, form) for pid, title, form in awards if pid and (title or form)]
    if not awards:
        return 0
    on = cutoff(year)
    ruleset = registry.in_force(on, scope).ruleset
    needs = copying.copy(ruleset.needs())
    if not needs.initiatives:
        return 0
    needs.collective = needs.members = False
    people, _units = facts.load_tables(scope=None, year=year, on=on, needs=needs, person_ids={a[0] for a in awards})
    evaluation = evaluate(ruleset, people=people, units=None, year=year, on=on)
    chosen: dict[int, tuple] = {}
    for pid, title, form in awards:
        code = (title or form).code
        if (code, INDIVIDUAL) not in evaluation.outcomes:
            continue
        for initiative_id in initiatives_for(evaluation, code, pid):
            chosen.setdefault(initiative_id, (title, form))
    rows = list(Initiative.objects.select_for_update().filter(pk__in=chosen, used_year__isnull=True))
    for row in rows:
        row.used_for_title, row.used_for_form = chosen[row.pk]
        row.used_year = year
    Initiative.objects.bulk_update(rows, ["used_for_title", "used_for_form", "used_year"])
    audit.record_many(
        by,
        AuditEvent.Action.UPDATE,
        [(row, {"used_for": [None, row.used_for.code], "used_year": [None, year]}) for row in rows],
        note=note,
    )
    return len(rows)


@transaction.atomic
def release_initiatives(year: int, awards, *, by, note: str = "") -> int:
    """Free the initiatives marked as used for ``awards`` of ``year`` — (person id, title id or None,
    award form id or None), an annulled decision's lines: they may earn another reward. Returns how
    many; audited."""
    query = None
    for pid, title_id, form_id in awards:
        if not pid or not (title_id or form_id):
            continue
        q = Q(person_id=pid, used_year=year, used_for_title_id=title_id, used_for_form_id=form_id)
        query = q if query is None else query | q
    if query is None:
        return 0
    rows = list(
        Initiative.objects.select_for_update(of=("self",))
        .filter(query)
        .select_related("used_for_title", "used_for_form")
    )
    audit.record_many(
        by,
        AuditEvent.Action.UPDATE,
        [(row, {"used_for": [row.used_for.code, None], "used_year": [year, None]}) for row in rows],
        note=note,
    )
    Initiative.objects.filter(pk__in=[row.pk for row in rows]).update(
        used_for_title=None, used_for_form=None, used_year=None
    )
    return len(rows)
