"""Disclosure (công khai, Law on Emulation and Commendation 2022): the decisions a body issued and the
lists of people it was asked to commend, on a public page with no sign-in.

The body's emulation office switches each one on or off (``publish_decision``, ``publish_proposal``):
a decision once issued (an annulled one stays listed, marked "Đã huỷ bỏ" with its annulled lines); a
proposal's nominees while it is at the receiving body for comment (submitted, under review,
reviewed). Reading filters by status, so a decided or returned proposal leaves the page by itself,
and a returned list sent again must be published again.

What the public sees is what the decision prints: the recipient's name (with the rank it carries),
position and unit, and the title or form — the snapshot frozen at issue for a decision, today's data
for a nominee. Never a birth date, an identifier, a bonus or a person's internal id.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Decision, Proposal, ProposalLine
from commendation.models.decisions import Holder
from commendation.services.decisions import issued_lines
from eligibility.services import AwardsError
from organisation.models import Unit

PUBLIC_DECISION = (Decision.Status.ISSUED, Decision.Status.ANNULLED)
OPEN_FOR_COMMENT = (Proposal.Status.SUBMITTED, Proposal.Status.REVIEW, Proposal.Status.REVIEWED)
PAGE_SIZE = 20


@dataclass(frozen=True)
class Recipient:
    """One line of a public list, as printed: nothing else about the person leaves the system."""

    name: str
    rank: str
    position: str
    unit: str
    honour: str
    annulled: bool = False

    @classmethod
    def of(cls, holder: Holder, honour, *, annulled: bool = False) -> "Recipient":
        return cls(
            name=holder.name,
            rank=holder.rank if holder.person else "",
            position=holder.position if holder.person else "",
            unit=holder.unit_line if holder.person else holder.unit_superior,
            honour=honour.name if honour is not None else "",
            annulled=annulled,
        )


@dataclass(frozen=True)
class Body:
    """A body with something published: its decisions and its nominee lists open for comment."""

    unit: Unit
    decisions: int
    nominee_lists: int


# Switching ------------------------------------------------------------------------------------


def _switch(obj, *, by, published: bool) -> None:
    """Set or clear ``published_at`` and audit the change (nothing written when it is already so)."""
    if published == (obj.published_at is not None):
        return
    old = obj.published_at
    obj.published_at = timezone.now() if published else None
    obj.save(update_fields=["published_at"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        obj,
        {"published_at": [audit.jsonable(old), audit.jsonable(obj.published_at)]},
        note=_("Công khai") if published else _("Thôi công khai"),
    )


@transaction.atomic
def publish_decision(decision: Decision, *, by, published: bool) -> Decision:
    """Put an issued decision on its body's public page (``published``) or take it off. A draft is
    refused; an annulled decision may be taken off but not put on anew."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if published and decision.status != Decision.Status.ISSUED:
        raise AwardsError(_("Chỉ công khai được quyết định đã ban hành."))
    _switch(decision, by=by, published=published)
    return decision


def nominees_public(proposal: Proposal) -> bool:
    """Whether the proposal's nominees are on the public page now: published since it was last
    submitted, and still at the receiving body."""
    return (
        proposal.published_at is not None
        and proposal.status in OPEN_FOR_COMMENT
        and (proposal.submitted_at is None or proposal.published_at >= proposal.submitted_at)
    )


@transaction.atomic
def publish_proposal(proposal: Proposal, *, by, published: bool) -> Proposal:
    """Publish the nominees of a proposal at the receiving body for comment (công khai danh sách đề
    nghị để lấy ý kiến), or withdraw them. Only a submitted proposal, under review or reviewed, is
    published; once decided or returned it leaves the page by itself."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if published and proposal.status not in OPEN_FOR_COMMENT:
        raise AwardsError(_("Chỉ công khai danh sách đề nghị đã trình, đang chờ Hội đồng xét hoặc đã xét."))
    if published and proposal.published_at and not nominees_public(proposal):
        proposal.published_at = None  # published before it was returned: publish anew
    _switch(proposal, by=by, published=published)
    return proposal


# Reading --------------------------------------------------------------------------------------


def published_decisions(unit: Unit | None = None) -> QuerySet:
    """Published decisions (issued or annulled), newest first; of ``unit`` when given."""
    found = Decision.objects.filter(published_at__isnull=False, status__in=PUBLIC_DECISION)
    if unit is not None:
        found = found.filter(issuing_unit=unit)
    return found.order_by("-date", "-number", "-pk")


def open_nominee_lists(unit: Unit | None = None) -> QuerySet:
    """Proposals whose nominees are published and open for comment, newest first; sent to ``unit``."""
    found = Proposal.objects.filter(published_at__isnull=False, status__in=OPEN_FOR_COMMENT).filter(
        Q(submitted_at__isnull=True) | Q(published_at__gte=F("submitted_at"))
    )
    if unit is not None:
        found = found.filter(to_unit=unit)
    return found.order_by("-published_at", "-pk")


def nominee_lists(unit: Unit) -> QuerySet:
    """The body's open nominee lists with their proposing unit and how many they name (``n_lines``)."""
    named = Count("lines", filter=~Q(lines__outcome=ProposalLine.Outcome.REJECTED))
    return open_nominee_lists(unit).select_related("unit").annotate(n_lines=named)


def public_bodies() -> list[Body]:
    """The bodies with at least one published decision or open nominee list, in the tree's order."""
    decisions = dict(published_decisions().order_by().values_list("issuing_unit").annotate(n=Count("pk")))
    lists = dict(open_nominee_lists().order_by().values_list("to_unit").annotate(n=Count("pk")))
    units = Unit.objects.filter(pk__in=set(decisions) | set(lists)).order_by("path")
    return [Body(u, decisions.get(u.pk, 0), lists.get(u.pk, 0)) for u in units]


def public_body(ref: str) -> Unit | None:
    """The body ``ref`` when it has something published (None otherwise: the page is a 404)."""
    unit = Unit.objects.filter(ref=ref).first()
    if unit is None:
        return None
    if published_decisions(unit).exists() or open_nominee_lists(unit).exists():
        return unit
    return None


def search_decisions(unit: Unit, query: str) -> QuerySet:
    """The body's published decisions naming ``query`` (a recipient's name as issued, or the subject)."""
    found = published_decisions(unit).select_related("issuing_unit")
    if query := query.strip()[:100]:
        named = Q(lines__recipient_name__icontains=query) | Q(subject__icontains=query)
        found = found.filter(pk__in=Decision.objects.filter(named).values("pk"))
    return found.annotate(n_lines=Count("lines"))


def decision_recipients(decision: Decision) -> list[Recipient]:
    """The recipients of a published decision as issued (the frozen snapshot), annulled lines marked."""
    return [Recipient.of(x.holder, x.title or x.award_form, annulled=x.annulled) for x in issued_lines(decision)]


def nominees(proposal: Proposal) -> list[Recipient]:
    """The people and units a proposal names (those the council has not turned down), today's data."""
    lines = (
        proposal.lines.exclude(outcome=ProposalLine.Outcome.REJECTED)
        .select_related("person__unit__parent", "unit__parent", "title", "award_form")
        .order_by("order", "pk")
    )
    return [
        Recipient.of(Holder.live(x.person if x.person_id else None, x.unit if x.unit_id else None), x.honour)
        for x in lines
    ]


def issuer(decision: Decision) -> str:
    """Who issued it, as the public reads it: the higher level's name for a recorded decision."""
    return decision.issuer_name if decision.external and decision.issuer_name else decision.issuing_unit.name
