"""The signed-in user's API keys: listed without their secret, the raw key shown once when issued."""

import datetime
from typing import Annotated

from ninja import Field, Schema
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
    otp: Text(20) | None = Field(
        None,
        description="Mã xác thực hai lớp: 6 chữ số từ ứng dụng xác thực, hoặc một mã dự phòng. Bắt buộc với "
        "tài khoản đã bật xác thực hai lớp (thiếu hoặc sai: 401; sai liên tiếp cũng bị tính như sai mật khẩu).",
    )


# A password as typed: never stripped (the login page keeps its spaces too).
Password = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class PasswordChangeIn(Schema):
    old_password: Password
    new_password: Password
