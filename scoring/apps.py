from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Chấm điểm, xếp hạng")

    def ready(self):
        # A block started next year carries a draft copy of its rubric.
        from cycle.services.blocks import AFTER_NEXT_YEAR
        from scoring.services.rubrics import carry_rubric_to_next_year

        if carry_rubric_to_next_year not in AFTER_NEXT_YEAR:
            AFTER_NEXT_YEAR.append(carry_rubric_to_next_year)
