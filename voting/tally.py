"""The ballot tally, the pass rules, the paper-count checks and the ballot hash chain.

A pure core: plain Python in, plain Python out, no Django import (a test checks it). The services
load the questions and the ballots with a few queries and hand them over; the benchmark and the
property tests call these functions directly.

Vocabulary
----------
- A *question* (``QuestionSpec``) is either ``APPROVE`` (each candidate approved or rejected: titles
  per unit, a council's proposals; ``seats`` is a quota of winners, 0 for none) or ``CHOOSE``
  (mark at most ``seats`` of the candidates: flags, the leader, the deputy).
- A *ballot* is ``(weight, answers)``: ``answers`` maps a question key to a list of candidate keys
  (CHOOSE) or to ``{candidate: "yes" | "no"}`` (APPROVE). A question left out is blank. An answer
  that breaks the question's form (unknown candidate, a candidate marked twice, more marks than
  seats, a value other than yes/no) makes the ballot invalid *for that question only*.
- The *rule* (``Rule``) of a question: the base the share is taken of (the weight of the roll,
  of the voters present, or of the valid ballots of the question) and the fraction to beat
  (``strict``: more than) or to reach (not strict: at least).

Winners
-------
Candidates that pass the rule are ranked by votes (then by their order on the ballot). With
more passing candidates than seats, the first ``seats`` win; when candidates with the same number
of votes straddle the last seat, nobody is drawn by lot: the question is ``TIE`` and names the
tied candidates and the seats left, for a run-off round between them (rules.md: "more candidates
past the threshold than the quota → take them from the most votes down"; a tie → a run-off).

A tie can also leave a seat empty: on a CHOOSE question, when seats are left after the candidates
that passed and the best of the others are level on more candidates than the seats left (4–4 for one
seat under "more than 1/2 of the valid ballots"), the question is ``TIE`` too, between those
candidates, rather than decided with nobody elected (rules.md: at most two rounds; a tie → a further
round). An APPROVE question judges each candidate on its own: equal approvals are no tie there.

Turnout
-------
``decide`` and ``decide_all`` take ``turnout``: the share of the roll's weight the ballots counted
must reach (at least) for the question to decide anything. Below it the question is ``SHORT``
("không quyết định: chưa đủ số phiếu"): nobody passes, wins or is tied, whatever the counts.
``None`` checks nothing (the property tests and the benchmark).

A question with ``excludes_winners_of`` (the deputy question names the leader question) is
decided after that question: votes for that question's winners are not counted (the ballot stays
valid, the vote is void). While that question is undecided (a tie), this one is ``PENDING``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

APPROVE = "approve"
CHOOSE = "choose"
KINDS = (APPROVE, CHOOSE)

ROLL = "roll"
PRESENT = "present"
VALID = "valid"
BASES = (ROLL, PRESENT, VALID)

YES = "yes"
NO = "no"

DECIDED = "decided"  # every seat filled, or every candidate that passed elected
TIE = "tie"  # equal votes straddle the last seat: a run-off between ``tied``
PENDING = "pending"  # waits for the question it excludes the winners of
SHORT = "short"  # the ballots counted did not reach the turnout share of the roll: nothing decided
STATUSES = (DECIDED, TIE, PENDING, SHORT)


@dataclass(frozen=True)
class Rule:
    """Passes when ``votes / base`` is more than (``strict``) or at least ``fraction``."""

    base: str = VALID
    fraction: Fraction = Fraction(1, 2)
    strict: bool = True

    def passes(self, votes: int, base_value: int) -> bool:
        if base_value <= 0 or votes <= 0:
            return False
        share = Fraction(votes, base_value)
        return share > self.fraction if self.strict else share >= self.fraction


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    candidates: tuple[str, ...]
    seats: int = 1
    rule: Rule = field(default_factory=Rule)
    excludes_winners_of: str | None = None
    # What each candidate stands for across questions (the same unit on the leader and the deputy
    # question has two candidate keys, one identity); defaults to the keys themselves.
    identities: tuple[str, ...] | None = None

    def identity(self, candidate: str) -> str:
        if self.identities is None:
            return candidate
        return self.identities[self.candidates.index(candidate)]


@dataclass(frozen=True)
class Aggregate:
    """What a count produces before the rule is applied: weights, not heads."""

    ballots: int  # weight of the ballots counted (valid + invalid)
    valid: int
    invalid: int
    blank: int  # valid ballots that mark nothing on this question
    votes: Mapping[str, int]  # CHOOSE: marks; APPROVE: approvals
    against: Mapping[str, int]  # APPROVE: rejections; CHOOSE: empty


@dataclass(frozen=True)
class CandidateResult:
    key: str
    votes: int
    against: int
    share: Fraction | None  # votes / base, None when the base is 0
    passes: bool
    winner: bool
    tied: bool
    excluded: bool  # elected on the question this one excludes the winners of


@dataclass(frozen=True)
class QuestionResult:
    key: str
    status: str
    ballots: int
    valid: int
    invalid: int
    blank: int
    base_value: int
    candidates: tuple[CandidateResult, ...]
    winners: tuple[str, ...]
    tied: tuple[str, ...]
    seats_left: int  # seats a run-off between ``tied`` must fill


# Counting ---------------------------------------------------------------------------------------


def answer_problem(question: QuestionSpec, answer) -> str | None:
    """Why ``answer`` is not a valid answer to ``question`` (a short code), or None when it is.
    ``None`` (no answer) is valid: a blank."""
    if answer is None:
        return None
    allowed = set(question.candidates)
    if question.kind == CHOOSE:
        if not isinstance(answer, (list, tuple)):
            return "form"
        if any(not isinstance(c, str) or c not in allowed for c in answer):
            return "unknown_candidate"
        if len(set(answer)) != len(answer):
            return "duplicate"
        if len(answer) > question.seats:
            return "too_many"
        return None
    if not isinstance(answer, Mapping):
        return "form"
    if any(c not in allowed for c in answer):
        return "unknown_candidate"
    if any(v not in (YES, NO) for v in answer.values()):
        return "value"
    if question.seats and sum(1 for v in answer.values() if v == YES) > question.seats:
        return "too_many"
    return None


def count(questions: Sequence[QuestionSpec], ballots: Iterable[tuple[int, Mapping]]) -> dict[str, Aggregate]:
    """Add up ``ballots`` (``(weight, answers)`` pairs) question by question. Sums only: the result
    does not depend on the ballots' order, and a ballot added never lowers a count."""
    votes = {q.key: dict.fromkeys(q.candidates, 0) for q in questions}
    against = {q.key: dict.fromkeys(q.candidates, 0) for q in questions if q.kind == APPROVE}
    total = 0
    invalid = dict.fromkeys((q.key for q in questions), 0)
    blank = dict.fromkeys((q.key for q in questions), 0)
    for weight, answers in ballots:
        total += weight
        for q in questions:
            answer = answers.get(q.key)
            if answer_problem(q, answer) is not None:
                invalid[q.key] += weight
                continue
            if not answer:
                blank[q.key] += weight
                continue
            tally = votes[q.key]
            if q.kind == CHOOSE:
                for candidate in answer:
                    tally[candidate] += weight
            else:
                rejections = against[q.key]
                for candidate, value in answer.items():
                    if value == YES:
                        tally[candidate] += weight
                    else:
                        rejections[candidate] += weight
    return {
        q.key: Aggregate(
            ballots=total,
            valid=total - invalid[q.key],
            invalid=invalid[q.key],
            blank=blank[q.key],
            votes=votes[q.key],
            against=against.get(q.key, {}),
        )
        for q in questions
    }


# Deciding ---------------------------------------------------------------------------------------


def decide(
    question: QuestionSpec,
    aggregate: Aggregate,
    *,
    roll: int,
    present: int,
    excluded: Iterable[str] = (),
    pending: bool = False,
    turnout: Fraction | None = None,
) -> QuestionResult:
    """Apply the question's rule to its counts: who passes, who wins, whether a tie needs a run-off.

    ``roll`` and ``present`` are the weights of the voter roll and of the voters present;
    ``excluded``: identities whose votes are void here (winners of the question this one excludes
    the winners of); ``pending``: that question is not decided yet, so neither is this one;
    ``turnout``: the share of ``roll`` the ballots counted must reach, else the question is ``SHORT``.
    """
    base_value = {ROLL: roll, PRESENT: present, VALID: aggregate.valid}[question.rule.base]
    excluded = set(excluded)
    order = {c: i for i, c in enumerate(question.candidates)}
    rows = []
    for c in question.candidates:
        void = question.identity(c) in excluded
        votes = 0 if void else aggregate.votes.get(c, 0)
        rows.append((c, votes, aggregate.against.get(c, 0), void))
    passing = sorted(
        (r for r in rows if not r[3] and question.rule.passes(r[1], base_value)), key=lambda r: (-r[1], order[r[0]])
    )
    seats = question.seats if question.seats else len(passing)
    winners: list[str] = []
    tied: list[str] = []
    if len(passing) <= seats:
        winners = [r[0] for r in passing]
    else:
        cutoff = passing[seats - 1][1]
        above = [r[0] for r in passing if r[1] > cutoff]
        level = [r[0] for r in passing if r[1] == cutoff]
        if len(above) + len(level) <= seats:
            winners = above + level
        else:
            winners, tied = above, level
    if not tied and question.kind == CHOOSE and len(winners) < seats:
        tied = _level_below(rows, set(winners), question.rule, base_value, seats - len(winners), order)
    status = TIE if tied else DECIDED
    short = turnout is not None and (roll <= 0 or Fraction(aggregate.ballots, roll) < turnout)
    if short:
        status, winners, tied = SHORT, [], []
    elif pending:
        status, winners, tied = PENDING, [], []
    winner_set, tied_set = set(winners), set(tied)
    candidates = tuple(
        CandidateResult(
            key=c,
            votes=votes,
            against=against,
            share=Fraction(votes, base_value) if base_value > 0 else None,
            passes=not short and not void and question.rule.passes(votes, base_value),
            winner=c in winner_set,
            tied=c in tied_set,
            excluded=void,
        )
        for c, votes, against, void in rows
    )
    return QuestionResult(
        key=question.key,
        status=status,
        ballots=aggregate.ballots,
        valid=aggregate.valid,
        invalid=aggregate.invalid,
        blank=aggregate.blank,
        base_value=base_value,
        candidates=candidates,
        winners=tuple(winners),
        tied=tuple(tied),
        seats_left=(seats - len(winners)) if tied else 0,
    )


def _level_below(rows, winners: set, rule: Rule, base_value: int, seats_left: int, order) -> list[str]:
    """The candidates that did not pass and are level at the top of the rest, when they are more
    than the seats left (a tie that fills no seat); else none."""
    rest = [r for r in rows if not r[3] and r[0] not in winners and not rule.passes(r[1], base_value)]
    best = max((r[1] for r in rest), default=0)
    if best <= 0:
        return []
    level = sorted((r for r in rest if r[1] == best), key=lambda r: order[r[0]])
    return [r[0] for r in level] if len(level) > seats_left else []


def decide_all(
    questions: Sequence[QuestionSpec],
    aggregates: Mapping[str, Aggregate],
    *,
    roll: int,
    present: int,
    turnout: Fraction | None = None,
) -> dict[str, QuestionResult]:
    """Decide every question in order; a question excluding another's winners comes after it."""
    results: dict[str, QuestionResult] = {}
    for q in questions:
        excluded: tuple[str, ...] = ()
        pending = False
        if q.excludes_winners_of is not None:
            earlier = results.get(q.excludes_winners_of)
            if earlier is None:
                raise ValueError(f"{q.key} excludes the winners of {q.excludes_winners_of}, which is not before it")
            before = next(p for p in questions if p.key == q.excludes_winners_of)
            excluded = tuple(before.identity(w) for w in earlier.winners)
            pending = earlier.status != DECIDED
        results[q.key] = decide(
            q, aggregates[q.key], roll=roll, present=present, excluded=excluded, pending=pending, turnout=turnout
        )
    return results


def tally(
    questions: Sequence[QuestionSpec],
    ballots: Iterable[tuple[int, Mapping]],
    *,
    roll: int,
    present: int,
    turnout: Fraction | None = None,
) -> dict[str, QuestionResult]:
    """Count ``ballots`` and decide every question: the whole electronic count in one call."""
    return decide_all(questions, count(questions, ballots), roll=roll, present=present, turnout=turnout)


# Paper ballots ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperCount:
    """What the counting committee (ban kiểm phiếu) writes down for one question."""

    issued: int
    returned: int
    valid: int
    invalid: int
    votes: Mapping[str, int]  # CHOOSE: marks per candidate; APPROVE: approvals
    against: Mapping[str, int] = field(default_factory=dict)  # APPROVE: rejections


def paper_problems(question: QuestionSpec, paper: PaperCount, *, present: int | None = None) -> list[tuple[str, dict]]:
    """Why the committee's figures cannot be right, as ``(code, values)`` pairs; empty when they
    add up: no negative figure, ballots issued ≤ voters present (when given), returned ≤ issued,
    valid + invalid = returned; CHOOSE: each candidate ≤ valid and all marks ≤ valid × seats;
    APPROVE: approvals + rejections ≤ valid for each candidate. The service words each code."""
    problems: list[tuple[str, dict]] = []
    figures = {"issued": paper.issued, "returned": paper.returned, "valid": paper.valid, "invalid": paper.invalid}
    for name, value in figures.items():
        if value < 0:
            problems.append(("negative", {"field": name, "value": value}))
    for c in question.candidates:
        for value in (paper.votes.get(c, 0), paper.against.get(c, 0)):
            if value < 0:
                problems.append(("negative_votes", {"candidate": c, "value": value}))
    unknown = sorted((set(paper.votes) | set(paper.against)) - set(question.candidates))
    if unknown:
        problems.append(("unknown_candidate", {"candidates": unknown}))
    if present is not None and paper.issued > present:
        problems.append(("issued_gt_present", {"issued": paper.issued, "present": present}))
    if paper.returned > paper.issued:
        problems.append(("returned_gt_issued", {"returned": paper.returned, "issued": paper.issued}))
    if paper.valid + paper.invalid != paper.returned:
        problems.append(
            ("valid_invalid_ne_returned", {"valid": paper.valid, "invalid": paper.invalid, "returned": paper.returned})
        )
    if question.kind == CHOOSE:
        for c in question.candidates:
            if paper.votes.get(c, 0) > paper.valid:
                problems.append(
                    ("votes_gt_valid", {"candidate": c, "votes": paper.votes.get(c, 0), "valid": paper.valid})
                )
        marks = sum(paper.votes.get(c, 0) for c in question.candidates)
        if marks > paper.valid * question.seats:
            problems.append(("marks_gt_seats", {"marks": marks, "valid": paper.valid, "seats": question.seats}))
    else:
        for c in question.candidates:
            yes, no = paper.votes.get(c, 0), paper.against.get(c, 0)
            if yes + no > paper.valid:
                problems.append(("approvals_gt_valid", {"candidate": c, "yes": yes, "no": no, "valid": paper.valid}))
    return problems


def paper_aggregate(question: QuestionSpec, paper: PaperCount) -> Aggregate:
    """A consistent paper count as the aggregate ``decide`` reads (blank ballots are not counted on
    paper: a blank is a valid ballot with no mark, so ``blank`` is 0 unless no mark at all)."""
    marked = sum(paper.votes.get(c, 0) + paper.against.get(c, 0) for c in question.candidates)
    return Aggregate(
        ballots=paper.returned,
        valid=paper.valid,
        invalid=paper.invalid,
        blank=paper.valid if marked == 0 else 0,
        votes={c: paper.votes.get(c, 0) for c in question.candidates},
        against={c: paper.against.get(c, 0) for c in question.candidates} if question.kind == APPROVE else {},
    )


# The hash chain ---------------------------------------------------------------------------------

HASH_BITS = 256


def canonical(answers: Mapping) -> str:
    """The one text of a ballot's answers that every digest is taken over."""
    return json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def ballot_digest(salt: str, receipt: str, answers: Mapping) -> str:
    """SHA-256 of the election's salt, the receipt code and the canonical answers (hex)."""
    return hashlib.sha256(f"{salt}|{receipt}|{canonical(answers)}".encode()).hexdigest()


def accumulate(accumulator: str, digest: str) -> str:
    """The running commitment kept while voting runs: the sum of the digests modulo 2^256.

    A sum, not a chain, on purpose: it does not depend on the order of the ballots, so keeping it
    up to date reveals nothing about who voted when; removing or altering a ballot changes it."""
    total = (int(accumulator or "0", 16) + int(digest, 16)) % (1 << HASH_BITS)
    return f"{total:064x}"


def commitment(digests: Iterable[str]) -> str:
    value = "0" * 64
    for digest in digests:
        value = accumulate(value, digest)
    return value


def chain(genesis: str, links: Sequence[tuple[str, str]]) -> list[str]:
    """The chain computed at closing over ``(receipt, digest)`` pairs **sorted by receipt code**
    (random), never in the order the ballots were cast: ``h_0 = genesis``,
    ``h_i = SHA-256(h_{i-1} | receipt_i | digest_i)``. Returns ``[h_1 … h_n]``; ``h_n`` is the head."""
    out = []
    previous = genesis
    for receipt, digest in sorted(links):
        previous = hashlib.sha256(f"{previous}|{receipt}|{digest}".encode()).hexdigest()
        out.append(previous)
    return out


def genesis(salt: str, election_id: int, ballots: int) -> str:
    return hashlib.sha256(f"thidua-election|{election_id}|{salt}|{ballots}".encode()).hexdigest()
