"""Access helpers for elections. Outsiders get 404; read-only roles get 403 on what they may not do.

- Who sees an election: whoever sees the conference's block (``cycle.permissions``), or, for an
  election outside a block, any role over the organising unit; and every voter on its roll.
- Who runs it (questions, roll, opening, paper counts, closing, run-off, applying the result): for a
  conference, whoever runs the block (manager, leader's and deputy's officers); otherwise a write
  role over the organising unit.
- Who casts for a unit: its representative — a user whose commander or emulation-officer role is
  granted on that very unit (not on a unit above it: the province's office cannot vote for PX03).
  For a person: the user linked to that person.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cycle import permissions as cycle_perms
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role
from voting.models import Election, RollEntry

REPRESENTATIVE_ROLES = (Role.COMMANDER, Role.UNIT_OFFICER)


def _voter_q(user) -> Q:
    """Roll entries the user casts for: units they represent (a subquery, no query of its own), their person."""
    query = Q(unit_id__in=user.grants.filter(role__in=REPRESENTATIVE_ROLES).values("unit_id"))
    if getattr(user, "person_id", None):
        query |= Q(person_id=user.person_id)
    return query


def visible_elections(user) -> QuerySet:
    if org_perms.is_admin(user):
        return Election.objects.all()
    if not user.is_authenticated:
        return Election.objects.none()
    blocks = cycle_perms.visible_blocks(user).values("pk")
    on_roll = RollEntry.objects.filter(_voter_q(user)).values("election_id")
    ids = Election.objects.filter(
        Q(conference__block__in=blocks)
        | (Q(conference__isnull=True) & tree.subtrees_q(org_perms.read_paths(user), field="organiser_unit__path"))
        | Q(pk__in=on_roll)
    ).values("pk")
    return Election.objects.filter(pk__in=ids)


def can_manage_election(user, election: Election) -> bool:
    if election.conference_id:
        return cycle_perms.can_lead_block(user, election.conference.block)
    return org_perms.can_write_unit(user, election.organiser_unit)


def get_election_for_user(user, pk, *, manage: bool = False) -> Election:
    """The election if the user may see it (else 404); with ``manage`` the user must run it (else 403)."""
    election = (
        Election.objects.select_related(
            "conference__block__managed_by",
            "conference__block__leader",
            "conference__block__deputy",
            "organiser_unit",
            "runoff_of",
        )
        .filter(pk=pk)
        .first()
    )
    if election is None or not visible_elections(user).filter(pk=election.pk).exists():
        raise Http404
    if manage and not can_manage_election(user, election):
        raise PermissionDenied
    return election


def voter_entries(user, election: Election) -> list[RollEntry]:
    """The roll entries this user casts for (usually one)."""
    if not user.is_authenticated:
        return []
    return list(election.roll.filter(_voter_q(user)).order_by("label", "pk"))


def waiting_entries(user) -> list[RollEntry]:
    """The roll entries this user may still cast for in open electronic elections, with their
    election and block, in one query (the user's home lists them)."""
    if not user.is_authenticated:
        return []
    return list(
        RollEntry.objects.filter(
            _voter_q(user),
            has_voted=False,
            election__status=Election.Status.OPEN,
            election__mode=Election.Mode.ELECTRONIC,
        )
        .select_related("election__conference__block")
        .order_by("election__date", "election_id", "label", "pk")
    )


def get_voter_entry(user, election: Election, entry_pk=None) -> RollEntry:
    """The entry the user casts for: 403 when the user represents no voter of this election."""
    entries = voter_entries(user, election)
    if entry_pk is not None:
        entries = [e for e in entries if str(e.pk) == str(entry_pk)]
    if not entries:
        raise PermissionDenied
    waiting = [e for e in entries if not e.has_voted]
    return (waiting or entries)[0]


def get_question_for_user(user, pk, *, manage: bool = False):
    from voting.models import Question

    question = Question.objects.filter(pk=pk).first()
    if question is None:
        raise Http404
    question.election = get_election_for_user(user, question.election_id, manage=manage)
    return question
