"""A proposal's dossier files: each line's achievement report and the signed scans."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import AchievementReport, DossierFile, Proposal, ProposalLine
from commendation.services.proposals import require_editable, require_write
from eligibility.services import AwardsError


def achievement_report_text(line: ProposalLine) -> tuple[str, bool]:
    """(the text of ``line``'s achievement report, whether it was saved): the saved edit, or the
    report pre-filled from the records (``commendation.dossier.report_text``) until one is saved."""
    from commendation.dossier import report_text

    saved = AchievementReport.objects.filter(line=line).first()
    return (saved.text, True) if saved is not None else (report_text(line), False)


@transaction.atomic
def set_achievement_report(line: ProposalLine, *, text: str, by) -> AchievementReport:
    """Save the edited achievement report of a line (pre-filled by ``commendation.dossier.report_text``)."""
    proposal = Proposal.objects.select_related("unit").get(pk=line.proposal_id)
    require_write(by, proposal.unit)
    require_editable(proposal)
    if not text.strip():
        raise AwardsError(_("Báo cáo thành tích không được để trống."))
    report = AchievementReport.objects.filter(line=line).first()
    old = report.text if report else None
    if report is None:
        report = AchievementReport(line=line)
    report.text, report.updated_by = text.strip(), by if getattr(by, "pk", None) else None
    report.save()
    if old != report.text:
        audit.record(
            by,
            AuditEvent.Action.CREATE if old is None else AuditEvent.Action.UPDATE,
            report,
            {"text": [old, report.text]},
        )
    return report


@transaction.atomic
def attach_dossier_file(proposal: Proposal, upload, *, kind: str, by, line: ProposalLine | None = None) -> DossierFile:
    """Store a signed scan (PDF, .docx, .xlsx; checked by ``cycle.uploads``) in the dossier."""
    from cycle.uploads import UploadRefused, check_upload

    require_write(by, proposal.unit)
    if upload is None:
        raise AwardsError(_("Hãy chọn tệp."))
    if kind not in DossierFile.Kind.values:
        raise AwardsError(_("Loại tài liệu không hợp lệ."))
    if line is not None and line.proposal_id != proposal.pk:
        raise AwardsError(_("Dòng đề nghị không thuộc đề nghị này."))
    try:
        checked = check_upload(upload)
    except UploadRefused as error:
        raise AwardsError(str(error)) from None
    stored = DossierFile(
        proposal=proposal,
        line=line,
        kind=kind,
        original_name=checked.name,
        size=checked.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    stored.file.save(checked.name, upload, save=False)
    stored.save()
    audit.record(by, AuditEvent.Action.CREATE, stored, {"kind": [None, kind], "name": [None, checked.name]})
    return stored
