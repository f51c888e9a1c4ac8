from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Danh hiệu, khen thưởng")

    def ready(self):
        from awards.dataset import reset_facts
        from awards.facts import PROVIDERS
        from organisation.dataset import RESET_HOOKS
        from organisation.services import YEARLY_FACT_PROVIDERS

        if reset_facts not in RESET_HOOKS:  # generate_dataset --reset deletes the facts first
            RESET_HOOKS.append(reset_facts)

        # person_yearly_record shows titles, award forms, initiatives and discipline too.
        for provider in PROVIDERS:
            if provider not in YEARLY_FACT_PROVIDERS:
                YEARLY_FACT_PROVIDERS.append(provider)
