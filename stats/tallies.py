"""Tallies of award instances (lượt khen thưởng): one non-annulled TitleAward or FormAward row.

Every tally is one GROUP BY over the award summary (``stats.models.AwardCount``), which database
triggers keep equal to the award rows (``stats.summary``): an annulment or a newly issued decision
shows at once, and a national tally reads about a hundred rows instead of millions. Annulled rows
leave every tally and are counted on their own (``annulled=True``).

Scope: ``Scope.paths`` are unit subtrees (materialised ``Unit.path`` prefixes); ``None`` is the
whole country (the summary's national rollup). A collective instance is in scope when its unit
is; an individual one when the person's current unit is. A block's or a movement's scope is the
subtrees of its member units (so a member's officers count wherever they sit under it).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from commendation.models import Decision
from cycle.models import Block, Registration
from eligibility.models import BlockStanding
from honours.models import AwardForm, Level, Recipient, Title
from organisation.models import Unit
from stats import summary
from stats.models import AwardCount

TITLE, FORM = "title", "form"


def _connection():
    """The connection the tallies read: the replica on the statistics pages (thidua/routers.py), else the primary."""
    return connections[router.db_for_read(AwardCount)]


KIND_LABELS = {TITLE: _("Danh hiệu thi đua"), FORM: _("Hình thức khen thưởng")}
UNKNOWN_AUTHORITY = _("Chưa gắn quyết định (nhập từ hồ sơ)")
_CODE = {TITLE: "t", FORM: "f"}  # kind → the summary's kind code
_KIND = {code: kind for kind, code in _CODE.items()}
_CATALOGUE = {TITLE: Title, FORM: AwardForm}

# The dimensions a tally groups by.
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
    recipient: str = ""  # Recipient value or ""
    kind: str = ""  # TITLE, FORM or ""
    level: str = ""  # Level value or ""
    label: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(scope: Scope, annulled: bool | None) -> tuple[str, list]:
    """The WHERE clause selecting the scope's summary rows, and its parameters."""
    qn = _connection().ops.quote_name
    where, params = ["s.year >= %s", "s.year <= %s"], [scope.year_from, scope.year_to]
    if annulled is not None:
        where.append("s.annulled = %s")
        params.append(annulled)
    if scope.paths is None:
        where.append(f"s.unit_key = {summary.ALL_UNITS}")  # the national rollup
    else:
        likes = " OR ".join(["u.path LIKE %s ESCAPE '\\'"] * len(scope.paths)) or "FALSE"
        where.append(f"s.unit_key IN (SELECT u.id FROM {qn(Unit._meta.db_table)} u WHERE {likes})")
        params += [f"{_escape_like(path)}%" for path in scope.paths]
    if scope.recipient:
        where.append("s.individual = %s")
        params.append(Recipient(scope.recipient) == Recipient.INDIVIDUAL)
    if scope.kind:
        where.append("s.kind = %s")
        params.append(_CODE[scope.kind])
    if scope.level:
        where.append(
            f"((s.kind = '{_CODE[TITLE]}' AND s.honour IN (SELECT t.id FROM {qn(Title._meta.db_table)} t "
            f"WHERE t.level = %s)) OR (s.kind = '{_CODE[FORM]}' AND s.honour IN "
            f"(SELECT f.id FROM {qn(AwardForm._meta.db_table)} f WHERE f.level = %s)))"
        )
        params += [scope.level, scope.level]
    return " AND ".join(where), params


def counts(scope: Scope, columns: tuple[str, ...], *, annulled: bool | None = False) -> list[tuple]:
    """The scope's instances summed per ``columns`` of the summary (``annulled=None``: counted and
    annulled ones together): rows of (*values, count), zero sums left out. One query.

    Written as SQL rather than through the ORM: the dashboard asks a handful of these per page on
    a fixed table of eight columns, and building a queryset costs several times the query itself
    (bench: ``stats.*.orm`` against ``stats.*.sql``)."""
    if any(c not in summary.KEY for c in columns):
        raise ValueError(columns)
    where, params = _where(scope, annulled)
    cols = ", ".join(f"s.{c}" for c in columns)
    sql = f"SELECT {cols + ', ' if cols else ''}SUM(s.n) FROM {summary.TABLE} s WHERE {where}"
    if cols:
        sql += f" GROUP BY {cols}"
    with _connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [row for row in cursor.fetchall() if row[-1]]


def _recipient(individual: bool) -> str:
    return Recipient.INDIVIDUAL.value if individual else Recipient.COLLECTIVE.value


def _qn(model) -> str:
    return _connection().ops.quote_name(model._meta.db_table)


def _honours(scope: Scope, annulled: bool) -> list[tuple]:
    """(kind, pk, count, name, level) per title and award form of the scope: the summary's GROUP BY
    with the catalogue joined to its few result rows, in one query."""
    where, params = _where(scope, annulled)
    sql = (
        f"SELECT g.kind, g.honour, g.c, COALESCE(t.name, f.name), COALESCE(t.level, f.level) FROM "
        f"(SELECT s.kind AS kind, s.honour AS honour, SUM(s.n) AS c FROM {summary.TABLE} s WHERE {where} "
        f"GROUP BY s.kind, s.honour) g "
        f"LEFT JOIN {_qn(Title)} t ON g.kind = '{_CODE[TITLE]}' AND t.id = g.honour "
        f"LEFT JOIN {_qn(AwardForm)} f ON g.kind = '{_CODE[FORM]}' AND f.id = g.honour"
    )
    with _connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [(_KIND[k], pk, n, name, level) for k, pk, n, name, level in cursor.fetchall() if n]


def _authorities(scope: Scope, annulled: bool) -> list[tuple]:
    """(conferring authority as printed, count): the issuer's name, else the issuing unit's; ""
    for instances recorded without a decision. One query."""
    where, params = _where(scope, annulled)
    sql = (
        f"SELECT COALESCE(NULLIF(d.issuer_name, ''), u.name, ''), SUM(g.c) FROM "
        f"(SELECT s.decision AS decision, SUM(s.n) AS c FROM {summary.TABLE} s WHERE {where} GROUP BY s.decision) g "
        f"LEFT JOIN {_qn(Decision)} d ON d.id = g.decision LEFT JOIN {_qn(Unit)} u ON u.id = d.issuing_unit_id "
        f"GROUP BY COALESCE(NULLIF(d.issuer_name, ''), u.name, '')"
    )
    with _connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [(name, n) for name, n in cursor.fetchall() if n]


def _grouped(scope: Scope, by: str, annulled: bool) -> tuple[dict, dict | None]:
    """Counts per key, and the keys' labels when the query brought them (else ``_labels``)."""
    if by == "year":
        return dict(counts(scope, ("year",), annulled=annulled)), None
    if by == "recipient":
        return {_recipient(ind): n for ind, n in counts(scope, ("individual",), annulled=annulled)}, None
    if by == "kind":
        return {_KIND[k]: n for k, n in counts(scope, ("kind",), annulled=annulled)}, None
    if by == "honour":
        rows = _honours(scope, annulled)
        return {(k, pk): n for k, pk, n, _name, _level in rows}, {(k, pk): name for k, pk, _n, name, _lv in rows}
    if by == "level":
        out = defaultdict(int)
        for _k, _pk, n, _name, level in _honours(scope, annulled):
            out[level] += n
        return out, None
    if by == "authority":
        return dict(_authorities(scope, annulled)), None
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
    grouped, labels = _grouped(scope, by, annulled)
    grouped = {k: n for k, n in grouped.items() if n}
    labels = labels if labels is not None else _labels(by, grouped)
    return _order(by, [Row(k, labels.get(k, str(k)), n) for k, n in grouped.items()])


def total(scope: Scope, *, annulled: bool = False) -> int:
    rows = counts(scope, (), annulled=annulled)
    return rows[0][0] if rows else 0


def trend(scope: Scope) -> list[dict]:
    """Per year of the scope: collective, individual and total instances, and the annulled ones
    (zero years included, so a trend line has no gaps)."""
    grid = {
        y: {"year": y, Recipient.COLLECTIVE.value: 0, Recipient.INDIVIDUAL.value: 0, "annulled": 0}
        for y in range(scope.year_from, scope.year_to + 1)
    }
    for year, individual, annulled, n in counts(scope, ("year", "individual", "annulled"), annulled=None):
        grid[year]["annulled" if annulled else _recipient(individual)] += n
    out = list(grid.values())
    for row in out:
        row["total"] = row[Recipient.COLLECTIVE.value] + row[Recipient.INDIVIDUAL.value]
    return out


def by_honour_and_recipient(scope: Scope) -> dict:
    """(kind, honour pk) → {recipient: instances}, one GROUP BY."""
    out = defaultdict(lambda: defaultdict(int))
    for kind, honour, individual, n in counts(scope, ("kind", "honour", "individual")):
        out[(_KIND[kind], honour)][_recipient(individual)] += n
    return out


def honours_by_recipient(scope: Scope) -> list[dict]:
    """The statutory summary: each title and award form with its collective and individual
    instances (catalogue order; entries with no instance left out)."""
    grouped = by_honour_and_recipient(scope)
    rows = []
    for kind, model in _CATALOGUE.items():
        for entry in model.objects.filter(pk__in=[pk for k, pk in grouped if k == kind]):
            c = grouped[(kind, entry.pk)]
            coll, ind = c[Recipient.COLLECTIVE.value], c[Recipient.INDIVIDUAL.value]
            rows.append(
                {
                    "kind": kind,
                    "code": entry.code,
                    "name": entry.name,
                    "level": entry.level,
                    "level_label": str(entry.get_level_display()),
                    "collective": coll,
                    "individual": ind,
                    "total": coll + ind,
                }
            )
    return rows


# Blocks ----------------------------------------------------------------------------------


def block_chain(khoi: Block, *, limit: int = 30) -> list[Block]:
    """The block and its predecessors (``previous``), oldest first, at most ``limit`` years: one
    recursive query for the ids, one for the blocks with their leader and deputy."""
    table = _connection().ops.quote_name(Block._meta.db_table)
    with _connection().cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE chain (id, previous_id, depth) AS ("
            f"SELECT b.id, b.previous_id, 1 FROM {table} b WHERE b.id = %s "
            f"UNION ALL SELECT b.id, b.previous_id, c.depth + 1 FROM {table} b "
            f"JOIN chain c ON b.id = c.previous_id WHERE c.depth < %s) SELECT id FROM chain",
            [khoi.pk, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return list(Block.objects.filter(pk__in=ids).select_related("leader", "deputy").order_by("year"))


def block_history(khoi: Block) -> list[dict]:
    """Per year of the block's chain: leader, deputy, and every member's rank and vote share
    (three queries, however many years)."""
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
    return [
        {
            "year": b.year,
            "block_id": b.pk,
            "name": b.name,
            "leader": b.leader.name if b.leader else "",
            "deputy": b.deputy.name if b.deputy else "",
            "standings": standings[b.pk],
        }
        for b in chain
    ]


def registration_achievement(blocks) -> dict:
    """Registration against achievement for the blocks, from the targets' recorded results: registered
    units, units with targets; units that met every target (đạt or vượt: "100 % đơn vị đạt chỉ tiêu đăng
    ký"), that exceeded every one ("… hoàn thành vượt mức chỉ tiêu"), that recorded every result; targets,
    achieved ones (đạt or vượt), exceeded ones, recorded ones; the shares of units with targets. One query."""
    met = Q(targets__result__in=["met", "exceeded"])
    rows = (
        Registration.objects.filter(block__in=blocks)
        .order_by()
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_achieved=Count("targets", filter=met, distinct=True),
            n_exceeded=Count("targets", filter=Q(targets__result="exceeded"), distinct=True),
            n_recorded=Count("targets", filter=~Q(targets__result=""), distinct=True),
        )
        .values("unit_id", "n_targets", "n_achieved", "n_exceeded", "n_recorded")
    )
    registered = with_targets = complete = exceeding = recorded_units = 0
    targets = achieved = exceeded = recorded = 0
    for r in rows:  # one row per registration, not per award
        registered += 1
        targets += r["n_targets"]
        achieved += r["n_achieved"]
        exceeded += r["n_exceeded"]
        recorded += r["n_recorded"]
        if r["n_targets"]:
            with_targets += 1
            complete += r["n_targets"] == r["n_achieved"]
            exceeding += r["n_targets"] == r["n_exceeded"]
            recorded_units += r["n_targets"] == r["n_recorded"]

    def share(n: int) -> float | None:
        return round(100 * n / with_targets, 1) if with_targets else None

    return {
        "registered": registered,
        "with_targets": with_targets,
        "complete": complete,
        "exceeding": exceeding,
        "recorded_units": recorded_units,
        "targets": targets,
        "achieved": achieved,
        "exceeded": exceeded,
        "recorded": recorded,
        "complete_percent": share(complete),
        "exceeding_percent": share(exceeding),
    }
