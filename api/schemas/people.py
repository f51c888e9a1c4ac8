"""People in and out, and their assignments (transfers)."""

import datetime

from ninja import Field, Schema

from api.schemas.common import Day, Id, SearchText, Text
from api.schemas.units import UnitRef
from organisation.models import Rank, Sex


class PersonOut(Schema):
    id: int
    ident: str
    full_name: str
    birth_date: datetime.date | None
    sex: Sex
    rank: Rank
    position: str
    service_start: datetime.date | None
    unit: UnitRef | None


class PersonFilters(Schema):
    q: SearchText | None = Field(None, description="Tìm theo mã cán bộ hoặc họ tên (không dấu).")
    unit: Id | None = None
    include_subunits: bool = Field(True, description="Với `unit`: gồm cả cán bộ của các đơn vị cấp dưới.")
    rank: Rank | None = None
    sex: Sex | None = None


class PersonCreate(Schema):
    ident: Text(32, required=True)
    full_name: Text(120, required=True)
    birth_date: Day | None = None
    sex: Sex
    rank: Rank = Rank.NONE
    position: Text(120) = ""
    service_start: Day | None = None
    unit: Id
    start: Day | None = Field(None, description="Ngày bắt đầu công tác ở đơn vị; mặc định ngày vào ngành hoặc hôm nay.")


class PersonPatch(Schema):
    """Only the fields sent change. A change of unit is a transfer: POST /people/{id}/assignments."""

    ident: Text(32, required=True) = None
    full_name: Text(120, required=True) = None
    birth_date: Day | None = None
    sex: Sex = None
    rank: Rank = None
    position: Text(120) = None
    service_start: Day | None = None


class AssignmentOut(Schema):
    id: int
    unit: UnitRef
    start: datetime.date
    end: datetime.date | None
    position: str
    basis: str


class TransferIn(Schema):
    unit: Id
    start: Day
    position: Text(120) = ""
    basis: Text(255) = Field("", description="Căn cứ (số quyết định điều động).")
