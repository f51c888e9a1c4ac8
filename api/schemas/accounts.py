"""Users (logins) and their role grants, as an administrator manages them. No password hash ever goes out; a
password comes in only to be set, checked by Django's password validators."""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from api.schemas.common import Choice, Id, SearchText, Text, _no_nul
from api.schemas.units import UnitRef
from organisation.models import Role

RoleChoice = Choice(Role, "Role")

Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=150, pattern=r"^[\w.@+-]+$"),
    AfterValidator(_no_nul),
]
# Not stripped: spaces may be part of a password; Django's validators judge its strength.
Password = Annotated[str, StringConstraints(min_length=1, max_length=128), AfterValidator(_no_nul)]


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError("email") from None
    return value


Email = Annotated[Text(254), AfterValidator(_email)]


class GrantOut(Schema):
    id: int
    role: RoleChoice
    role_label: str
    unit: UnitRef
    created_at: datetime.datetime

    @staticmethod
    def resolve_role_label(obj) -> str:
        return str(obj.get_role_display())


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    is_superuser: bool
    person: int | None = Field(description="Cán bộ mà tài khoản này thuộc về.")
    last_login: datetime.datetime | None
    date_joined: datetime.datetime
    grants: list[GrantOut]

    @staticmethod
    def resolve_person(obj) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_grants(obj) -> list:
        return sorted(obj.grants.all(), key=lambda g: (g.unit.path, g.role))


class UserFilters(Schema):
    q: SearchText | None = Field(None, description="Tìm theo tên đăng nhập, họ tên hoặc email.")
    unit: Id | None = Field(None, description="Người có vai trò tại đơn vị này hoặc đơn vị cấp dưới.")
    role: RoleChoice | None = Field(None, description="Người có vai trò này.")


class UserCreate(Schema):
    username: Username
    password: Password | None = Field(None, description="Bỏ trống: chưa đăng nhập bằng mật khẩu được.")
    first_name: Text(150) = ""
    last_name: Text(150) = ""
    email: Email = ""
    is_active: bool = True
    person: Id | None = None


class UserPatch(Schema):
    """Only the fields sent change; ``person: null`` unlinks the person; ``password`` sets a new one."""

    # Non-nullable fields default to None but refuse an explicit null (the default is not validated).
    first_name: Text(150) = None
    last_name: Text(150) = None
    email: Email = None
    is_active: bool = None
    person: Id | None = None
    password: Password = None


class GrantIn(Schema):
    role: RoleChoice
    unit: Id = Field(description="Phạm vi: đơn vị này và mọi đơn vị cấp dưới.")
