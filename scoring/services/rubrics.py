"""The rubric of a block-year: criteria tree, settings, import, copy from last year, open / close, versions."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Block
from scoring import core
from scoring.models import MAX_POINTS, Criterion, Rubric
from scoring.services import ScoringError

RUBRIC_FIELDS = ["title", "status", "bonus_cap", "floor", "method", "trim", "scorers_per_unit", "gap", "note"]
CRITERION_FIELDS = ["code", "title", "kind", "max_points", "parent", "order", "description", "evidence"]
SETTINGS_WHILE_OPEN = {"method", "trim", "scorers_per_unit", "gap", "note"}
MAX_CRITERIA = 500


@dataclass
class CriterionRow:
    """A criterion as a plain row (import, copy, export): ``parent`` is the parent's code."""

    code: str
    title: str
    kind: str
    max_points: Decimal
    parent: str = ""
    description: str = ""
    evidence: str = ""
    line: int | None = None  # the Excel row it came from, for error messages


def tree(rubric: Rubric) -> list[Criterion]:
    """The criteria in pre-order (each section followed by its criteria, depth-first), one query;
    each carries ``depth`` and ``is_leaf``."""
    criteria = list(rubric.criteria.all())
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    out: list[Criterion] = []

    def walk(parent_id, depth):
        for c in sorted(children.get(parent_id, []), key=lambda x: (x.order, x.pk)):
            c.depth, c.is_leaf = depth, c.pk not in children
            out.append(c)
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def compile_rubric(rubric: Rubric, criteria: list[Criterion] | None = None) -> core.Rubric:
    """The rubric for the pure core; node keys are the criteria's ids."""
    criteria = tree(rubric) if criteria is None else criteria
    return core.Rubric(
        tuple(core.Node(c.pk, c.parent_id, core.Kind(c.kind), float(c.max_points), c.code) for c in criteria),
        bonus_cap=float(rubric.bonus_cap),
        floor=float(rubric.floor),
    )


def _check_editable(rubric: Rubric) -> None:
    if not rubric.editable:
        raise ScoringError(_("Bảng tiêu chí đã khoá (đã mở chấm điểm); muốn sửa hãy lập phiên bản mới."))


def _check_rows(rows: list[CriterionRow]) -> list[tuple[int | None, str, str]]:
    """Problems with a whole tree as (line, column, message): codes unique, parents known and before
    their children, a child of the same kind as its section, maxima within bounds."""
    problems = []
    seen: dict[str, CriterionRow] = {}
    for row in rows:
        if not row.code:
            problems.append((row.line, "code", _("Thiếu số hiệu tiêu chí.")))
            continue
        if row.code in seen:
            problems.append((row.line, "code", _("Số hiệu %(code)s bị trùng.") % {"code": row.code}))
            continue
        if row.kind not in Criterion.Kind.values:
            problems.append((row.line, "kind", _("Loại không hợp lệ: %(value)s.") % {"value": row.kind}))
        if row.max_points is None or row.max_points < 0 or row.max_points > MAX_POINTS:
            problems.append((row.line, "max_points", _("Điểm tối đa phải từ 0 đến %(max)s.") % {"max": MAX_POINTS}))
        elif row.max_points != row.max_points.quantize(Decimal("0.01")):
            problems.append((row.line, "max_points", _("Điểm tối đa chỉ có tối đa 2 chữ số thập phân.")))
        if row.parent:
            parent = seen.get(row.parent)
            if parent is None:
                problems.append(
                    (
                        row.line,
                        "parent",
                        _("Tiêu chí cha %(code)s không có ở các dòng phía trên.") % {"code": row.parent},
                    )
                )
            elif parent.kind != row.kind:
                problems.append(
                    (
                        row.line,
                        "kind",
                        _("Loại phải giống loại của tiêu chí cha %(code)s (%(kind)s).")
                        % {"code": row.parent, "kind": Criterion.Kind(parent.kind).label},
                    )
                )
        seen[row.code] = row
    if len(rows) > MAX_CRITERIA:
        problems.append((None, "", _("Bảng tiêu chí có tối đa %(n)s dòng.") % {"n": MAX_CRITERIA}))
    if not problems and rows and not any(r.kind == Criterion.Kind.NORMAL and not r.parent for r in rows):
        problems.append(
            (None, "", _("Bảng tiêu chí cần ít nhất một phần chấm điểm (không phải điểm thưởng, điểm trừ)."))
        )
    return problems


def rows_of(rubric: Rubric) -> list[CriterionRow]:
    by_id = {}
    rows = []
    for c in tree(rubric):
        by_id[c.pk] = c
        rows.append(
            CriterionRow(
                code=c.code,
                title=c.title,
                kind=c.kind,
                max_points=c.max_points,
                parent=by_id[c.parent_id].code if c.parent_id else "",
                description=c.description,
                evidence=c.evidence,
            )
        )
    return rows


def _write_rows(rubric: Rubric, rows: list[CriterionRow]) -> list[Criterion]:
    made: dict[str, Criterion] = {}
    for i, row in enumerate(rows):
        made[row.code] = Criterion.objects.create(
            rubric=rubric,
            parent=made.get(row.parent),
            order=i,
            code=row.code,
            title=row.title,
            kind=row.kind,
            max_points=row.max_points,
            description=row.description,
            evidence=row.evidence,
        )
    return list(made.values())


# Rubric ----------------------------------------------------------------------------------------


def default_title(block: Block) -> str:
    return _("Bảng tiêu chí chấm điểm thi đua năm %(year)s") % {"year": block.year}


@transaction.atomic
def create_rubric(block: Block, *, by, title: str = "", **settings) -> Rubric:
    """The block-year's first rubric, a draft. A block that has one revises it instead."""
    Block.objects.select_for_update().get(pk=block.pk)
    if block.rubrics.exists():
        raise ScoringError(_("Khối đã có bảng tiêu chí năm nay."))
    rubric = Rubric.objects.create(block=block, title=title.strip() or default_title(block), created_by=by, **settings)
    audit.record(by, AuditEvent.Action.CREATE, rubric, audit.snapshot(rubric, RUBRIC_FIELDS))
    return rubric


@transaction.atomic
def update_rubric(rubric: Rubric, *, by, **changes) -> Rubric:
    """Title, bonus cap, floor and settings. While scoring is open only the settings that do not change a
    score (method, trim, scorers per unit, gap, note) may change."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if not rubric.editable and set(changes) - SETTINGS_WHILE_OPEN:
        changed = {k for k, v in changes.items() if getattr(rubric, k) != v} - SETTINGS_WHILE_OPEN
        if changed:
            raise ScoringError(
                _("Bảng tiêu chí đã khoá: chỉ đổi được cách tổng hợp, số đơn vị chấm chéo và ngưỡng chênh lệch.")
            )
    if rubric.status == Rubric.Status.CLOSED:
        raise ScoringError(_("Kết quả đã chốt: không thay đổi được."))
    before = audit.snapshot(rubric, RUBRIC_FIELDS)
    for name, value in changes.items():
        setattr(rubric, name, value)
    rubric.save()
    if delta := audit.diff(before, audit.snapshot(rubric, RUBRIC_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, rubric, delta)
    return rubric


# Criteria --------------------------------------------------------------------------------------


@transaction.atomic
def add_criterion(rubric: Rubric, *, by, parent: Criterion | None = None, **fields) -> Criterion:
    """A criterion at the end of its parent's list (a section when ``parent`` is None); it takes its
    section's kind."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    _check_editable(rubric)
    if parent is not None:
        if parent.rubric_id != rubric.pk:
            raise ScoringError(_("Tiêu chí cha không thuộc bảng tiêu chí này."))
        fields["kind"] = parent.kind
    code = fields.get("code", "").strip()
    if rubric.criteria.filter(code=code).exists():
        raise ScoringError(_("Số hiệu %(code)s bị trùng.") % {"code": code})
    last = rubric.criteria.filter(parent=parent).order_by("-order").first()
    criterion = Criterion.objects.create(
        rubric=rubric, parent=parent, order=(last.order + 1) if last else 0, **(fields | {"code": code})
    )
    audit.record(by, AuditEvent.Action.CREATE, criterion, audit.snapshot(criterion, CRITERION_FIELDS))
    return criterion


@transaction.atomic
def update_criterion(criterion: Criterion, *, by, **changes) -> Criterion:
    _check_editable(Rubric.objects.select_for_update().get(pk=criterion.rubric_id))
    if (
        "code" in changes
        and Criterion.objects.filter(rubric_id=criterion.rubric_id, code=changes["code"])
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise ScoringError(_("Số hiệu %(code)s bị trùng.") % {"code": changes["code"]})
    if "kind" in changes and changes["kind"] != criterion.kind and (criterion.parent_id or criterion.children.exists()):
        raise ScoringError(_("Chỉ đổi được loại của một phần chưa có tiêu chí con."))
    before = audit.snapshot(criterion, CRITERION_FIELDS)
    for name, value in changes.items():
        setattr(criterion, name, value)
    criterion.save()
    if delta := audit.diff(before, audit.snapshot(criterion, CRITERION_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, criterion, delta)
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, *, by) -> None:
    """Remove a criterion and its sub-criteria from a draft."""
    _check_editable(Rubric.objects.select_for_update().get(pk=criterion.rubric_id))
    audit.record(by, AuditEvent.Action.DELETE, criterion, audit.snapshot(criterion, CRITERION_FIELDS))
    criterion.delete()


@transaction.atomic
def replace_criteria(rubric: Rubric, rows: list[CriterionRow], *, by, note: str = "") -> list[Criterion]:
    """The whole tree at once (the Excel import): checked first, then written; with a problem nothing
    changes (ScoringError listing the first problems)."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    _check_editable(rubric)
    if problems := _check_rows(rows):
        raise ScoringError("; ".join(message for _line, _col, message in problems[:5]))
    old = rubric.criteria.count()
    rubric.criteria.all().delete()
    made = _write_rows(rubric, rows)
    audit.record(by, AuditEvent.Action.IMPORT, rubric, {"criteria": [old, len(made)]}, note=note)
    return made


@transaction.atomic
def copy_rubric_from_previous_year(block: Block, *, by) -> Rubric:
    """Start this year's rubric from last year's block (``Block.previous``): criteria, bonus cap, floor and
    settings. Into a new draft, or replacing the criteria of this year's draft."""
    previous = block.previous
    source = Rubric.objects.current_for(previous) if previous else None
    if source is None:
        raise ScoringError(_("Khối năm trước chưa có bảng tiêu chí để sao chép."))
    settings = {k: getattr(source, k) for k in ("bonus_cap", "floor", "method", "trim", "scorers_per_unit", "gap")}
    rubric = Rubric.objects.current_for(block)
    if rubric is None:
        rubric = create_rubric(block, by=by, **settings)
    else:
        update_rubric(rubric, by=by, **settings)
    replace_criteria(rubric, rows_of(source), by=by, note=_("Sao chép từ năm %(year)s") % {"year": previous.year})
    return rubric


def carry_rubric_to_next_year(old: Block, new: Block, *, by) -> Rubric | None:
    """A block started next year from ``old`` gets a copy of its rubric, as a draft to adjust and lock
    (``cycle.services.blocks.AFTER_NEXT_YEAR``, registered in ``scoring.apps``). Nothing when ``old`` has
    no rubric."""
    if Rubric.objects.current_for(old) is None:
        return None
    return copy_rubric_from_previous_year(new, by=by)


# Status and versions ---------------------------------------------------------------------------


@transaction.atomic
def open_scoring(rubric: Rubric, *, by) -> Rubric:
    """Lock the rubric and open scoring: from now on units enter scores; criteria no longer change."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    _check_editable(rubric)
    if problems := _check_rows(rows_of(rubric)):
        raise ScoringError("; ".join(message for _line, _col, message in problems[:5]))
    if not rubric.criteria.exists():
        raise ScoringError(_("Bảng tiêu chí chưa có tiêu chí nào."))
    core_rubric = compile_rubric(rubric)
    if Decimal(str(core_rubric.max_points)) < rubric.floor:
        raise ScoringError(_("Sàn điểm cao hơn tổng điểm tối đa."))
    rubric.status, rubric.opened_at = Rubric.Status.OPEN, timezone.now()
    rubric.save(update_fields=["status", "opened_at"])
    audit.record(by, AuditEvent.Action.UPDATE, rubric, {"status": [Rubric.Status.DRAFT, rubric.status]})
    return rubric


@transaction.atomic
def close_scoring(rubric: Rubric, *, by) -> Rubric:
    """Fix the results: the final scores and the ranking no longer change."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.status != Rubric.Status.OPEN:
        raise ScoringError(_("Chỉ chốt được kết quả khi đang chấm điểm."))
    rubric.status, rubric.closed_at = Rubric.Status.CLOSED, timezone.now()
    rubric.save(update_fields=["status", "closed_at"])
    audit.record(by, AuditEvent.Action.UPDATE, rubric, {"status": [Rubric.Status.OPEN, rubric.status]})
    return rubric


@transaction.atomic
def revise_rubric(rubric: Rubric, *, by) -> Rubric:
    """A new version as a draft copy of a locked one; the scores stay with the version they were given on."""
    Block.objects.select_for_update().get(pk=rubric.block_id)
    current = Rubric.objects.current_for(rubric.block)
    if current.pk != rubric.pk:
        raise ScoringError(_("Chỉ lập phiên bản mới từ phiên bản hiện hành."))
    if rubric.editable:
        raise ScoringError(_("Bảng tiêu chí còn là dự thảo: sửa trực tiếp, không cần phiên bản mới."))
    fields = {
        k: getattr(rubric, k)
        for k in ("title", "bonus_cap", "floor", "method", "trim", "scorers_per_unit", "gap", "note")
    }
    new = Rubric.objects.create(block=rubric.block, version=rubric.version + 1, created_by=by, **fields)
    _write_rows(new, rows_of(rubric))
    audit.record(by, AuditEvent.Action.CREATE, new, audit.snapshot(new, RUBRIC_FIELDS), note=f"revision of {rubric.pk}")
    return new
