"""Every write of the voting module, one function per change, each in one transaction with its audit row.

Secrecy rules every function here keeps (see ``docs/voting-secrecy.md``):
- ``cast_ballot`` marks the roll entry and seals the ballot into the election's box (``box``,
  ``voting.sealing``) in the same transaction, and writes nothing that joins them in the clear: the
  audit row names the voter, never the ballot or its receipt; nothing is logged; the receipt is
  returned to the caller only.
- ``close_election`` opens the box and writes the ballots in receipt order, rewrites the roll and
  wipes the key: afterwards nothing stored follows the order of casting.
- Ballots have no timestamp and are always read ordered by receipt code.
- Counts are stored only at closing, never while voting runs."""

from voting.services.ballots import (
    cast_ballot,
    check_answers,
    identity,
    paper_reasons,
    question_specs,
    record_paper_count,
)
from voting.services.box import RECEIPT_ALPHABET
from voting.services.common import ELECTION_FIELDS, QUESTION_FIELDS, VotingError
from voting.services.elections import (
    CandidateData,
    add_leader_and_deputy,
    add_person_voters,
    add_question,
    add_unit_voters,
    ballots_needed,
    check_options,
    create_election,
    open_election,
    quorum_needed,
    remove_question,
    set_roll,
)
from voting.services.outcomes import (
    PAPER_MESSAGES,
    FlagShares,
    QuestionOutcome,
    apply_block_leaders,
    cited_results,
    conference_outcomes,
    elected_for_next_year,
    election_day,
    flag_shares,
    leader_result,
    leaders_basis,
)
from voting.services.results import (
    close_election,
    compute_results,
    open_next_round,
    open_runoff,
    recount_differences,
    verify_chain,
)

__all__ = [
    "FlagShares",
    "QuestionOutcome",
    "conference_outcomes",
    "flag_shares",
    "CandidateData",
    "ELECTION_FIELDS",
    "PAPER_MESSAGES",
    "QUESTION_FIELDS",
    "RECEIPT_ALPHABET",
    "VotingError",
    "add_leader_and_deputy",
    "add_person_voters",
    "add_question",
    "add_unit_voters",
    "check_options",
    "apply_block_leaders",
    "ballots_needed",
    "cast_ballot",
    "check_answers",
    "cited_results",
    "close_election",
    "compute_results",
    "create_election",
    "elected_for_next_year",
    "election_day",
    "identity",
    "leader_result",
    "leaders_basis",
    "open_election",
    "open_next_round",
    "open_runoff",
    "paper_reasons",
    "question_specs",
    "quorum_needed",
    "record_paper_count",
    "recount_differences",
    "remove_question",
    "set_roll",
    "verify_chain",
]
