"""The second factor of a sign-in (issue 17): whether it is on, never a key or a code."""

from ninja import Schema


class TwoFactorOut(Schema):
    enabled: bool  # a confirmed authenticator app
    backup_codes_left: int
