"""Decisions (quyết định khen thưởng): drafting one from proposal lines, recording a higher level's
decision, changing a draft, issuing it (number, bonus amounts), annulling all or some of its lines.

Access as in the UI (``commendation.permissions``): the issuing body's read roles see its decisions,
its emulation office changes them; outsiders 404, read-only roles 403. Every change goes through
``commendation.services``; a change the rules refuse is a 422 with its Vietnamese message.
"""

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.routers.common import Router, council_body, council_refusals, proposal_lines
from api.routers.registration import file_refused
from api.schemas.bulk import BulkErrorOut
from api.schemas.bulk import refused as refused_rows
from api.schemas.common import ListQuery, Message, PathId
from api.schemas.decisions import (
    AnnulIn,
    AnnulmentOut,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    ExternalImportIn,
    ExternalIn,
    IssueIn,
    ScanOut,
)
from api.schemas.registration import FileErrorOut
from commendation import permissions as awards_perms
from commendation.models import Decision, DecisionLine
from commendation.services import decision_scans, decisions, external
from eligibility.services import AwardsError
from organisation.imports import upload_problem

router = Router(operation_ids="api_routers_decisions")


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "issuing_unit": decision.issuing_unit_id,
        "issuer_name": decision.issuer_name,
        "external": decision.external,
        "year": decision.year,
        "kind": decision.kind,
        "number": decision.number,
        "symbol": decision.symbol,
        "date": decision.date,
        "reference": decision.reference,
        "subject": decision.subject,
        "status": decision.status,
        "base_salary": decision.base_salary,
        "signer_name": decision.signer_name,
        "signer_position": decision.signer_position,
        "achievement_text": decision.achievement_text,
        "lines": [
            {
                "id": x.pk,
                "proposal_line": x.proposal_line_id,
                "person": x.person_id,
                "unit": x.unit_id,
                "honour": (x.title or x.award_form).code,
                "honour_name": (x.title or x.award_form).name,
                "bonus_multiple": x.bonus_multiple,
                "bonus_amount": x.bonus_amount,
                "annulled": x.annulled,
            }
            for x in decisions.issued_lines(decision)
        ],
    }


@router.get("", response=list[DecisionOut], tags=["decisions"], summary="Quyết định khen thưởng")
def list_decisions(request, query: Query[ListQuery]):
    found = Decision.objects.filter(issuing_unit__in=awards_perms.body_units_for_user(request.auth))
    if query.year:
        found = found.filter(year=query.year)
    return [_decision_out(x) for x in found.order_by("-date", "-number", "-pk")]


@router.post("", response={201: DecisionOut}, tags=["decisions"], summary="Dự thảo quyết định từ các đề nghị")
@council_refusals
def create_decision(request, data: DecisionIn):
    unit = council_body(request.auth, data.issuing_unit)
    meeting = awards_perms.get_meeting_for_user(request.auth, data.meeting) if data.meeting else None
    fields = data.dict(exclude={"issuing_unit", "lines", "symbol", "subject", "meeting"}, exclude_none=True)
    decision = decisions.create_decision_from_lines(
        by=request.auth,
        issuing_unit=unit,
        lines=proposal_lines(data.lines),
        symbol=data.symbol,
        subject=data.subject,
        meeting=meeting,
        **fields,
    )
    return Status(201, _decision_out(decision))


def _scope(user):
    return awards_perms.body_units_for_user(user, write=True)


def _external_fields(data, *exclude: str) -> dict:
    """The decision's own fields of ``data`` (year and kind only when given)."""
    return data.dict(exclude={"issuing_unit", *exclude}, exclude_none=True)


@router.post(
    "/external",
    response={201: DecisionOut, 404: Message, 422: BulkErrorOut},
    tags=["decisions"],
    summary="Ghi nhận quyết định của cấp trên (số, ngày, người được khen, đã hay chưa được đề nghị)",
    description="Người, tập thể được khen: các dòng đề nghị (`lines`) và/hoặc bất kỳ cán bộ, đơn vị nào trong "
    "phạm vi của bạn (`recipients`: `person` hoặc `unit` và mã danh hiệu, hình thức). Ghi tất cả hoặc không: "
    "mỗi người, tập thể có vấn đề được nêu theo vị trí trong `recipients` (422); đơn vị lưu hồ sơ ngoài phạm vi: "
    "404; cùng cấp ban hành, số, ký hiệu, ngày đã được ghi nhận: 422.",
)
def record_external(request, data: ExternalIn):
    unit = council_body(request.auth, data.issuing_unit)
    entries = [
        external.Entry(
            i,
            person_id=r.person,
            unit_id=r.unit,
            honour=r.honour,
            bonus_multiple=r.bonus_multiple,
            bonus_amount=r.bonus_amount,
        )
        for i, r in enumerate(data.recipients)
    ]
    try:
        recipients = external.resolve(entries, scope=_scope(request.auth)) if entries else []
        decision = external.record_external_decision(
            by=request.auth,
            issuing_unit=unit,
            lines=proposal_lines(data.lines),
            recipients=recipients,
            **_external_fields(data, "lines", "recipients"),
        )
    except external.RecipientErrors as refused:
        rows = [{"row": e.row or 0, "field": e.column, "detail": e.message} for e in refused.errors]
        return Status(422, refused_rows(rows))
    except AwardsError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, _decision_out(decision))


@router.post(
    "/external/import",
    response={201: DecisionOut, 404: Message, 422: FileErrorOut},
    tags=["decisions"],
    summary="Ghi nhận quyết định của cấp trên với danh sách người được khen từ tệp Excel (.xlsx, multipart)",
    description="Trường `file`: tệp .xlsx, sheet đầu, các cột `Mã cán bộ hoặc mã đơn vị`, `Mã danh hiệu, hình "
    "thức khen thưởng` (để trống: `honour`), `Số lần mức lương cơ sở`, `Tiền thưởng (đồng)` (không bắt buộc). "
    "Tệp không phải .xlsx, quá lớn hoặc nén bất thường bị từ chối ngay (422, `file: …`); có lỗi thì không ghi "
    "gì và mỗi lỗi được nêu theo dòng, cột (422); đơn vị lưu hồ sơ ngoài phạm vi: 404.",
)
def import_external(request, data: Form[ExternalImportIn], file: File[UploadedFile]):
    unit = council_body(request.auth, data.issuing_unit)
    if problem := upload_problem(file):
        raise HttpError(422, "file: " + problem)
    try:
        recipients = external.recipients_from_xlsx(file, scope=_scope(request.auth), honour=data.honour)
        decision = external.record_external_decision(
            by=request.auth, issuing_unit=unit, recipients=recipients, **_external_fields(data, "honour")
        )
    except external.RecipientErrors as refused:
        return Status(422, file_refused(refused.errors))
    except AwardsError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, _decision_out(decision))


@router.post(
    "/{pk}/scan",
    response={201: ScanOut},
    tags=["decisions"],
    summary="Đính kèm (thay) bản chụp PDF của quyết định cấp trên đã ghi nhận (multipart, trường `file`)",
    description="Chỉ cho quyết định của cấp trên được ghi nhận theo số; nội dung phải là PDF.",
)
@council_refusals
def upload_scan(request, pk: PathId, file: File[UploadedFile]):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    scan = decision_scans.attach_decision_scan(decision, file, by=request.auth)
    return Status(201, {"decision": decision.pk, "name": scan.original_name, "size": scan.size})


@router.get("/{pk}", response=DecisionOut, tags=["decisions"], summary="Một quyết định")
def get_decision(request, pk: PathId):
    return _decision_out(awards_perms.get_decision_for_user(request.auth, pk))


@router.patch("/{pk}", response=DecisionOut, tags=["decisions"], summary="Sửa dự thảo (quyết định đã ban hành: 422)")
@council_refusals
def update_decision(request, pk: PathId, data: DecisionPatch):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    return _decision_out(decisions.update_decision(decision, by=request.auth, **data.dict(exclude_unset=True)))


@router.delete(
    "/{pk}/lines/{line_pk}",
    response={204: None},
    tags=["decisions"],
    summary="Bỏ một người, tập thể khỏi dự thảo (quyết định đã ban hành: 422)",
)
@council_refusals
def remove_line(request, pk: PathId, line_pk: PathId):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    decisions.remove_decision_line(get_object_or_404(DecisionLine, pk=line_pk, decision=decision), by=request.auth)
    return Status(204, None)


@router.delete("/{pk}", response={204: None}, tags=["decisions"], summary="Xoá dự thảo quyết định (đã ban hành: 422)")
@council_refusals
def delete_decision(request, pk: PathId):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    decisions.delete_decision(decision, by=request.auth)
    return Status(204, None)


@router.post("/{pk}/issue", response=DecisionOut, tags=["decisions"], summary="Ban hành (cấp số, tính tiền thưởng)")
@council_refusals
def issue(request, pk: PathId, data: IssueIn):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    return _decision_out(decisions.issue_decision(decision, by=request.auth, number=data.number, date=data.date))


@router.post(
    "/{pk}/annul",
    response={201: AnnulmentOut},
    tags=["decisions"],
    summary="Huỷ bỏ quyết định (toàn bộ hoặc một số người)",
)
@council_refusals
def annul(request, pk: PathId, data: AnnulIn):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    lines = None if data.lines is None else list(decision.lines.filter(pk__in=data.lines))
    if lines is not None and len(lines) != len(set(data.lines)):
        raise HttpError(422, "Có dòng không thuộc quyết định này.")
    annulment = decisions.annul_decision(
        decision,
        by=request.auth,
        ground=data.ground,
        reason=data.reason,
        annulled_on=data.annulled_on,
        annulling_reference=data.annulling_reference,
        lines=lines,
        recovered_amount=data.recovered_amount,
    )
    fields = ("id", "ground", "reason", "annulled_on", "annulling_reference", "recovered_amount")
    lines = sorted(annulment.lines.values_list("pk", flat=True))
    return Status(201, {**{f: getattr(annulment, f) for f in fields}, "decision": decision.pk, "lines": lines})
