from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SESSION_DISPLAY_NAME = "display_name"  # the top bar's name of the signed-in user (base.html)


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Tổ chức, cán bộ")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from organisation import otp

        user_logged_in.connect(remember_display_name, dispatch_uid="organisation.remember_display_name")
        user_logged_in.connect(otp.login_completed, dispatch_uid="organisation.otp.login_completed")


def remember_display_name(sender, request, user, **kwargs) -> None:
    """Keep the name of the person the login belongs to in the session, read once at login: the top bar
    shows it on every page without a query of its own. A login linked to no person keeps its full name
    or username (base.html's fallbacks)."""
    if request is None or not hasattr(request, "session"):
        return
    person = user.person if user.person_id else None
    name = person.full_name if person is not None else ""
    if name:
        request.session[SESSION_DISPLAY_NAME] = name
    else:
        request.session.pop(SESSION_DISPLAY_NAME, None)
