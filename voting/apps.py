from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Bỏ phiếu")

    def ready(self):
        # A block copied to next year is led by the pair its last applied election chose.
        from cycle.services.blocks import NEXT_YEAR_LEADERS
        from voting.services import elected_for_next_year

        if elected_for_next_year not in NEXT_YEAR_LEADERS:
            NEXT_YEAR_LEADERS.append(elected_for_next_year)
