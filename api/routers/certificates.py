"""Certificates as PDF (one per recipient, a decision's batch, final or draft) and the
certificate templates (list, change of the field positions and the printer offset).

Access as in the UI (``commendation.permissions``): read roles over the decision's issuing unit get
drafts, its emulation office prints final certificates (403 for other read roles, 404 outside);
templates are read by every read role, changed by their owner's emulation office only (403 for the
others) and copied by any emulation office (the copy is the copier's unit's). A final certificate the rules refuse
(annulled line, decision not issued) is a 422.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.errors import HttpError

from api.routers.common import Router
from api.schemas.certificates import DraftQuery, TemplateCopy, TemplateOut, TemplatePatch
from api.schemas.common import Message, PathId
from api.schemas.jobs import JobOut
from commendation import certificate_templates, certificates, permissions
from commendation import jobs as document_jobs
from commendation.certificates import CertificateRefused
from commendation.models import CertificateTemplate

router = Router(tags=["awards: certificates"], operation_ids="api_routers_certificates")


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@router.get(
    "/lines/{line_id}",
    summary="Bằng, giấy khen của một người, tập thể (PDF)",
    response={200: None},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def line_certificate(request, line_id: PathId, q: Query[DraftQuery]):
    line = permissions.get_certificate_line_for_user(request.auth, line_id, final=not q.draft)
    try:
        return _pdf(certificates.certificate_pdf(line, draft=q.draft), f"bang-{line.pk}.pdf")
    except CertificateRefused as exc:
        raise HttpError(422, str(exc)) from None


@router.get(
    "/decisions/{decision_id}",
    summary="Bằng, giấy khen của cả quyết định, mỗi người một trang (PDF)",
    response={200: None},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def decision_certificates(request, decision_id: PathId, q: Query[DraftQuery]):
    decision = permissions.get_certificate_decision_for_user(request.auth, decision_id, final=not q.draft)
    try:
        return _pdf(certificates.decision_certificates_pdf(decision, draft=q.draft), f"bang-qd-{decision.pk}.pdf")
    except CertificateRefused as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/templates", response=list[TemplateOut], summary="Mẫu in bằng, giấy khen")
def template_list(request):
    if not permissions.reads_certificate_templates(request.auth):
        return []
    certificate_templates.ensure_default_templates()
    return list(CertificateTemplate.objects.select_related("title", "award_form", "owner").order_by("name", "pk"))


@router.patch(
    "/templates/{template_id}",
    response={200: TemplateOut, 403: Message, 404: Message},
    summary="Sửa vị trí các trường, độ lệch máy in",
    description="Chỉ phòng thi đua của đơn vị sở hữu mẫu (403 cho người khác xem được mẫu).",
)
def template_patch(request, template_id: PathId, payload: TemplatePatch):
    template = permissions.get_certificate_template_for_user(request.auth, template_id, write=True)
    changes = payload.dict(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None}
    try:
        certificate_templates.update_certificate_template(template, by=request.auth, **changes)
    except (ValueError, ValidationError) as exc:
        raise HttpError(422, str(exc)) from None
    return _template(template.pk)


def _template(pk: int) -> CertificateTemplate:
    return CertificateTemplate.objects.select_related("title", "award_form", "owner").get(pk=pk)


@router.post(
    "/templates/{template_id}/copy",
    response={201: TemplateOut, 403: Message, 404: Message},
    summary="Sao chép mẫu in về đơn vị mình",
    description="Như nút “Sao chép” của trang mẫu in: bản sao thuộc `owner` (một đơn vị mà phòng thi đua của "
    "bạn quản lý; mặc định đơn vị đầu tiên), chỉ đơn vị đó sửa được. 201 kèm bản sao.",
)
def template_copy(request, template_id: PathId, payload: TemplateCopy):
    template = permissions.get_certificate_template_for_user(request.auth, template_id, copy=True)
    owners = permissions.certificate_template_owner_choices(request.auth).order_by("path")
    owner = owners.filter(pk=payload.owner).first() if payload.owner is not None else owners.first()
    if owner is None:
        raise HttpError(422, _("Đơn vị sở hữu bản sao không thuộc các đơn vị bạn quản lý."))
    try:
        copy = certificate_templates.copy_certificate_template(
            template, owner=owner, name=payload.name, by=request.auth
        )
    except ValidationError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _template(copy.pk))


@router.post(
    "/decisions/{decision_id}/jobs",
    response={202: JobOut, 403: Message, 404: Message},
    summary="In bằng, giấy khen của cả quyết định (PDF) trong một công việc chạy nền",
    description="Như nút “In cả quyết định (PDF)” (`draft`: bản nháp) của trang in bằng: 202 kèm công việc; "
    "`GET /jobs/{id}` theo dõi tiến độ; khi xong, `result.url` là đường dẫn tải tệp "
    "(`GET /certificates/decisions/{decision_id}/jobs/{job_id}`). Bản chính của quyết định chưa ban hành: 422.",
)
def start_decision_certificates(request, decision_id: PathId, q: Query[DraftQuery]):
    decision = permissions.get_certificate_decision_for_user(request.auth, decision_id, final=not q.draft)
    try:
        return Status(202, document_jobs.start_certificates(decision, draft=q.draft, by=request.auth))
    except CertificateRefused as exc:
        raise HttpError(422, str(exc)) from None


@router.get(
    "/decisions/{decision_id}/jobs/{job_id}",
    summary="Tải tệp PDF bằng, giấy khen của cả quyết định do một công việc đã in",
    response={200: None, 403: Message, 404: Message},
    openapi_extra={
        "responses": {200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}
    },
)
def download_decision_certificates(request, decision_id: PathId, job_id: PathId):
    decision = permissions.get_certificate_decision_for_user(request.auth, decision_id)
    name, filename = document_jobs.stored_file(job_id, document_jobs.CERTIFICATES, decision_id=decision.pk)
    if not name.endswith("-ban-nhap.pdf"):
        permissions.get_certificate_decision_for_user(request.auth, decision_id, final=True)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
