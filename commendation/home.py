"""What the commendation workflow asks of a user, for the home page ("Việc cần làm").

Registered in ``organisation.services.HOME_PROVIDERS`` (``CommendationConfig.ready``); computed from
the data every time, nothing stored:

- the emulation office of a council body: each proposal submitted to it (to receive and send to the
  council, or return) and each proposal the council has reviewed (to decide);
- a council member: each planned or open meeting of the council, and the list of its meetings.

Two queries for an office, two for a council member, none for anybody else.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role


@dataclass(frozen=True)
class Where:
    name: str


@dataclass(frozen=True)
class HomeTask:
    """One thing to do, shaped like ``cycle.services.tasks.Task`` for the home page's list: its
    ``block.name`` is the line under the link (here: the unit or the council)."""

    text: str
    url: str
    where: str
    deadline: datetime.date | None = None
    overdue: bool = False
    block: Where = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "block", Where(self.where))


def office_tasks(user) -> list[HomeTask]:
    """The proposals waiting for the user's office: submitted to a body it serves (oldest first),
    then reviewed by its council and still without a decision."""
    from commendation.models import Proposal

    paths = org_perms.paths_with_role(user, Role.EMULATION_OFFICE)
    if not paths:
        return []
    waiting = (
        Proposal.objects.filter(tree.subtrees_q(paths, field="to_unit__path"))
        .filter(status__in=[Proposal.Status.SUBMITTED, Proposal.Status.REVIEWED])
        .select_related("unit", "to_unit")
        .order_by("submitted_at", "pk")[:50]
    )
    tasks = []
    for proposal in sorted(waiting, key=lambda p: p.status != Proposal.Status.SUBMITTED):
        names = {"unit": proposal.unit.code, "title": proposal.title, "year": proposal.year}
        if proposal.status == Proposal.Status.SUBMITTED:
            text = _("Tiếp nhận, xem xét đề nghị khen thưởng năm %(year)s của %(unit)s: “%(title)s”") % names
        else:
            text = _("Lập quyết định khen thưởng cho đề nghị năm %(year)s của %(unit)s (Hội đồng đã xét)") % names
        submitted = proposal.submitted_at
        where = proposal.to_unit.name
        if submitted:
            where = _("%(body)s · trình ngày %(day)s") % {"body": where, "day": f"{submitted:%d/%m/%Y}"}
        tasks.append(HomeTask(text=text, url=reverse("commendation:proposal_detail", args=[proposal.pk]), where=where))
    return tasks


def council_tasks(user, today: datetime.date) -> list[HomeTask]:
    """For a council member: the planned and open meetings of the councils the user sits on (by role
    on the body, or named a member of the meeting), soonest first, then the list of meetings."""
    from commendation.models import CouncilMeeting

    paths = org_perms.paths_with_role(user, Role.COUNCIL_MEMBER)
    if not paths:
        return []
    bodies = {tree.last_id(p) for p in paths}
    sits = Q(unit_id__in=bodies)
    if user.person_id:
        sits |= Q(members__person_id=user.person_id)
    meetings = (
        CouncilMeeting.objects.filter(sits)
        .filter(status__in=[CouncilMeeting.Status.PLANNED, CouncilMeeting.Status.HELD])
        .select_related("unit")
        .distinct()
        .order_by("date", "pk")[:20]
    )
    tasks = []
    for meeting in meetings:
        names = {"body": meeting.unit.code, "day": f"{meeting.date:%d/%m/%Y}"}
        if meeting.status == CouncilMeeting.Status.HELD:
            text = _("Phiên họp Hội đồng TĐKT %(body)s ngày %(day)s đang diễn ra") % names
        else:
            text = _("Dự họp Hội đồng TĐKT %(body)s ngày %(day)s") % names
        tasks.append(
            HomeTask(
                text=text,
                url=reverse("commendation:meeting_detail", args=[meeting.pk]),
                where=meeting.place,
            )
        )
    tasks.append(
        HomeTask(
            text=_("Xem các phiên họp Hội đồng TĐKT"),
            url=reverse("commendation:meeting_list"),
            where=_("Lịch họp, nội dung xét và kết quả của Hội đồng") if tasks else _("Chưa có phiên họp sắp tới"),
        )
    )
    return tasks


def home_sections(user, today: datetime.date) -> dict:
    """The home page's part of the commendation workflow (joined to the cycle's tasks)."""
    return {"tasks": office_tasks(user) + council_tasks(user, today)}
