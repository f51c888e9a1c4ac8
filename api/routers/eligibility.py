"""Eligibility verdicts: counts per rule for a unit or a block, the candidates of one rule, and the
verdicts of one person or one unit for a year, with why and on what basis.

Eligibility lists need a read role over the scope; a person's verdicts follow the person's record
(``organisation.permissions``: outsiders 404, read-only roles 403). A year that no rule set covers is
a 422.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query
from ninja.errors import HttpError

from api.routers.common import Router, awards_refusals
from api.routers.rulesets import ruleset_out
from api.schemas.common import PathCode, PathId, PathYear
from api.schemas.eligibility import (
    CandidateQuery,
    CandidatesOut,
    EligibilityOut,
    PersonVerdictsOut,
    ScopeQuery,
    UnitVerdictsOut,
)
from eligibility import listing as eligibility
from eligibility import permissions as awards_perms
from eligibility.engine import cutoff
from organisation import permissions as org_perms

router = Router(operation_ids="api_routers_awards")


def _verdict_out(v) -> dict:
    return {
        "code": v.code,
        "catalogue_code": v.catalogue_code,
        "name": v.name,
        "kind": v.kind,
        "recipient": v.recipient,
        "status": v.status.value,
        "status_label": v.status.label,
        "matched": v.matched,
        "basis": v.basis,
        "confidence": v.confidence,
        "failures": [
            {
                "alternative": f.alternative,
                "predicate": f.predicate,
                "condition": f.condition,
                "fact": f.fact,
                "basis": f.basis,
                "explanation": f.explanation,
            }
            for f in v.failures
        ],
    }


def _scope(request, query: ScopeQuery) -> tuple[eligibility.Scope, dict]:
    """The evaluated scope (a unit's subtree, or the block's members the user reads) and its
    description."""
    if query.block is not None:
        block, members = awards_perms.get_scope_block_for_user(request.auth, query.block)
        if query.year is not None and query.year != block.year:
            raise HttpError(422, _("Khối này là của năm %(year)s.") % {"year": block.year})
        scope = eligibility.Scope(block.year, members, block=block, label=block.name).evaluate()
        return scope, {"kind": "block", "id": block.pk, "label": block.name, "units": members}
    unit = awards_perms.get_scope_unit_for_user(request.auth, query.unit)
    return eligibility.unit_scope(unit, query.year), {
        "kind": "unit",
        "id": unit.pk,
        "label": unit.name,
        "units": [unit],
    }


@router.get(
    "/eligibility",
    response=EligibilityOut,
    tags=["awards: verdicts"],
    summary="Số đủ điều kiện, tạm hoãn, chưa đủ theo từng quy tắc, cho một đơn vị hoặc một khối",
)
@awards_refusals
def eligibility_counts(request, query: Query[ScopeQuery]):
    scope, described = _scope(request, query)
    return {
        "scope": described,
        "year": scope.year,
        "cutoff": cutoff(scope.year),
        "ruleset": ruleset_out(scope.ruleset),
        "counts": [vars(c) for c in eligibility.counts(scope)],
        "stored": _stored_out(scope),
    }


def _stored_out(scope: eligibility.Scope) -> dict | None:
    view = scope.stored
    if view is None:
        return None
    return {
        "ready": view.ready,
        "computed_at": view.computed_at,
        "updating": view.updating,
        "everything_stale": view.everything_stale,
    }


@router.get(
    "/eligibility/{code}",
    response=CandidatesOut,
    tags=["awards: verdicts"],
    summary="Các ứng viên của một quy tắc, lọc theo kết quả, đăng ký, đã nhận; có phân trang",
)
@awards_refusals
def eligibility_candidates(request, code: PathCode, query: Query[CandidateQuery]):
    scope, _described = _scope(request, query)
    try:
        rule = scope.ruleset.ruleset.rule(code)
    except KeyError:
        raise Http404 from None
    if not rule.alternatives(query.recipient):
        raise Http404
    listing = eligibility.candidates(
        scope,
        code,
        query.recipient,
        status=query.status or "",
        registered=query.registered or "",
        received=query.received or "",
        page=query.page,
        per_page=query.per_page,
    )
    return {
        "rule": code,
        "recipient": query.recipient,
        "year": scope.year,
        "ruleset": scope.ruleset.code,
        "total": listing.total,
        "page": listing.page,
        "pages": listing.pages,
        "items": [
            {
                "id": r.subject_id,
                "name": r.name,
                "unit": r.unit,
                "registered": r.registered,
                "received": r.received,
                "verdict": _verdict_out(r.verdict),
                "updating": r.updating,
            }
            for r in listing.rows
        ],
        "stored": _stored_out(scope),
    }


@router.get(
    "/people/{person_id}/verdicts/{year}",
    response=PersonVerdictsOut,
    tags=["awards: verdicts"],
    summary="Kết quả xét của một cán bộ trong năm: vì sao đủ, vì sao chưa đủ, căn cứ",
)
@awards_refusals
def person_verdicts(request, person_id: PathId, year: PathYear):
    person = org_perms.get_person_for_user(request.auth, person_id)
    entry, verdicts, unit = eligibility.verdicts_of_person(person, year)
    return {
        "person": person.pk,
        "year": year,
        "cutoff": cutoff(year),
        "ruleset": ruleset_out(entry),
        "unit": unit,
        "verdicts": [_verdict_out(v) for v in verdicts],
    }


@router.get(
    "/units/{unit_id}/verdicts/{year}",
    response=UnitVerdictsOut,
    tags=["awards: verdicts"],
    summary="Kết quả xét danh hiệu, hình thức khen thưởng tập thể của một đơn vị trong năm",
)
@awards_refusals
def unit_verdicts(request, unit_id: PathId, year: PathYear):
    unit = awards_perms.get_scope_unit_for_user(request.auth, unit_id)
    entry, verdicts = eligibility.verdicts_of_unit(unit, year)
    return {
        "unit": unit,
        "year": year,
        "cutoff": cutoff(year),
        "ruleset": ruleset_out(entry),
        "verdicts": [_verdict_out(v) for v in verdicts],
    }
