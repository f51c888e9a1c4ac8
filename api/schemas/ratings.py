"""The yearly rating (xếp loại) of a unit or a person."""

from ninja import Field, Schema

from api.schemas.common import Id
from organisation.models import Rating

MAX_RATINGS = 5000  # a large unit's people in one request


class RatingOut(Schema):
    year: int
    rating: Rating


class RatingIn(Schema):
    rating: Rating


class PersonRatingIn(Schema):
    person: Id
    rating: Rating


class PersonRatingsIn(Schema):
    ratings: list[PersonRatingIn] = Field(min_length=1, max_length=MAX_RATINGS)


class RatingsOut(Schema):
    year: int
    rows: int = Field(description="Số dòng đã nhận.")
    changed: int = Field(description="Số xếp loại mới hoặc thay đổi (các dòng không đổi không ghi lại).")


class UnitRatingIn(Schema):
    unit: Id
    rating: Rating


class UnitRatingsIn(Schema):
    ratings: list[UnitRatingIn] = Field(min_length=1, max_length=MAX_RATINGS)
