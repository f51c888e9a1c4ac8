"""The base salary table (mức lương cơ sở) the bonuses of decisions are computed from. Every user
reads it; the administrator and the Ministry's emulation office change it (anyone else 403),
through ``commendation.services.salaries``."""

from django.http import Http404
from ninja import Status

from api.routers.common import Router, awards_refusals
from api.schemas.common import PathId
from api.schemas.salaries import BaseSalaryIn, BaseSalaryOut, BaseSalaryPatch
from commendation.models import BaseSalary
from commendation.services import salaries
from honours.permissions import require_catalogue_editor

router = Router(operation_ids="api_routers_awards")


@router.get(
    "/base-salaries",
    response=list[BaseSalaryOut],
    tags=["awards: base salary"],
    summary="Bảng mức lương cơ sở theo thời gian (tiền thưởng tính theo mức áp dụng vào ngày ký quyết định)",
)
def list_base_salaries(request):
    return BaseSalary.objects.order_by("valid_from")


@router.post(
    "/base-salaries",
    response={201: BaseSalaryOut},
    tags=["awards: base salary"],
    summary="Thêm mức lương cơ sở áp dụng từ một ngày",
)
@awards_refusals
def create_base_salary(request, payload: BaseSalaryIn):
    require_catalogue_editor(request.auth)
    return Status(201, salaries.create_base_salary(by=request.auth, **payload.model_dump()))


@router.patch(
    "/base-salaries/{pk}",
    response=BaseSalaryOut,
    tags=["awards: base salary"],
    summary="Sửa một dòng của bảng mức lương cơ sở (quyết định đã ban hành giữ mức đã áp dụng)",
)
@awards_refusals
def update_base_salary(request, pk: PathId, payload: BaseSalaryPatch):
    salary = BaseSalary.objects.filter(pk=pk).first()
    if salary is None:
        raise Http404
    require_catalogue_editor(request.auth)
    return salaries.update_base_salary(salary, by=request.auth, **payload.model_dump(exclude_unset=True))
