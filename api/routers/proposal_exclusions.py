"""The lines taken out of a proposal and remembered (``commendation.services.batch.exclude_lines``):
the list, a page at a time, and "Khôi phục" (``restore_exclusions``), as on the proposal page. Access
exactly as there (``commendation.permissions.get_proposal_for_user``: outsiders 404, read-only roles
403); published under the proposals' operation ids."""

from ninja.pagination import paginate

from api.routers.common import Router, awards_refusals
from api.routers.proposals import _line
from api.schemas.common import Page, PathId
from api.schemas.proposals import ExclusionOut, ExclusionsRestoredOut, ExclusionsRestoreIn
from commendation import permissions as awards_perms
from commendation.models import LineExclusion, ProposalLine
from commendation.services import batch
from commendation.services.exclusions import exclusions_of

router = Router(tags=["proposals"], operation_ids="api_routers_proposals")


def _exclusion(x: LineExclusion) -> dict:
    return {
        "id": x.pk,
        "person_id": x.person_id,
        "unit_id": x.unit_id,
        "name": x.person.full_name if x.person_id else x.unit.name,
        "title": x.title.code if x.title_id else None,
        "award_form": x.award_form.code if x.award_form_id else None,
        "reason": x.reason,
        "excluded_by": x.excluded_by.get_username() if x.excluded_by_id else None,
        "excluded_at": x.excluded_at,
    }


class _Exclusions:
    """Exclusions as the API writes them, for ``paginate``: counted by the database, only the page read."""

    def __init__(self, rows):
        self.rows = rows

    def __len__(self):
        return self.rows.count()

    def __getitem__(self, window: slice):
        return [_exclusion(x) for x in self.rows[window]]


@router.get(
    "/{pk}/exclusions",
    response=list[ExclusionOut],
    summary="Các trường hợp đã loại khỏi đề nghị (phân trang)",
    description="Cá nhân, tập thể và danh hiệu, hình thức đã bỏ khỏi đề nghị (`/{pk}/lines/exclude`), mới nhất "
    "trước, với lý do, người loại và thời điểm: lần điền sẵn sau không thêm lại các trường hợp này.",
)
@paginate(Page)
def exclusions(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    return _Exclusions(exclusions_of(proposal))


@router.post(
    "/{pk}/exclusions/restore",
    response=ExclusionsRestoredOut,
    summary="Khôi phục các trường hợp đã loại (hoặc tất cả) vào đề nghị",
    description="Như trang đề nghị: `all=true` khôi phục mọi trường hợp; `exclusions` chỉ các trường hợp đó. Dòng "
    "huy chương niên hạn được điền lại như khi điền sẵn (kiểm tra lại theo bộ quy tắc); dòng khác trở lại như "
    "khi bỏ. Trường hợp không thêm lại được thì chỉ bỏ ghi nhớ (`forgotten`). Chỉ khi đề nghị đang soạn hoặc "
    "bị trả lại; ghi nhật ký.",
)
@awards_refusals
def restore_exclusions(request, pk: PathId, payload: ExclusionsRestoreIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    ids = None if payload.all else list(payload.exclusions or [])
    done = batch.restore_exclusions(proposal, by=request.auth, ids=ids)
    lines = ProposalLine.objects.filter(pk__in=[x.pk for x in done.lines]).select_related(
        "person", "unit", "title", "award_form"
    )
    return {"restored": [_line(x) for x in lines.order_by("order", "pk")], "forgotten": done.forgotten}
