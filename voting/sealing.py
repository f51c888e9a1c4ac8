"""The ballot box of an open election: ballots sealed with AES-GCM until closing.

The **sealing key** lives outside the database (``settings.BALLOT_SEAL_KEY`` or the file named by
``BALLOT_SEAL_KEY_FILE``; neither set: ``SECRET_KEY``), always passed through HKDF-SHA256 with the
label ``thidua-ballot-seal``. At opening each election draws a random 256-bit **data key**, stored
only wrapped (AES-GCM under the sealing key); each ballot is sealed under the data key, padded to
one length per election so that its size says nothing of its answers; closing unseals the box and
wipes the wrapped key. The election id is the associated data of everything sealed, so a sealed
value copied to another election does not open. See ``docs/voting-secrecy.md``.

No ORM here: services load the rows and hand bytes over."""

import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

LABEL = b"thidua-ballot-seal"
NONCE_BYTES = 12
KEY_BYTES = 32
PAD_STEP = 64
MAX_WEIGHT = 32767  # PositiveSmallIntegerField


class SealError(ValueError):
    """The box cannot be sealed or opened: a missing or wrong sealing key, or a sealed value that
    does not authenticate. The message is Vietnamese and for the user."""


def _derive(material: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=LABEL).derive(material)


def sealing_keys() -> list[bytes]:
    """The sealing key first (it seals), then the keys derived from ``SECRET_KEY_FALLBACKS`` when the
    key is derived from ``SECRET_KEY`` (they only open: a rotated secret key still closes)."""
    path = getattr(settings, "BALLOT_SEAL_KEY_FILE", "")
    if path:
        try:
            material = Path(path).read_bytes().strip()
        except OSError:
            raise SealError(
                _("Không đọc được tệp khoá niêm phong phiếu (BALLOT_SEAL_KEY_FILE): %(path)s.") % {"path": path}
            ) from None
        if not material:
            raise SealError(_("Tệp khoá niêm phong phiếu (BALLOT_SEAL_KEY_FILE) trống: %(path)s.") % {"path": path})
        return [_derive(material)]
    if key := getattr(settings, "BALLOT_SEAL_KEY", ""):
        return [_derive(key.encode())]
    return [_derive(k.encode()) for k in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]


def _aad(election_id: int, what: str) -> bytes:
    return f"thidua-election:{election_id}:{what}".encode()


def _seal(key: bytes, aad: bytes, plain: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def _open(key: bytes, aad: bytes, sealed: bytes) -> bytes:
    sealed = bytes(sealed)
    return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)


def new_data_key(election_id: int) -> tuple[bytes, bytes]:
    """A fresh random data key for ``election_id`` and the same wrapped under the sealing key: the
    database stores the wrapped one only."""
    data_key = AESGCM.generate_key(bit_length=256)
    return data_key, _seal(sealing_keys()[0], _aad(election_id, "key"), data_key)


def unwrap_key(wrapped: bytes | None, election_id: int) -> bytes:
    """The election's data key, or SealError when it is gone or no sealing key opens it."""
    if not wrapped:
        raise SealError(_("Hòm phiếu của cuộc bỏ phiếu này không còn khoá: không mở được các phiếu đã niêm phong."))
    for key in sealing_keys():
        try:
            return _open(key, _aad(election_id, "key"), wrapped)
        except InvalidTag:
            continue
    raise SealError(
        _(
            "Khoá niêm phong phiếu (BALLOT_SEAL_KEY) không đúng với khoá đã dùng khi mở cuộc bỏ phiếu: "
            "không mở được hòm phiếu. Hãy khôi phục đúng khoá rồi thử lại; chưa có gì bị thay đổi."
        )
    )


def receipt_tag(data_key: bytes, receipt: str) -> str:
    """What the box stores for "one ballot per receipt": HMAC of the receipt under the data key."""
    return hmac.new(data_key, receipt.encode(), hashlib.sha256).hexdigest()


def padded_size(questions: Iterable[tuple[str, Sequence[str]]]) -> int:
    """The one plaintext length of every ballot of an election with ``questions`` (kind, candidate
    keys): the longest payload the questions allow, rounded up to ``PAD_STEP``."""
    fullest = {}
    for i, (kind, candidates) in enumerate(questions):
        key = f"{i:0{20}d}"  # question keys are ids: at most 20 digits
        fullest[key] = list(candidates) if kind == "choose" else dict.fromkeys(candidates, "yes")
    longest = len(_payload("XXXX-XXXX", fullest, MAX_WEIGHT))
    return -(-longest // PAD_STEP) * PAD_STEP


def _payload(receipt: str, answers: Mapping, weight: int) -> bytes:
    return json.dumps({"a": answers, "r": receipt, "w": weight}, sort_keys=True, separators=(",", ":")).encode()


def seal_ballot(data_key: bytes, election_id: int, *, receipt: str, answers: Mapping, weight: int, size: int) -> bytes:
    """The sealed ballot: receipt, answers and weight as JSON padded with spaces to ``size`` bytes."""
    plain = _payload(receipt, answers, weight)
    if len(plain) > size:
        raise SealError(_("Phiếu dài hơn cỡ niêm phong của cuộc bỏ phiếu."))
    return _seal(data_key, _aad(election_id, "ballot"), plain.ljust(size))


def open_ballot(data_key: bytes, election_id: int, sealed: bytes) -> tuple[str, dict, int]:
    """``(receipt, answers, weight)`` of a sealed ballot, or SealError when it does not authenticate."""
    try:
        payload = json.loads(_open(data_key, _aad(election_id, "ballot"), sealed))
    except InvalidTag:
        raise SealError(_("Có phiếu niêm phong bị sửa hoặc không thuộc cuộc bỏ phiếu này: không mở được.")) from None
    return payload["r"], payload["a"], payload["w"]


def seal_text(data_key: bytes, election_id: int, text: str) -> bytes:
    """A short value sealed under the data key (the running commitment while voting runs)."""
    return _seal(data_key, _aad(election_id, "commitment"), text.encode())


def open_text(data_key: bytes, election_id: int, sealed: bytes) -> str:
    try:
        return _open(data_key, _aad(election_id, "commitment"), sealed).decode()
    except InvalidTag:
        raise SealError(_("Tổng cam kết niêm phong bị sửa: không mở được.")) from None
