from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = _("Phong trào, khối thi đua")

    def ready(self):
        from organisation.services import HOME_PROVIDERS

        if home_sections not in HOME_PROVIDERS:
            HOME_PROVIDERS.append(home_sections)


def home_sections(user, today) -> dict:
    """The home page's part of the cycle: what the user owes, and their latest unread notifications."""
    from cycle.services.tasks import open_tasks, unread_notifications

    return {"tasks": open_tasks(user, today), "notifications": unread_notifications(user, limit=5)}
