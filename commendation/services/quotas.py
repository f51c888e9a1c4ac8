"""Quotas (chỉ tiêu số lượng): how many of a title or an award form a block's members, or the
proposals a council receives, should not exceed in a year (e.g. about 1 Cờ thi đua của Chính
phủ and 3–4 Cờ thi đua của Bộ Công an per cluster of 5–8 members). A warning on the proposals
that exceed them (``quota_warnings``), never a refusal."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Proposal, ProposalLine, Quota
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


# Usage and warnings ------------------------------------------------------------------------------


@dataclass
class QuotaWarning:
    quota: Quota
    scope: str
    honour: str
    count: int
    limit: int

    @property
    def message(self) -> str:
        return _("%(scope)s: đề nghị %(count)s “%(honour)s”, vượt chỉ tiêu %(limit)s.") % {
            "scope": self.scope,
            "count": self.count,
            "honour": self.honour,
            "limit": self.limit,
        }


def quota_usage(quota: Quota) -> tuple[int, str]:
    """How many lines the quota's scope proposes for its honour this year (lines the council has
    not rejected): for a block, its member units' proposals; for a council, the proposals it
    receives. Also the scope's name."""
    lines = ProposalLine.objects.filter(proposal__year=quota.year).exclude(outcome=ProposalLine.Outcome.REJECTED)
    lines = lines.filter(title=quota.title) if quota.title_id else lines.filter(award_form=quota.award_form)
    if quota.block_id:
        members = quota.block.memberships.values_list("unit_id", flat=True)
        return lines.filter(proposal__unit_id__in=members).count(), quota.block.name
    scope = _("Hội đồng TĐKT %(unit)s") % {"unit": quota.council_unit.name}
    return lines.filter(proposal__to_unit=quota.council_unit).count(), scope


def quota_warnings(proposal: Proposal) -> list[QuotaWarning]:
    """Quotas of the proposal's year that its lines touch and that the lines proposed so far
    exceed (``quota_usage``)."""
    from cycle.models import BlockMember

    blocks = list(
        BlockMember.objects.filter(unit=proposal.unit, block__year=proposal.year).values_list("block_id", flat=True)
    )
    quotas = (
        Quota.objects.filter(year=proposal.year)
        .filter(Q(block_id__in=blocks) | Q(council_unit=proposal.to_unit))
        .select_related("block", "council_unit", "title", "award_form")
    )
    titles = set(proposal.lines.values_list("title_id", flat=True))
    forms = set(proposal.lines.values_list("award_form_id", flat=True))
    out = []
    for quota in quotas:
        if (quota.title_id and quota.title_id not in titles) or (
            quota.award_form_id and quota.award_form_id not in forms
        ):
            continue
        count, scope = quota_usage(quota)
        if count > quota.limit:
            honour = (quota.title or quota.award_form).name
            out.append(QuotaWarning(quota, scope, honour, count, quota.limit))
    return out
