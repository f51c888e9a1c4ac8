"""Tallies of award instances (lượt khen thưởng): one non-annulled TitleAward or FormAward row.

Every tally is a pair of GROUP BY queries (one over titles, one over award forms — the two kinds
never share a table) merged in Python; nothing loops over award rows. Annulled rows leave every
tally and are counted on their own (``annulled=True``). Figures are read live, so an annulment or
a newly issued decision shows at once.

Scope: ``Scope.paths`` are unit subtrees (materialised ``Unit.path`` prefixes); ``None`` is the
whole country. A collective instance is in scope when its unit is; an individual one when the
person's current unit is. ``Scope.unit_ids`` narrows to a block's or a movement's member units.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm, BlockStanding, FormAward, Level, Recipient, Title, TitleAward
from cycle.models import Block, Registration
from organisation.models import Person, Unit

TITLE, FORM = "title", "form"
KIND_LABELS = {TITLE: _("Danh hiệu thi đua"), FORM: _("Hình thức khen thưởng")}
UNKNOWN_AUTHORITY = _("Chưa gắn quyết định (nhập từ hồ sơ)")

# The dimensions a tally groups by, and the field of each model that holds them.
DIMENSIONS = {
    "year": _("Năm"),
    "recipient": _("Đối tượng"),
    "kind": _("Loại"),
    "level": _("Cấp khen thưởng"),
    "honour": _("Danh hiệu, hình thức"),
    "authority": _("Cấp quyết định (cơ quan ban hành)"),
}


@dataclass(frozen=True)
class Scope:
    """What to count: years (inclusive), unit subtrees, member units, and optional narrowing."""

    year_from: int
    year_to: int
    paths: tuple[str, ...] | None = None  # None: everything
    unit_ids: tuple[int, ...] | None = None  # a block's or a movement's members
    recipient: str = ""  # Recipient value or ""
    kind: str = ""  # TITLE, FORM or ""
    level: str = ""  # Level value or ""
    label: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def _branches(scope: Scope) -> list[Q]:
    """The holders of the scope as disjoint filters (a row has a person or a unit, never both):
    units of the scope, and people whose current unit is in it. Each branch is its own query, so
    that PostgreSQL reads the (unit, year) and (person, year) indexes instead of joining every
    award to every person through an OR."""
    if scope.paths is None and scope.unit_ids is None:
        if not scope.recipient:
            return [Q()]  # everything: one scan per table
        branches = {Recipient.COLLECTIVE: Q(unit__isnull=False), Recipient.INDIVIDUAL: Q(person__isnull=False)}
    else:
        units = Unit.objects.all()
        if scope.paths is not None:
            paths_q = Q(pk__in=[])
            for path in scope.paths:
                paths_q |= Q(path__startswith=path)
            units = units.filter(paths_q)
        if scope.unit_ids is not None:
            units = units.filter(pk__in=scope.unit_ids)
        unit_ids = units.values("pk")
        branches = {Recipient.COLLECTIVE: Q(unit_id__in=unit_ids),
                    Recipient.INDIVIDUAL: Q(person_id__in=Person.objects.filter(unit_id__in=unit_ids).values("pk"))}  # fmt: skip
    if scope.recipient:
        return [branches[Recipient(scope.recipient)]]
    return [branches[Recipient.COLLECTIVE], branches[Recipient.INDIVIDUAL]]


def _querysets(scope: Scope, *, annulled: bool = False):
    """The title and award-form querysets of the scope (the kinds and levels it asks for), one per
    kind and holder branch (``_branches``): callers add their counts up."""
    period = Q(annulled=annulled, year__gte=scope.year_from, year__lte=scope.year_to)
    out = []
    for branch in _branches(scope):
        if scope.kind in ("", TITLE):
            qs = TitleAward.objects.filter(period & branch)
            out.append((TITLE, qs.filter(title__level=scope.level) if scope.level else qs, "title"))
        if scope.kind in ("", FORM):
            qs = FormAward.objects.filter(period & branch)
            out.append((FORM, qs.filter(award_form__level=scope.level) if scope.level else qs, "award_form"))
    return out


_RECIPIENT = Case(
    When(person_id__isnull=False, then=Value(Recipient.INDIVIDUAL.value)),
    default=Value(Recipient.COLLECTIVE.value),
    output_field=CharField(),
)


def _grouped(qs, kind: str, fk: str, by: str):
    """One GROUP BY query: rows of (key, count)."""
    if by == "year":
        return [(r["year"], r["n"]) for r in qs.order_by().values("year").annotate(n=Count("id"))]
    if by == "recipient":
        return [(r["r"], r["n"]) for r in qs.order_by().annotate(r=_RECIPIENT).values("r").annotate(n=Count("id"))]
    if by == "kind":
        return [(kind, qs.count())]
    if by == "level":
        return [
            (r["k"], r["n"]) for r in qs.order_by().annotate(k=F(f"{fk}__level")).values("k").annotate(n=Count("id"))
        ]
    if by == "honour":
        return [((kind, r[f"{fk}_id"]), r["n"]) for r in qs.order_by().values(f"{fk}_id").annotate(n=Count("id"))]
    if by == "authority":
        rows = (
            qs.order_by()
            .values("decision_line__decision__issuer_name", "decision_line__decision__issuing_unit__name")
            .annotate(n=Count("id"))
        )
        return [
            (
                (r["decision_line__decision__issuer_name"] or r["decision_line__decision__issuing_unit__name"] or ""),
                r["n"],
            )
            for r in rows
        ]
    raise ValueError(by)


@dataclass
class Row:
    key: object
    label: str
    count: int


def _labels(by: str, keys) -> dict:
    if by == "year":
        return {k: str(k) for k in keys}
    if by == "recipient":
        return {k: str(Recipient(k).label) for k in keys}
    if by == "kind":
        return {k: str(KIND_LABELS[k]) for k in keys}
    if by == "level":
        return {k: str(Level(k).label) for k in keys}
    if by == "authority":
        return {k: k or str(UNKNOWN_AUTHORITY) for k in keys}
    if by == "honour":
        title_ids = [pk for kind, pk in keys if kind == TITLE]
        form_ids = [pk for kind, pk in keys if kind == FORM]
        names = {(TITLE, pk): name for pk, name in Title.objects.filter(pk__in=title_ids).values_list("pk", "name")}
        names |= {(FORM, pk): name for pk, name in AwardForm.objects.filter(pk__in=form_ids).values_list("pk", "name")}
        return names
    raise ValueError(by)


def _order(by: str, rows: list[Row]) -> list[Row]:
    if by == "year":
        return sorted(rows, key=lambda r: r.key)
    if by == "level":
        order = list(Level.values)
        return sorted(rows, key=lambda r: order.index(r.key))
    if by == "recipient":
        return sorted(rows, key=lambda r: r.key != Recipient.COLLECTIVE)
    if by == "kind":
        return sorted(rows, key=lambda r: r.key != TITLE)
    return sorted(rows, key=lambda r: (-r.count, r.label))


def tally(scope: Scope, by: str, *, annulled: bool = False) -> list[Row]:
    """Instances of the scope grouped by one dimension (``DIMENSIONS``), zero groups left out.

    ``annulled=True`` counts the annulled rows instead (they never mix with the others)."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    counts = defaultdict(int)
    for kind, qs, fk in _querysets(scope, annulled=annulled):
        for key, n in _grouped(qs, kind, fk, by):
            if n:
                counts[key] += n
    labels = _labels(by, counts)
    return _order(by, [Row(k, labels.get(k, str(k)), n) for k, n in counts.items()])


def total(scope: Scope, *, annulled: bool = False) -> int:
    return sum(qs.count() for _kind, qs, _fk in _querysets(scope, annulled=annulled))


def trend(scope: Scope) -> list[dict]:
    """Per year of the scope: collective, individual and total instances, and the annulled ones
    (zero years included, so a trend line has no gaps)."""
    grid = {
        y: {"year": y, Recipient.COLLECTIVE.value: 0, Recipient.INDIVIDUAL.value: 0, "annulled": 0}
        for y in range(scope.year_from, scope.year_to + 1)
    }
    for annulled in (False, True):
        for _kind, qs, _fk in _querysets(scope, annulled=annulled):
            rows = qs.order_by().annotate(r=_RECIPIENT).values("year", "r").annotate(n=Count("id"))
            for r in rows:
                grid[r["year"]]["annulled" if annulled else r["r"]] += r["n"]
    out = list(grid.values())
    for row in out:
        row["total"] = row[Recipient.COLLECTIVE.value] + row[Recipient.INDIVIDUAL.value]
    return out


def honours_by_recipient(scope: Scope) -> list[dict]:
    """The statutory summary: each title and award form with its collective and individual
    instances (catalogue order; entries with no instance left out)."""
    counts = defaultdict(lambda: {Recipient.COLLECTIVE.value: 0, Recipient.INDIVIDUAL.value: 0})
    for kind, qs, fk in _querysets(scope):
        for r in qs.order_by().annotate(r=_RECIPIENT).values(f"{fk}_id", "r").annotate(n=Count("id")):
            counts[(kind, r[f"{fk}_id"])][r["r"]] += r["n"]
    rows = []
    for kind, model in ((TITLE, Title), (FORM, AwardForm)):
        for entry in model.objects.filter(pk__in=[pk for k, pk in counts if k == kind]):
            c = counts[(kind, entry.pk)]
            rows.append(
                {
                    "kind": kind,
                    "code": entry.code,
                    "name": entry.name,
                    "level": entry.level,
                    "level_label": str(entry.get_level_display()),
                    "collective": c[Recipient.COLLECTIVE.value],
                    "individual": c[Recipient.INDIVIDUAL.value],
                    "total": c[Recipient.COLLECTIVE.value] + c[Recipient.INDIVIDUAL.value],
                }
            )
    return rows


# Blocks ----------------------------------------------------------------------------------


def block_chain(khoi: Block, *, limit: int = 30) -> list[Block]:
    """The block and its predecessors (``previous``), oldest first — one query per year back."""
    chain, current = [], khoi
    while current is not None and len(chain) < limit:
        chain.append(current)
        current = (
            Block.objects.select_related("leader", "deputy").filter(pk=current.previous_id).first()
            if current.previous_id
            else None
        )
    return chain[::-1]


def block_history(khoi: Block) -> list[dict]:
    """Per year of the block's chain: leader, deputy, and every member's rank and vote share."""
    chain = block_chain(khoi)
    standings = defaultdict(list)
    for s in (
        BlockStanding.objects.filter(block__in=chain)
        .select_related("unit")
        .order_by("block__year", "rank", "unit__code")
    ):
        standings[s.block_id].append(
            {"unit": s.unit.name, "unit_id": s.unit_id, "rank": s.rank, "vote_share": s.vote_share}
        )
    leaders = {b.pk: b for b in Block.objects.filter(pk__in=[b.pk for b in chain]).select_related("leader", "deputy")}
    return [
        {
            "year": b.year,
            "block_id": b.pk,
            "name": b.name,
            "leader": leaders[b.pk].leader.name if leaders[b.pk].leader else "",
            "deputy": leaders[b.pk].deputy.name if leaders[b.pk].deputy else "",
            "standings": standings[b.pk],
        }
        for b in chain
    ]


def registration_achievement(blocks) -> dict:
    """Registration against achievement for the blocks: registered units, units with targets,
    units that achieved every target ("100 % đơn vị đạt chỉ tiêu đăng ký"), targets and achieved ones."""
    rows = (
        Registration.objects.filter(block__in=blocks)
        .order_by()
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_achieved=Count("targets", filter=Q(targets__achieved=True), distinct=True),
        )
        .values("unit_id", "n_targets", "n_achieved")
    )
    registered = with_targets = complete = targets = achieved = 0
    for r in rows:  # one row per registration, not per award
        registered += 1
        targets += r["n_targets"]
        achieved += r["n_achieved"]
        if r["n_targets"]:
            with_targets += 1
            complete += r["n_targets"] == r["n_achieved"]
    return {
        "registered": registered,
        "with_targets": with_targets,
        "complete": complete,
        "targets": targets,
        "achieved": achieved,
        "complete_percent": round(100 * complete / with_targets, 1) if with_targets else None,
    }
