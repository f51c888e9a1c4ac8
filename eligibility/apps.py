from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_stale_marks(sender, using="default", **kwargs):
    """After every migrate and test flush: the stale-mark triggers of stored verdicts are there."""
    from django.db import connections

    from eligibility import freshness

    freshness.ensure(connections[using])


def _mark_everything(cursor, model=None):
    """A bulk load ran with the triggers off (PostgreSQL), or the organisation was reset: nothing stored is current."""
    from eligibility import freshness

    freshness.mark_everything(cursor.db)


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = _("Xét điều kiện khen thưởng")

    def ready(self):
        from django.apps import apps

        from eligibility import freshness
        from eligibility.facts import PROVIDERS
        from organisation.bulk import AFTER_BULK_LOAD, AFTER_RESET_HOOKS
        from organisation.services import YEARLY_FACT_PROVIDERS

        # person_yearly_record shows titles, award forms, initiatives and discipline too.
        for provider in PROVIDERS:
            if provider not in YEARLY_FACT_PROVIDERS:
                YEARLY_FACT_PROVIDERS.append(provider)
        post_migrate.connect(_ensure_stale_marks, sender=self, dispatch_uid="eligibility.ensure_stale_marks")
        watched = {m._meta.label for m in apps.get_models() if m._meta.db_table in freshness.WATCHED}
        for label in watched:
            hooks = AFTER_BULK_LOAD.setdefault(label, [])
            if _mark_everything not in hooks:
                hooks.append(_mark_everything)
        if _mark_everything not in AFTER_RESET_HOOKS:
            AFTER_RESET_HOOKS.append(_mark_everything)
