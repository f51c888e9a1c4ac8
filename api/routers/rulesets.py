"""Rule sets: the built-in ones and their editable copies, the set in force for a year, one set with
its conditions in words; copying, changing, activating and deactivating a copy.

Access exactly as in the UI: rule sets are law and every user reads them; editable copies are
changed by the emulation office over the copy's owner (``eligibility.permissions``). Every change goes
through ``eligibility.services``; a change its rules refuse (``AwardsError``, or a model validation
error) is a 422 with its Vietnamese message.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query
from ninja.errors import HttpError

from api.routers.common import Router, awards_refusals
from api.schemas.common import PathCode
from api.schemas.rulesets import (
    InForceOut,
    InForceQuery,
    RuleSetCopyIn,
    RuleSetDetailOut,
    RuleSetOut,
    RuleSetPatch,
    RuleSetQuery,
)
from eligibility import permissions as awards_perms
from eligibility import registry, services
from eligibility.engine import COLLECTIVE, INDIVIDUAL, builtin_rulesets, cutoff
from eligibility.engine.predicates import REGISTRY, Context
from eligibility.models import RuleSetCopy
from organisation import permissions as org_perms

router = Router(operation_ids="api_routers_awards")


def ruleset_out(entry: registry.Entry) -> dict:
    """A rule set for RuleSetOut (also the ``ruleset`` of the eligibility answers)."""
    rs, copy = entry.ruleset, entry.copy
    return {
        "code": rs.code,
        "name": rs.name,
        "effective_from": rs.effective_from,
        "effective_to": rs.effective_to,
        "builtin": entry.builtin,
        "active": True if copy is None else copy.active,
        "owner": copy.owner if copy else None,
        "based_on": copy.based_on if copy else None,
        "version": copy.version if copy else None,
    }


def _described_year(ruleset, year: int | None) -> int:
    """The year the conditions are described for: the one asked, else this year while the set
    is in force, else the nearest year of its period."""
    if year:
        return year
    this_year = timezone.localdate().year
    if ruleset.effective_to and ruleset.effective_to.year < this_year:
        return ruleset.effective_to.year
    return max(this_year, ruleset.effective_from.year)


def _conditions_out(ruleset, conditions, ctx: Context, recipient: str) -> list[dict]:
    ctx.recipient = recipient
    return [
        {
            "predicate": c.predicate,
            "params": c.params,
            "basis": c.basis,
            "note": c.note,
            "enabled": ruleset.enabled(c.when),
            "text": REGISTRY[c.predicate].describe(ruleset.resolved(c), ctx),
        }
        for c in conditions
    ]


def _alternatives_out(ruleset, rule, recipient: str, ctx: Context) -> list[dict]:
    ctx.own_code = rule.catalogue_code(recipient)
    return [
        {
            "label": a.label,
            "note": a.note,
            "enabled": ruleset.enabled(a.when),
            "conditions": _conditions_out(ruleset, a.conditions, ctx, recipient),
        }
        for a in rule.alternatives(recipient)
    ]


def _ruleset_detail(entry: registry.Entry, year: int | None = None) -> dict:
    rs = entry.ruleset
    described = _described_year(rs, year)
    ctx = Context(people=None, units=None, year=described, on=cutoff(described), parameters=rs.values())
    return {
        **ruleset_out(entry),
        "legal_basis": rs.legal_basis,
        "note": rs.note,
        "described_year": described,
        "parameters": [
            {"name": p.name, "value": p.value, "label": p.label, "source": p.source, "confidence": p.confidence}
            for p in rs.parameters.values()
        ],
        "common": {r: _conditions_out(rs, rs.common.get(r, ()), ctx, r) for r in (INDIVIDUAL, COLLECTIVE)},
        "rules": [
            {
                "code": rule.code,
                "kind": rule.kind,
                "name": rule.name,
                "basis": rule.basis,
                "source": rule.source,
                "confidence": rule.confidence,
                "note": rule.note,
                "collective_code": rule.collective_code,
                "individual": _alternatives_out(rs, rule, INDIVIDUAL, ctx),
                "collective": _alternatives_out(rs, rule, COLLECTIVE, ctx),
            }
            for rule in rs.rules
        ],
    }


def _entry(code: str) -> registry.Entry:
    try:
        return registry.entry(code)
    except KeyError:
        raise Http404 from None


def _copy_for_write(request, code: str) -> RuleSetCopy:
    """An editable copy the user may change: a built-in set is read-only (403), a copy outside
    the user's emulation office is read-only too (403: rule sets are visible to everyone)."""
    if code in {s.code for s in builtin_rulesets()}:
        raise PermissionDenied
    return awards_perms.get_ruleset_copy_for_user(request.auth, code, write=True)


@router.get(
    "/rulesets",
    response=list[RuleSetOut],
    tags=["awards: rule sets"],
    summary="Bộ quy tắc: bộ có sẵn (cũ trước) rồi các bản sao sửa được",
)
def list_rulesets(request):
    return [ruleset_out(e) for e in registry.entries()]


@router.get(
    "/rulesets/in-force",
    response=InForceOut,
    tags=["awards: rule sets"],
    summary="Bộ quy tắc xét một năm (cho một đơn vị): bộ có hiệu lực vào ngày chốt 31/12",
)
@awards_refusals
def ruleset_in_force(request, query: Query[InForceQuery]):
    unit = org_perms.get_unit_for_user(request.auth, query.unit) if query.unit else None
    on = cutoff(query.year)
    return {"year": query.year, "cutoff": on, "unit": unit, "ruleset": ruleset_out(registry.in_force(on, unit))}


@router.get(
    "/rulesets/{code}",
    response=RuleSetDetailOut,
    tags=["awards: rule sets"],
    summary="Một bộ quy tắc: căn cứ, tham số, các quy tắc với phương án và điều kiện bằng lời",
)
def get_ruleset(request, code: PathCode, query: Query[RuleSetQuery]):
    return _ruleset_detail(_entry(code), query.year)


@router.post(
    "/rulesets",
    response={201: RuleSetDetailOut},
    tags=["awards: rule sets"],
    summary="Sao chép một bộ quy tắc thành bản sửa được (chưa áp dụng)",
)
@awards_refusals
def create_ruleset_copy(request, payload: RuleSetCopyIn):
    if not awards_perms.can_copy_rulesets(request.auth):
        raise PermissionDenied
    owner = org_perms.get_unit_for_user(request.auth, payload.owner)
    if not awards_perms.edits_rulesets_of(request.auth, owner):
        raise PermissionDenied
    _entry(payload.base)
    taken = (
        payload.code in {s.code for s in builtin_rulesets()} or RuleSetCopy.objects.filter(code=payload.code).exists()
    )
    if taken:
        raise HttpError(409, _("Mã bộ quy tắc “%(code)s” đã có.") % {"code": payload.code})
    copy = services.copy_ruleset(payload.base, code=payload.code, name=payload.name, owner=owner, by=request.auth)
    return _ruleset_detail(registry.entry(copy.code))


@router.patch(
    "/rulesets/{code}",
    response=RuleSetDetailOut,
    tags=["awards: rule sets"],
    summary="Sửa bản sao: giá trị tham số, tên, thời gian hiệu lực (kiểm tra toàn bộ trước khi lưu)",
)
@awards_refusals
def update_ruleset_copy(request, code: PathCode, payload: RuleSetPatch):
    copy = _copy_for_write(request, code)
    changes = payload.model_dump(exclude_unset=True)
    kwargs = {
        "parameters": changes.get("parameters"),
        "name": changes.get("name"),
        "effective_from": changes.get("effective_from"),
        "note": payload.note,
    }
    if "effective_to" in changes:
        kwargs["effective_to"] = changes["effective_to"]
    services.update_ruleset_copy(copy, by=request.auth, **kwargs)
    return _ruleset_detail(registry.entry(code))


@router.post(
    "/rulesets/{code}/activate",
    response=RuleSetOut,
    tags=["awards: rule sets"],
    summary="Áp dụng bản sao cho đơn vị sở hữu và cấp dưới, thay bộ gốc",
)
@awards_refusals
def activate_ruleset_copy(request, code: PathCode):
    services.set_ruleset_copy_active(_copy_for_write(request, code), True, by=request.auth)
    return ruleset_out(registry.entry(code))


@router.post(
    "/rulesets/{code}/deactivate",
    response=RuleSetOut,
    tags=["awards: rule sets"],
    summary="Thôi áp dụng bản sao (bộ gốc áp dụng trở lại)",
)
@awards_refusals
def deactivate_ruleset_copy(request, code: PathCode):
    services.set_ruleset_copy_active(_copy_for_write(request, code), False, by=request.auth)
    return ruleset_out(registry.entry(code))
