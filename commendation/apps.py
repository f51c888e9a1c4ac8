from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationConfig(AppConfig):
    name = "commendation"
    verbose_name = _("Đề nghị, Hội đồng, quyết định khen thưởng")

    def ready(self):
        from commendation.home import home_sections
        from organisation.services import HOME_PROVIDERS

        if home_sections not in HOME_PROVIDERS:
            HOME_PROVIDERS.append(home_sections)
