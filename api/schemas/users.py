"""The signed-in user's API keys: listed without their secret, the raw key shown once when issued."""

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import StringConstraints

from api.schemas.common import Text


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked: bool


class TokenIn(Schema):
    name: Text(100, required=True)


class IssuedTokenOut(TokenOut):
    key: str  # the raw key: shown once, never stored


class CredentialsIn(Schema):
    username: Text(150, required=True)
    password: Text(128, required=True)
    name: Text(100, required=True)


# A password as typed: never stripped (the login page keeps its spaces too).
Password = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class PasswordChangeIn(Schema):
    old_password: Password
    new_password: Password
