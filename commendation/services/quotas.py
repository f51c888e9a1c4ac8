"""Quotas (chỉ tiêu số lượng): how many of a title or an award form a block's members, or the
proposals a council receives, should not exceed in a year (e.g. about 1 Cờ thi đua của Chính
phủ and 3–4 Cờ thi đua của Bộ Công an per cluster of 5–8 members). A warning on the proposals
that exceed them (``proposals.quota_warnings``), never a refusal."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Quota
from eligibility.services import AwardsError

FIELDS = ["year", "block", "council_unit", "title", "award_form", "limit"]


@transaction.atomic
def set_quota(*, year: int, limit: int, by, block=None, council_unit=None, title=None, award_form=None) -> Quota:
    """Create or change the quota of one honour for a block or a council in ``year``."""
    if (block is None) == (council_unit is None):
        raise AwardsError(_("Chỉ tiêu thuộc đúng một khối, cụm hoặc một Hội đồng TĐKT."))
    if (title is None) == (award_form is None):
        raise AwardsError(_("Chỉ tiêu áp dụng cho đúng một danh hiệu hoặc một hình thức khen thưởng."))
    if block is not None and block.year != year:
        raise AwardsError(_("Khối, cụm này thuộc năm %(year)s.") % {"year": block.year})
    if limit < 0:
        raise AwardsError(_("Số lượng tối đa không được âm."))
    quota, created = Quota.objects.select_for_update().get_or_create(
        year=year, block=block, council_unit=council_unit, title=title, award_form=award_form, defaults={"limit": limit}
    )
    if created:
        audit.record(by, AuditEvent.Action.CREATE, quota, audit.snapshot(quota, FIELDS))
    elif quota.limit != limit:
        audit.record(by, AuditEvent.Action.UPDATE, quota, {"limit": [quota.limit, limit]})
        quota.limit = limit
        quota.save(update_fields=["limit"])
    return quota


@transaction.atomic
def delete_quota(quota: Quota, *, by) -> None:
    audit.record(by, AuditEvent.Action.DELETE, quota, {k: [v, None] for k, v in audit.snapshot(quota, FIELDS).items()})
    quota.delete()
