"""Eligibility: the engine against the two ways peers answer the same question.

Question: who, among the people serving on 31/12/2025, holds Chiến sĩ thi đua cơ sở in each of
2023, 2024 and 2025, counting only years that began after the end of any disciplinary period
(the condition ``consecutive_title`` of CSTĐ Bộ Công an, alone).

Methods: ``engine`` is the project's path — ``eligibility.facts`` loads the needed facts with a fixed
number of bulk queries, only for the holders of CSTĐCS in Y since the question requires it
(``prune``), and ``eligibility.engine`` evaluates them set-wise (``engine_eval``: the evaluation
alone, facts already loaded; ``engine_unpruned``: loading every serving person); ``sql`` is a hand-written window query (LAG over each
person's years), the limit; ``orm_loop`` is the per-person ORM loop of the peers, timed on a
sample of ~500 people and extrapolated to everyone. ``eligibility.agree`` checks that the engine
and the SQL give the same list and that all three agree on the sample.

Then the whole 2022 rule set for the whole organisation: loading, evaluation, and explaining every
verdict of one unit's people.
"""

import datetime
import random
import time

from django.db import connection
from django.db.models import Q

from bench import harness
from bench.harness import Timing, emit, measure, ratio
from demo.dataset import honours as awards_dataset
from demo.dataset import organisation as dataset
from eligibility import facts
from eligibility.engine import evaluate, parse_ruleset, ruleset_for
from eligibility.models import Discipline
from honours.models import Title, TitleAward
from organisation.models import Assignment, Person, PersonRating

YEAR = dataset.LAST_YEAR
ON = datetime.date(YEAR, 12, 31)
SAMPLE = 500
QUESTION = "eligibility.consecutive3"
METHODS = ["engine", "engine_eval", "engine_unpruned", "sql", "orm_loop.sample"]
FIGURES = (
    ["eligibility.people", "eligibility.person_years", f"{QUESTION}.size", f"{QUESTION}.orm_loop"]
    + [f"{QUESTION}.{m}{suffix}" for m in METHODS for suffix in ("", ".p95", ".queries")]
    + [
        "eligibility.full.load",
        "eligibility.full.evaluate",
        "eligibility.full.total",
        "eligibility.full.explain_unit",
        "eligibility.full.eligible.CSTT",
        "eligibility.full.eligible.CSTDCS",
        "eligibility.full.eligible.CSTD_BO",
        "eligibility.full.eligible.BK_BO",
        "eligibility.full.eligible.BK_TTG",
        "eligibility.full.eligible.DVTT",
        "eligibility.full.eligible.DVQT",
    ]
)
RATIOS = [
    (f"{QUESTION}.engine", f"{QUESTION}.sql"),
    (f"{QUESTION}.engine_eval", f"{QUESTION}.sql"),
    (f"{QUESTION}.engine_unpruned", f"{QUESTION}.sql"),
    (f"{QUESTION}.engine", f"{QUESTION}.orm_loop"),
]
LINES = ["BENCH eligibility.agree yes"]

# The question as a rule set of one condition (the engine's own vocabulary, nothing special-cased).
CONSECUTIVE = parse_ruleset(
    {
        "code": "bench_consecutive",
        "name": "3 năm liên tục CSTĐ cơ sở",
        "legal_basis": "Luật TĐKT 2022 điều 22",
        "effective_from": "2024-01-01",
        "rules": [
            {
                "code": "CSTD_BO",
                "kind": "title",
                "name": "3 năm liên tục CSTĐ cơ sở",
                "basis": "Luật TĐKT 2022 điều 22",
                "confidence": "H",
                "individual": [
                    {"label": "3 năm liên tục", "conditions": [{"consecutive_title": {"title": "CSTDCS", "years": 3}}]}
                ],
            }
        ],
    },
    source="bench_eligibility",
)


def engine_tables(prune: bool = True):
    """The facts of the question. Pruned (the default): only the holders of CSTĐCS in Y are read,
    since the set requires it (``RuleSet.required_title``); unpruned: every serving person."""
    people, _ = facts.load_tables(scope=None, year=YEAR, on=ON, needs=CONSECUTIVE.needs(), prune=prune)
    return people


def engine_list(people=None, prune: bool = True) -> set[int]:
    people = people if people is not None else engine_tables(prune)
    return set(evaluate(CONSECUTIVE, people=people, year=YEAR, on=ON).eligible("CSTD_BO"))


def sql_list(title_id: int, person_ids: list[int] | None = None) -> set[int]:
    """The window query: each person's CSTĐCS years of the last three, the year two rows back
    (LAG) must be Y-2; people serving on the cut-off date; no discipline period reaching Y-2."""
    qn = connection.ops.quote_name
    titles, assignments, disciplines = (m._meta.db_table for m in (TitleAward, Assignment, Discipline))
    only = ""
    params: list = [title_id, YEAR - 2, YEAR]
    if person_ids is not None:
        only = f" AND person_id IN ({', '.join(['%s'] * len(person_ids))})"
        params += person_ids
    sql = (
        f"SELECT t.person_id FROM (SELECT person_id, year, LAG(year, 2) OVER (PARTITION BY person_id ORDER BY year) "
        f"AS two_before FROM {qn(titles)} WHERE title_id = %s AND person_id IS NOT NULL AND NOT annulled "
        f"AND year BETWEEN %s AND %s{only}) t "
        f"WHERE t.year = %s AND t.two_before = %s "
        f"AND EXISTS (SELECT 1 FROM {qn(assignments)} a WHERE a.person_id = t.person_id AND a.start <= %s "
        f"AND (a.{qn('end')} IS NULL OR a.{qn('end')} >= %s)) "
        f"AND NOT EXISTS (SELECT 1 FROM {qn(disciplines)} d WHERE d.person_id = t.person_id AND d.decided_on <= %s "
        f"AND d.period_end >= %s)"
    )
    params += [YEAR, YEAR - 2, ON, ON, ON, datetime.date(YEAR - 2, 1, 1)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def orm_loop(person_ids: list[int]) -> set[int]:
    """The peers' way: one person at a time, one question at a time."""
    found = set()
    for person in Person.objects.filter(pk__in=person_ids):
        serving = person.assignments.filter(start__lte=ON).filter(Q(end__isnull=True) | Q(end__gte=ON)).exists()
        if not serving:
            continue
        if not all(
            TitleAward.objects.filter(person=person, title__code="CSTDCS", year=y, annulled=False).exists()
            for y in range(YEAR - 2, YEAR + 1)
        ):
            continue
        disciplined = Discipline.objects.filter(
            person=person, decided_on__lte=ON, period_end__gte=datetime.date(YEAR - 2, 1, 1)
        ).exists()
        if not disciplined:
            found.add(person.pk)
    return found


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run(quick: bool = False) -> None:
    if awards_dataset.is_empty():
        print("Generating titles, award forms, initiatives and discipline …", flush=True)
        awards_dataset.generate(progress=lambda line: print(line, flush=True))
    repeat = 3 if quick else 5
    person_ids = sorted(Person.objects.values_list("pk", flat=True))
    sample = sorted(random.Random(YEAR).sample(person_ids, min(SAMPLE, len(person_ids))))
    title_id = Title.objects.get(code="CSTDCS").pk
    emit("eligibility.people", len(person_ids), "people")
    emit("eligibility.person_years", PersonRating.objects.count(), "person-years")

    engine, found = measure(f"{QUESTION}.engine", engine_list, repeat=repeat)
    unpruned, found_unpruned = measure(f"{QUESTION}.engine_unpruned", lambda: engine_list(prune=False), repeat=repeat)
    people = engine_tables()
    engine_eval, _ = measure(f"{QUESTION}.engine_eval", lambda: engine_list(people), repeat=repeat)
    sql, by_sql = measure(f"{QUESTION}.sql", lambda: sql_list(title_id), repeat=repeat)
    loop_sample, by_loop = measure(f"{QUESTION}.orm_loop.sample", lambda: orm_loop(sample), repeat=1, warmup=0)
    loop = Timing(f"{QUESTION}.orm_loop", [s * len(person_ids) / len(sample) for s in loop_sample.samples])
    emit(f"{QUESTION}.orm_loop", loop.median * 1000, "ms")
    emit(f"{QUESTION}.size", len(found), "people")
    ratio(engine, sql)
    ratio(engine_eval, sql)
    ratio(unpruned, sql)
    ratio(engine, loop)
    on_sample = set(sample)
    agree = found == by_sql == found_unpruned and found & on_sample == by_loop == sql_list(title_id, sample)
    line = f"BENCH eligibility.agree {'yes' if agree else 'no'}"
    harness.say(line)
    if not agree:
        print(
            f"  engine {len(found)}, sql {len(by_sql)}, on the sample: engine {len(found & on_sample)}, "
            f"loop {len(by_loop)}",
            flush=True,
        )
    del people

    # The whole 2022 rule set for the whole organisation, once.
    ruleset = ruleset_for(ON)
    load_s, (people, units) = _timed(lambda: facts.load_tables(scope=None, year=YEAR, on=ON, needs=ruleset.needs()))
    eval_s, evaluation = _timed(lambda: evaluate(ruleset, people=people, units=units, year=YEAR, on=ON))
    emit("eligibility.full.load", load_s * 1000, "ms")
    emit("eligibility.full.evaluate", eval_s * 1000, "ms")
    emit("eligibility.full.total", (load_s + eval_s) * 1000, "ms")
    members = {}
    for pid, uid in zip(people.ids, people.unit_ids, strict=True):
        members.setdefault(uid, []).append(pid)
    unit_people = max(members.values(), key=len)
    explain_s, _ = _timed(lambda: [evaluation.verdicts(pid) for pid in unit_people])
    emit("eligibility.full.explain_unit", explain_s * 1000, "ms")
    print(f"  (explained every verdict of the {len(unit_people)} people of the largest unit)", flush=True)
    for code in ("CSTT", "CSTDCS", "CSTD_BO", "BK_BO", "BK_TTG"):
        emit(f"eligibility.full.eligible.{code}", len(evaluation.eligible(code)), "people")
    for code in ("DVTT", "DVQT"):
        emit(f"eligibility.full.eligible.{code}", len(evaluation.eligible(code, "collective")), "units")
