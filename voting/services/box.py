"""The sealed ballot box of an open electronic election (``voting.sealing``): made at opening, a ballot
sealed into it at each cast, read by the check, opened at closing.

What opening the box at closing leaves behind (see ``docs/voting-secrecy.md``): the ``Ballot`` rows
inserted in one statement sorted by their random receipt codes, with fresh random ids; the roll
rewritten in its creation order; the wrapped data key and the sealed commitment wiped. Nothing that
stays then follows the order in which the ballots were cast."""

import secrets
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager

from django.db import connection
from django.db.models import F
from django.utils.translation import gettext as _

from voting import sealing, tally
from voting.models import Ballot, Election, Question, RollEntry, SealedBallot
from voting.services.common import VotingError

RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed without doubt
ZERO = "0" * 64


def new_receipt(taken: Callable[[str], bool]) -> str:
    while True:
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
        code = f"{code[:4]}-{code[4:]}"
        if not taken(code):
            return code


def _sealed(call, *args):
    try:
        return call(*args)
    except sealing.SealError as error:
        raise VotingError(str(error)) from None


def data_key(election: Election) -> bytes:
    """The election's data key, or VotingError (Vietnamese) when the sealing key does not open it."""
    return _sealed(sealing.unwrap_key, election.ballot_key, election.pk)


def make_box(election: Election) -> None:
    """At opening: a fresh data key, stored wrapped, and the running commitment at zero, sealed.
    Sets the fields on ``election``; the caller saves them."""
    key, wrapped = _sealed(sealing.new_data_key, election.pk)
    election.ballot_key = wrapped
    election.sealed_accumulator = sealing.seal_text(key, election.pk, ZERO)
    election.accumulator = ""


def box_size(questions: Iterable[Question]) -> int:
    return sealing.padded_size((q.kind, [c.key for c in q.candidates.all()]) for q in questions)


def seal_ballot(election: Election, questions: list[Question], answers: Mapping, *, weight: int) -> str:
    """Put one checked ballot into the box and return its new receipt code; the election row (locked
    by the caller) gets the new sealed commitment and count."""
    key = data_key(election)
    receipt = new_receipt(
        lambda code: SealedBallot.objects.filter(election=election, receipt_tag=sealing.receipt_tag(key, code)).exists()
    )
    sealed = sealing.seal_ballot(
        key, election.pk, receipt=receipt, answers=answers, weight=weight, size=box_size(questions)
    )
    SealedBallot.objects.create(election=election, receipt_tag=sealing.receipt_tag(key, receipt), sealed=sealed)
    running = _sealed(sealing.open_text, key, election.pk, election.sealed_accumulator)
    running = tally.accumulate(running, tally.ballot_digest(election.salt, receipt, answers))
    Election.objects.filter(pk=election.pk).update(
        sealed_accumulator=sealing.seal_text(key, election.pk, running), ballots_count=F("ballots_count") + 1
    )
    return receipt


def read_box(election: Election) -> tuple[list[tuple[str, dict, int]], str]:
    """Every ballot in the box as ``(receipt, answers, weight)`` sorted by receipt, and the running
    commitment; VotingError when the key is wrong or a sealed value was altered."""
    key = data_key(election)
    rows = SealedBallot.objects.filter(election=election).values_list("sealed", flat=True)
    opened = sorted(_sealed(sealing.open_ballot, key, election.pk, sealed) for sealed in rows)
    return opened, _sealed(sealing.open_text, key, election.pk, election.sealed_accumulator)


@contextmanager
def _wiping():
    """On SQLite, freed space is overwritten with zeros while the box is opened (``secure_delete``):
    the deleted sealed rows and the old wrapped key do not linger in free pages of the file."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = cursor.execute("PRAGMA secure_delete").fetchone()[0]
        cursor.execute("PRAGMA secure_delete = 1")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA secure_delete = {int(before)}")


def _rewrite_roll(election: Election) -> None:
    """Delete the election's roll entries and insert them again, same ids, in id order: new row
    versions whose place in the file (and, on PostgreSQL, whose ``xmin``) no longer follow the
    ``has_voted`` updates. A plain SQL delete, not the ORM's: a row elsewhere that refers to an
    entry is neither cascaded nor nulled, and the (deferred) foreign key finds the entry again at
    commit."""
    entries = list(RollEntry.objects.filter(election=election).order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {RollEntry._meta.db_table} WHERE election_id = %s", [election.pk])
    RollEntry.objects.bulk_create(entries, batch_size=500)


def open_box(election: Election) -> None:
    """At closing, inside the closing transaction: unseal every ballot, delete the sealed rows, insert
    the ballots sorted by receipt code with fresh random ids and their chain links, rewrite the roll
    in creation order, wipe the wrapped key and the sealed commitment. ``election`` (locked) gets the
    plain running commitment and the chain head. Nothing is written when any ballot fails to open."""
    opened, running = read_box(election)
    receipts = [receipt for receipt, _a, _w in opened]
    if len(set(receipts)) != len(receipts):
        raise VotingError(_("Hòm phiếu có hai phiếu cùng mã biên nhận: hòm phiếu đã bị can thiệp, không kết thúc."))
    digests = [tally.ballot_digest(election.salt, receipt, answers) for receipt, answers, _w in opened]
    links = tally.chain(
        tally.genesis(election.salt, election.pk, len(opened)), list(zip(receipts, digests, strict=True))
    )
    election.accumulator = running
    election.chain_head = links[-1] if links else ""
    election.ballot_key = election.sealed_accumulator = None
    with _wiping():
        SealedBallot.objects.filter(election=election).delete()
        Ballot.objects.bulk_create(
            [
                Ballot(election=election, receipt=r, answers=a, weight=w, digest=d, chain_hash=link)
                for (r, a, w), d, link in zip(opened, digests, links, strict=True)
            ],
            batch_size=500,
        )
        _rewrite_roll(election)
        Election.objects.filter(pk=election.pk).update(
            accumulator=running, chain_head=election.chain_head, ballot_key=None, sealed_accumulator=None
        )
