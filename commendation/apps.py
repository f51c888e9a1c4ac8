from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationConfig(AppConfig):
    name = "commendation"
    verbose_name = _("Đề nghị, Hội đồng, quyết định khen thưởng")

    def ready(self):
        from commendation.home import home_sections
        from commendation.services.history_decisions import record_history_decisions
        from eligibility.history.writing import AFTER_IMPORT
        from organisation.services import HOME_PROVIDERS

        if home_sections not in HOME_PROVIDERS:
            HOME_PROVIDERS.append(home_sections)
        if record_history_decisions not in AFTER_IMPORT:
            AFTER_IMPORT.append(record_history_decisions)
