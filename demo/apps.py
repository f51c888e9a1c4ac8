from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Dữ liệu mẫu")

    def ready(self):
        from demo.dataset.honours import reset_facts
        from organisation.bulk import RESET_HOOKS

        if reset_facts not in RESET_HOOKS:  # generate_dataset --reset deletes the facts first
            RESET_HOOKS.append(reset_facts)
