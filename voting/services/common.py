"""What the voting services share: the error they raise, the audited field lists, the draft check."""

from django.utils.translation import gettext as _

from audit import services as audit
from voting.models import (
    Election,
)

ELECTION_FIELDS = [
    "title",
    "year",
    "conference",
    "organiser_unit",
    "mode",
    "voter_kind",
    "layout",
    "shuffle",
    "quorum",
    "ballot_quorum",
    "weighted",
    "min_ballots",
    "place",
    "date",
    "round",
    "previous_round",
]


QUESTION_FIELDS = [
    "order",
    "text",
    "kind",
    "seats",
    "base",
    "fraction",
    "strict",
    "purpose",
    "title",
    "excludes_winners_of",
]


def created_fields(obj, fields) -> dict:
    """A new object's fields as audit changes: ``{field: [None, value]}``."""
    return {name: [None, value] for name, value in audit.snapshot(obj, fields).items()}


class VotingError(ValueError):
    """A change refused by the voting rules; the message is Vietnamese and for the user."""


def require_draft(election: Election) -> None:
    if election.status != Election.Status.DRAFT:
        raise VotingError(_("Cuộc bỏ phiếu đã mở: không thể thay đổi câu hỏi hay danh sách cử tri."))
