"""The signed-in user's own password: Django's ``PasswordChangeView`` in the project's form style, audited."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisation.services.passwords import WRONG_OLD_PASSWORD, record_password_change


class OwnPasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": WRONG_OLD_PASSWORD,
        "password_mismatch": gettext_lazy("Hai lần nhập mật khẩu mới không khớp."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = gettext_lazy("Mật khẩu hiện tại")
        self.fields["new_password1"].label = gettext_lazy("Mật khẩu mới")
        self.fields["new_password2"].label = gettext_lazy("Nhập lại mật khẩu mới")
        self.fields["new_password2"].help_text = ""


class OwnPasswordChangeView(PasswordChangeView):
    """Other sessions of the user end (their session hash no longer matches); this one stays signed in."""

    form_class = OwnPasswordForm
    template_name = "organisation/password_change.html"
    success_url = reverse_lazy("organisation:password_change")

    def form_valid(self, form):
        with transaction.atomic():
            form.save()
            record_password_change(form.user)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return HttpResponseRedirect(self.get_success_url())


password_change = OwnPasswordChangeView.as_view()
