"""What the load benchmarks add to the dataset, and take away again: users of the five roles with a
signed-in session each, and one year's worth of rows in a province (a block with an open rubric, a
proposal, a draft decision with lines) so that every key page has something to show.

Everything made is listed in a ``World`` and deleted by ``World.remove`` (the audit rows written
meanwhile too): the national dataset stays as it was for the other benchmarks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from organisation.models import Role

PREFIX = "bench-load-"
# (role, where the grant is: the province or one of its rooms)
ROLES = {
    "office": (Role.EMULATION_OFFICE, "province"),
    "unit_officer": (Role.UNIT_OFFICER, "room"),
    "leader": (Role.LEADER, "province"),
    "council": (Role.COUNCIL_MEMBER, "province"),
    "officer": (Role.OFFICER, "room"),
}


@dataclass
class World:
    province: object
    room: object
    audit_from: int
    year: int
    started: datetime.datetime = field(default_factory=timezone.now)
    users: dict[str, list] = field(default_factory=dict)  # role -> users
    made: list = field(default_factory=list)  # rows to delete, in the order made
    pages: dict[str, str] = field(default_factory=dict)  # key page -> path
    sessions: list[str] = field(default_factory=list)  # session keys made by ``cookie``
    touched_units: set[int] = field(default_factory=set)  # units whose facts' stale marks are ours to delete

    def cookie(self, user) -> str:
        """A signed-in session for ``user`` in the database, as the login page leaves it; the cookie's value."""
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        self.sessions.append(store.session_key)
        return store.session_key

    def remove(self) -> None:
        from django.contrib.sessions.models import Session

        from audit.models import AuditEvent
        from organisation.models import User

        for row in reversed(self.made):
            for name in ("ballots", "sealed_ballots"):  # protected: an election's box goes first
                if hasattr(row, name):
                    getattr(row, name).all().delete()
            type(row).objects.filter(pk=row.pk).delete()
        ids = [u.pk for users in self.users.values() for u in users]
        Session.objects.filter(session_key__in=self.sessions).delete()
        # and those the test client's force_login made (the profiles), found by their user
        recent = Session.objects.filter(
            expire_date__gte=self.started + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)
        )
        wanted = set(map(str, ids))
        Session.objects.filter(
            session_key__in=[s.session_key for s in recent if s.get_decoded().get(SESSION_KEY) in wanted]
        ).delete()
        User.objects.filter(pk__in=ids).delete()
        AuditEvent.objects.filter(pk__gt=self.audit_from).delete()
        self._forget_staleness()

    def _forget_staleness(self) -> None:
        """The stale marks our writes left (a block's members, imported units: their facts are as they were once
        our rows are gone), and the recomputes of stored verdicts queued meanwhile (the eligibility page asks for
        one when it sees marks)."""
        from django_tasks_db.models import DBTaskResult

        from eligibility.jobs import KIND
        from eligibility.models import StaleMark
        from jobs.models import Job

        StaleMark.objects.filter(kind="u", subject__in=self.touched_units, claimed_by=0).delete()
        queued = Job.objects.filter(kind=KIND, created_at__gte=self.started).exclude(status=Job.Status.RUNNING)
        DBTaskResult.objects.filter(id__in=[j.task_id for j in queued if j.task_id]).delete()
        queued.delete()


def province_and_room():
    """The province with the most rooms, and its first room."""
    from django.db.models import Count

    from organisation.models import Unit

    province = (
        Unit.objects.filter(kind=Unit.Kind.PROVINCE).annotate(rooms=Count("children")).order_by("-rooms", "ref").first()
    )
    room = Unit.objects.filter(parent=province, kind=Unit.Kind.ROOM).order_by("ref").first()
    return province, room


def make_users(world: World, per_role: int, *, roles=ROLES) -> None:
    """``per_role`` users of each role (the plain officers linked to people of the room)."""
    from organisation.models import Person, RoleGrant, User

    people = iter(Person.objects.filter(unit=world.room, user__isnull=True).order_by("pk")[: per_role * 2])
    for name, (role, where) in roles.items():
        made = []
        for i in range(per_role):
            person = next(people, None) if role == Role.OFFICER else None
            user = User.objects.create(username=f"{PREFIX}{name}-{i}", person=person)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            RoleGrant.objects.create(user=user, role=role, unit=world.province if where == "province" else world.room)
            made.append(user)
        world.users[name] = made


def make_year(world: World, by) -> None:
    """A block of the province's first rooms with an open rubric, a proposal of the room with one line, a
    draft decision of the province with lines; and the key pages' addresses."""
    from commendation.models import Decision, DecisionLine
    from commendation.services import proposals
    from cycle.services import blocks
    from demo.scoring import rubric_rows
    from honours.models import AwardForm
    from organisation.models import Person, Unit
    from scoring.services import rubrics

    year = world.year
    members = list(Unit.objects.filter(parent=world.province, kind=Unit.Kind.ROOM).order_by("ref")[:8])
    block = blocks.create_block(
        by=by, members=members, year=year, name=f"Khối thi đua {PREFIX}{year}", managed_by=world.province
    )
    world.made.append(block)
    world.touched_units |= {u.pk for u in members}
    rubric = rubrics.create_rubric(block, by=by)
    world.made.append(rubric)
    rubrics.replace_criteria(rubric, rubric_rows(), by=by)
    rubric = rubrics.open_scoring(rubric, by=by)
    proposal = proposals.create_proposal(
        unit=world.room, to_unit=world.province, year=year, title="Đề nghị khen thưởng năm", by=by
    )
    world.made.append(proposal)
    form = AwardForm.objects.get(code="GK")
    people = list(Person.objects.filter(unit=world.room).order_by("pk")[:20])
    decision = Decision.objects.create(
        issuing_unit=world.province,
        year=year,
        symbol="QĐ-BENCH",
        subject="Về việc tặng Giấy khen",
        date=datetime.date(year, 1, 15),
        signer_name="Lê Quang Hưng",
        signer_position="Giám đốc",
    )
    world.made.append(decision)
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, person=p, award_form=form, order=i) for i, p in enumerate(people)
    )
    world.pages = {
        "home": reverse("organisation:home"),
        "unit": reverse("organisation:unit_detail", args=[world.province.pk]),
        "people-search": reverse("organisation:person_list") + "?q=Nguy%E1%BB%85n+V%C4%83n",
        "statistics": reverse("stats:stats_dashboard"),
        "eligibility": reverse("eligibility:eligibility") + f"?unit={world.province.pk}",
        "rubric": reverse("scoring:rubric_detail", args=[rubric.pk]),
        "score-sheet": reverse("scoring:sheet", args=[rubric.pk, "self", world.room.pk]),
        "proposals": reverse("commendation:proposal_list"),
        "proposal": reverse("commendation:proposal_detail", args=[proposal.pk]),
        "decisions": reverse("commendation:decision_list"),
        "decision": reverse("commendation:decision_detail", args=[decision.pk]),
    }


def build(per_role: int, *, year_rows: bool = True) -> World:
    """Users of the five roles and (``year_rows``) a year of the busiest province; call ``remove`` when done."""
    from audit.models import AuditEvent
    from organisation.models import User

    User.objects.filter(username__startswith=PREFIX).delete()  # left by a run that was killed
    province, room = province_and_room()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    world = World(province=province, room=room, audit_from=last, year=datetime.date.today().year)
    try:
        make_users(world, per_role)
        if year_rows:
            make_year(world, world.users["office"][0])
    except BaseException:
        world.remove()
        raise
    return world
