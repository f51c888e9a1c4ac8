from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def points(value) -> str:
    """A score with at most two decimals and none it does not need, in the active language's format:
    88,5 · 100 · −2,25. Empty for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(round(float(value), 2))).normalize()
    places = max(0, -number.as_tuple().exponent)
    return formats.number_format(number, places).replace("-", "−")
