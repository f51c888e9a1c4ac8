"""Predicate parameters: their declared types and the check of a value against a type."""

from dataclasses import dataclass

from eligibility.engine.vocabulary import (
    ACHIEVEMENT_KINDS,
    COMMENDATION_KINDS,
    DISCIPLINE_FORMS,
    FORMS,
    INITIATIVE_KINDS,
    INITIATIVE_LEVELS,
    RATINGS,
    TITLES,
)


@dataclass(frozen=True)
class Spec:
    """A predicate parameter: its type, whether it must be given, its default."""

    type: str
    required: bool = True
    default: object = None


def check_value(kind: str, value) -> str | None:
    """None when ``value`` fits the parameter type ``kind``, else what is wrong (Vietnamese)."""
    choices = {
        "rating": RATINGS,
        "title": tuple(TITLES),
        "award": tuple(FORMS),
        "form": DISCIPLINE_FORMS,
        "level": INITIATIVE_LEVELS,
        "achievement": ACHIEVEMENT_KINDS,
    }
    if kind in choices:
        if value not in choices[kind]:
            what = {"title": "mã danh hiệu", "award": "mã hình thức khen thưởng"}.get(kind, "giá trị")
            return f"{what} không hợp lệ: {value!r} (hợp lệ: {', '.join(choices[kind])})"
        return None
    if kind in ("initiative_kinds", "commendation_kinds"):
        allowed = INITIATIVE_KINDS if kind == "initiative_kinds" else COMMENDATION_KINDS
        if not isinstance(value, list | tuple) or not value or any(v not in allowed for v in value):
            return f"cần một danh sách khác rỗng lấy trong {', '.join(allowed)}, nhận {value!r}"
        return None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return f"cần một số nguyên không âm, nhận {value!r}"
        return None
    if kind == "positive":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"cần một số nguyên dương, nhận {value!r}"
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return f"cần một số không âm, nhận {value!r}"
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else f"cần true hoặc false, nhận {value!r}"
    raise ValueError(f"Unknown parameter type {kind}")
