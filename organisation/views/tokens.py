"""The user's own API keys: issue one (shown once), list them, revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from organisation import services
from organisation.models import ApiToken

MAX_PK = 2**63 - 1


class TokenForm(forms.Form):
    # Lives here, not in forms.py, because only this page uses it.
    name = forms.CharField(
        label=gettext_lazy("Tên khoá"),
        max_length=100,
        help_text=gettext_lazy("Để nhận ra khoá sau này, ví dụ: Đồng bộ phần mềm nhân sự."),
    )


@never_cache  # the page may carry a raw key: no copy in any cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    new_token = raw_key = None
    if request.method == "POST" and form.is_valid():
        new_token, raw_key = services.issue_api_token(request.user, name=form.cleaned_data["name"], by=request.user)
        form = TokenForm()
    tokens = request.user.api_tokens.order_by("revoked", "-created_at")
    context = {"form": form, "tokens": tokens, "new_token": new_token, "raw_key": raw_key}
    return render(request, "organisation/token_list.html", context)


@login_required
@require_POST
def token_revoke(request, pk):
    if pk > MAX_PK:
        raise Http404
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if services.revoke_api_token(token, by=request.user):
        messages.success(request, _("Đã thu hồi khoá %(name)s.") % {"name": token.name})
    return redirect("organisation:token_list")
