from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_summary(sender, using="default", **kwargs):
    """After every migrate and test flush: the award summary's triggers are there and it adds up."""
    from django.db import connections

    from stats import summary

    summary.ensure(connections[using])


def _after_award_bulk_load(cursor, model):
    from stats import summary

    summary.rebuild(cursor.db)


def _before_reset(cursor):
    from stats import summary

    summary.uninstall(cursor.db)  # the reset deletes millions of awards: one rebuild, not one upsert each


def _after_reset(cursor):
    from stats import summary

    summary.install(cursor.db)
    summary.rebuild(cursor.db)


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Thống kê, báo cáo")

    def ready(self):
        from honours.models import FormAward, TitleAward
        from organisation.bulk import AFTER_BULK_LOAD, AFTER_RESET_HOOKS, RESET_HOOKS

        post_migrate.connect(_ensure_summary, sender=self, dispatch_uid="stats.ensure_summary")
        for model in (TitleAward, FormAward):
            hooks = AFTER_BULK_LOAD.setdefault(model._meta.label, [])
            if _after_award_bulk_load not in hooks:
                hooks.append(_after_award_bulk_load)
        if _before_reset not in RESET_HOOKS:
            RESET_HOOKS.insert(0, _before_reset)
        if _after_reset not in AFTER_RESET_HOOKS:
            AFTER_RESET_HOOKS.append(_after_reset)
