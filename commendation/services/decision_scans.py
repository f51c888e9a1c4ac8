"""The signed scan of a higher level's decision recorded by number (``Decision.external``).

Such a decision is another body's document: the product shows what was recorded and keeps the
scan of the signed paper, it never writes the decision itself."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Decision, DecisionScan
from eligibility.services import AwardsError


@transaction.atomic
def attach_decision_scan(decision: Decision, upload, *, by) -> DecisionScan:
    """Store the PDF scan of a recorded higher-level decision (checked by ``cycle.uploads``: the
    content must be a PDF whatever its name); a new scan replaces the previous one."""
    from cycle.uploads import PDF, UploadRefused, check_upload

    if not decision.external:
        raise AwardsError(_("Chỉ đính kèm bản chụp cho quyết định của cấp trên được ghi nhận theo số."))
    try:
        checked = check_upload(upload)
    except UploadRefused as error:
        raise AwardsError(str(error)) from None
    if checked.content_type != PDF:
        raise AwardsError(_("Bản chụp quyết định phải là tệp PDF."))
    old = DecisionScan.objects.filter(decision=decision).first()
    old_name = old.original_name if old else None
    if old is not None:
        old.file.delete(save=False)
        old.delete()
    scan = DecisionScan(
        decision=decision,
        original_name=checked.name,
        size=checked.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    scan.file.save(checked.name, upload, save=False)
    scan.save()
    audit.record(by, AuditEvent.Action.UPDATE, decision, {"scan": [old_name, checked.name]})
    return scan


def scan_of(decision: Decision) -> DecisionScan | None:
    """The recorded decision's scan, if one was uploaded (no query for our own decisions)."""
    if not decision.external:
        return None
    return DecisionScan.objects.filter(decision=decision).first()
