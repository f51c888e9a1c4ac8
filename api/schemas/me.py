"""The caller: who they are and their roles (``GET /me``)."""

from ninja import Schema

from api.schemas.units import UnitRef


class RoleOut(Schema):
    role: str
    label: str
    unit: UnitRef


class MeOut(Schema):
    username: str
    full_name: str
    is_admin: bool
    person: int | None
    roles: list[RoleOut]
