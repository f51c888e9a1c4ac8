"""The sheets of the history file: one per kind of fact, their columns, natural keys and fields.

Sheet and column names are the file's format, shared by every user whatever the interface language, so they
are not translated (as in ``organisation.imports``). People are named by ``Mã cán bộ`` (``Person.ident``), units
by ``Mã định danh đơn vị`` (``Unit.ref``), titles and award forms by their catalogue code.

Each kind matches the stored facts by a natural key (``key``: attribute names of the model); the other fields
(``values``) are what a re-import may change. A row whose key and values are all stored already is unchanged.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext_lazy

from documents.xlsx import Column
from eligibility.models import Discipline, Initiative, PendingCase
from honours.models import FormAward, TitleAward
from organisation.models import Person, PersonRating, Unit, UnitRating

PERSON, UNIT, EITHER = "person", "unit", "either"

H_IDENT, H_UNIT = "Mã cán bộ", "Mã định danh đơn vị"

IDENT = Column(
    H_IDENT,
    "ident",
    required=True,
    max_length=Person._meta.get_field("ident").max_length,
    help=gettext_lazy("Mã cán bộ (số hiệu hoặc mã định danh) đã có trong hệ thống."),
)
UNIT_REF = Column(
    H_UNIT,
    "unit_ref",
    required=True,
    max_length=Unit._meta.get_field("ref").max_length,
    help=gettext_lazy("Mã định danh của đơn vị đã có trong hệ thống, ví dụ CAQB-PX03."),
)
YEAR = Column(
    "Năm", "year", parse="year", required=True, help=gettext_lazy("Năm của thành tích, 4 chữ số, ví dụ 2023.")
)
RATING = Column(
    "Xếp loại",
    "rating",
    parse="rating",
    required=True,
    help=gettext_lazy("Mức xếp loại (tên hoặc mã theo danh sách bên dưới)."),
)
BODY = Column(
    "Cơ quan ban hành",
    "body",
    max_length=80,
    help=gettext_lazy("Cơ quan, người có thẩm quyền ký quyết định, ví dụ Bộ Công an. Có thể để trống."),
)
NUMBER = Column(
    "Số, ký hiệu quyết định",
    "number",
    max_length=60,
    help=gettext_lazy("Ví dụ 123/QĐ-BCA-X03. Có thể để trống."),
)
DATE = Column("Ngày quyết định", "decided_on", parse="date", help=gettext_lazy("Dạng dd/mm/yyyy. Có thể để trống."))


def _either(column: Column, help_text) -> Column:
    return Column(column.header, column.key, column.parse, False, column.max_length, help_text)


EITHER_HELP_PERSON = gettext_lazy("Mã cán bộ nhận (cá nhân). Ghi mã cán bộ hoặc mã định danh đơn vị, không cả hai.")
EITHER_HELP_UNIT = gettext_lazy("Mã định danh đơn vị nhận (tập thể). Ghi mã cán bộ hoặc mã định danh đơn vị.")


@dataclass(frozen=True)
class Sheet:
    kind: str  # the key of the kind in summaries and the API
    name: str  # the sheet's title in the file
    label: object  # what the kind is, for people (lazy)
    holder: str  # PERSON, UNIT or EITHER
    model: type
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the model's attribute names of the natural key
    values: tuple[str, ...]  # the attribute names a re-import may change
    live: dict | None = None  # a filter of the stored rows that count (annulled awards do not)

    @cached_property
    def holder_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.key in ("ident", "unit_ref"))


SHEETS = (
    Sheet(
        "person_ratings",
        "Xếp loại cá nhân",
        gettext_lazy("Xếp loại cá nhân"),
        PERSON,
        PersonRating,
        (IDENT, YEAR, RATING),
        ("person_id", "year"),
        ("rating",),
    ),
    Sheet(
        "unit_ratings",
        "Xếp loại tập thể",
        gettext_lazy("Xếp loại tập thể"),
        UNIT,
        UnitRating,
        (UNIT_REF, YEAR, RATING),
        ("unit_id", "year"),
        ("rating",),
    ),
    Sheet(
        "titles",
        "Danh hiệu",
        gettext_lazy("Danh hiệu thi đua đã được tặng"),
        EITHER,
        TitleAward,
        (
            _either(IDENT, EITHER_HELP_PERSON),
            _either(UNIT_REF, EITHER_HELP_UNIT),
            Column(
                "Mã danh hiệu",
                "title",
                parse="title",
                required=True,
                help=gettext_lazy("Mã danh hiệu theo danh mục (bên dưới), ví dụ CSTDCS."),
            ),
            YEAR,
            BODY,
            NUMBER,
            DATE,
        ),
        ("title_id", "year", "person_id", "unit_id"),
        ("decision_ref",),
        live={"annulled": False},
    ),
    Sheet(
        "forms",
        "Khen thưởng",
        gettext_lazy("Hình thức khen thưởng đã nhận"),
        EITHER,
        FormAward,
        (
            _either(IDENT, EITHER_HELP_PERSON),
            _either(UNIT_REF, EITHER_HELP_UNIT),
            Column(
                "Mã hình thức",
                "award_form",
                parse="form",
                required=True,
                help=gettext_lazy("Mã hình thức khen thưởng theo danh mục (bên dưới), ví dụ BK_BO."),
            ),
            YEAR,
            Column(
                "Loại khen thưởng",
                "kind",
                parse="commendation_kind",
                help=gettext_lazy("Theo danh sách bên dưới; để trống là khen thưởng công trạng hằng năm."),
            ),
            BODY,
            NUMBER,
            Column(
                "Ngày quyết định",
                "decided_on",
                parse="date",
                required=True,
                help=gettext_lazy(
                    "Dạng dd/mm/yyyy. Bắt buộc: cùng cá nhân (tập thể), hình thức và năm, "
                    "mỗi ngày quyết định là một lần khen."
                ),
            ),
        ),
        ("award_form_id", "year", "person_id", "unit_id", "decided_on"),
        ("decision_ref", "kind"),
        live={"annulled": False},
    ),
    Sheet(
        "initiatives",
        "Sáng kiến",
        gettext_lazy("Sáng kiến, đề tài"),
        PERSON,
        Initiative,
        (
            IDENT,
            Column(
                "Tên sáng kiến, đề tài",
                "title",
                required=True,
                max_length=Initiative._meta.get_field("title").max_length,
                help=gettext_lazy("Tên như trong quyết định công nhận."),
            ),
            Column(
                "Loại",
                "kind",
                parse="initiative_kind",
                help=gettext_lazy("Theo danh sách bên dưới; để trống là Sáng kiến."),
            ),
            Column(
                "Cấp công nhận",
                "level",
                parse="initiative_level",
                required=True,
                help=gettext_lazy("Theo danh sách bên dưới."),
            ),
            Column(
                "Ngày công nhận", "recognised_on", parse="date", required=True, help=gettext_lazy("Dạng dd/mm/yyyy.")
            ),
            Column(
                "Đã dùng để xét",
                "used_for",
                parse="used_for",
                help=gettext_lazy(
                    "Mã danh hiệu hoặc hình thức khen thưởng cá nhân mà sáng kiến đã được dùng để xét; "
                    "để trống nếu chưa dùng. Một sáng kiến chỉ dùng cho một khen thưởng."
                ),
            ),
            Column(
                "Năm xét",
                "used_year",
                parse="year",
                help=gettext_lazy("Năm xét khen thưởng đã dùng sáng kiến; ghi cùng cột Đã dùng để xét."),
            ),
        ),
        ("person_id", "title", "recognised_on"),
        ("kind", "level", "used_for_title_id", "used_for_form_id", "used_year"),
    ),
    Sheet(
        "discipline",
        "Kỷ luật",
        gettext_lazy("Kỷ luật"),
        PERSON,
        Discipline,
        (
            IDENT,
            Column(
                "Hình thức kỷ luật",
                "form",
                parse="discipline_form",
                required=True,
                help=gettext_lazy("Theo danh sách bên dưới."),
            ),
            Column("Ngày quyết định", "decided_on", parse="date", required=True, help=gettext_lazy("Dạng dd/mm/yyyy.")),
            Column(
                "Hết thời hạn kỷ luật",
                "period_end",
                parse="date",
                required=True,
                help=gettext_lazy("Dạng dd/mm/yyyy, không trước ngày quyết định."),
            ),
            Column(
                "Quyết định",
                "decision_ref",
                max_length=Discipline._meta.get_field("decision_ref").max_length,
                help=gettext_lazy("Số, ký hiệu quyết định kỷ luật. Có thể để trống."),
            ),
        ),
        ("person_id", "form", "decided_on"),
        ("period_end", "decision_ref"),
    ),
    Sheet(
        "pending",
        "Việc đang xem xét",
        gettext_lazy("Việc đang xem xét (kỷ luật, thanh tra, khiếu nại)"),
        PERSON,
        PendingCase,
        (
            IDENT,
            Column(
                "Loại việc", "kind", parse="pending_kind", required=True, help=gettext_lazy("Theo danh sách bên dưới.")
            ),
            Column("Từ ngày", "opened_on", parse="date", required=True, help=gettext_lazy("Dạng dd/mm/yyyy.")),
            Column(
                "Kết thúc ngày",
                "closed_on",
                parse="date",
                help=gettext_lazy("Dạng dd/mm/yyyy; để trống nếu còn đang xem xét."),
            ),
            Column(
                "Ghi chú",
                "note",
                max_length=PendingCase._meta.get_field("note").max_length,
                help=gettext_lazy("Có thể để trống."),
            ),
        ),
        ("person_id", "kind", "opened_on"),
        ("closed_on", "note"),
    ),
)

BY_KIND = {sheet.kind: sheet for sheet in SHEETS}
