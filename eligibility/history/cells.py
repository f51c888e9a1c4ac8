"""The cells of a history file: text, dates, years, the choice columns (read by their code or their label, in
Vietnamese or in the active language, through ``organisation.imports.cells.choice_lookup``) and catalogue codes."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from documents import xlsx
from documents.xlsx import Column
from eligibility.models import DisciplineForm, InitiativeKind, InitiativeLevel, PendingKind
from honours.models import AwardForm, CommendationKind, Recipient, Title
from organisation.imports.cells import choice_lookup
from organisation.models import Rating
from organisation.text import fold

MIN_YEAR = 1945
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class Lookups:
    """What the cells of one run are read against: the choices and the catalogue (two queries)."""

    def __init__(self):
        self.choices = {
            "rating": choice_lookup(Rating.choices),
            "commendation_kind": choice_lookup(CommendationKind.choices),
            "initiative_kind": choice_lookup(InitiativeKind.choices),
            "initiative_level": choice_lookup(InitiativeLevel.choices),
            "discipline_form": choice_lookup(DisciplineForm.choices),
            "pending_kind": choice_lookup(PendingKind.choices),
        }
        self.titles = {fold(t.code): t for t in Title.objects.all()}
        self.forms = {fold(f.code): f for f in AwardForm.objects.all()}
        self.last_year = timezone.localdate().year
        self.memo: dict[tuple[str, str], tuple[object, str | None]] = {}  # (parse, text) -> clean's answer


def clean(column: Column, raw, lookups: Lookups) -> tuple[object, str | None]:
    """The cell's value (None or "" when empty) and the problem with it, if any."""
    text = xlsx.cell_text(raw)
    parse = column.parse
    if not text:
        return ("" if parse == "text" else None), xlsx.text_problem(column, text)
    if parse == "text":
        return text, xlsx.text_problem(column, text)
    if parse == "date":
        if match := _DAY.fullmatch(text):  # the usual dd/mm/yyyy read at once (strptime is slower)
            try:
                return datetime.date(int(match[3]), int(match[2]), int(match[1])), None
            except ValueError:
                pass
        try:
            return xlsx.cell_date(raw, text), None
        except ValueError:
            return None, _("Ngày không hợp lệ: %(value)s. Ghi theo dạng dd/mm/yyyy.") % {"value": text}
    if parse == "year":
        if _YEAR.fullmatch(text) and MIN_YEAR <= int(text) <= lookups.last_year:
            return int(text), None
        return None, _("Năm không hợp lệ: %(value)s. Ghi năm từ %(first)s đến %(last)s.") % {
            "value": text,
            "first": MIN_YEAR,
            "last": lookups.last_year,
        }
    key = (parse, text)
    if (known := lookups.memo.get(key)) is None:
        known = lookups.memo[key] = _choice(parse, text, lookups)
    return known


def _choice(parse: str, text: str, lookups: Lookups) -> tuple[object, str | None]:
    """A choice or catalogue cell's value and problem (once per distinct text of a run)."""
    folded = fold(text)
    if parse == "title":
        found = lookups.titles.get(folded)
        return found, None if found else _("Không có danh hiệu mã %(value)s trong danh mục.") % {"value": text}
    if parse == "form":
        found = lookups.forms.get(folded)
        return found, None if found else _("Không có hình thức khen thưởng mã %(value)s trong danh mục.") % {
            "value": text
        }
    if parse == "used_for":
        found = lookups.titles.get(folded) or lookups.forms.get(folded)
        if found is None:
            return None, _("Không có danh hiệu hoặc hình thức khen thưởng mã %(value)s trong danh mục.") % {
                "value": text
            }
        if found.recipient != Recipient.INDIVIDUAL:
            return None, _("%(name)s là khen thưởng tập thể; sáng kiến của cá nhân không dùng để xét.") % {
                "name": found.name
            }
        return found, None
    value = lookups.choices[parse].get(folded)
    if value is None:
        return None, _("Giá trị không hợp lệ: %(value)s. Xem danh sách trong sheet Hướng dẫn.") % {"value": text}
    return value, None
