from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Thông tin thi đua")

    def ready(self):
        # The block page warns when the stored standings disagree with the final leaderboard.
        from cycle.services.blocks import BLOCK_NOTICES
        from news.standings import block_notices

        if block_notices not in BLOCK_NOTICES:
            BLOCK_NOTICES.append(block_notices)
