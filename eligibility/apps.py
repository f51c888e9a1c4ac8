from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = _("Xét điều kiện khen thưởng")

    def ready(self):
        from eligibility.facts import PROVIDERS
        from organisation.services import YEARLY_FACT_PROVIDERS

        # person_yearly_record shows titles, award forms, initiatives and discipline too.
        for provider in PROVIDERS:
            if provider not in YEARLY_FACT_PROVIDERS:
                YEARLY_FACT_PROVIDERS.append(provider)
