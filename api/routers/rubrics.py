"""Writing a rubric under /api/v1/scoring: create, copy from last year, settings, criteria (one by one or
from an .xlsx file), open and close
scoring, a new version, the cross-scoring plan, and the explanations asked and answered.

Published under the scoring prefix (``api_routers_scoring_…``): a rubric is scoring's noun, and this
module only keeps ``routers/scoring.py`` (sheets, cells, results) short. Access as the pages: the block's
runners (``lead=True``) write; 404 outside your scope, 403 where you may only read; a change the rules
refuse is a 422 with the service's Vietnamese message.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.routers.common import Router, refusals
from api.routers.registration import checked_upload, file_refused
from api.schemas.common import PathId
from api.schemas.registration import FileErrorOut
from api.schemas.rubrics import (
    AnswerIn,
    AssignmentIn,
    CriterionIn,
    CriterionPatch,
    ExplanationOut,
    ExplanationRequestIn,
    ReasonIn,
    RubricIn,
    RubricPatch,
)
from api.schemas.scoring import CriterionOut, CrossAssignmentOut, RubricOut
from cycle import permissions as cycle_perms
from scoring import imports, permissions
from scoring.models import Rubric
from scoring.services import ScoringError, results, rounds, rubrics

router = Router(tags=["scoring"], operation_ids="api_routers_scoring")
scoring_refusals = refusals(ScoringError)


def _rubric_out(rubric: Rubric) -> dict:
    facts = results.load(rubric)
    return {
        **{
            f: getattr(rubric, f)
            for f in (
                "id",
                "version",
                "title",
                "status",
                "bonus_cap",
                "floor",
                "method",
                "trim",
                "scorers_per_unit",
                "gap",
            )
        },
        "block_id": rubric.block_id,
        "max_points": facts.core.max_points,
        "max_bonus": facts.core.max_bonus,
        "criteria": facts.criteria,
    }


def _criterion_out(criterion):
    """The criterion as the rubric's tree shows it (with its depth and whether it is a leaf)."""
    return next(c for c in rubrics.tree(criterion.rubric) if c.pk == criterion.pk)


def _member(rubric, unit_id: int, field: str):
    """A member unit of the rubric's block, or a 422 naming the field."""
    try:
        return permissions.member_unit(rubric, unit_id)
    except Http404:
        raise HttpError(
            422, _("%(field)s: đơn vị %(id)s không phải thành viên của khối.") % {"field": field, "id": unit_id}
        ) from None


# The rubric ---------------------------------------------------------------------------------------


@router.get("/blocks/{block_id}/rubric", response=RubricOut, summary="Bảng tiêu chí hiện hành của khối")
def block_rubric(request, block_id: PathId):
    block = cycle_perms.get_block_for_user(request.auth, block_id)
    rubric = Rubric.objects.current_for(block)
    if rubric is None:
        raise Http404
    rubric.block = block
    return _rubric_out(rubric)


@router.get("/rubrics/{rubric_id}", response=RubricOut, summary="Một phiên bản bảng tiêu chí, với cây tiêu chí")
def get_rubric(request, rubric_id: PathId):
    return _rubric_out(permissions.get_rubric_for_user(request.auth, rubric_id))


@router.get("/rubrics/{rubric_id}/assignments", response=list[CrossAssignmentOut], summary="Phân công chấm chéo")
def assignments(request, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id)
    return list(rubric.assignments.select_related("unit", "scorer").order_by("unit__code", "scorer__code"))


@router.post("/blocks/{block_id}/rubric", response={201: RubricOut}, summary="Lập bảng tiêu chí (dự thảo) của khối")
@scoring_refusals
def create_rubric(request, payload: RubricIn, block_id: PathId):
    block = cycle_perms.get_block_for_user(request.auth, block_id, lead=True)
    rubric = rubrics.create_rubric(block, by=request.auth, **payload.model_dump())
    rubric.refresh_from_db()  # the stored decimals (5 → 5.00), as a read gives them
    return Status(201, _rubric_out(rubric))


@router.post(
    "/blocks/{block_id}/rubric/copy",
    response={201: RubricOut},
    summary="Sao chép bảng tiêu chí của khối năm trước (vào dự thảo năm nay)",
)
@scoring_refusals
def copy_rubric(request, block_id: PathId):
    block = cycle_perms.get_block_for_user(request.auth, block_id, lead=True)
    return Status(201, _rubric_out(rubrics.copy_rubric_from_previous_year(block, by=request.auth)))


@router.patch(
    "/rubrics/{rubric_id}", response=RubricOut, summary="Sửa tiêu đề, điểm thưởng tối đa, sàn điểm, cách tính"
)
@scoring_refusals
def update_rubric(request, payload: RubricPatch, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    rubric = rubrics.update_rubric(rubric, by=request.auth, **payload.model_dump(exclude_unset=True, exclude_none=True))
    rubric.refresh_from_db()
    return _rubric_out(rubric)


@router.post("/rubrics/{rubric_id}/open", response=RubricOut, summary="Khoá bảng tiêu chí và mở chấm điểm")
@scoring_refusals
def open_rubric(request, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    return _rubric_out(rubrics.open_scoring(rubric, by=request.auth))


@router.post("/rubrics/{rubric_id}/close", response=RubricOut, summary="Chốt kết quả chấm điểm")
@scoring_refusals
def close_rubric(request, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    return _rubric_out(rubrics.close_scoring(rubric, by=request.auth))


@router.post(
    "/rubrics/{rubric_id}/revise",
    response={201: RubricOut},
    summary="Lập phiên bản mới (dự thảo) từ bảng tiêu chí đã khoá",
)
@scoring_refusals
def revise_rubric(request, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    return Status(201, _rubric_out(rubrics.revise_rubric(rubric, by=request.auth)))


# Criteria -----------------------------------------------------------------------------------------


@router.post("/rubrics/{rubric_id}/criteria", response={201: CriterionOut}, summary="Thêm một mục hoặc tiêu chí")
@scoring_refusals
def add_criterion(request, payload: CriterionIn, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    parent = None
    if payload.parent is not None:
        parent = rubric.criteria.filter(pk=payload.parent).first()
        if parent is None:
            raise HttpError(
                422, _("parent: không có tiêu chí %(id)s trong bảng tiêu chí này.") % {"id": payload.parent}
            )
    fields = payload.model_dump(exclude={"parent"})
    return Status(201, _criterion_out(rubrics.add_criterion(rubric, by=request.auth, parent=parent, **fields)))


@router.patch("/criteria/{criterion_id}", response=CriterionOut, summary="Sửa một tiêu chí của dự thảo")
@scoring_refusals
def update_criterion(request, payload: CriterionPatch, criterion_id: PathId):
    criterion = permissions.get_criterion_for_user(request.auth, criterion_id, lead=True)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    return _criterion_out(rubrics.update_criterion(criterion, by=request.auth, **changes))


@router.delete(
    "/criteria/{criterion_id}", response={204: None}, summary="Xoá một tiêu chí (và tiêu chí con) khỏi dự thảo"
)
@scoring_refusals
def delete_criterion(request, criterion_id: PathId):
    criterion = permissions.get_criterion_for_user(request.auth, criterion_id, lead=True)
    rubrics.delete_criterion(criterion, by=request.auth)
    return Status(204, None)


@router.post(
    "/rubrics/{rubric_id}/import",
    response={200: RubricOut, 422: FileErrorOut},
    summary="Nhập tiêu chí của bản dự thảo từ tệp Excel (.xlsx, multipart, trường `file`)",
    description="Cùng tệp mẫu và cùng kiểm tra như trang Nhập từ Excel: thay thế toàn bộ tiêu chí (và điểm thưởng "
    "tối đa, tổng điểm thấp nhất nếu tệp có); có lỗi thì không ghi gì và mỗi lỗi được nêu theo dòng, cột.",
)
def import_rubric(request, rubric_id: PathId, file: File[UploadedFile]):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    upload = checked_upload(file)
    try:
        parsed = imports.import_rubric(rubric, upload, by=request.auth, name=upload.name)
    except ScoringError as error:
        raise HttpError(422, str(error)) from error
    if not parsed.ok:
        return Status(422, file_refused(parsed.errors))
    rubric.refresh_from_db()
    return Status(200, _rubric_out(rubric))


# Cross-scoring assignments ---------------------------------------------------------------------------


@router.post(
    "/rubrics/{rubric_id}/assignments/plan",
    response=list[CrossAssignmentOut],
    summary="Phân công chấm chéo cân đối cho cả khối",
)
@scoring_refusals
def plan_assignments(request, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    rounds.assign_cross_scorers(rubric, by=request.auth)
    return list(rubric.assignments.select_related("unit", "scorer").order_by("unit__code", "scorer__code"))


@router.post(
    "/rubrics/{rubric_id}/assignments", response={201: CrossAssignmentOut}, summary="Thêm một phân công chấm chéo"
)
@scoring_refusals
def add_assignment(request, payload: AssignmentIn, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    unit, scorer = _member(rubric, payload.unit, "unit"), _member(rubric, payload.scorer, "scorer")
    return Status(201, rounds.add_assignment(rubric, unit, scorer, by=request.auth))


@router.post(
    "/assignments/{assignment_id}/remove",
    response=CrossAssignmentOut,
    summary="Loại một đơn vị chấm (giữ phiếu, ghi lý do)",
)
@scoring_refusals
def remove_assignment(request, payload: ReasonIn, assignment_id: PathId):
    assignment = permissions.get_assignment_for_user(request.auth, assignment_id)
    return rounds.remove_assignment(assignment, by=request.auth, reason=payload.reason)


# Explanations --------------------------------------------------------------------------------------


@router.post(
    "/rubrics/{rubric_id}/units/{unit_id}/explanations",
    response={201: ExplanationOut},
    summary="Yêu cầu đơn vị giải trình chênh lệch ở một tiêu chí",
)
@scoring_refusals
def request_explanation(request, payload: ExplanationRequestIn, rubric_id: PathId, unit_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id, lead=True)
    unit = permissions.member_unit(rubric, unit_id)
    criterion = rubric.criteria.filter(pk=payload.criterion, children__isnull=True).first()
    if criterion is None:
        raise HttpError(
            422, _("criterion: %(id)s không phải tiêu chí cuối của bảng tiêu chí này.") % {"id": payload.criterion}
        )
    explanation = rounds.request_explanation(rubric, unit, criterion, by=request.auth, question=payload.question)
    return Status(201, explanation)


@router.post(
    "/explanations/{explanation_id}/answer", response=ExplanationOut, summary="Đơn vị trả lời yêu cầu giải trình"
)
@scoring_refusals
def answer_explanation(request, payload: AnswerIn, explanation_id: PathId):
    explanation = permissions.get_explanation_for_user(request.auth, explanation_id, answer=True)
    return rounds.answer_explanation(explanation, by=request.auth, answer=payload.answer)
