"""Titles and award forms, rule sets, eligibility verdicts, recorded facts and block standings.

Access exactly as in the UI: rule sets are law and every user reads them; editable copies are
changed by the emulation office over the copy's owner (``awards.permissions``). Eligibility lists
need a read role over the scope; a person's verdicts and facts follow the person's record
(``organisation.permissions``: outsiders 404, read-only roles 403). Every change goes through
``eligibility.services``; a change its rules refuse (``AwardsError``, or a model validation error) is a
422 with its Vietnamese message.
"""

import functools
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError

from api.schemas import PathId, PathYear
from api.schemas_awards import (
    AchievementIn,
    AchievementOut,
    AchievementPatch,
    CandidateQuery,
    CandidatesOut,
    CatalogueFilters,
    CatalogueOut,
    DisciplineIn,
    DisciplineOut,
    DisciplinePatch,
    EligibilityOut,
    InForceOut,
    InForceQuery,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    PendingCaseIn,
    PendingCaseOut,
    PendingCasePatch,
    PersonFactsOut,
    PersonVerdictsOut,
    RuleSetCopyIn,
    RuleSetDetailOut,
    RuleSetOut,
    RuleSetPatch,
    RuleSetQuery,
    ScopeQuery,
    StandingsIn,
    StandingsOut,
    UnitVerdictsOut,
)
from cycle import permissions as cycle_perms
from eligibility import listing as eligibility
from eligibility import permissions as awards_perms
from eligibility import registry, services
from eligibility.engine import COLLECTIVE, INDIVIDUAL, builtin_rulesets, cutoff
from eligibility.engine.predicates import REGISTRY, Context
from eligibility.models import Achievement, Discipline, Initiative, PendingCase, RuleSetCopy
from eligibility.services import AwardsError
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation import permissions as org_perms
from organisation.models import Unit

router = Router()

CENT = Decimal("0.01")
PathCode = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)]


def refusals(view):
    """A change refused by the rules is a 422 with the rule's (Vietnamese) message; so is a year
    that no rule set covers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AwardsError as error:
            raise HttpError(422, str(error)) from error
        except ValidationError as error:
            raise HttpError(422, " ".join(error.messages)) from error
        except LookupError as error:
            if isinstance(error, KeyError):
                raise
            raise HttpError(422, str(error)) from error

    return wrapper


# Catalogue ------------------------------------------------------------------------------------


@router.get(
    "/titles",
    response=list[CatalogueOut],
    tags=["awards: catalogue"],
    summary="Danh hiệu thi đua (không gồm hình thức khen thưởng)",
)
def list_titles(request, filters: Query[CatalogueFilters]):
    titles = Title.objects.all()
    if filters.recipient:
        titles = titles.filter(recipient=filters.recipient)
    return titles.order_by("recipient", "rank", "code")


@router.get(
    "/award-forms",
    response=list[CatalogueOut],
    tags=["awards: catalogue"],
    summary="Hình thức khen thưởng (không gồm danh hiệu thi đua)",
)
def list_award_forms(request, filters: Query[CatalogueFilters]):
    forms = AwardForm.objects.all()
    if filters.recipient:
        forms = forms.filter(recipient=filters.recipient)
    return forms.order_by("recipient", "rank", "code")


# Rule sets ------------------------------------------------------------------------------------


def _ruleset_out(entry: registry.Entry) -> dict:
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
        **_ruleset_out(entry),
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
    return [_ruleset_out(e) for e in registry.entries()]


@router.get(
    "/rulesets/in-force",
    response=InForceOut,
    tags=["awards: rule sets"],
    summary="Bộ quy tắc xét một năm (cho một đơn vị): bộ có hiệu lực vào ngày chốt 31/12",
)
@refusals
def ruleset_in_force(request, query: Query[InForceQuery]):
    unit = org_perms.get_unit_for_user(request.auth, query.unit) if query.unit else None
    on = cutoff(query.year)
    return {"year": query.year, "cutoff": on, "unit": unit, "ruleset": _ruleset_out(registry.in_force(on, unit))}


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
@refusals
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
@refusals
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
@refusals
def activate_ruleset_copy(request, code: PathCode):
    services.set_ruleset_copy_active(_copy_for_write(request, code), True, by=request.auth)
    return _ruleset_out(registry.entry(code))


@router.post(
    "/rulesets/{code}/deactivate",
    response=RuleSetOut,
    tags=["awards: rule sets"],
    summary="Thôi áp dụng bản sao (bộ gốc áp dụng trở lại)",
)
@refusals
def deactivate_ruleset_copy(request, code: PathCode):
    services.set_ruleset_copy_active(_copy_for_write(request, code), False, by=request.auth)
    return _ruleset_out(registry.entry(code))


# Verdicts -------------------------------------------------------------------------------------


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
@refusals
def eligibility_counts(request, query: Query[ScopeQuery]):
    scope, described = _scope(request, query)
    return {
        "scope": described,
        "year": scope.year,
        "cutoff": cutoff(scope.year),
        "ruleset": _ruleset_out(scope.ruleset),
        "counts": [vars(c) for c in eligibility.counts(scope)],
    }


@router.get(
    "/eligibility/{code}",
    response=CandidatesOut,
    tags=["awards: verdicts"],
    summary="Các ứng viên của một quy tắc, lọc theo kết quả, đăng ký, đã nhận; có phân trang",
)
@refusals
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
            }
            for r in listing.rows
        ],
    }


@router.get(
    "/people/{person_id}/verdicts/{year}",
    response=PersonVerdictsOut,
    tags=["awards: verdicts"],
    summary="Kết quả xét của một cán bộ trong năm: vì sao đủ, vì sao chưa đủ, căn cứ",
)
@refusals
def person_verdicts(request, person_id: PathId, year: PathYear):
    person = org_perms.get_person_for_user(request.auth, person_id)
    entry, verdicts, unit = eligibility.verdicts_of_person(person, year)
    return {
        "person": person.pk,
        "year": year,
        "cutoff": cutoff(year),
        "ruleset": _ruleset_out(entry),
        "unit": unit,
        "verdicts": [_verdict_out(v) for v in verdicts],
    }


@router.get(
    "/units/{unit_id}/verdicts/{year}",
    response=UnitVerdictsOut,
    tags=["awards: verdicts"],
    summary="Kết quả xét danh hiệu, hình thức khen thưởng tập thể của một đơn vị trong năm",
)
@refusals
def unit_verdicts(request, unit_id: PathId, year: PathYear):
    unit = awards_perms.get_scope_unit_for_user(request.auth, unit_id)
    entry, verdicts = eligibility.verdicts_of_unit(unit, year)
    return {
        "unit": unit,
        "year": year,
        "cutoff": cutoff(year),
        "ruleset": _ruleset_out(entry),
        "verdicts": [_verdict_out(v) for v in verdicts],
    }


# Facts ----------------------------------------------------------------------------------------


@router.get(
    "/people/{person_id}/facts",
    response=PersonFactsOut,
    tags=["awards: facts"],
    summary="Danh hiệu, khen thưởng đã nhận, sáng kiến, kỷ luật, việc đang xem xét, thành tích",
)
def person_facts(request, person_id: PathId):
    person = org_perms.get_person_for_user(request.auth, person_id)
    return {
        "person": person.pk,
        "titles": TitleAward.objects.filter(person=person).select_related("title").order_by("-year", "title__rank"),
        "award_forms": FormAward.objects.filter(person=person)
        .select_related("award_form")
        .order_by("-year", "award_form__rank", "pk"),
        "initiatives": person.initiatives.select_related("used_for_title").order_by("-recognised_on", "pk"),
        "disciplines": person.disciplines.order_by("-decided_on", "pk"),
        "pending_cases": person.pending_cases.order_by("-opened_on", "pk"),
        "achievements": person.achievements.order_by("-year", "kind", "pk"),
    }


def _title(code: str | None) -> Title | None:
    if code is None:
        return None
    title = Title.objects.filter(code=code).first()
    if title is None:
        raise HttpError(422, _("Không có danh hiệu thi đua mã “%(code)s”.") % {"code": code})
    return title


def _fields(payload, model, *, partial: bool) -> dict:
    changes = payload.model_dump(exclude_unset=partial)
    if model is Initiative and "used_for_title" in changes:
        changes["used_for_title"] = _title(changes["used_for_title"])
    return changes


def _fact(request, model, pk: int, *, write: bool = False):
    """A recorded fact, with the access of its holder (person or unit): 404 outside the scope,
    403 for a read-only role."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if getattr(obj, "person_id", None) is not None:
        obj.person = org_perms.get_person_for_user(request.auth, obj.person_id, write=write)
    else:
        obj.unit = org_perms.get_unit_for_user(request.auth, obj.unit_id, write=write)
    return obj


def _create(request, model, person_id: int, payload):
    person = org_perms.get_person_for_user(request.auth, person_id, write=True)
    fields = _fields(payload, model, partial=False)
    return services.record_fact(model, by=request.auth, person=person, **fields)


def _update(request, model, pk: int, payload):
    obj = _fact(request, model, pk, write=True)
    changes = _fields(payload, model, partial=True)
    return services.update_fact(obj, by=request.auth, **changes)


def _delete(request, model, pk: int):
    services.delete_fact(_fact(request, model, pk, write=True), by=request.auth)


FACTS = [
    # (model, path, schemas in / patch / out, what)
    (Initiative, "initiatives", InitiativeIn, InitiativePatch, InitiativeOut, "sáng kiến, đề tài"),
    (Discipline, "disciplines", DisciplineIn, DisciplinePatch, DisciplineOut, "kỷ luật"),
    (
        PendingCase,
        "pending-cases",
        PendingCaseIn,
        PendingCasePatch,
        PendingCaseOut,
        "việc đang xem xét (tạm hoãn xét khen thưởng)",
    ),
    (Achievement, "achievements", AchievementIn, AchievementPatch, AchievementOut, "thành tích"),
]


def _register_fact_routes(model, path, schema_in, schema_patch, schema_out, what):
    """POST /people/{id}/<path>, PATCH and DELETE /<path>/{id} for one kind of fact."""
    name = model.__name__.lower()

    def create(request, person_id: PathId, payload: schema_in):
        return _create(request, model, person_id, payload)

    def update(request, fact_id: PathId, payload: schema_patch):
        return _update(request, model, fact_id, payload)

    def delete(request, fact_id: PathId):
        return _delete(request, model, fact_id)

    for view, verb in ((create, "create"), (update, "update"), (delete, "delete")):
        view.__name__ = f"{verb}_{name}"
    tags = ["awards: facts"]
    router.post(
        f"/people/{{person_id}}/{path}",
        response={201: schema_out},
        tags=tags,
        summary=f"Ghi {what} của cán bộ",
        operation_id=f"create_{name}",
    )(refusals(create))
    router.patch(
        f"/{path}/{{fact_id}}", response=schema_out, tags=tags, summary=f"Sửa {what}", operation_id=f"update_{name}"
    )(refusals(update))
    router.delete(
        f"/{path}/{{fact_id}}", response={204: None}, tags=tags, summary=f"Xoá {what}", operation_id=f"delete_{name}"
    )(refusals(delete))


for _spec in FACTS:
    _register_fact_routes(*_spec)


@router.get(
    "/units/{unit_id}/achievements",
    response=list[AchievementOut],
    tags=["awards: facts"],
    summary="Thành tích của một tập thể",
)
def unit_achievements(request, unit_id: PathId):
    unit = org_perms.get_unit_for_user(request.auth, unit_id)
    return unit.achievements.order_by("-year", "kind", "pk")


@router.post(
    "/units/{unit_id}/achievements",
    response={201: AchievementOut},
    tags=["awards: facts"],
    summary="Ghi thành tích của một tập thể",
)
@refusals
def create_unit_achievement(request, unit_id: PathId, payload: AchievementIn):
    unit = org_perms.get_unit_for_user(request.auth, unit_id, write=True)
    return services.record_fact(Achievement, by=request.auth, unit=unit, **payload.model_dump())


# Block standings ------------------------------------------------------------------------------


def _standings_out(block) -> dict:
    standings = {s.unit_id: s for s in block.standings.all()}
    members = [m.unit for m in block.memberships.select_related("unit").order_by("order", "unit__code")]
    rows = [
        {
            "unit": u,
            "rank": standings[u.pk].rank if u.pk in standings else None,
            "vote_share": standings[u.pk].vote_share if u.pk in standings else None,
        }
        for u in members
    ]
    source = next((s.source for s in standings.values() if s.source), "")
    return {"block": block.pk, "year": block.year, "source": source, "rows": rows}


@router.get(
    "/blocks/{block_id}/standings",
    response=StandingsOut,
    tags=["awards: block standings"],
    summary="Kết quả xếp hạng và tỷ lệ phiếu suy tôn của các đơn vị trong khối (xét Cờ thi đua)",
)
def get_standings(request, block_id: PathId):
    return _standings_out(cycle_perms.get_block_for_user(request.auth, block_id))


@router.put(
    "/blocks/{block_id}/standings",
    response=StandingsOut,
    tags=["awards: block standings"],
    summary="Ghi (thay toàn bộ) kết quả xếp hạng của khối: cơ quan quản lý khối",
)
@refusals
def set_standings(request, block_id: PathId, payload: StandingsIn):
    block = cycle_perms.get_block_for_user(request.auth, block_id, write=True)
    found = Unit.objects.in_bulk([r.unit for r in payload.rows])
    if missing := [r.unit for r in payload.rows if r.unit not in found]:
        raise HttpError(422, _("Không tìm thấy đơn vị: %(refs)s.") % {"refs": ", ".join(map(str, missing))})
    # As stored (2 decimals), so that the audit compares like with like on the next change.
    rows = [
        (found[r.unit], r.rank, None if r.vote_share is None else r.vote_share.quantize(CENT)) for r in payload.rows
    ]
    services.set_block_standings(block, rows, by=request.auth, source=payload.source)
    return _standings_out(block)


@router.post(
    "/blocks/{block_id}/standings/from-results",
    response=StandingsOut,
    tags=["awards: block standings"],
    summary="Lấy kết quả xếp hạng từ bảng xếp hạng chấm điểm và tỷ lệ phiếu từ cuộc bỏ phiếu Cờ thi đua",
)
@refusals
def standings_from_results(request, block_id: PathId):
    block = cycle_perms.get_block_for_user(request.auth, block_id, write=True)
    services.standings_from_results(block, by=request.auth)
    return _standings_out(block)
