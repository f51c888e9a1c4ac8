"""The caller's work out: the tasks they owe and their notifications (``/me/tasks``,
``/me/notifications``)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from api.schemas.blocks import BlockRef
from api.schemas.units import UnitRef


class TaskOut(Schema):
    kind: Literal["register", "confirm", "sign", "submit", "resubmit", "accept"]
    text: str
    block: BlockRef
    unit: UnitRef
    deadline: datetime.date | None
    overdue: bool
    url: str = Field(description="Trang của hệ thống để làm việc này.")


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationFilters(Schema):
    unread: bool = Field(False, description="Chỉ các thông báo chưa đọc.")
