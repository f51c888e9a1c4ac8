from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationConfig(AppConfig):
    name = "commendation"
    verbose_name = _("Đề nghị, Hội đồng, quyết định khen thưởng")
