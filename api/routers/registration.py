"""Registration for the year (đăng ký thi đua): the block's board, a member unit's registration,
saving, importing (.xlsx) and confirming it; the targets' year-end results, recorded by the unit (one unit, or many
units of the block at once, all or nothing with each bad row named) and confirmed by the block.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.routers.common import Router, cycle_refusals
from api.schemas.bulk import BulkErrorOut, refused
from api.schemas.common import PathId
from api.schemas.registration import (
    FileErrorOut,
    RegistrationBoardOut,
    RegistrationImportOut,
    RegistrationIn,
    RegistrationOut,
    ResultsIn,
    ResultsWritten,
)
from cycle import permissions
from cycle.models import Block, Registration
from cycle.services import CycleError, registration, target_results
from documents import xlsx
from documents.xlsx import upload_problem
from honours.models import Title
from organisation.models import Person, Unit

router = Router(operation_ids="api_routers_cycle")


def _registration_out(block: Block, unit: Unit) -> dict:
    found = (
        Registration.objects.filter(block=block, unit=unit)
        .prefetch_related("titles", "targets", "people__person", "people__title")
        .first()
    )
    return {
        "block": block.pk,
        "unit": unit,
        "status": found.status if found else "none",
        "titles": list(found.titles.all()) if found else [],
        "targets": list(found.targets.all()) if found else [],
        "people": list(found.people.all()) if found else [],
        "confirmed_at": found.confirmed_at if found else None,
        "results_confirmed_at": found.results_confirmed_at if found else None,
        "updated_at": found.updated_at if found else None,
    }


@router.get(
    "/blocks/{block_id}/registrations",
    response=RegistrationBoardOut,
    tags=["registration"],
    summary="Bảng đăng ký thi đua của khối",
    description="Cho khối trưởng, khối phó và cơ quan quản lý khối; đơn vị thành viên đọc đăng ký "
    "của mình tại /blocks/{block_id}/registrations/{unit_id}.",
)
def registration_board(request, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    if not permissions.can_lead_block(request.auth, block):
        raise PermissionDenied
    board = registration.registration_board(block)
    return {
        "columns": board["columns"],
        "totals": board["totals"],
        "rows": [row | {"state": str(row["state"])} for row in board["rows"]],
    }


@router.get(
    "/blocks/{block_id}/registrations/{unit_id}",
    response=RegistrationOut,
    tags=["registration"],
    summary="Đăng ký thi đua của một đơn vị thành viên (status `none`: chưa đăng ký)",
)
def get_registration(request, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    return _registration_out(block, permissions.get_member_unit_for_reader(request.auth, block, unit_id))


@router.put(
    "/blocks/{block_id}/registrations/{unit_id}",
    response=RegistrationOut,
    tags=["registration"],
    summary="Ghi toàn bộ đăng ký thi đua của đơn vị (một đăng ký đã xác nhận trở lại dự thảo)",
)
@cycle_refusals
def save_registration(request, payload: RegistrationIn, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    title_ids = payload.titles + [row.title for row in payload.people]
    titles = Title.objects.filter(active=True).in_bulk(title_ids)
    if missing := sorted({pk for pk in title_ids if pk not in titles}):
        raise HttpError(422, _("Không tìm thấy danh hiệu: %(ids)s.") % {"ids": ", ".join(map(str, missing))})
    people = Person.objects.in_bulk([row.person for row in payload.people])
    if missing := sorted({row.person for row in payload.people if row.person not in people}):
        raise HttpError(422, _("Không tìm thấy cán bộ: %(ids)s.") % {"ids": ", ".join(map(str, missing))})
    registration.save_registration(
        block,
        unit,
        by=request.auth,
        titles=[titles[pk] for pk in payload.titles],
        targets=[registration.TargetData(t.text, t.value, t.measure) for t in payload.targets],
        people=[(people[row.person], titles[row.title]) for row in payload.people],
    )
    return _registration_out(block, unit)


@router.post(
    "/blocks/{block_id}/registrations/{unit_id}/confirm",
    response=RegistrationOut,
    tags=["registration"],
    summary="Thủ trưởng đơn vị xác nhận đăng ký thi đua",
)
@cycle_refusals
def confirm_registration(request, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    registration.confirm_registration(block, unit, by=request.auth)
    return _registration_out(block, unit)


def file_refused(errors) -> dict:
    """The 422 body of an .xlsx file refused as a whole: every problem with its sheet, row and column."""
    detail = _("Tệp có %(n)s lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.") % {"n": xlsx.error_total(errors)}
    rows = [{"sheet": getattr(e, "sheet", ""), "row": e.row, "column": e.column, "detail": e.message} for e in errors]
    return {"detail": detail, "errors": rows}


def checked_upload(file: UploadedFile) -> UploadedFile:
    """The upload, refused (422 naming ``file``) as the import pages refuse it: not .xlsx, or too large."""
    if problem := upload_problem(file.name or "", file.size):
        raise HttpError(422, "file: " + problem)
    return file


@router.post(
    "/blocks/{block_id}/registrations/{unit_id}/import",
    response={200: RegistrationImportOut, 422: FileErrorOut},
    tags=["registration"],
    summary="Nhập đăng ký thi đua của đơn vị từ tệp Excel (.xlsx, multipart, trường `file`)",
    description="Cùng tệp mẫu và cùng kiểm tra như trang Nhập từ Excel: cả tệp được kiểm tra trước, có lỗi thì "
    "không ghi gì và mỗi lỗi được nêu theo sheet, dòng, cột. Sheet có dòng thay thế phần đó của đăng ký, sheet "
    "trống giữ nguyên; danh hiệu tập thể giữ nguyên.",
)
def import_registration(request, block_id: PathId, unit_id: PathId, file: File[UploadedFile]):
    block = permissions.get_block_for_user(request.auth, block_id)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    upload = checked_upload(file)
    try:
        outcome = registration.import_registration_xlsx(block, unit, upload, by=request.auth, name=upload.name)
    except CycleError as error:
        raise HttpError(422, str(error)) from error
    if not outcome.ok:
        return Status(422, file_refused(outcome.errors))
    return Status(
        200,
        {
            "people": outcome.people,
            "targets": outcome.targets,
            "changed": outcome.changed,
            "registration": _registration_out(block, unit),
        },
    )


def _write_results(block: Block, payload: ResultsIn, units: set[int], by) -> tuple[dict | None, int]:
    """Record the rows: (the 422 body naming every bad row, or None when written; targets changed)."""
    rows = [target_results.ResultRow(r.target, r.result, r.achieved_value) for r in payload.results]
    try:
        changed = target_results.record_block_results(block, rows, units=units, by=by)
    except target_results.ResultsRefused as refusal:
        return refused([{"row": p.row, "field": p.field, "detail": p.message} for p in refusal.problems]), 0
    return None, changed


@router.put(
    "/blocks/{block_id}/registrations/{unit_id}/results",
    response={200: RegistrationOut, 422: BulkErrorOut},
    tags=["registration"],
    summary="Đơn vị ghi kết quả thực hiện chỉ tiêu (tất cả hoặc không dòng nào)",
    description="Ghi cả sau hạn đăng ký; không làm đăng ký trở lại dự thảo; thay đổi kết quả thì khối "
    "phải xác nhận lại. Chỉ tiêu không có trong danh sách giữ nguyên kết quả.",
)
def record_target_results(request, payload: ResultsIn, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    errors, _changed = _write_results(block, payload, {unit.pk}, request.auth)
    if errors is not None:
        return Status(422, errors)
    return Status(200, _registration_out(block, unit))


@router.put(
    "/blocks/{block_id}/registration-results",
    response={200: ResultsWritten, 422: BulkErrorOut},
    tags=["registration"],
    summary="Ghi kết quả thực hiện chỉ tiêu của nhiều đơn vị trong khối (tất cả hoặc không dòng nào)",
    description="Mỗi dòng là một chỉ tiêu của một đơn vị thành viên mà bạn có quyền ghi; có lỗi thì không "
    "ghi dòng nào và mỗi dòng lỗi được nêu (vị trí từ 0, trường, lý do).",
)
def record_block_results(request, payload: ResultsIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    units = {u.pk for u in permissions.member_units_for(request.auth, block)}
    if not units:
        raise PermissionDenied
    errors, changed = _write_results(block, payload, units, request.auth)
    if errors is not None:
        return Status(422, errors)
    return Status(200, {"rows": len(payload.results), "changed": changed})


@router.post(
    "/blocks/{block_id}/registrations/{unit_id}/results/confirm",
    response=RegistrationOut,
    tags=["registration"],
    summary="Khối trưởng, khối phó hoặc cơ quan quản lý khối xác nhận kết quả thực hiện chỉ tiêu của đơn vị",
)
@cycle_refusals
def confirm_target_results(request, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, lead=True)
    unit = permissions.get_member_unit_for_reader(request.auth, block, unit_id)
    target_results.confirm_target_results(block, unit, by=request.auth)
    return _registration_out(block, unit)
