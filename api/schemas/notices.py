"""The public notice of a council meeting (công khai danh sách đề nghị) in and out: the nominees
published for comment and the units' comments."""

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_TEXT, Day, Id, Text, check_unique


class NoticeLineOut(Schema):
    id: int
    proposal: int
    proposing_unit: str
    name: str
    honour: str
    honour_name: str
    preselected: bool = Field(description="an honour of the Government or the State: ticked by default on the page")


class NoticeIn(Schema):
    opens_on: Day
    closes_on: Day
    lines: list[Id] = Field(..., max_length=2000, description="dòng đề nghị được công khai")

    @model_validator(mode="after")
    def _unique(self):
        check_unique(self.lines, "lines")
        return self


class CommentOut(Schema):
    id: int
    unit: int
    unit_name: str
    line: int | None
    text: str
    created_at: datetime.datetime


class NoticeOut(Schema):
    id: int
    meeting: int
    opens_on: datetime.date
    closes_on: datetime.date
    lines: list[NoticeLineOut]
    comments: list[CommentOut]


class CommentIn(Schema):
    unit: Id = Field(description="đơn vị góp ý (đơn vị bạn có quyền ghi, trong phạm vi Hội đồng)")
    line: Id | None = Field(None, description="dòng được góp ý; để trống: góp ý chung cho danh sách")
    text: Text(MAX_TEXT, required=True)
