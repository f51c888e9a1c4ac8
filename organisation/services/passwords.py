"""A user changes their own password (the "Đổi mật khẩu" page and ``POST /api/v1/me/password``): the current
password first, the new one through Django's validators, then one audit row (the password itself never)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from audit.models import AuditEvent
from organisation.services import FieldRefused

WRONG_OLD_PASSWORD = gettext_lazy("Mật khẩu hiện tại không đúng. Xin nhập lại.")


def record_password_change(user) -> None:
    audit.record(user, AuditEvent.Action.UPDATE, user, {"password": ["***", "***"]}, note=_("Tự đổi mật khẩu"))


@transaction.atomic
def change_own_password(user, *, old_password: str, new_password: str):
    """Refused (``FieldRefused``): a wrong ``old_password``; a ``new_password`` Django's validators reject.
    Other sessions of the user end as Django ends them (the session hash changes); the caller keeps its own
    session with ``update_session_auth_hash``."""
    if not user.check_password(old_password):
        raise FieldRefused("old_password", str(WRONG_OLD_PASSWORD))
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise FieldRefused("new_password", " ".join(error.messages)) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_password_change(user)
    return user
