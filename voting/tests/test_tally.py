"""The pure core: counting, pass rules, ties, the deputy rule, paper checks, the chain. No database."""

import ast
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from voting import tally
from voting.tally import APPROVE, CHOOSE, NO, PRESENT, ROLL, YES, QuestionSpec, Rule

UNITS = ("PX01", "PX03", "PV02", "PV01", "PV05", "PV06", "PH10", "PH41")
LEADER = QuestionSpec("leader", CHOOSE, UNITS, seats=1)
DEPUTY = QuestionSpec("deputy", CHOOSE, UNITS, seats=1, excludes_winners_of="leader")


def ballots(*answers, weight=1):
    return [(weight, a) for a in answers]


def test_the_tally_module_imports_nothing_outside_the_standard_library():
    path = Path(tally.__file__)
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert sorted(imported - set(sys.stdlib_module_names)) == []


def test_the_tally_runs_with_django_absent():
    code = (
        "import sys; from voting import tally as t;"
        "q = t.QuestionSpec('q', 'choose', ('a', 'b'));"
        "r = t.tally([q], [(1, {'q': ['a']})], roll=1, present=1);"
        "assert r['q'].winners == ('a',);"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    root = Path(tally.__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_seed_000_px03_leads_and_ph10_is_deputy_although_some_voted_px03_for_deputy():
    votes = (
        [{"leader": ["PX03"], "deputy": ["PH10"]}] * 5
        + [{"leader": ["PH10"], "deputy": ["PX03"]}] * 2
        + [{"leader": ["PX03"], "deputy": ["PV01"]}]
    )
    results = tally.tally([LEADER, DEPUTY], ballots(*votes), roll=8, present=8)

    leader, deputy = results["leader"], results["deputy"]
    assert (leader.status, leader.winners, leader.valid) == ("decided", ("PX03",), 8)
    assert {c.key: c.votes for c in leader.candidates if c.votes} == {"PX03": 6, "PH10": 2}
    assert (deputy.status, deputy.winners) == ("decided", ("PH10",))
    # the two deputy votes for PX03 (elected leader) are void; the ballots stay valid
    assert {c.key: (c.votes, c.excluded) for c in deputy.candidates if c.votes or c.excluded} == {
        "PX03": (0, True),
        "PH10": (5, False),
        "PV01": (1, False),
    }
    assert (deputy.valid, deputy.invalid, deputy.base_value) == (8, 0, 8)


def test_a_tie_for_the_last_seat_is_flagged_with_the_tied_candidates_and_no_winner_is_drawn():
    question = QuestionSpec("flag", CHOOSE, ("A", "B", "C", "D"), seats=2, rule=Rule(fraction=Fraction(0)))
    result = tally.tally(
        [question],
        ballots({"flag": ["A", "B"]}, {"flag": ["A", "C"]}, {"flag": ["A", "D"]}, {"flag": ["B", "C"]}),
        roll=4,
        present=4,
    )["flag"]
    assert (result.status, result.winners, result.tied, result.seats_left) == ("tie", ("A",), ("B", "C"), 1)


def test_a_tied_leader_leaves_the_deputy_pending():
    results = tally.tally(
        [LEADER, DEPUTY],
        ballots({"leader": ["PX03"], "deputy": ["PV01"]}, {"leader": ["PH10"], "deputy": ["PV01"]}),
        roll=2,
        present=2,
    )
    # 1–1 for one seat under "more than half": nobody passes and the two are level, a tie that fills
    # no seat, so a further round (rules.md), and the deputy waits for it
    assert (results["leader"].status, results["leader"].winners, results["leader"].tied) == (
        "tie",
        (),
        ("PX03", "PH10"),
    )
    assert (results["deputy"].status, results["deputy"].winners) == ("pending", ())
    results = tally.tally(
        [QuestionSpec("leader", CHOOSE, UNITS, rule=Rule(fraction=Fraction(1, 4))), DEPUTY],
        ballots({"leader": ["PX03"], "deputy": ["PV01"]}, {"leader": ["PH10"], "deputy": ["PV01"]}),
        roll=2,
        present=2,
    )
    assert (results["leader"].status, results["leader"].tied) == ("tie", ("PX03", "PH10"))
    assert (results["deputy"].status, results["deputy"].winners) == ("pending", ())


def test_four_to_four_for_one_seat_under_more_than_half_is_a_tie_for_a_runoff_not_a_decision():
    question = QuestionSpec("leader", CHOOSE, ("PX03", "PH10", "PV01"), seats=1)
    votes = ballots(*([{"leader": ["PX03"]}] * 4 + [{"leader": ["PH10"]}] * 4))
    result = tally.tally([question], votes, roll=8, present=8)["leader"]
    assert (result.status, result.winners, result.tied, result.seats_left) == ("tie", (), ("PX03", "PH10"), 1)
    assert [(c.key, c.votes, c.passes, c.tied) for c in result.candidates] == [
        ("PX03", 4, False, True),
        ("PH10", 4, False, True),
        ("PV01", 0, False, False),
    ]
    # one vote moved: 5 of 8 is more than half, PX03 wins
    moved = ballots(*([{"leader": ["PX03"]}] * 5 + [{"leader": ["PH10"]}] * 3))
    assert tally.tally([question], moved, roll=8, present=8)["leader"].winners == ("PX03",)


def test_nobody_past_the_share_and_no_one_level_at_the_top_is_decided_without_winner():
    question = QuestionSpec("leader", CHOOSE, ("A", "B", "C"), seats=1)
    votes = ballots(*([{"leader": ["A"]}] * 4 + [{"leader": ["B"]}] * 3 + [{"leader": ["C"]}]))
    result = tally.tally([question], votes, roll=8, present=8)["leader"]
    assert (result.status, result.winners, result.tied) == ("decided", (), ())


def test_a_seat_left_after_a_winner_with_the_next_two_level_is_a_tie_for_that_seat():
    question = QuestionSpec("flag", CHOOSE, ("A", "B", "C"), seats=2)
    votes = ballots(*([{"flag": ["A", "B"]}] * 3 + [{"flag": ["A", "C"]}] * 3 + [{"flag": ["A"]}] * 2))
    result = tally.tally([question], votes, roll=8, present=8)["flag"]
    # A 8/8 passes; B and C 3/8 each do not pass and are level for the one seat left
    assert (result.status, result.winners, result.tied, result.seats_left) == ("tie", ("A",), ("B", "C"), 1)


def test_equal_approvals_are_no_tie_on_an_approve_question():
    question = QuestionSpec("cstd", APPROVE, ("P1", "P2"), seats=0)
    votes = ballots(*([{"cstd": {"P1": YES, "P2": YES}}] * 4 + [{"cstd": {"P1": NO, "P2": NO}}] * 4))
    result = tally.tally([question], votes, roll=8, present=8)["cstd"]
    assert (result.status, result.winners, result.tied) == ("decided", (), ())


def test_below_the_turnout_share_of_the_roll_nothing_is_decided():
    question = QuestionSpec("leader", CHOOSE, ("PX03", "PH10"), seats=1)
    one = ballots({"leader": ["PX03"]})
    # a leader "elected" by 1 ballot out of a roll of 8: under 2/3 of the roll, not decided
    result = tally.tally([question], one, roll=8, present=8, turnout=Fraction(2, 3))["leader"]
    assert (result.status, result.winners, result.tied) == ("short", (), ())
    assert [(c.key, c.votes, c.passes, c.winner) for c in result.candidates] == [
        ("PX03", 1, False, False),
        ("PH10", 0, False, False),
    ]
    # 2/3 of 9 is 6: 5 ballots are short, 6 reach it
    five = ballots(*[{"leader": ["PX03"]}] * 5)
    assert tally.tally([question], five, roll=9, present=9, turnout=Fraction(2, 3))["leader"].status == "short"
    six = ballots(*[{"leader": ["PX03"]}] * 6)
    six_result = tally.tally([question], six, roll=9, present=9, turnout=Fraction(2, 3))["leader"]
    assert (six_result.status, six_result.winners) == ("decided", ("PX03",))
    # invalid ballots are ballots cast: 5 valid + 1 invalid of 9 reach 2/3
    mixed = ballots(*[{"leader": ["PX03"]}] * 5, {"leader": ["PX03", "PH10"]})
    mixed_result = tally.tally([question], mixed, roll=9, present=9, turnout=Fraction(2, 3))["leader"]
    assert (mixed_result.status, mixed_result.valid, mixed_result.invalid) == ("decided", 5, 1)
    # an empty roll decides nothing
    assert tally.tally([question], [], roll=0, present=0, turnout=Fraction(2, 3))["leader"].status == "short"


def test_more_winners_than_the_quota_are_taken_from_the_most_votes_down():
    question = QuestionSpec("dvtt", APPROVE, ("A", "B", "C"), seats=2, rule=Rule(fraction=Fraction(1, 2)))
    result = tally.tally(
        [question],
        ballots(
            {"dvtt": {"A": YES, "B": YES, "C": NO}}, {"dvtt": {"A": YES, "C": YES}}, {"dvtt": {"A": YES, "B": YES}}
        ),
        roll=3,
        present=3,
    )["dvtt"]
    assert [(c.key, c.votes, c.against, c.passes) for c in result.candidates] == [
        ("A", 3, 0, True),
        ("B", 2, 0, True),
        ("C", 1, 1, False),
    ]
    assert (result.status, result.winners) == ("decided", ("A", "B"))


def test_the_base_of_the_roll_counts_absent_members_against():
    council = QuestionSpec(
        "cstd", APPROVE, ("P1",), seats=0, rule=Rule(base=ROLL, fraction=Fraction(4, 5), strict=False)
    )
    votes = ballots(*[{"cstd": {"P1": YES}}] * 8)
    assert tally.tally([council], votes, roll=10, present=8)["cstd"].winners == ("P1",)
    assert tally.tally([council], votes, roll=11, present=8)["cstd"].winners == ()
    on_present = QuestionSpec(
        "q", APPROVE, ("P1",), seats=0, rule=Rule(base=PRESENT, fraction=Fraction(9, 10), strict=False)
    )
    assert tally.tally([on_present], [(1, {"q": {"P1": YES}})] * 9 + [(1, {})], roll=20, present=10)["q"].winners == (
        "P1",
    )


def test_an_answer_breaking_the_question_is_invalid_for_that_question_only():
    flag = QuestionSpec("flag", CHOOSE, ("A", "B", "C"), seats=1)
    dvtt = QuestionSpec("dvtt", APPROVE, ("A",), seats=0)
    counts = tally.count(
        [flag, dvtt],
        ballots(
            {"flag": ["A", "B"], "dvtt": {"A": YES}},
            {"flag": ["Z"]},
            {"flag": ["A", "A"]},
            {"dvtt": {"A": "maybe"}},
            {"flag": []},
        ),
    )
    assert (counts["flag"].valid, counts["flag"].invalid, counts["flag"].blank) == (2, 3, 2)
    assert (counts["dvtt"].valid, counts["dvtt"].invalid, counts["dvtt"].blank) == (4, 1, 3)
    assert dict(counts["dvtt"].votes) == {"A": 1}


def test_weights_count_as_many_votes():
    question = QuestionSpec("q", CHOOSE, ("A", "B"))
    result = tally.tally([question], [(3, {"q": ["A"]}), (1, {"q": ["B"]}), (1, {"q": ["B"]})], roll=5, present=5)
    assert ([c.votes for c in result["q"].candidates], result["q"].winners) == ([3, 2], ("A",))


def test_paper_checks_give_every_reason():
    question = QuestionSpec("flag", CHOOSE, ("A", "B"), seats=1)
    paper = tally.PaperCount(issued=8, returned=9, valid=7, invalid=1, votes={"A": 8, "B": 1})
    assert [code for code, _ in tally.paper_problems(question, paper, present=7)] == [
        "issued_gt_present",
        "returned_gt_issued",
        "valid_invalid_ne_returned",
        "votes_gt_valid",
        "marks_gt_seats",
    ]
    good = tally.PaperCount(issued=8, returned=8, valid=7, invalid=1, votes={"A": 5, "B": 2})
    assert tally.paper_problems(question, good, present=8) == []
    approve = QuestionSpec("dvtt", APPROVE, ("A",), seats=0)
    assert tally.paper_problems(approve, tally.PaperCount(8, 8, 8, 0, {"A": 6}, {"A": 3})) == [
        ("approvals_gt_valid", {"candidate": "A", "yes": 6, "no": 3, "valid": 8})
    ]


def test_the_chain_is_taken_in_receipt_order_and_detects_a_change():
    digests = [("KQ7M-2XPA", "a" * 64), ("BC3D-EFGH", "b" * 64), ("ZZZZ-2222", "c" * 64)]
    head = tally.chain("g", digests)
    assert tally.chain("g", list(reversed(digests))) == head  # the cast order does not matter
    assert tally.chain("g", digests[:2]) != head[:2] or len(head) == 3
    assert tally.chain("g", [*digests[:2], ("ZZZZ-2222", "d" * 64)])[-1] != head[-1]
    assert tally.commitment(d for _, d in digests) == tally.commitment(d for _, d in reversed(digests))
    assert tally.ballot_digest("s", "R", {"1": ["2"]}) == tally.ballot_digest("s", "R", {"1": ["2"]})
    assert tally.ballot_digest("s", "R", {"1": ["2"]}) != tally.ballot_digest("s", "R", {"1": ["3"]})
