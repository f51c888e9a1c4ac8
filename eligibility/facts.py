"""Load the engine's facts from the database: a fixed number of bulk queries whatever the scope.

The big yearly facts (ratings, titles) come back grouped — one row per (year, rating) or
(title, year) carrying the ids of its people as one array (PostgreSQL; a comma-joined string
elsewhere) — so that 4 million person-years cost 40 rows, not 4 million Python tuples. Sparse
facts (award forms, initiatives, discipline, pending cases) come as ``values_list`` rows. No
model instance is built per row.

Who is judged: the people serving, on the cut-off date, in a unit of the scope (their
assignment covers the date), counted as members of that unit; and the units of the scope that
existed on that date.
"""

import datetime
from collections import defaultdict

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cycle.models import BlockMember
from eligibility.engine import AwardHeld, Discipline, Initiative, Needs, PendingCase, PeopleTable, UnitsTable, bits
from eligibility.engine import BlockStanding as Standing
from eligibility.grouped import GroupedIds, Positions, ids_of, in_thread, result
from eligibility.models import Achievement, BlockStanding, ServiceFactor
from eligibility.models import Discipline as DisciplineRow
from eligibility.models import Initiative as InitiativeRow
from eligibility.models import PendingCase as PendingRow
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation import tree
from organisation.models import Assignment, Person, PersonRating, Unit, UnitRating


def _indices(index: dict, value) -> list[int]:
    """The table indices of the grouped ids, skipping ids outside the table."""
    return [i for i in map(index.get, ids_of(value)) if i is not None]


def serving_on(day: datetime.date, scope: Unit | None = None) -> QuerySet:
    """Assignments covering ``day``, in ``scope``'s subtree when given."""
    qs = Assignment.objects.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
    if scope is not None:
        qs = qs.filter(unit__path__startswith=scope.path)
    return qs


# The catalogue code of what an initiative earned: a title or an award form (one of them at most).
USED_FOR_CODE = Coalesce("used_for_title__code", "used_for_form__code")


def load_tables(
    *,
    scope: Unit | None,
    year: int,
    on: datetime.date,
    needs: Needs,
    block_standings: dict | None = None,
    prune: bool = False,
    person_ids=None,
    unit_ids=None,
) -> tuple[PeopleTable | None, UnitsTable | None]:
    """The people and units tables of ``scope`` (None: everything) for an evaluation of ``year``
    on ``on``, holding what ``needs`` asks for. ``block_standings``: unit id → BlockStanding of the
    year (default: the stored ``BlockStanding`` rows).

    ``prune``: when only the eligible matter and every individual rule requires a title in the
    year (``needs.required_title``), read only the people holding it. The eligible lists are the
    same; the counts of the not eligible are not (they leave the table).

    ``person_ids``: read only these people (the individual verdicts of a few, e.g. what a decision's
    lines used); the members of units are then not all there, so collective verdicts must not be asked. The units
    table then holds only the units they serve in (what their individual verdicts read of their unit).

    ``unit_ids``: read only these units and the people serving in them, their members (the collective verdicts
    of a few units, e.g. the page of a stored listing shown)."""
    first_year = year - needs.years + 1
    # Catalogue ids first (one tiny query each): filtering the big tables by id lets PostgreSQL
    # read them from the (title, year, person) index alone instead of joining the catalogue.
    titles = (
        dict(Title.objects.filter(code__in=needs.person_titles | needs.unit_titles).values_list("id", "code"))
        if needs.person_titles or needs.unit_titles
        else {}
    )
    forms = (
        dict(AwardForm.objects.filter(code__in=needs.person_awards | needs.unit_awards).values_list("id", "code"))
        if needs.person_awards or needs.unit_awards
        else {}
    )
    people = units = None
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        person_ids = serving_on(on).filter(unit_id__in=unit_ids).values_list("person_id", flat=True)
    elif person_ids is not None:
        unit_ids = serving_on(on).filter(person_id__in=list(person_ids)).values_list("unit_id", flat=True)
    if needs.individual or needs.members:
        required = needs.required_title if prune and not needs.members else None
        prefetched = _prefetch(scope, person_ids, required, first_year, year, titles, needs)
        people = _load_people(scope, year, first_year, on, needs, titles, forms, required, person_ids, prefetched)
    if needs.collective:
        units = _load_units(scope, year, first_year, on, needs, block_standings, titles, forms, unit_ids)
    return people, units


def _rating_rows(scoped, first_year: int, year: int) -> list[dict]:
    """The people's ratings of the years, one row per (year, rating) with the ids grouped."""
    return list(
        scoped(PersonRating.objects.filter(year__range=(first_year, year)))
        .order_by()
        .values("year", "rating")
        .annotate(ids=GroupedIds("person_id"))
    )


def _title_rows(scoped, first_year: int, year: int, titles: dict, needs: Needs) -> list[dict]:
    """The people's titles of the years, one row per (title, year) with the ids grouped."""
    return list(
        scoped(
            TitleAward.objects.filter(
                person__isnull=False,
                annulled=False,
                year__range=(first_year, year),
                title_id__in=_catalogue_ids(titles, needs.person_titles),
            )
        )
        .order_by()
        .values("title_id", "year")
        .annotate(ids=GroupedIds("person_id"))
    )


def _unscoped(qs: QuerySet, field: str = "person_id") -> QuerySet:
    return qs


def parallel_reads() -> bool:
    """Whether big reads may run on connections of their own: PostgreSQL, outside a transaction (another
    connection would not see its writes), unless ``ELIGIBILITY_PARALLEL_LOAD`` is off."""
    return settings.ELIGIBILITY_PARALLEL_LOAD and connection.vendor == "postgresql" and not connection.in_atomic_block


def _prefetch(scope, person_ids, required, first_year: int, year: int, titles: dict, needs: Needs) -> dict:
    """For the whole organisation on PostgreSQL, outside a transaction (the recompute of stored verdicts): the two
    biggest queries (4 million person-years each) start at once on their own connections, so that the database
    works on them while this process reads and builds everything else. Elsewhere: nothing (read in turn)."""
    if not (parallel_reads() and scope is None and person_ids is None and required is None):
        return {}
    out = {}
    if needs.person_ratings:
        out["ratings"] = in_thread(_rating_rows, _unscoped, first_year, year)
    if needs.person_titles:
        out["titles"] = in_thread(_title_rows, _unscoped, first_year, year, titles, needs)
    return out


def _catalogue_ids(catalogue: dict, codes: set) -> list[int]:
    return sorted(pk for pk, code in catalogue.items() if code in codes)


def _load_people(
    scope, year, first_year, on, needs, titles, forms, required=None, person_ids=None, prefetched=None
) -> PeopleTable:
    prefetched = prefetched or {}
    serving = serving_on(on, scope)
    if person_ids is not None:
        serving = serving.filter(person_id__in=list(person_ids))
    if required is not None:
        holders = TitleAward.objects.filter(
            title_id__in=_catalogue_ids(titles, {required}), year=year, annulled=False, person__isnull=False
        ).values("person_id")
        serving = serving.filter(person_id__in=holders)
    if needs.members:  # where each person serves: one row per unit
        unit_of: dict[int, int] = {}
        for row in serving.order_by().values("unit_id").annotate(ids=GroupedIds("person_id")):
            for pid in ids_of(row["ids"]):
                unit_of.setdefault(pid, row["unit_id"])
        ids = sorted(unit_of)
        table = PeopleTable(ids, first_year=first_year, last_year=year)
        table.unit_ids = [unit_of[pid] for pid in ids]
    else:  # who serves: one row
        ids = sorted(set(ids_of(serving.order_by().aggregate(ids=GroupedIds("person_id"))["ids"])))
        table = PeopleTable(ids, first_year=first_year, last_year=year)
    index = table.index
    positions = None
    in_scope = serving.values("person_id") if scope is not None or person_ids is not None else None

    def scoped(qs: QuerySet, field: str = "person_id") -> QuerySet:
        return qs.filter(**{f"{field}__in": in_scope}) if in_scope is not None else qs

    if needs.service:
        # One row per (sex, first day of service); hardship factors are sparse (ServiceFactor).
        starts, female = table.service_start, []
        rows = (
            scoped(Person.objects.all(), "id").order_by().values("sex", "service_start").annotate(ids=GroupedIds("id"))
        )
        positions = positions or Positions(table.ids)
        for row in rows:
            found = positions.indices(row["ids"])
            day = row["service_start"]
            for i in found.tolist():
                starts[i] = day
            if row["sex"] == "F":
                female.append(found)
        table.female = positions.bits_at(np.concatenate(female)) if female else 0
        for pid, factor in scoped(ServiceFactor.objects.all()).values_list("person_id", "factor"):
            if pid in index:
                table.hardship[index[pid]] = float(factor)
    if needs.achievements:
        _load_achievements(
            table, scoped(Achievement.objects.filter(person__isnull=False)), "person_id", first_year, year
        )
    if needs.person_ratings:
        rows = prefetched.pop("ratings", None) or _rating_rows(scoped, first_year, year)
        positions = positions or Positions(table.ids)
        for row in result(rows):
            table.set_rating_bits(row["year"], row["rating"], positions.bits(row["ids"]))
    if needs.person_titles:
        rows = prefetched.pop("titles", None) or _title_rows(scoped, first_year, year, titles, needs)
        positions = positions or Positions(table.ids)
        for row in result(rows):
            table.add_title_bits(titles[row["title_id"]], row["year"], positions.bits(row["ids"]))
    if needs.person_awards:
        rows = scoped(
            FormAward.objects.filter(
                person__isnull=False,
                annulled=False,
                year__lte=year,
                award_form_id__in=_catalogue_ids(forms, needs.person_awards),
            )
        )
        for pid, form_id, y, decided, kind in rows.values_list(
            "person_id", "award_form_id", "year", "decided_on", "kind"
        ):
            i = index.get(pid)
            if i is not None:
                table.add_award(i, AwardHeld(forms[form_id], y, decided, kind))
    if needs.initiatives:
        since = datetime.date(first_year, 1, 1)
        rows = (
            scoped(InitiativeRow.objects.filter(recognised_on__range=(since, on)))
            .annotate(used_code=USED_FOR_CODE)
            .values_list("id", "person_id", "level", "recognised_on", "used_code", "used_year", "kind", "title")
        )
        for pk, pid, level, recognised, used_for, used_year, kind, title in rows:
            i = index.get(pid)
            if i is not None:
                table.add_initiative(i, Initiative(pk, level, recognised, used_for, used_year, kind, title))
    if needs.disciplines:
        rows = scoped(DisciplineRow.objects.filter(decided_on__lte=on))
        for pid, form, decided, end in rows.values_list("person_id", "form", "decided_on", "period_end"):
            i = index.get(pid)
            if i is not None:
                table.add_discipline(i, Discipline(form, decided, end))
    if needs.pending:
        rows = scoped(
            PendingRow.objects.filter(opened_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        )
        for pid, kind, opened, closed in rows.values_list("person_id", "kind", "opened_on", "closed_on"):
            i = index.get(pid)
            if i is not None:
                table.add_pending(i, PendingCase(kind, opened, closed))
    return table


def _load_units(scope, year, first_year, on, needs, block_standings, titles, forms, unit_ids=None) -> UnitsTable:
    units = tree.descendants(scope, on=on) if scope is not None else Unit.objects.active_on(on)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    ids = list(units.order_by("path").values_list("id", flat=True))
    table = UnitsTable(ids, first_year=first_year, last_year=year)
    index = table.index
    scoped_units = units.values("id")

    if needs.unit_ratings:
        grouped = defaultdict(list)
        rows = UnitRating.objects.filter(year__range=(first_year, year), unit_id__in=scoped_units)
        for uid, y, rating in rows.values_list("unit_id", "year", "rating"):
            grouped[(y, rating)].append(index[uid])
        for (y, rating), idx in grouped.items():
            table.set_ratings(y, rating, idx)
    if needs.unit_titles:
        grouped = defaultdict(list)
        rows = TitleAward.objects.filter(
            unit_id__in=scoped_units,
            annulled=False,
            year__range=(first_year, year),
            title_id__in=_catalogue_ids(titles, needs.unit_titles),
        )
        for uid, title_id, y in rows.values_list("unit_id", "title_id", "year"):
            grouped[(titles[title_id], y)].append(index[uid])
        for (code, y), idx in grouped.items():
            table.add_titles(code, y, idx)
    if needs.unit_awards:
        rows = FormAward.objects.filter(
            unit_id__in=scoped_units,
            annulled=False,
            year__lte=year,
            award_form_id__in=_catalogue_ids(forms, needs.unit_awards),
        )
        for uid, form_id, y, decided, kind in rows.values_list(
            "unit_id", "award_form_id", "year", "decided_on", "kind"
        ):
            table.add_award(index[uid], AwardHeld(forms[form_id], y, decided, kind))
    if needs.achievements:
        _load_achievements(table, Achievement.objects.filter(unit_id__in=scoped_units), "unit_id", first_year, year)
    if needs.members:
        table.decided = bits.from_indices(
            table.n, _indices(index, decided_units(scope, year, on, scoped_units if unit_ids is not None else None))
        )
    if needs.blocks and block_standings is None:
        block_standings = standings_of(year, scoped_units)
    for uid, standing in (block_standings or {}).items():
        if uid in index:
            table.blocks[index[uid]] = standing
    return table


def decided_units(scope, year: int, on: datetime.date, among=None) -> list[int]:
    """Ids of the units whose members' individual titles of ``year`` are decided: a decision (an
    issued one, a higher level's recorded by number, or a past one entered on the facts pages —
    each writes a ``TitleAward``) conferred an individual title of that year on at least one
    person serving there on ``on``. An annulled award still tells that the decision was taken.
    One query returning at most one row per unit; ``among``: only these units (a query of ids)."""
    decided = TitleAward.objects.filter(year=year, person__isnull=False).values("person_id")
    serving = serving_on(on, scope).filter(person_id__in=decided)
    if among is not None:
        serving = serving.filter(unit_id__in=among)
    return list(serving.order_by().values_list("unit_id", flat=True).distinct())


def person_names(ids) -> dict[int, str]:
    """Person id → name, for the engine's explanations (``Context.namer``)."""
    return dict(Person.objects.filter(pk__in=list(ids)).values_list("pk", "full_name"))


def _load_achievements(table, rows: QuerySet, field: str, first_year: int, year: int) -> None:
    grouped = defaultdict(list)
    for sid, y, kind in rows.filter(year__range=(first_year, year)).values_list(field, "year", "kind"):
        if sid in table.index:
            grouped[(kind, y)].append(table.index[sid])
    for (kind, y), idx in grouped.items():
        table.add_achievements(kind, y, idx)


def standings_of(year: int, unit_ids) -> dict:
    """Unit id → BlockStanding of its block in ``year`` (one query; a unit in two blocks keeps
    its best rank)."""
    size = (
        BlockMember.objects.filter(block_id=OuterRef("block_id"))
        .order_by()
        .values("block_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        BlockStanding.objects.filter(block__year=year, unit_id__in=unit_ids)
        .annotate(members=Subquery(size))
        .order_by("-rank")
        .values_list("unit_id", "rank", "members", "vote_share", "block__name")
    )
    return {
        uid: Standing(rank, members, float(share) / 100 if share is not None else None, name)
        for uid, rank, members, share, name in rows
    }


# The yearly record of a person (organisation.services.YEARLY_FACT_PROVIDERS) -------------------
# Each provider: f(person_ids, first_year, last_year) -> {(person_id, year): {key: value}}, one query.


def _merge(out: dict, key: tuple, name: str, value) -> None:
    out.setdefault(key, {}).setdefault(name, []).append(value)


def titles_by_year(person_ids, first_year: int, last_year: int) -> dict:
    out: dict = {}
    rows = (
        TitleAward.objects.filter(person_id__in=person_ids, year__range=(first_year, last_year))
        .order_by("year", "title__rank")
        .values_list("person_id", "year", "title__code", "title__name", "annulled", "decision_ref")
    )
    for pid, year, code, name, annulled, ref in rows:
        _merge(out, (pid, year), "titles", {"code": code, "name": name, "annulled": annulled, "decision_ref": ref})
    return out


def award_forms_by_year(person_ids, first_year: int, last_year: int) -> dict:
    out: dict = {}
    rows = (
        FormAward.objects.filter(person_id__in=person_ids, year__range=(first_year, last_year))
        .order_by("year", "award_form__rank")
        .values_list(
            "person_id",
            "year",
            "award_form__code",
            "award_form__name",
            "decided_on",
            "kind",
            "annulled",
            "decision_ref",
        )
    )
    for pid, year, code, name, decided, kind, annulled, ref in rows:
        _merge(
            out,
            (pid, year),
            "award_forms",
            {
                "code": code,
                "name": name,
                "decided_on": decided,
                "kind": kind,
                "annulled": annulled,
                "decision_ref": ref,
            },
        )
    return out


def initiatives_by_year(person_ids, first_year: int, last_year: int) -> dict:
    out: dict = {}
    rows = (
        InitiativeRow.objects.filter(person_id__in=person_ids, recognised_on__year__range=(first_year, last_year))
        .order_by("recognised_on", "id")
        .annotate(used_code=USED_FOR_CODE)
        .values_list("person_id", "recognised_on", "title", "kind", "level", "used_code", "used_year")
    )
    for pid, recognised, title, kind, level, used_for, used_year in rows:
        _merge(
            out,
            (pid, recognised.year),
            "initiatives",
            {
                "title": title,
                "kind": kind,
                "level": level,
                "recognised_on": recognised,
                "used_for": used_for,
                "used_year": used_year,
            },
        )
    return out


def discipline_by_year(person_ids, first_year: int, last_year: int) -> dict:
    out: dict = {}
    rows = (
        DisciplineRow.objects.filter(person_id__in=person_ids, decided_on__year__range=(first_year, last_year))
        .order_by("decided_on", "id")
        .values_list("person_id", "decided_on", "form", "period_end", "decision_ref")
    )
    for pid, decided, form, end, ref in rows:
        _merge(
            out,
            (pid, decided.year),
            "discipline",
            {"form": form, "decided_on": decided, "period_end": end, "decision_ref": ref},
        )
    return out


PROVIDERS = [titles_by_year, award_forms_by_year, initiatives_by_year, discipline_by_year]
