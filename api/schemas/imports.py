"""An Excel import job (units or people) as the "Kết quả nhập Excel" page shows it: status, progress, counts and
every row error."""

import datetime

from ninja import Field, Schema

from api.schemas.common import Choice
from organisation.models import ImportJob

ImportKind = Choice(ImportJob.Kind, "ImportKind")
ImportStatus = Choice(ImportJob.Status, "ImportStatus")


class ImportErrorOut(Schema):
    row: int | None = Field(description="Dòng Excel có lỗi (1 là dòng tiêu đề); null: lỗi của cả tệp.")
    column: str = Field(description="Tiêu đề cột có lỗi; rỗng: lỗi của cả dòng hoặc cả tệp.")
    message: str


class ImportJobOut(Schema):
    id: int
    kind: ImportKind
    original_name: str
    status: ImportStatus
    status_label: str
    in_progress: bool
    total_rows: int
    processed_rows: int = Field(description="Số dòng đã kiểm tra (tiến độ).")
    created_count: int
    updated_count: int
    unchanged_count: int
    errors: list[ImportErrorOut] = Field(description="Mọi lỗi tìm thấy; có lỗi thì chưa ghi dữ liệu nào.")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_errors(obj) -> list[dict]:
        return [
            {"row": e.get("row"), "column": e.get("column") or "", "message": e.get("message") or ""}
            for e in obj.errors or []
        ]
