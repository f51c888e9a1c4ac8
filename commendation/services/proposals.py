"""Proposals (đề nghị khen thưởng) and their lines: creating and editing them, and the workflow.

One function per status change, each in one transaction and audited:

- ``submit_proposal`` draft → submitted (the proposing unit's commander or a write role over it);
  the receiving office is notified (``office_users``), and again on ``resubmit_proposal``;
- ``return_proposal`` submitted / under review → returned, with a reason (the receiving office);
- ``resubmit_proposal`` returned → submitted (as ``submit_proposal``);
- ``start_review`` submitted → under review (the receiving body's emulation office).

From REVIEW on, the council's functions (``commendation.services.council``) set the line outcomes and
move the proposal to REVIEWED, the decisions' (``commendation.services.decisions``) to DECIDED.

Lines are edited only while the proposal is a draft or returned. One achievement earns one form
(Law 2022 art. 5): a second award-form line for the same person or unit and the same
``achievement`` key is refused across every line the council has not rejected, and so is the
same title twice for the same holder and year. Every refusal is an ``AwardsError`` whose
Vietnamese message is shown as it is.

Around them, in ``commendation.services``: ``verdicts`` (the engine's check of the lines),
``prefill`` (lines from the registrations and the engine), ``dossier_files`` (achievement reports
and signed scans), ``dashboard`` (the review dashboard), ``quotas`` (quotas and their warnings),
``notices`` (the public notice before the council meets).
"""

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Proposal, ProposalLine
from commendation.services.verdicts import store_verdicts
from eligibility.engine import COLLECTIVE, INDIVIDUAL
from eligibility.services import AwardsError
from honours.models import AwardForm, CommendationKind, Title
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Person, Role, Unit

EDITABLE = (Proposal.Status.DRAFT, Proposal.Status.RETURNED)
PROPOSAL_FIELDS = [
    "unit",
    "to_unit",
    "year",
    "kind",
    "movement",
    "title",
    "achievement",
    "number",
    "status",
    "returned_reason",
]
LINE_FIELDS = ["proposal", "person", "unit", "title", "award_form", "achievement", "summary", "justification"]


# Reading ---------------------------------------------------------------------------------------


def holder_name(line: ProposalLine) -> str:
    return line.person.full_name if line.person_id else line.unit.name


def line_label(line: ProposalLine, number: int | None = None) -> str:
    """ "Dòng 2 (Trần Thị Bình – Chiến sĩ tiên tiến)", the way refusals name a line."""
    number = number if number is not None else line.order
    return _("Dòng %(n)s (%(name)s – %(honour)s)") % {
        "n": number,
        "name": holder_name(line),
        "honour": line.honour.name,
    }


def default_achievement(proposal: Proposal, honour=None) -> str:
    """The achievement a line rewards unless told: the year's for yearly merit (``merit:2025``),
    the movement's for a movement, the honour's for seniority and contribution, else the
    proposal's own (ad hoc: one achievement per proposal)."""
    if proposal.kind == CommendationKind.MERIT:
        return f"merit:{proposal.year}"
    if proposal.kind == CommendationKind.THEMATIC and proposal.movement_id:
        return f"movement:{proposal.movement_id}"
    if proposal.kind in (CommendationKind.SENIORITY, CommendationKind.CONTRIBUTION) and honour is not None:
        return f"{proposal.kind}:{honour.code}"
    return f"proposal:{proposal.pk}"


# Proposals -------------------------------------------------------------------------------------


def require_write(user, unit: Unit) -> None:
    if not org_perms.can_write_unit(user, unit):
        raise AwardsError(
            _("Chỉ thủ trưởng hoặc cán bộ TĐKT của %(unit)s được thực hiện việc này.") % {"unit": unit.name}
        )


def reviews_for(user, unit: Unit) -> bool:
    """The receiving body's emulation office (or an administrator) handles what reaches ``unit``."""
    if org_perms.is_admin(user):
        return True
    paths = org_perms.paths_with_role(user, Role.EMULATION_OFFICE)
    return tree.path_within(unit.path, paths)


def _require_review(user, proposal: Proposal) -> None:
    if not reviews_for(user, proposal.to_unit):
        raise AwardsError(
            _("Chỉ Thường trực Hội đồng TĐKT của %(unit)s được thực hiện việc này.") % {"unit": proposal.to_unit.name}
        )


def require_editable(proposal: Proposal) -> None:
    if proposal.status not in EDITABLE:
        raise AwardsError(
            _("Đề nghị “%(title)s” đang ở trạng thái “%(status)s”: không sửa được nữa.")
            % {"title": proposal.title, "status": proposal.get_status_display()}
        )


@transaction.atomic
def create_proposal(
    *,
    unit: Unit,
    to_unit: Unit,
    year: int,
    title: str,
    by,
    kind: str = CommendationKind.MERIT,
    movement=None,
    achievement: str = "",
    number: str = "",
) -> Proposal:
    """A draft proposal of ``unit`` to the council of ``to_unit`` (the unit itself or one above it)."""
    require_write(by, unit)
    if not unit.path.startswith(to_unit.path):
        raise AwardsError(_("Đơn vị chỉ trình Hội đồng TĐKT của chính mình hoặc của cấp trên."))
    if kind == CommendationKind.AD_HOC and not achievement.strip():
        raise AwardsError(_("Khen thưởng đột xuất phải nêu thành tích cụ thể."))
    if not title.strip():
        raise AwardsError(_("Hãy nhập trích yếu của đề nghị."))
    proposal = Proposal.objects.create(
        unit=unit,
        to_unit=to_unit,
        year=year,
        kind=kind,
        movement=movement,
        title=title.strip(),
        achievement=achievement.strip(),
        number=number.strip(),
        created_by=by if getattr(by, "pk", None) else None,
    )
    audit.record(by, AuditEvent.Action.CREATE, proposal, audit.snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


@transaction.atomic
def update_proposal(proposal: Proposal, *, by, **changes) -> Proposal:
    """Change the subject, number, achievement or movement of a draft or returned proposal."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    require_write(by, proposal.unit)
    require_editable(proposal)
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    allowed = {"title", "number", "achievement", "movement"}
    for name, value in changes.items():
        if name not in allowed:
            raise AwardsError(_("Trường “%(name)s” không sửa được.") % {"name": name})
        setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    if proposal.kind == CommendationKind.AD_HOC and not proposal.achievement:
        raise AwardsError(_("Khen thưởng đột xuất phải nêu thành tích cụ thể."))
    proposal.save(update_fields=[*changes, "updated_at"])
    if delta := audit.diff(before, audit.snapshot(proposal, PROPOSAL_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, proposal, delta)
    return proposal


# Lines -----------------------------------------------------------------------------------------


def _duplicate(proposal: Proposal, *, person, unit, title, award_form, achievement: str) -> str | None:
    """The refusal message when the line would break one-achievement-one-form, else None."""
    holder = Q(person=person) if person is not None else Q(unit=unit)
    others = ProposalLine.objects.filter(holder).exclude(outcome=ProposalLine.Outcome.REJECTED)
    name = person.full_name if person is not None else unit.name
    if award_form is not None:
        clash = (
            others.filter(award_form__isnull=False, achievement=achievement)
            .select_related("proposal", "award_form")
            .first()
        )
        if clash is not None:
            return _(
                "%(name)s đã được đề nghị “%(form)s” cho cùng thành tích này (đề nghị “%(proposal)s”): một "
                "thành tích chỉ được đề nghị một hình thức khen thưởng (Luật TĐKT 2022 điều 5)."
            ) % {"name": name, "form": clash.award_form.name, "proposal": clash.proposal.title}
    else:
        clash = others.filter(title=title, proposal__year=proposal.year).select_related("proposal").first()
        if clash is not None:
            return _("%(name)s đã được đề nghị danh hiệu “%(title)s” năm %(year)s (đề nghị “%(proposal)s”).") % {
                "name": name,
                "title": title.name,
                "year": proposal.year,
                "proposal": clash.proposal.title,
            }
    return None


def new_line(proposal: Proposal, *, person, unit, title, award_form, achievement, summary, by) -> ProposalLine:
    if (person is None) == (unit is None):
        raise AwardsError(_("Mỗi dòng đề nghị dành cho đúng một cá nhân hoặc một tập thể."))
    if (title is None) == (award_form is None):
        raise AwardsError(_("Mỗi dòng đề nghị chọn đúng một danh hiệu hoặc một hình thức khen thưởng."))
    honour = title or award_form
    wanted = INDIVIDUAL if person is not None else COLLECTIVE
    if honour.recipient != wanted:
        raise AwardsError(
            _("“%(honour)s” không dành cho %(who)s.")
            % {"honour": honour.name, "who": _("cá nhân") if wanted == INDIVIDUAL else _("tập thể")}
        )
    if person is not None:
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
        )  # one writer per holder
        inside = person.unit_id is not None and person.unit.path.startswith(proposal.unit.path)
    else:
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        inside = unit.path.startswith(proposal.unit.path)
    if not inside:
        raise AwardsError(
            _("%(name)s không thuộc %(unit)s.")
            % {"name": person.full_name if person is not None else unit.name, "unit": proposal.unit.name}
        )
    achievement = (achievement or default_achievement(proposal, honour)).strip()
    if message := _duplicate(
        proposal, person=person, unit=unit, title=title, award_form=award_form, achievement=achievement
    ):
        raise AwardsError(message)
    order = (proposal.lines.aggregate(m=Max("order"))["m"] or 0) + 1
    line = ProposalLine.objects.create(
        proposal=proposal,
        person=person,
        unit=unit,
        title=title,
        award_form=award_form,
        achievement=achievement,
        summary=summary.strip(),
        order=order,
    )
    audit.record(by, AuditEvent.Action.CREATE, line, audit.snapshot(line, LINE_FIELDS))
    return line


@transaction.atomic
def add_line(
    proposal: Proposal,
    *,
    by,
    person: Person | None = None,
    unit: Unit | None = None,
    title: Title | None = None,
    award_form: AwardForm | None = None,
    achievement: str = "",
    summary: str = "",
) -> ProposalLine:
    """Add one recipient (a person or a unit of the proposing unit's subtree) with one title or
    one award form, and check it with the engine at once. ``achievement`` defaults to
    ``default_achievement``; a second form for the same achievement is refused (art. 5)."""
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    require_write(by, proposal.unit)
    require_editable(proposal)
    line = new_line(
        proposal,
        person=person,
        unit=unit,
        title=title,
        award_form=award_form,
        achievement=achievement,
        summary=summary,
        by=by,
    )
    store_verdicts(proposal, [line])
    return line


@transaction.atomic
def remove_line(line: ProposalLine, *, by) -> None:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=line.proposal_id)
    require_write(by, proposal.unit)
    require_editable(proposal)
    snapshot = audit.snapshot(line, LINE_FIELDS)
    audit.record(by, AuditEvent.Action.DELETE, line, {k: [v, None] for k, v in snapshot.items()})
    line.delete()


@transaction.atomic
def set_justification(line: ProposalLine, text: str, *, by) -> ProposalLine:
    """The written justification of a line the engine finds not eligible (shown to the council)."""
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=line.proposal_id)
    require_write(by, proposal.unit)
    require_editable(proposal)
    old, line.justification = line.justification, text.strip()
    if old != line.justification:
        line.save(update_fields=["justification"])
        audit.record(by, AuditEvent.Action.UPDATE, line, {"justification": [old, line.justification]})
    return line


@transaction.atomic
def set_line_summary(line: ProposalLine, text: str, *, by) -> ProposalLine:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=line.proposal_id)
    require_write(by, proposal.unit)
    require_editable(proposal)
    old, line.summary = line.summary, text.strip()
    if old != line.summary:
        line.save(update_fields=["summary"])
        audit.record(by, AuditEvent.Action.UPDATE, line, {"summary": [old, line.summary]})
    return line


# Status changes ----------------------------------------------------------------------------------


def _ready(proposal: Proposal) -> None:
    """Refuse a submission with no line, an ad hoc one without its achievement, or a flagged line
    without its justification (the lines are checked again first)."""
    lines = store_verdicts(proposal, list(proposal.lines.select_related("person", "unit", "title", "award_form")))
    if not lines:
        raise AwardsError(_("Đề nghị chưa có người, tập thể nào."))
    if proposal.kind == CommendationKind.AD_HOC and not proposal.achievement:
        raise AwardsError(_("Khen thưởng đột xuất phải nêu thành tích cụ thể."))
    for number, line in enumerate(lines, start=1):
        if line.flagged and not line.justification.strip():
            raise AwardsError(
                _("%(line)s chưa đủ điều kiện theo bộ quy tắc: hãy ghi giải trình trước khi trình.")
                % {"line": line_label(line, number)}
            )


def _move(proposal: Proposal, to: str, by, *, extra: dict | None = None, note: str = "") -> Proposal:
    old = proposal.status
    proposal.status = to
    fields = ["status", "updated_at"]
    changes = {"status": [old, to]}
    for name, value in (extra or {}).items():
        changes[name] = [audit.jsonable(getattr(proposal, name)), audit.jsonable(value)]
        setattr(proposal, name, value)
        fields.append(name)
    proposal.save(update_fields=fields)
    audit.record(by, AuditEvent.Action.UPDATE, proposal, changes, note=note)
    return proposal


def office_users(unit: Unit) -> list:
    """The users of the emulation office that receives what reaches ``unit``: the office of the
    unit itself, else of the nearest unit above it that has one (1 query)."""
    from organisation.models import RoleGrant

    ids = tree.path_ids(unit.path)
    grants = list(
        RoleGrant.objects.filter(unit_id__in=ids, role=Role.EMULATION_OFFICE, user__is_active=True).select_related(
            "user"
        )
    )
    if not grants:
        return []
    nearest = max(grants, key=lambda g: ids.index(g.unit_id)).unit_id
    return [g.user for g in grants if g.unit_id == nearest]


def _notify_office(proposal: Proposal, by) -> None:
    """Tell the receiving office that a proposal reached it (a notification on its home page)."""
    from cycle.services.notifications import notify

    text = _("%(unit)s đã trình đề nghị khen thưởng năm %(year)s: “%(title)s”.") % {
        "unit": proposal.unit.code,
        "year": proposal.year,
        "title": proposal.title,
    }
    users = [u for u in office_users(proposal.to_unit) if u.pk != getattr(by, "pk", None)]
    notify(users, text, reverse("commendation:proposal_detail", args=[proposal.pk]))


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("unit", "to_unit").get(pk=proposal.pk)


@transaction.atomic
def submit_proposal(proposal: Proposal, *, by) -> Proposal:
    """draft → submitted, by the proposing unit's commander or a write role over the unit."""
    proposal = _locked(proposal)
    require_write(by, proposal.unit)
    if proposal.status != Proposal.Status.DRAFT:
        raise AwardsError(_("Chỉ trình được đề nghị đang soạn."))
    _ready(proposal)
    proposal = _move(
        proposal,
        Proposal.Status.SUBMITTED,
        by,
        extra={"submitted_at": timezone.now(), "submitted_by": by},
        note=_("Trình đề nghị"),
    )
    _notify_office(proposal, by)
    return proposal


@transaction.atomic
def return_proposal(proposal: Proposal, *, reason: str, by) -> Proposal:
    """submitted / under review → returned with ``reason``, by the receiving body's office."""
    proposal = _locked(proposal)
    _require_review(by, proposal)
    if proposal.status not in (Proposal.Status.SUBMITTED, Proposal.Status.REVIEW):
        raise AwardsError(_("Chỉ trả lại được đề nghị đã trình hoặc đang xét."))
    if not reason.strip():
        raise AwardsError(_("Hãy ghi lý do trả lại."))
    return _move(
        proposal, Proposal.Status.RETURNED, by, extra={"returned_reason": reason.strip()}, note=_("Trả lại để bổ sung")
    )


@transaction.atomic
def resubmit_proposal(proposal: Proposal, *, by) -> Proposal:
    """returned → submitted once completed; the same checks as ``submit_proposal``."""
    proposal = _locked(proposal)
    require_write(by, proposal.unit)
    if proposal.status != Proposal.Status.RETURNED:
        raise AwardsError(_("Chỉ trình lại được đề nghị đã bị trả lại."))
    _ready(proposal)
    proposal = _move(
        proposal,
        Proposal.Status.SUBMITTED,
        by,
        extra={"submitted_at": timezone.now(), "submitted_by": by},
        note=_("Trình lại đề nghị"),
    )
    _notify_office(proposal, by)
    return proposal


@transaction.atomic
def start_review(proposal: Proposal, *, by) -> Proposal:
    """submitted → under council review, by the receiving body's emulation office. From here the
    council's functions (``commendation.services.council``) take over."""
    proposal = _locked(proposal)
    _require_review(by, proposal)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise AwardsError(_("Chỉ đưa ra Hội đồng xét được đề nghị đã trình."))
    return _move(proposal, Proposal.Status.REVIEW, by, note=_("Đưa ra Hội đồng xét"))
