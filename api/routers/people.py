"""People, their assignments (transfers) and yearly ratings. Access as in the UI."""

from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.routers.common import Router
from api.schemas.bulk import BulkErrorOut, refused
from api.schemas.common import Page, PathId, PathYear
from api.schemas.people import AssignmentOut, PersonCreate, PersonFilters, PersonOut, PersonPatch, TransferIn
from api.schemas.ratings import PersonRatingsIn, RatingIn, RatingOut, RatingsOut
from organisation import services, tree
from organisation.models import Person
from organisation.permissions import (
    get_person_for_user,
    get_unit_for_user,
    is_admin,
    read_paths,
    visible_people,
    write_paths,
)

router = Router(tags=["people"], operation_ids="api_routers_people")


@router.get("", response=list[PersonOut], summary="Danh sách cán bộ trong phạm vi của bạn")
@paginate(Page)
def list_people(request, filters: Query[PersonFilters]):
    people = visible_people(request.auth).select_related("unit")
    if filters.q:
        people = people.search(filters.q)
    if filters.unit:
        unit = get_unit_for_user(request.auth, filters.unit)
        if filters.include_subunits:
            people = people.filter(unit__path__startswith=unit.path)
        else:
            people = people.filter(unit=unit)
    if filters.rank is not None:
        people = people.filter(rank=filters.rank)
    if filters.sex:
        people = people.filter(sex=filters.sex)
    return people.order_by("name_folded", "id")


@router.post("", response={201: PersonOut}, summary="Thêm cán bộ vào một đơn vị bạn quản lý")
def create_person(request, payload: PersonCreate):
    unit = get_unit_for_user(request.auth, payload.unit, write=True)
    fields = payload.model_dump(exclude={"unit", "start"})
    return services.create_person(by=request.auth, unit=unit, start=payload.start, **fields)


@router.get("/{person_id}", response=PersonOut, summary="Một cán bộ")
def get_person(request, person_id: PathId):
    return get_person_for_user(request.auth, person_id)


@router.patch("/{person_id}", response=PersonOut, summary="Sửa thông tin cán bộ (đổi đơn vị: điều động)")
def update_person(request, payload: PersonPatch, person_id: PathId):
    person = get_person_for_user(request.auth, person_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    return services.update_person(person, by=request.auth, **changes)


@router.get("/{person_id}/assignments", response=list[AssignmentOut], summary="Quá trình công tác")
def list_assignments(request, person_id: PathId):
    person = get_person_for_user(request.auth, person_id)
    return person.assignments.select_related("unit").order_by("start", "id")


@router.post(
    "/{person_id}/assignments",
    response={201: AssignmentOut},
    summary="Điều động: kết thúc nhiệm vụ hiện tại, bắt đầu ở đơn vị mới",
)
def transfer_person(request, payload: TransferIn, person_id: PathId):
    person = get_person_for_user(request.auth, person_id, write=True)
    unit = get_unit_for_user(request.auth, payload.unit, write=True)
    return services.transfer_person(
        person, unit, start=payload.start, position=payload.position, basis=payload.basis, by=request.auth
    )


@router.get("/{person_id}/ratings", response=list[RatingOut], summary="Xếp loại hằng năm của cán bộ")
def list_person_ratings(request, person_id: PathId):
    person = get_person_for_user(request.auth, person_id)
    return person.ratings.order_by("year")


@router.put("/{person_id}/ratings/{year}", response=RatingOut, summary="Ghi xếp loại của cán bộ cho một năm")
def set_person_rating(request, payload: RatingIn, person_id: PathId, year: PathYear):
    person = get_person_for_user(request.auth, person_id, write=True)
    return services.set_person_rating(person, year, payload.rating, by=request.auth)


@router.put(
    "/ratings/{year}",
    response={200: RatingsOut, 422: BulkErrorOut},
    summary="Ghi xếp loại của nhiều cán bộ cho một năm (tất cả hoặc không dòng nào)",
)
def set_ratings(request, payload: PersonRatingsIn, year: PathYear):
    """Each row as the one-person PUT would take it: a person outside your scope is reported as not found,
    one you may only read as read-only; with any problem nothing is written and each row's problem is listed."""
    user = request.auth
    admin, reads, writes = is_admin(user), read_paths(user), write_paths(user)
    if not (admin or writes):
        raise HttpError(403, _("Bạn chỉ có quyền xem, không có quyền thay đổi mục này."))
    people = Person.objects.select_related("unit").in_bulk([row.person for row in payload.ratings])
    ratings, errors = {}, []
    for i, row in enumerate(payload.ratings):
        person = people.get(row.person)
        path = person.unit.path if person is not None and person.unit_id else None
        if person is None or not (admin or (path and tree.path_within(path, reads)) or user.person_id == person.pk):
            detail = _("Không tìm thấy cán bộ %(id)s hoặc cán bộ nằm ngoài phạm vi của bạn.")
        elif not (admin or (path and tree.path_within(path, writes))):
            detail = _("Bạn chỉ có quyền xem cán bộ %(id)s, không có quyền ghi xếp loại.")
        elif person in ratings:
            detail = _("Cán bộ %(id)s có hai dòng trong danh sách.")
        else:
            ratings[person] = row.rating
            continue
        errors.append({"row": i, "field": "person", "detail": detail % {"id": row.person}})
    if errors:
        return Status(422, refused(errors))
    changed = services.set_person_ratings(year, ratings, by=user)
    return Status(200, {"year": year, "rows": len(ratings), "changed": changed})
