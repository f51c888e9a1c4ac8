"""Access to proposals, notices, council meetings, decisions, quotas and certificates: outsiders 404, read-only roles 403 on writes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cycle import permissions as cycle_perms
from eligibility.permissions import edits_rulesets_of, ruleset_owner_choices
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role, Unit

reads_unit = org_perms.reads_unit_records


def visible_proposals(user):
    """Proposals the user may read: those of units in the user's read subtrees (the proposing
    unit's readers and writers) and those sent to a body in them (the receiving council's side)."""
    from commendation.models import Proposal

    if org_perms.is_admin(user):
        return Proposal.objects.all()
    paths = org_perms.read_paths(user)
    return Proposal.objects.filter(
        tree.subtrees_q(paths, field="unit__path") | tree.subtrees_q(paths, field="to_unit__path")
    )


def get_proposal_for_user(user, pk, *, write: bool = False, review: bool = False):
    """A proposal the user reads (404 otherwise). ``write``: the proposing unit's write roles;
    ``review``: the receiving body's emulation office (403 otherwise)."""
    from commendation.models import Proposal
    from commendation.services.proposals import reviews_for

    proposal = Proposal.objects.select_related("unit", "to_unit", "movement").filter(pk=pk).first()
    if proposal is None or not user.is_authenticated:
        raise Http404
    paths = org_perms.read_paths(user)
    if not (
        org_perms.is_admin(user)
        or tree.path_within(proposal.unit.path, paths)
        or tree.path_within(proposal.to_unit.path, paths)
    ):
        raise Http404
    if write and not org_perms.can_write_unit(user, proposal.unit):
        raise PermissionDenied
    if review and not reviews_for(user, proposal.to_unit):
        raise PermissionDenied
    return proposal


def get_notice_for_user(user, pk):
    """A published list: every user with a role in the council's subtree reads it (404 otherwise)."""
    from commendation.models import PublicNotice

    notice = PublicNotice.objects.select_related("meeting__unit").filter(pk=pk).first()
    if notice is None or not user.is_authenticated:
        raise Http404
    unit = notice.meeting.unit
    if not (
        org_perms.is_admin(user)
        or reads_unit(user, unit)
        or any(p.startswith(unit.path) for p in org_perms.unit_paths(user))
    ):
        raise Http404
    return notice


def notice_comment_units(user, notice) -> list:
    """The units in the council's subtree for which the user may comment (write roles)."""
    unit = notice.meeting.unit
    return list(org_perms.writable_units(user).filter(path__startswith=unit.path).order_by("path")[:200])


def prints_certificates_of(user, unit: Unit) -> bool:
    if org_perms.is_admin(user):
        return True
    paths = org_perms.paths_with_role(user, Role.EMULATION_OFFICE)
    return tree.path_within(unit.path, paths)


def get_certificate_decision_for_user(user, pk, *, final: bool = False):
    """A decision whose certificates the user may see (404 otherwise); ``final``: print them (403)."""
    from commendation.models import Decision

    decision = Decision.objects.select_related("issuing_unit").filter(pk=pk).first()
    if decision is None or not user.is_authenticated or not reads_unit(user, decision.issuing_unit):
        raise Http404
    if final and not prints_certificates_of(user, decision.issuing_unit):
        raise PermissionDenied
    return decision


def get_certificate_line_for_user(user, pk, *, final: bool = False):
    """A decision line whose certificate the user may see (404 otherwise); ``final``: print it (403)."""
    from commendation.models import DecisionLine

    line = DecisionLine.objects.select_related("decision__issuing_unit").filter(pk=pk).first()
    if line is None:
        raise Http404
    get_certificate_decision_for_user(user, line.decision_id, final=final)
    return line


def reads_certificate_templates(user) -> bool:
    """Every template is read by every user with a read role: the Ministry's are meant for all."""
    return bool(user.is_authenticated and (org_perms.is_admin(user) or org_perms.read_paths(user)))


def edits_certificate_template(user, template) -> bool:
    """The owner's emulation office (or an administrator) changes a template."""
    return writes_body(user, template.owner)


def certificate_template_owner_choices(user):
    """The units that may own a template the user copies: the roots of the user's office grants
    (an administrator: the root and the units under it)."""
    return ruleset_owner_choices(user)


def copies_certificate_templates(user) -> bool:
    return org_perms.is_admin(user) or Role.EMULATION_OFFICE in org_perms.roles_of(user)


def get_certificate_template_for_user(user, pk, *, write: bool = False, copy: bool = False):
    """A certificate template: read (and printed with) by every user with a read role (404 for the others);
    ``write``: changed by its owner's emulation office only, ``copy``: copied by any emulation office (403)."""
    from commendation.models import CertificateTemplate

    template = CertificateTemplate.objects.select_related("owner").filter(pk=pk).first()
    if template is None or not reads_certificate_templates(user):
        raise Http404
    if write and not edits_certificate_template(user, template):
        raise PermissionDenied
    if copy and not copies_certificate_templates(user):
        raise PermissionDenied
    return template


def reads_body(user, unit: Unit) -> bool:
    """The body's read roles (office, commanders, council, leaders over it) see its meetings and decisions."""
    return reads_unit(user, unit)


def writes_body(user, unit: Unit) -> bool:
    """The emulation office of the body (or an administrator) prepares meetings and decisions."""
    return edits_rulesets_of(user, unit)


def get_meeting_for_user(user, pk, *, write: bool = False):
    """A council meeting: outsiders 404, read-only roles 403 on changes."""
    from commendation.models import CouncilMeeting

    meeting = CouncilMeeting.objects.select_related("unit", "election", "chair").filter(pk=pk).first()
    if meeting is None or not user.is_authenticated or not reads_body(user, meeting.unit):
        raise Http404
    if write and not writes_body(user, meeting.unit):
        raise PermissionDenied
    return meeting


def get_decision_for_user(user, pk, *, write: bool = False):
    """A decision: outsiders 404, read-only roles 403 on changes."""
    from commendation.models import Decision

    decision = Decision.objects.select_related("issuing_unit", "meeting").filter(pk=pk).first()
    if decision is None or not user.is_authenticated or not reads_body(user, decision.issuing_unit):
        raise Http404
    if write and not writes_body(user, decision.issuing_unit):
        raise PermissionDenied
    return decision


def body_units_for_user(user, *, write: bool = False):
    """Units whose council and decisions the user may see (``write``: prepare)."""
    if org_perms.is_admin(user):
        return Unit.objects.all()
    paths = org_perms.paths_with_role(user, Role.EMULATION_OFFICE) if write else org_perms.read_paths(user)
    return Unit.objects.filter(tree.subtrees_q(paths))


def quota_scopes_for_user(user, year: int):
    """(blocks of ``year`` the user manages, council bodies the user prepares for): where the user
    may set quotas."""
    blocks = [
        b
        for b in cycle_perms.visible_blocks(user)
        .filter(year=year)
        .select_related("managed_by")
        .order_by("number", "name")
        if cycle_perms.can_manage_block(user, b)
    ]
    return blocks, ruleset_owner_choices(user).order_by("path")


def can_change_quota(user, quota) -> bool:
    if quota.block_id:
        return cycle_perms.can_manage_block(user, quota.block)
    return writes_body(user, quota.council_unit)


def visible_quotas(user, year: int):
    """Quotas of the blocks the user sees and of the councils whose work the user reads."""
    from django.db.models import Q

    from commendation.models import Quota

    blocks = cycle_perms.visible_blocks(user).filter(year=year).values("pk")
    bodies = body_units_for_user(user).values("pk")
    return (
        Quota.objects.filter(year=year)
        .filter(Q(block__in=blocks) | Q(council_unit__in=bodies))
        .select_related("block", "council_unit", "title", "award_form")
        .order_by("block__name", "council_unit__path", "pk")
    )
