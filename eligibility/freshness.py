"""Which stored verdicts are no longer current: database triggers leave a ``StaleMark`` for every person and unit
whose facts a statement changed, in the writer's own transaction.

Why triggers: the facts are written by decisions, annulments, the facts pages, the history import, the units and
people import, ``QuerySet.update``, the admin and bulk loaders; only the database sees all of them (as for the
award summary, ``stats.summary``). A mark names a person (``p``), a unit (``u``), or everything (``a``: a rule set
copy or the catalogue changed, or a bulk load ran with the triggers off).

The recompute job (``eligibility.stored.recompute``) first *claims* the marks there are (``claim``: sets its own
id on them), then reads the facts and stores the verdicts, then deletes the marks it claimed (``release``). A fact
written while it runs leaves a new, unclaimed mark: it stays, and the pages keep showing that person as being
updated until the next recompute. Marks are never deduplicated on PostgreSQL — a writer still in flight could
otherwise rely on a mark a recompute is about to delete; SQLite has one writer at a time, so its row-level
triggers skip a subject already marked and not claimed (else a bulk insert would write a mark per row).
"""

from django.db import connection as default_connection
from django.db import transaction

from eligibility.models import StaleMark
from organisation import triggers as db_triggers
from organisation.triggers import Trigger

MARKS = "eligibility_stalemark"
PERSON, UNIT, EVERYTHING = "p", "u", "a"

# table → the (kind, column) its rows mark; ("a", None): any change marks everything.
WATCHED: dict[str, tuple[tuple[str, str | None], ...]] = {
    "organisation_person": ((PERSON, "id"),),
    "organisation_unit": ((UNIT, "id"),),
    "organisation_assignment": ((PERSON, "person_id"), (UNIT, "unit_id")),
    "organisation_personrating": ((PERSON, "person_id"),),
    "organisation_unitrating": ((UNIT, "unit_id"),),
    "honours_titleaward": ((PERSON, "person_id"), (UNIT, "unit_id")),
    "honours_formaward": ((PERSON, "person_id"), (UNIT, "unit_id")),
    "eligibility_initiative": ((PERSON, "person_id"),),
    "eligibility_discipline": ((PERSON, "person_id"),),
    "eligibility_pendingcase": ((PERSON, "person_id"),),
    "eligibility_servicefactor": ((PERSON, "person_id"),),
    "eligibility_achievement": ((PERSON, "person_id"), (UNIT, "unit_id")),
    "eligibility_blockstanding": ((UNIT, "unit_id"),),
    "cycle_blockmember": ((UNIT, "unit_id"),),
    "eligibility_rulesetcopy": ((EVERYTHING, None),),
    "honours_title": ((EVERYTHING, None),),
    "honours_awardform": ((EVERYTHING, None),),
}


def _parts(vendor: str, source: str, marks) -> list[str]:
    out = []
    for kind, column in marks:
        if column is None:
            out.append(f"SELECT '{kind}' AS k, 0 AS s FROM {source} r")
        else:
            out.append(f"SELECT '{kind}' AS k, r.{column} AS s FROM {source} r WHERE r.{column} IS NOT NULL")
    return out


def _statement(vendor: str, sources: list[str], marks) -> str:
    parts = [p for source in sources for p in _parts(vendor, source, marks)]
    union = " UNION ".join(parts)  # UNION: each subject once per statement
    if vendor == "postgresql":
        return f"INSERT INTO {MARKS} (kind, subject, claimed_by) SELECT x.k, x.s, 0 FROM ({union}) x"
    return (
        f"INSERT INTO {MARKS} (kind, subject, claimed_by) SELECT x.k, x.s, 0 FROM ({union}) x "
        f"WHERE NOT EXISTS (SELECT 1 FROM {MARKS} m WHERE m.claimed_by = 0 "
        f"AND ((m.kind = x.k AND m.subject = x.s) OR m.kind = '{EVERYTHING}'))"
    )


def triggers(vendor: str) -> list[Trigger]:
    out = []
    for table, marks in WATCHED.items():
        columns = tuple(sorted({c for _, c in marks if c} | {"id"}))
        old, new = db_triggers.rows(vendor, "OLD", columns), db_triggers.rows(vendor, "NEW", columns)
        short = table.split("_", 1)[1]
        out += [
            Trigger(f"stale_{short}_ins", table, "INSERT", _statement(vendor, [new], marks)),
            Trigger(f"stale_{short}_upd", table, "UPDATE", _statement(vendor, [old, new], marks)),
            Trigger(f"stale_{short}_del", table, "DELETE", _statement(vendor, [old], marks)),
        ]
    return out


def install(connection=default_connection) -> None:
    db_triggers.install(connection, triggers(connection.vendor))


def uninstall(connection=default_connection) -> None:
    db_triggers.uninstall(connection, triggers(connection.vendor))


def installed(connection=default_connection) -> set[str]:
    return db_triggers.installed(connection, triggers(connection.vendor))


def ensure(connection=default_connection) -> str:
    """After ``migrate`` (and test flushes): install the triggers that are missing; when some were, every stored
    verdict is marked stale (facts may have changed unseen)."""
    if MARKS not in connection.introspection.table_names():
        return "no table"
    missing = {t.name for t in triggers(connection.vendor)} - installed(connection)
    if not missing:
        return "ok"
    install(connection)
    mark_everything(connection)
    return "installed"


def mark_everything(connection=default_connection) -> None:
    """Every stored verdict is stale (a bulk load ran with the triggers off, a reset)."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MARKS} (kind, subject, claimed_by) VALUES (%s, 0, 0)", [EVERYTHING])


# Reading and claiming ------------------------------------------------------------------------------------------


def marked() -> tuple[bool, set[int], set[int]]:
    """(everything stale?, the people marked, the units marked): claimed or not, both are not current yet."""

    everything, people, units = False, set(), set()
    for kind, subject in StaleMark.objects.values_list("kind", "subject").distinct():
        if kind == EVERYTHING:
            everything = True
        elif kind == PERSON:
            people.add(subject)
        elif kind == UNIT:
            units.add(subject)
    return everything, people, units


def pending() -> bool:
    """Whether any mark waits for a recompute that has not claimed it yet."""

    return StaleMark.objects.filter(claimed_by=0).exists()


def claim(token: int) -> int:
    """Take every unclaimed mark for the recompute ``token``; how many."""

    with transaction.atomic():
        return StaleMark.objects.filter(claimed_by=0).update(claimed_by=token)


def release(token: int) -> int:
    """Delete the marks the recompute ``token`` claimed (its verdicts are stored); how many."""

    return StaleMark.objects.filter(claimed_by=token).delete()[0]


def unclaim(token: int) -> None:
    """A recompute that failed gives its marks back."""

    StaleMark.objects.filter(claimed_by=token).update(claimed_by=0)
