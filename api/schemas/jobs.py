"""A job of the queue as the "Công việc" page shows it: status, progress, result or error."""

import datetime
from typing import Any

from ninja import Field, Schema

from api.schemas.common import Choice
from jobs.models import Job

JobStatus = Choice(Job.Status, "JobStatus")


class JobOut(Schema):
    id: int
    kind: str = Field(description="Loại công việc (import, …).")
    label: str
    status: JobStatus
    status_label: str
    in_progress: bool = Field(description="Đang chờ hoặc đang chạy: hỏi lại sau vài giây.")
    started_by: str | None = Field(description="Tên đăng nhập của người bắt đầu; null: hệ thống.")
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    progress_done: int
    progress_total: int = Field(description="0: chưa biết tổng số.")
    percent: int = Field(ge=0, le=100)
    message: str
    result: dict[str, Any] | None = Field(
        description="Kết quả khi xong (JSON): `summary` tóm tắt, `url` trang hoặc tệp kết quả nếu có."
    )
    error: str = Field(description="Lỗi khi thất bại; rỗng nếu không.")
    attempts: int = Field(description="Số lần đã chạy (một công việc bị dừng đột ngột có thể được chạy lại một lần).")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_started_by(obj) -> str | None:
        return obj.started_by.username if obj.started_by_id else None

    @staticmethod
    def resolve_result(obj) -> dict | None:
        return obj.result if isinstance(obj.result, dict) else None
