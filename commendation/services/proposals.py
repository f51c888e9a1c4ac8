"""Proposals (đề nghị khen thưởng), their lines, the engine's check, the review dashboard, quotas
and the public notice before the council meets.

One function per status change, each in one transaction and audited:

- ``submit_proposal`` draft → submitted (the proposing unit's commander or a write role over it);
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
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import (
    AchievementReport,
    CouncilMeeting,
    DossierFile,
    NoticeComment,
    Proposal,
    ProposalLine,
    PublicNotice,
    Quota,
)
from eligibility.engine import COLLECTIVE, INDIVIDUAL, cutoff
from eligibility.registry import in_force
from eligibility.services import AwardsError, evaluate_scope
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


def _require_write(user, unit: Unit) -> None:
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


def _require_editable(proposal: Proposal) -> None:
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
    _require_write(by, unit)
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
    _require_write(by, proposal.unit)
    _require_editable(proposal)
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


def _new_line(proposal: Proposal, *, person, unit, title, award_form, achievement, summary, by) -> ProposalLine:
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
    _require_write(by, proposal.unit)
    _require_editable(proposal)
    line = _new_line(
        proposal,
        person=person,
        unit=unit,
        title=title,
        award_form=award_form,
        achievement=achievement,
        summary=summary,
        by=by,
    )
    _check(proposal, [line])
    return line


@transaction.atomic
def remove_line(line: ProposalLine, *, by) -> None:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=line.proposal_id)
    _require_write(by, proposal.unit)
    _require_editable(proposal)
    snapshot = audit.snapshot(line, LINE_FIELDS)
    audit.record(by, AuditEvent.Action.DELETE, line, {k: [v, None] for k, v in snapshot.items()})
    line.delete()


@transaction.atomic
def set_justification(line: ProposalLine, text: str, *, by) -> ProposalLine:
    """The written justification of a line the engine finds not eligible (shown to the council)."""
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=line.proposal_id)
    _require_write(by, proposal.unit)
    _require_editable(proposal)
    old, line.justification = line.justification, text.strip()
    if old != line.justification:
        line.save(update_fields=["justification"])
        audit.record(by, AuditEvent.Action.UPDATE, line, {"justification": [old, line.justification]})
    return line


@transaction.atomic
def set_line_summary(line: ProposalLine, text: str, *, by) -> ProposalLine:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=line.proposal_id)
    _require_write(by, proposal.unit)
    _require_editable(proposal)
    old, line.summary = line.summary, text.strip()
    if old != line.summary:
        line.save(update_fields=["summary"])
        audit.record(by, AuditEvent.Action.UPDATE, line, {"summary": [old, line.summary]})
    return line


def _failure_dict(failure) -> dict:
    return {
        "condition": failure.condition,
        "fact": failure.fact,
        "basis": failure.basis,
        "explanation": failure.explanation,
    }


def _check(proposal: Proposal, lines: list[ProposalLine]) -> list[ProposalLine]:
    """Store the engine's verdict on each line: one evaluation of the proposing unit's subtree with
    the rule set in force there on the cut-off date; a person who left the subtree is judged where
    he served (``verdicts_of_person``). An honour with no rule in the set stays unchecked ("")."""
    from eligibility.listing import verdicts_of_person

    if not lines:
        return []
    entry = in_force(cutoff(proposal.year), proposal.unit)
    evaluation = evaluate_scope(proposal.unit, proposal.year, entry.code)
    changed = []
    for line in lines:
        recipient = INDIVIDUAL if line.person_id else COLLECTIVE
        subject = line.person_id or line.unit_id
        table = evaluation.table(recipient)
        ruleset = entry.code
        if table is not None and subject in table.index:
            verdicts = evaluation.verdicts(subject, recipient)
        elif line.person_id:
            found, verdicts, _unit = verdicts_of_person(line.person, proposal.year)
            ruleset = found.code
        else:
            verdicts = []
        verdict = next((v for v in verdicts if v.catalogue_code == line.honour.code), None)
        before = (line.engine_status, line.engine_ruleset, line.engine_failures)
        if verdict is None:
            line.engine_status, line.engine_ruleset, line.engine_failures = "", ruleset, []
        else:
            line.engine_status = str(verdict.status)
            line.engine_ruleset = verdict.ruleset
            line.engine_failures = [_failure_dict(f) for f in verdict.failures]
        if before != (line.engine_status, line.engine_ruleset, line.engine_failures):
            line.save(update_fields=["engine_status", "engine_ruleset", "engine_failures"])
            changed.append((line, {"engine_status": [before[0], line.engine_status]}))
    if changed:
        audit.record_many(None, AuditEvent.Action.UPDATE, changed, note=_("Kiểm tra điều kiện theo bộ quy tắc"))
    return lines


@transaction.atomic
def check_lines(proposal: Proposal, *, by=None) -> list[ProposalLine]:
    """Check every line of ``proposal`` with the engine again; returns the lines in order."""
    proposal = Proposal.objects.select_related("unit").get(pk=proposal.pk)
    lines = list(proposal.lines.select_related("person", "unit", "title", "award_form"))
    return _check(proposal, lines)


@transaction.atomic
def prefill_from_registration_and_engine(proposal: Proposal, *, by) -> list[ProposalLine]:
    """Add, for a yearly (or movement) proposal, the titles registered for the year by the people
    and units of the proposing subtree (in the movement's blocks when the proposal has one) and
    the titles the engine finds them eligible for. What would be refused (already proposed) is
    skipped; award forms are left to the unit (one achievement, one form). Returns the new lines."""
    from cycle.models import PersonRegistration, Registration
    from eligibility import listing as eligibility

    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    _require_write(by, proposal.unit)
    _require_editable(proposal)
    path = proposal.unit.path
    wanted: list[tuple[str, int, int]] = []  # (recipient, subject id, title id)
    people = PersonRegistration.objects.filter(
        registration__block__year=proposal.year, person__unit__path__startswith=path
    )
    units = Registration.objects.filter(block__year=proposal.year, unit__path__startswith=path)
    if proposal.movement_id:
        people = people.filter(registration__block__movement_id=proposal.movement_id)
        units = units.filter(block__movement_id=proposal.movement_id)
    wanted += [(INDIVIDUAL, pid, tid) for pid, tid in people.values_list("person_id", "title_id").order_by("pk")]
    wanted += [(COLLECTIVE, uid, tid) for uid, tid in units.values_list("unit_id", "titles").order_by("pk") if tid]
    scope = eligibility.Scope(proposal.year, [proposal.unit]).evaluate()
    titles = {t.code: t.pk for t in Title.objects.filter(active=True)}
    evaluation = scope.evaluations[0]
    for rule in scope.ruleset.ruleset.rules:
        if rule.kind != "title":
            continue
        for recipient in (INDIVIDUAL, COLLECTIVE):
            if (rule.code, recipient) in evaluation.outcomes and rule.catalogue_code(recipient) in titles:
                wanted += [
                    (recipient, sid, titles[rule.catalogue_code(recipient)])
                    for sid in evaluation.eligible(rule.code, recipient)
                ]
    people_by_id = Person.objects.in_bulk([s for r, s, _t in wanted if r == INDIVIDUAL])
    units_by_id = Unit.objects.in_bulk([s for r, s, _t in wanted if r == COLLECTIVE])
    titles_by_id = Title.objects.in_bulk([t for _r, _s, t in wanted])
    created, seen = [], set()
    for recipient, sid, tid in wanted:
        if (recipient, sid, tid) in seen:
            continue
        seen.add((recipient, sid, tid))
        holder = (
            {"person": people_by_id.get(sid), "unit": None}
            if recipient == INDIVIDUAL
            else {"person": None, "unit": units_by_id.get(sid)}
        )
        title = titles_by_id[tid]
        if (holder["person"] or holder["unit"]) is None or title.recipient != recipient:
            continue
        try:
            with transaction.atomic():
                created.append(
                    _new_line(proposal, **holder, title=title, award_form=None, achievement="", summary="", by=by)
                )
        except AwardsError:
            continue
    _check(proposal, created)
    return created


# Status changes ----------------------------------------------------------------------------------


def _ready(proposal: Proposal) -> None:
    """Refuse a submission with no line, an ad hoc one without its achievement, or a flagged line
    without its justification (the lines are checked again first)."""
    lines = _check(proposal, list(proposal.lines.select_related("person", "unit", "title", "award_form")))
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
        changes[name] = [audit._jsonable(getattr(proposal, name)), audit._jsonable(value)]
        setattr(proposal, name, value)
        fields.append(name)
    proposal.save(update_fields=fields)
    audit.record(by, AuditEvent.Action.UPDATE, proposal, changes, note=note)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("unit", "to_unit").get(pk=proposal.pk)


@transaction.atomic
def submit_proposal(proposal: Proposal, *, by) -> Proposal:
    """draft → submitted, by the proposing unit's commander or a write role over the unit."""
    proposal = _locked(proposal)
    _require_write(by, proposal.unit)
    if proposal.status != Proposal.Status.DRAFT:
        raise AwardsError(_("Chỉ trình được đề nghị đang soạn."))
    _ready(proposal)
    return _move(
        proposal,
        Proposal.Status.SUBMITTED,
        by,
        extra={"submitted_at": timezone.now(), "submitted_by": by},
        note=_("Trình đề nghị"),
    )


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
    _require_write(by, proposal.unit)
    if proposal.status != Proposal.Status.RETURNED:
        raise AwardsError(_("Chỉ trình lại được đề nghị đã bị trả lại."))
    _ready(proposal)
    return _move(
        proposal,
        Proposal.Status.SUBMITTED,
        by,
        extra={"submitted_at": timezone.now(), "submitted_by": by},
        note=_("Trình lại đề nghị"),
    )


@transaction.atomic
def start_review(proposal: Proposal, *, by) -> Proposal:
    """submitted → under council review, by the receiving body's emulation office. From here the
    council's functions (``commendation.services.council``) take over."""
    proposal = _locked(proposal)
    _require_review(by, proposal)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise AwardsError(_("Chỉ đưa ra Hội đồng xét được đề nghị đã trình."))
    return _move(proposal, Proposal.Status.REVIEW, by, note=_("Đưa ra Hội đồng xét"))


# Achievement reports and signed scans ---------------------------------------------------------------


@transaction.atomic
def set_achievement_report(line: ProposalLine, *, text: str, by) -> AchievementReport:
    """Save the edited achievement report of a line (pre-filled by ``commendation.dossier.report_text``)."""
    proposal = Proposal.objects.select_related("unit").get(pk=line.proposal_id)
    _require_write(by, proposal.unit)
    _require_editable(proposal)
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

    _require_write(by, proposal.unit)
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


# The review dashboard and quotas -----------------------------------------------------------------


@dataclass
class DashboardRow:
    movement_id: int | None
    movement: str
    counts: dict = field(default_factory=dict)  # status → number of proposals
    lines: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(s, 0) for s in Proposal.Status.values]


def dashboard(proposals, *, year: int) -> list[DashboardRow]:
    """Per movement (proposals without one last, as "Khen thưởng hằng năm, đột xuất"), the
    number of ``proposals`` (a queryset already limited to what the user sees) of ``year`` in
    each status and their lines. Two queries."""
    rows: dict = {}
    qs = proposals.filter(year=year)
    for mid, name, status, n in (
        qs.values_list("movement_id", "movement__name", "status").annotate(n=Count("pk")).order_by("movement__name")
    ):
        row = rows.setdefault(mid, DashboardRow(mid, name or _("Khen thưởng hằng năm, đột xuất")))
        row.counts[status] = row.counts.get(status, 0) + n
    for mid, n in qs.values_list("movement_id").annotate(n=Count("lines")).order_by():
        if mid in rows:
            rows[mid].lines += n
    return sorted(rows.values(), key=lambda r: (r.movement_id is None, r.movement))


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


# The public notice before the meeting ------------------------------------------------------------


@transaction.atomic
def publish_notice(
    meeting: CouncilMeeting, lines: list[ProposalLine], *, opens_on: datetime.date, closes_on: datetime.date, by
) -> PublicNotice:
    """Publish nominees to the units for comment, ``opens_on``–``closes_on``, before the meeting.
    The lines must be under this council's review; by its emulation office."""
    if not reviews_for(by, meeting.unit):
        raise AwardsError(
            _("Chỉ Thường trực Hội đồng TĐKT của %(unit)s được công khai danh sách.") % {"unit": meeting.unit.name}
        )
    if not lines:
        raise AwardsError(_("Hãy chọn ít nhất một trường hợp để công khai."))
    if closes_on < opens_on:
        raise AwardsError(_("Ngày kết thúc công khai phải từ ngày bắt đầu trở đi."))
    if closes_on >= meeting.date:
        raise AwardsError(
            _("Thời gian công khai phải kết thúc trước ngày họp Hội đồng (%(date)s).")
            % {"date": meeting.date.strftime("%d/%m/%Y")}
        )
    for line in lines:
        p = line.proposal
        if p.to_unit_id != meeting.unit_id or p.status != Proposal.Status.REVIEW:
            raise AwardsError(_("%(line)s không thuộc các đề nghị Hội đồng này đang xét.") % {"line": line_label(line)})
    notice = PublicNotice.objects.create(meeting=meeting, opens_on=opens_on, closes_on=closes_on)
    notice.lines.set(lines)
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        notice,
        {
            "opens_on": [None, opens_on.isoformat()],
            "closes_on": [None, closes_on.isoformat()],
            "lines": [None, sorted(line.pk for line in lines)],
        },
    )
    return notice


@transaction.atomic
def add_notice_comment(
    notice: PublicNotice,
    *,
    unit: Unit,
    text: str,
    by,
    line: ProposalLine | None = None,
    on: datetime.date | None = None,
) -> NoticeComment:
    """A unit's comment on the published list (or one line of it), within the period."""
    on = on or timezone.localdate()
    _require_write(by, unit)
    if not (notice.opens_on <= on <= notice.closes_on):
        raise AwardsError(
            _("Chỉ góp ý được trong thời gian công khai, từ %(a)s đến %(b)s.")
            % {"a": notice.opens_on.strftime("%d/%m/%Y"), "b": notice.closes_on.strftime("%d/%m/%Y")}
        )
    if not text.strip():
        raise AwardsError(_("Hãy nhập nội dung góp ý."))
    if line is not None and not notice.lines.filter(pk=line.pk).exists():
        raise AwardsError(_("Trường hợp này không có trong danh sách công khai."))
    comment = NoticeComment.objects.create(
        notice=notice, line=line, unit=unit, text=text.strip(), created_by=by if getattr(by, "pk", None) else None
    )
    audit.record(by, AuditEvent.Action.CREATE, comment, {"unit": [None, unit.pk], "text": [None, comment.text]})
    return comment
