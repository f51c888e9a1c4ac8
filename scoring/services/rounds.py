"""The rounds: score cells (self, cross, final) with optimistic concurrency, evidence files, cross-scoring
assignments (balanced plan, manual changes, removal with a reason), explanation requests and answers."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle import uploads
from organisation.models import Unit
from scoring import core
from scoring.models import Assignment, Criterion, EvidenceFile, Explanation, Rubric, Score, Sheet
from scoring.services import ScoringError

MAX_EVIDENCE_PER_CRITERION = 10
SCORE_FIELDS = ["value", "note", "figures", "reason"]


class ScoreConflict(ScoringError):
    """Someone saved this cell after the version the user started from; ``current`` is what is stored now."""

    def __init__(self, message: str, current: Score | None):
        super().__init__(message)
        self.current = current


def fmt(value: Decimal | float | None) -> str:
    """A score the Vietnamese way: 12,5; 10; −2,25."""
    if value is None:
        return ""
    value = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    text = f"{value:f}".replace(".", ",")
    return text.replace("-", "−")


def parse_value(raw) -> Decimal | None:
    """A typed score: "12,5", "12.5", "−2", blank (None). ValueError when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("−", "-").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(raw) from error
    if not value.is_finite():
        raise ValueError(raw)
    return value


def value_problem(criterion: Criterion, value: Decimal | None) -> str | None:
    """Why ``value`` cannot be stored for ``criterion`` (Vietnamese), or None. The grid's script asks the
    same questions as the user types; this is the check that counts."""
    if value is None:
        return None
    top = criterion.max_points
    if value != value.quantize(Decimal("0.01")):
        return _("Điểm chỉ có tối đa 2 chữ số thập phân.")
    if criterion.kind == Criterion.Kind.DEDUCTION:
        if value > 0:
            return _("Điểm trừ ghi bằng số âm (ví dụ −%(max)s) hoặc 0.") % {"max": fmt(top)}
        if value < -top:
            return _("Điểm trừ không được vượt quá %(max)s điểm.") % {"max": fmt(top)}
        return None
    if value < 0:
        return _("Điểm không được âm: chỉ tiêu chí điểm trừ mới ghi số âm.")
    if value > top:
        return _("Điểm vượt quá điểm tối đa của tiêu chí (%(max)s).") % {"max": fmt(top)}
    return None


# Sheets and cells ------------------------------------------------------------------------------


def sheet_for(rubric: Rubric, unit: Unit, round_: str, scorer: Unit | None = None) -> Sheet:
    """The sheet of ``unit`` in ``round_`` (self: scored by itself; cross: by ``scorer``; final: none),
    made on first use."""
    if round_ == Sheet.Round.SELF:
        scorer = unit
    elif round_ == Sheet.Round.FINAL:
        scorer = None
    elif scorer is None:
        raise ValueError("a cross sheet needs a scorer")
    sheet = Sheet.objects.filter(rubric=rubric, unit=unit, round=round_, scorer=scorer).first()
    if sheet is not None:
        return sheet
    try:
        with transaction.atomic():
            return Sheet.objects.create(rubric=rubric, unit=unit, round=round_, scorer=scorer)
    except IntegrityError:  # made by a concurrent request
        return Sheet.objects.get(rubric=rubric, unit=unit, round=round_, scorer=scorer)


def _conflict(current: Score | None) -> ScoreConflict:
    if current is None:
        return ScoreConflict(
            _("Ô này vừa được xoá bởi người khác. Giá trị bạn nhập chưa được ghi: hãy xem lại rồi lưu lại."), None
        )
    who = current.updated_by.get_full_name() or current.updated_by.username if current.updated_by else _("hệ thống")
    return ScoreConflict(
        _(
            "Ô này vừa được %(who)s sửa thành %(value)s lúc %(at)s. Giá trị bạn nhập chưa được ghi: hãy xem lại "
            "rồi lưu lại."
        )
        % {
            "who": who,
            "value": fmt(current.value) or "—",
            "at": timezone.localtime(current.updated_at).strftime("%H:%M:%S"),
        },
        current,
    )


@transaction.atomic
def save_score(
    sheet: Sheet,
    criterion: Criterion,
    *,
    by,
    value,
    version: int,
    note: str | None = None,
    figures: str | None = None,
    reason: str | None = None,
) -> Score:
    """Write one cell. ``version`` is the cell's version the user started from (0: it was empty). When the
    cell has changed since, nothing is written and ScoreConflict tells who changed it and to what; the
    caller keeps the user's value on screen. A value above the maximum, or negative outside deductions,
    is refused. On the final sheet a changed value needs its reason. Every change is audited."""
    rubric = Rubric.objects.get(pk=sheet.rubric_id)
    if rubric.status != Rubric.Status.OPEN:
        raise ScoringError(_("Chưa mở chấm điểm.") if rubric.editable else _("Kết quả đã chốt: không sửa được điểm."))
    if criterion.rubric_id != rubric.pk or criterion.children.exists():
        raise ScoringError(_("Chỉ chấm điểm các tiêu chí cuối cùng của bảng tiêu chí."))
    try:
        value = parse_value(value)
    except ValueError as error:
        raise ScoringError(_("Điểm phải là một số, ví dụ 8 hoặc 7,5.")) from error
    if problem := value_problem(criterion, value):
        raise ScoringError(problem)
    if value is not None:
        value = value.quantize(Decimal("0.01"))
    if sheet.round == Sheet.Round.FINAL and value is not None and not (reason or "").strip():
        raise ScoringError(_("Điều chỉnh điểm chốt cần ghi lý do."))
    score = Score.objects.select_for_update().filter(sheet=sheet, criterion=criterion).first()
    if (score.version if score else 0) != version:
        raise _conflict(score)
    new = {"value": value, "note": note, "figures": figures, "reason": reason}
    if score is None:
        score = Score(sheet=sheet, criterion=criterion, updated_by=by)
        before = {"value": None, "note": "", "figures": "", "reason": ""}
        action = AuditEvent.Action.CREATE
    else:
        before = audit.snapshot(score, SCORE_FIELDS)
        action = AuditEvent.Action.UPDATE
    for name, v in new.items():
        if v is not None or name == "value":
            setattr(score, name, v.strip() if isinstance(v, str) else v)
    if score.pk is None:
        try:
            with transaction.atomic():
                score.save()
        except IntegrityError as error:  # another first save of the same empty cell won the race
            raise _conflict(Score.objects.filter(sheet=sheet, criterion=criterion).first()) from error
    else:
        score.version += 1
        score.updated_by = by
        score.save()
    if delta := audit.diff(before, audit.snapshot(score, SCORE_FIELDS)):
        audit.record(by, action, score, delta, note=f"{sheet.get_round_display()} {sheet.unit_id} · {criterion.code}")
    return score


@dataclass(frozen=True)
class CellData:
    """One cell of a bulk write: the (leaf) criterion's id and what ``save_score`` takes."""

    criterion: int
    value: object = None
    version: int = 0
    note: str | None = None
    figures: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class CellProblem:
    """Why row ``row`` (its position in the list sent, from 0) was refused, and in which field."""

    row: int
    field: str
    message: str


class CellsRefused(ScoringError):
    """A bulk write of cells refused as a whole; ``problems`` names every row at fault."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        super().__init__(_("Có %(n)s ô không hợp lệ; chưa ghi ô nào.") % {"n": len({p.row for p in problems})})


def save_scores(sheet: Sheet, cells: list[CellData], *, by) -> list[Score]:
    """Write many cells of one sheet, all or nothing: each row is checked and written as ``save_score``
    writes one (a stale version, a value out of range, a final change without its reason, a criterion that
    is not a leaf of the rubric or comes twice), then, if any row was refused, everything is rolled back
    and CellsRefused names each row with its field. ScoringError when scoring is not open."""
    with transaction.atomic():
        rubric = Rubric.objects.get(pk=sheet.rubric_id)
        if rubric.status != Rubric.Status.OPEN:
            raise ScoringError(
                _("Chưa mở chấm điểm.") if rubric.editable else _("Kết quả đã chốt: không sửa được điểm.")
            )
        leaves = {c.pk: c for c in rubric.criteria.filter(children__isnull=True)}
        problems, saved, seen = [], [], set()
        for row, cell in enumerate(cells):
            criterion = leaves.get(cell.criterion)
            if criterion is None or cell.criterion in seen:
                message = (
                    _("Tiêu chí %(id)s có hai lần trong danh sách.")
                    if criterion is not None
                    else _("Tiêu chí %(id)s không phải tiêu chí cuối của bảng tiêu chí này.")
                )
                problems.append(CellProblem(row, "criterion", message % {"id": cell.criterion}))
                continue
            seen.add(cell.criterion)
            if sheet.round == Sheet.Round.FINAL and cell.value is not None and not (cell.reason or "").strip():
                problems.append(CellProblem(row, "reason", _("Điều chỉnh điểm chốt cần ghi lý do.")))
                continue
            try:
                saved.append(
                    save_score(
                        sheet,
                        criterion,
                        by=by,
                        value=cell.value,
                        version=cell.version,
                        note=cell.note,
                        figures=cell.figures,
                        reason=cell.reason,
                    )
                )
            except ScoreConflict as conflict:
                problems.append(CellProblem(row, "version", str(conflict)))
            except ScoringError as error:
                problems.append(CellProblem(row, "value", str(error)))
        if problems:
            raise CellsRefused(problems)  # leaving the block rolls every row back
    return saved


# Evidence --------------------------------------------------------------------------------------


@transaction.atomic
def attach_evidence(sheet: Sheet, criterion: Criterion, upload, *, by) -> EvidenceFile:
    """A checked file (``cycle.uploads``: PDF, .docx, .xlsx, content matching the name) for one criterion
    of a self-score, stored under a random name; a refused file leaves no trace."""
    rubric = Rubric.objects.get(pk=sheet.rubric_id)
    if sheet.round != Sheet.Round.SELF or rubric.status != Rubric.Status.OPEN:
        raise ScoringError(_("Chỉ đính kèm minh chứng vào phiếu tự chấm khi đang chấm điểm."))
    if criterion.rubric_id != rubric.pk:
        raise ScoringError(_("Tiêu chí không thuộc bảng tiêu chí này."))
    if sheet.evidence.filter(criterion=criterion).count() >= MAX_EVIDENCE_PER_CRITERION:
        raise ScoringError(_("Mỗi tiêu chí đính kèm tối đa %(n)s tệp.") % {"n": MAX_EVIDENCE_PER_CRITERION})
    try:
        checked = uploads.check_upload(upload)
    except uploads.UploadRefused as refusal:
        raise ScoringError(str(refusal)) from refusal
    evidence = EvidenceFile(
        sheet=sheet,
        criterion=criterion,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    evidence.file.save(checked.name, upload, save=False)
    try:
        evidence.save()
        audit.record(
            by, AuditEvent.Action.CREATE, evidence, {"criterion": [None, criterion.code], "name": [None, checked.name]}
        )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def remove_evidence(evidence: EvidenceFile, *, by) -> None:
    if evidence.sheet.rubric.status != Rubric.Status.OPEN:
        raise ScoringError(_("Kết quả đã chốt: không xoá được minh chứng."))
    audit.record(by, AuditEvent.Action.DELETE, evidence, {"name": [evidence.original_name, None]})
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


# Cross-scoring assignments ---------------------------------------------------------------------


def _check_running(rubric: Rubric) -> None:
    if rubric.status == Rubric.Status.CLOSED:
        raise ScoringError(_("Kết quả đã chốt: không thay đổi được phân công."))


@transaction.atomic
def assign_cross_scorers(rubric: Rubric, *, by, scorers: list[Unit] | None = None) -> list[Assignment]:
    """The balanced plan (``core.assign_scorers``): each member scored by ``rubric.scorers_per_unit``
    others — the members themselves, or the review group ``scorers`` — never by itself. Replaces the
    plan's earlier assignments that have no score yet; manual ones and any with scores stay."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    _check_running(rubric)
    members = [m.unit for m in rubric.block.memberships.select_related("unit")]
    group = scorers if scorers else members
    plan = core.assign_scorers([u.pk for u in members], [u.pk for u in group], rubric.scorers_per_unit)
    scored = set(
        Sheet.objects.filter(rubric=rubric, round=Sheet.Round.CROSS, scores__isnull=False).values_list(
            "unit_id", "scorer_id"
        )
    )
    stale = rubric.assignments.filter(manual=False, active=True)
    removed = [(a.unit_id, a.scorer_id) for a in stale if (a.unit_id, a.scorer_id) not in scored]
    stale.exclude(pk__in=[a.pk for a in stale if (a.unit_id, a.scorer_id) in scored]).delete()
    existing = set(rubric.assignments.values_list("unit_id", "scorer_id"))
    made = Assignment.objects.bulk_create(
        [
            Assignment(rubric=rubric, unit_id=t, scorer_id=s)
            for t, chosen in plan.items()
            for s in chosen
            if (t, s) not in existing
        ]
    )
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        rubric,
        {"assignments": [sorted(removed), sorted((a.unit_id, a.scorer_id) for a in made)]},
        note=_("Phân công chấm chéo: mỗi đơn vị %(n)s đơn vị chấm") % {"n": rubric.scorers_per_unit},
    )
    return list(rubric.assignments.filter(active=True))


@transaction.atomic
def add_assignment(rubric: Rubric, unit: Unit, scorer: Unit, *, by) -> Assignment:
    """A manual assignment (or the return of a removed scorer)."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    _check_running(rubric)
    if unit.pk == scorer.pk:
        raise ScoringError(_("Đơn vị không chấm chéo cho chính mình."))
    if not rubric.block.memberships.filter(unit=unit).exists():
        raise ScoringError(_("Đơn vị được chấm phải là thành viên của khối."))
    assignment, created = Assignment.objects.get_or_create(
        rubric=rubric, unit=unit, scorer=scorer, defaults={"manual": True}
    )
    if not created:
        if assignment.active:
            raise ScoringError(
                _("%(scorer)s đã được phân công chấm %(unit)s.") % {"scorer": scorer.code, "unit": unit.code}
            )
        assignment.active, assignment.removed_reason, assignment.removed_at, assignment.removed_by = (
            True,
            "",
            None,
            None,
        )
        assignment.save(update_fields=["active", "removed_reason", "removed_at", "removed_by"])
    audit.record(
        by,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        assignment,
        {"active": [None if created else False, True]},
    )
    return assignment


@transaction.atomic
def remove_assignment(assignment: Assignment, *, by, reason: str) -> Assignment:
    """Take a scorer off a unit: its scores stay stored and in the audit, but leave the result."""
    assignment = Assignment.objects.select_for_update().select_related("rubric").get(pk=assignment.pk)
    _check_running(assignment.rubric)
    if not reason.strip():
        raise ScoringError(_("Cần ghi lý do loại đơn vị chấm."))
    if not assignment.active:
        raise ScoringError(_("Phân công này đã bị loại."))
    assignment.active, assignment.removed_reason = False, reason.strip()
    assignment.removed_by, assignment.removed_at = by, timezone.now()
    assignment.save(update_fields=["active", "removed_reason", "removed_by", "removed_at"])
    audit.record(by, AuditEvent.Action.UPDATE, assignment, {"active": [True, False]}, note=assignment.removed_reason)
    return assignment


# Explanations ----------------------------------------------------------------------------------


@transaction.atomic
def request_explanation(rubric: Rubric, unit: Unit, criterion: Criterion, *, by, question: str) -> Explanation:
    if Rubric.objects.get(pk=rubric.pk).status != Rubric.Status.OPEN:
        raise ScoringError(_("Chỉ yêu cầu giải trình khi đang chấm điểm."))
    if criterion.rubric_id != rubric.pk:
        raise ScoringError(_("Tiêu chí không thuộc bảng tiêu chí này."))
    if not question.strip():
        raise ScoringError(_("Cần ghi nội dung yêu cầu giải trình."))
    explanation = Explanation.objects.create(
        rubric=rubric, unit=unit, criterion=criterion, question=question.strip(), asked_by=by
    )
    audit.record(by, AuditEvent.Action.CREATE, explanation, {"question": [None, explanation.question]})
    return explanation


@transaction.atomic
def answer_explanation(explanation: Explanation, *, by, answer: str) -> Explanation:
    explanation = Explanation.objects.select_for_update().select_related("rubric").get(pk=explanation.pk)
    if explanation.rubric.status != Rubric.Status.OPEN:
        raise ScoringError(_("Kết quả đã chốt: không giải trình thêm được."))
    if not answer.strip():
        raise ScoringError(_("Cần ghi nội dung giải trình."))
    old = explanation.answer
    explanation.answer, explanation.answered_by, explanation.answered_at = answer.strip(), by, timezone.now()
    explanation.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(by, AuditEvent.Action.UPDATE, explanation, {"answer": [old or None, explanation.answer]})
    return explanation
