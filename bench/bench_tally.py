"""The ballot tally: ``voting.tally`` (the pure core) counting 10,000 ballots of 10 questions —
flags (at most 3 of 8), titles approved or rejected per unit, the leader and the deputy (excluding
the leader's winner) and six more choices — then deciding every question. Target: under 1 second.

Methods: ``tally`` is the project's path (``tally.tally``: count, then decide); ``naive`` is the
straightforward per-candidate recount (one pass over all ballots for every candidate of every
question), the way a first implementation often does it. Both must give the same counts. The
chain computed at closing (10,000 SHA-256 links, sorted by receipt) is timed on its own.
No database: the core takes plain data.
"""

import random
import secrets
from fractions import Fraction

from bench.harness import compare, emit, measure
from voting import tally

BALLOTS = 10_000
QUICK_BALLOTS = 1_000
UNITS = tuple(f"U{i}" for i in range(8))
FIGURES = [
    "tally.ballots",
    "tally.questions",
    "tally.target_ms",
    "tally.count.tally",
    "tally.count.naive",
    "tally.chain",
]
RATIOS = [("tally.count.tally", "tally.count.naive")]


def questions() -> list[tally.QuestionSpec]:
    qs = [
        tally.QuestionSpec("leader", tally.CHOOSE, UNITS, seats=1),
        tally.QuestionSpec("deputy", tally.CHOOSE, UNITS, seats=1, excludes_winners_of="leader"),
        tally.QuestionSpec("co_bo", tally.CHOOSE, UNITS, seats=3),
        tally.QuestionSpec("dvtt", tally.APPROVE, UNITS, seats=0),
    ]
    qs += [
        tally.QuestionSpec(f"q{i}", tally.CHOOSE, UNITS, seats=2, rule=tally.Rule(fraction=Fraction(1, 3)))
        for i in range(6)
    ]
    return qs


def ballots(n: int, rng: random.Random) -> list[tuple[int, dict]]:
    out = []
    for _ in range(n):
        leader = rng.choice(UNITS)
        answers = {
            "leader": [leader],
            "deputy": [rng.choice([u for u in UNITS if u != leader])],
            "co_bo": rng.sample(UNITS, rng.randint(0, 3)),
            "dvtt": {u: rng.choice((tally.YES, tally.YES, tally.NO)) for u in rng.sample(UNITS, rng.randint(0, 8))},
        }
        answers |= {f"q{i}": rng.sample(UNITS, rng.randint(0, 2)) for i in range(6)}
        out.append((1, answers))
    return out


def naive(qs, data):
    """Recount every candidate with its own pass over the ballots."""
    out = {}
    for q in qs:
        votes = {}
        for c in q.candidates:
            n = 0
            for weight, answers in data:
                answer = answers.get(q.key)
                if answer is None or tally.answer_problem(q, answer) is not None:
                    continue
                if q.kind == tally.CHOOSE and c in answer or q.kind == tally.APPROVE and answer.get(c) == tally.YES:
                    n += weight
            votes[c] = n
        out[q.key] = votes
    return out


def run(quick: bool = False) -> None:
    n = QUICK_BALLOTS if quick else BALLOTS
    qs = questions()
    data = ballots(n, random.Random(2025))
    emit("tally.ballots", n, "ballots")
    emit("tally.questions", len(qs), "questions")
    emit("tally.target_ms", 1000, "ms")

    def fast():
        results = tally.tally(qs, data, roll=n, present=n)
        return {
            k: {c.key: c.votes for c in r.candidates if not c.excluded} | {c.key: 0 for c in r.candidates if c.excluded}
            for k, r in results.items()
        }

    def slow():
        counted = naive(qs, data)
        # the deputy's votes for the leader's winner are void, as in the core
        winner = tally.tally(qs[:1], data, roll=n, present=n)["leader"].winners
        for w in winner:
            counted["deputy"][w] = 0
        return counted

    compare("tally.count", {"tally": fast, "naive": slow}, repeat=3 if quick else 5, subject=f"{n} ballots")
    links = [(f"{secrets.token_hex(4)}", secrets.token_hex(32)) for _ in range(n)]
    measure("tally.chain", lambda: tally.chain("genesis", links), repeat=3 if quick else 5)
