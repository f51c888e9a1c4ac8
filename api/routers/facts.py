"""Recorded facts: a person's honours received, initiatives, disciplines, pending cases and
achievements; recording, changing and deleting each kind; a unit's achievements.

A person's facts follow the person's record (``organisation.permissions``: outsiders 404, read-only
roles 403). Every change goes through ``eligibility.services``; a change its rules refuse
(``AwardsError``, or a model validation error) is a 422 with its Vietnamese message.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from api.routers.common import Router, awards_refusals
from api.schemas.common import PathId
from api.schemas.facts import (
    AchievementIn,
    AchievementOut,
    AchievementPatch,
    DisciplineIn,
    DisciplineOut,
    DisciplinePatch,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    PendingCaseIn,
    PendingCaseOut,
    PendingCasePatch,
    PersonFactsOut,
)
from eligibility import services
from eligibility.models import Achievement, Discipline, Initiative, PendingCase
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation import permissions as org_perms

router = Router(operation_ids="api_routers_awards")


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
        "initiatives": person.initiatives.select_related("used_for_title", "used_for_form").order_by(
            "-recognised_on", "pk"
        ),
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


def _form(code: str | None) -> AwardForm | None:
    if code is None:
        return None
    form = AwardForm.objects.filter(code=code).first()
    if form is None:
        raise HttpError(422, _("Không có hình thức khen thưởng mã “%(code)s”.") % {"code": code})
    return form


def _fields(payload, model, *, partial: bool) -> dict:
    changes = payload.model_dump(exclude_unset=partial)
    if model is Initiative and "used_for_title" in changes:
        changes["used_for_title"] = _title(changes["used_for_title"])
    if model is Initiative and "used_for_form" in changes:
        changes["used_for_form"] = _form(changes["used_for_form"])
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
    )(awards_refusals(create))
    router.patch(
        f"/{path}/{{fact_id}}", response=schema_out, tags=tags, summary=f"Sửa {what}", operation_id=f"update_{name}"
    )(awards_refusals(update))
    router.delete(
        f"/{path}/{{fact_id}}", response={204: None}, tags=tags, summary=f"Xoá {what}", operation_id=f"delete_{name}"
    )(awards_refusals(delete))


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
@awards_refusals
def create_unit_achievement(request, unit_id: PathId, payload: AchievementIn):
    unit = org_perms.get_unit_for_user(request.auth, unit_id, write=True)
    return services.record_fact(Achievement, by=request.auth, unit=unit, **payload.model_dump())
