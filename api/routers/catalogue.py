"""The catalogue: titles (danh hiệu thi đua) and award forms (hình thức khen thưởng), never in one
list. Every user reads them; the administrator and the Ministry's emulation office change them
(``honours.permissions.can_edit_catalogue``: anyone else 403), through ``honours.services``."""

from ninja import Query, Status
from ninja.errors import HttpError

from api.routers import salaries
from api.routers.common import Router
from api.schemas.catalogue import CatalogueFilters, CatalogueIn, CatalogueOut, CataloguePatch
from api.schemas.common import PathId
from honours import services
from honours.models import AwardForm, Title
from honours.permissions import get_catalogue_entry_for_user, require_catalogue_editor

router = Router(operation_ids="api_routers_awards")
# The base salary table is read with the catalogue (bonuses are its multiples): mounted here, under /awards.
router.add_router("", salaries.router)


def _create(request, model, payload: CatalogueIn):
    require_catalogue_editor(request.auth)
    values = payload.model_dump()
    try:
        return Status(201, services.create_catalogue_entry(model, by=request.auth, **values))
    except services.CodeTaken as taken:
        raise HttpError(409, str(taken)) from taken
    except services.HonoursError as error:
        raise HttpError(422, str(error)) from error


def _update(request, model, pk: int, payload: CataloguePatch):
    entry = get_catalogue_entry_for_user(request.auth, model, pk, write=True)
    try:
        return services.update_catalogue_entry(entry, by=request.auth, **payload.model_dump(exclude_unset=True))
    except services.HonoursError as error:
        raise HttpError(422, str(error)) from error


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


@router.post(
    "/titles",
    response={201: CatalogueOut},
    tags=["awards: catalogue"],
    summary="Thêm danh hiệu thi đua vào danh mục (quản trị, Thường trực Hội đồng TĐKT Bộ)",
)
def create_title(request, payload: CatalogueIn):
    return _create(request, Title, payload)


@router.patch(
    "/titles/{pk}",
    response=CatalogueOut,
    tags=["awards: catalogue"],
    summary="Sửa danh hiệu thi đua (mã không đổi)",
)
def update_title(request, pk: PathId, payload: CataloguePatch):
    return _update(request, Title, pk, payload)


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


@router.post(
    "/award-forms",
    response={201: CatalogueOut},
    tags=["awards: catalogue"],
    summary="Thêm hình thức khen thưởng vào danh mục (quản trị, Thường trực Hội đồng TĐKT Bộ)",
)
def create_award_form(request, payload: CatalogueIn):
    return _create(request, AwardForm, payload)


@router.patch(
    "/award-forms/{pk}",
    response=CatalogueOut,
    tags=["awards: catalogue"],
    summary="Sửa hình thức khen thưởng (mã không đổi)",
)
def update_award_form(request, pk: PathId, payload: CataloguePatch):
    return _update(request, AwardForm, pk, payload)
