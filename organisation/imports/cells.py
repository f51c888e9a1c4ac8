"""The cells of a unit or people file: dates, the choice columns (unit kind, rank, sex) read by
their code or their label, in Vietnamese or in the active language."""

from django.utils import translation
from django.utils.translation import gettext as _

from documents import xlsx
from documents.xlsx import Column
from organisation.models import Rank, Sex, Unit
from organisation.text import fold

BATCH_SIZE = 1000
# Names that every export later writes into a spreadsheet: one starting as a formula is refused.
NAME_KEYS = frozenset({"name", "full_name"})


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def in_vietnamese(label) -> str:
    with translation.override("vi"):
        return str(label)


def choice_lookup(choices) -> dict[str, str]:
    """Folded value or label (in Vietnamese and in the active language) -> stored value."""
    lookup = {}
    for value, label in choices:
        for text in (value, str(label), in_vietnamese(label)):
            if text:
                lookup[fold(text)] = value
    return lookup


def lookups() -> dict[str, dict[str, str]]:
    return {
        "unit_kind": choice_lookup(Unit.Kind.choices),
        "rank": choice_lookup(Rank.choices),
        "sex": choice_lookup(Sex.choices),
    }


def _bad_choice(parse: str, text: str) -> str:
    if parse == "unit_kind":
        return _("Cấp/loại đơn vị không hợp lệ: %(value)s. Xem danh sách trong sheet Hướng dẫn.") % {"value": text}
    if parse == "rank":
        return _("Cấp bậc không hợp lệ: %(value)s. Xem danh sách trong sheet Hướng dẫn.") % {"value": text}
    return _("Giới tính không hợp lệ: %(value)s. Ghi Nam hoặc Nữ.") % {"value": text}


def clean(column: Column, raw, choices: dict[str, dict[str, str]]) -> tuple[object, str | None]:
    """The cell's value and the problem with it, if any. ``choices``: ``lookups()``."""
    text = xlsx.cell_text(raw)
    if not text:
        return (None if column.parse == "date" else ""), xlsx.text_problem(column, text)
    if column.parse == "date":
        try:
            return xlsx.cell_date(raw, text), None
        except ValueError:
            return None, _("Ngày không hợp lệ: %(value)s. Ghi theo dạng dd/mm/yyyy.") % {"value": text}
    if column.parse in choices:
        value = choices[column.parse].get(fold(text))
        return ("", _bad_choice(column.parse, text)) if value is None else (value, None)
    if column.key in NAME_KEYS and (problem := xlsx.formula_problem(text)):
        return text, problem
    return text, xlsx.text_problem(column, text)
