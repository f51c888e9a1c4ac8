"""The answer of a bulk write that refused every row: all-or-nothing, each problem with its row and field."""

from django.utils.translation import gettext as _
from ninja import Field, Schema


class RowError(Schema):
    row: int = Field(description="Vị trí của dòng trong danh sách gửi lên, từ 0.")
    field: str = Field(description="Trường có lỗi của dòng đó.")
    detail: str


class BulkErrorOut(Schema):
    """Rows refused: ``detail`` says so and ``errors`` lists them. A body that does not fit the schema is
    refused before any row is read, as everywhere in the API: ``detail`` is then the list of its problems."""

    detail: str | list[dict]
    errors: list[RowError] = []


def refused(errors: list[dict]) -> dict:
    """The body of a 422 for a bulk write of which nothing was written."""
    detail = _("Không ghi dòng nào: %(n)s lỗi, sửa rồi gửi lại cả danh sách.") % {"n": len(errors)}
    return {"detail": detail, "errors": errors}
