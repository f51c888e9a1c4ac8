"""Property tests of the pure core (hypothesis): order independence, monotonicity, paper checks."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from voting import tally
from voting.tally import APPROVE, CHOOSE, NO, YES, QuestionSpec, Rule

CANDIDATES = ("A", "B", "C", "D")
QUESTIONS = [
    QuestionSpec("flag", CHOOSE, CANDIDATES, seats=2, rule=Rule(fraction=Fraction(1, 3))),
    QuestionSpec("dvtt", APPROVE, CANDIDATES, seats=0, rule=Rule(fraction=Fraction(1, 2))),
    QuestionSpec("leader", CHOOSE, CANDIDATES, seats=1),
    QuestionSpec("deputy", CHOOSE, CANDIDATES, seats=1, excludes_winners_of="leader"),
]

choose_answer = st.one_of(
    st.none(),
    st.lists(st.sampled_from(CANDIDATES), max_size=3),  # may be invalid: duplicates, too many
    st.just(["Z"]),
)
approve_answer = st.one_of(
    st.none(), st.dictionaries(st.sampled_from(CANDIDATES), st.sampled_from([YES, NO, "x"]), max_size=4)
)
ballot = st.tuples(
    st.integers(min_value=1, max_value=3),
    st.fixed_dictionaries(
        {}, optional={"flag": choose_answer, "dvtt": approve_answer, "leader": choose_answer, "deputy": choose_answer}
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ballot, max_size=25), st.randoms(use_true_random=False))
def test_the_tally_does_not_depend_on_the_order_of_the_ballots(ballots, rng):
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    roll = sum(w for w, _ in ballots) + 2
    assert tally.tally(QUESTIONS, shuffled, roll=roll, present=roll) == tally.tally(
        QUESTIONS, ballots, roll=roll, present=roll
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(ballot, max_size=25), ballot)
def test_a_ballot_added_never_lowers_a_count(ballots, extra):
    before = tally.count(QUESTIONS, ballots)
    after = tally.count(QUESTIONS, [*ballots, extra])
    for key in before:
        for candidate in CANDIDATES:
            assert after[key].votes[candidate] >= before[key].votes[candidate]
            assert after[key].against.get(candidate, 0) >= before[key].against.get(candidate, 0)
        assert after[key].valid + after[key].invalid == after[key].ballots


def _consistent(question: QuestionSpec, p: tally.PaperCount, present: int) -> bool:
    """The issue's rules, written independently of ``paper_problems``."""
    figures = [p.issued, p.returned, p.valid, p.invalid, *p.votes.values(), *p.against.values()]
    if min(figures) < 0 or p.issued > present or p.returned > p.issued or p.valid + p.invalid != p.returned:
        return False
    if question.kind == CHOOSE:
        return all(v <= p.valid for v in p.votes.values()) and sum(p.votes.values()) <= p.valid * question.seats
    return all(p.votes[c] + p.against[c] <= p.valid for c in question.candidates)


small = st.integers(min_value=-1, max_value=12)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([QUESTIONS[0], QUESTIONS[1]]),
    small,
    small,
    small,
    small,
    st.fixed_dictionaries(dict.fromkeys(CANDIDATES, small)),
    st.fixed_dictionaries(dict.fromkeys(CANDIDATES, small)),
    st.integers(min_value=0, max_value=12),
)
def test_the_paper_checks_accept_exactly_the_consistent_counts(
    question, issued, returned, valid, invalid, votes, against, present
):
    paper = tally.PaperCount(issued, returned, valid, invalid, votes, against if question.kind == APPROVE else {})
    assert (tally.paper_problems(question, paper, present=present) == []) == _consistent(question, paper, present)


@settings(max_examples=100, deadline=None)
@given(st.lists(ballot, max_size=25))
def test_winners_never_exceed_the_seats_and_all_pass_the_rule(ballots):
    roll = sum(w for w, _ in ballots)
    for question, result in zip(
        QUESTIONS, tally.tally(QUESTIONS, ballots, roll=roll, present=roll).values(), strict=True
    ):
        if question.seats:
            assert len(result.winners) + result.seats_left <= question.seats
        passing = {c.key for c in result.candidates if c.passes}
        assert set(result.winners) <= passing
        # a tie is between candidates level on votes, more of them than the seats left; either all
        # passed (they straddle the last seat) or none did (a tie that fills no seat)
        votes = {c.key: c.votes for c in result.candidates}
        assert len({votes[k] for k in result.tied}) <= 1
        assert not result.tied or len(result.tied) > result.seats_left >= 1
        assert set(result.tied) <= passing or not set(result.tied) & passing
