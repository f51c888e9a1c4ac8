"""The catalogue: titles (danh hiệu thi đua) and award forms (hình thức khen thưởng), never in one
list. Every user reads them."""

from ninja import Query

from api.routers.common import Router
from api.schemas.catalogue import CatalogueFilters, CatalogueOut
from honours.models import AwardForm, Title

router = Router(operation_ids="api_routers_awards")


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
