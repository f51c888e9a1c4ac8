"""The history import (issue 16) as the "Nhập lịch sử thi đua, khen thưởng" page shows it: per kind of fact the
rows that would be (or were) new, changed and unchanged, and the first of them; a refused file's every error."""

from ninja import Field, Schema


class HistorySampleOut(Schema):
    row: int = Field(description="Dòng Excel (1 là dòng tiêu đề).")
    status: str = Field(description="new: mới; changed: thay đổi dữ liệu đã có.")
    cells: list[str] = Field(description="Các ô của dòng, như trong tệp.")
    changes: dict[str, list] = Field(description="Trường thay đổi: [giá trị cũ, giá trị mới]; rỗng khi mới.")


class HistoryKindOut(Schema):
    kind: str = Field(description="person_ratings, unit_ratings, titles, forms, initiatives, discipline hoặc pending.")
    sheet: str = Field(description="Tên sheet trong tệp.")
    label: str
    rows: int = Field(description="Số dòng dữ liệu của sheet.")
    new: int
    changed: int
    unchanged: int
    samples: list[HistorySampleOut] = Field(description="Các dòng đầu sẽ (hoặc đã) mới hay thay đổi.")


class HistoryImportOut(Schema):
    """Những gì lần chạy thử sẽ thay đổi (hoặc lần nhập đã thay đổi). Kết quả của công việc (`GET /jobs/{id}`:
    chạy thử tệp lớn, hoặc nhập) có cùng các trường, thêm `summary`, `url` (trang kết quả), `ok`, `error_count`
    (tổng số lỗi) và các lỗi đầu `errors` (sheet, row, column, message)."""

    dry_run: bool = Field(description="Chạy thử: chỉ đếm, không ghi gì.")
    written: bool = Field(description="Đã ghi vào cơ sở dữ liệu.")
    total: int = Field(description="Tổng số dòng dữ liệu của tệp.")
    new: int
    changed: int
    unchanged: int
    kinds: list[HistoryKindOut]
