"""The yearly rating (xếp loại) of a unit or a person."""

from ninja import Schema

from organisation.models import Rating


class RatingOut(Schema):
    year: int
    rating: Rating


class RatingIn(Schema):
    rating: Rating
