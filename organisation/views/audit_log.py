"""The audit log for the system's administrators, outside the Django admin: every write, filtered by
who, what kind of object and when; read-only, a page at a time."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from audit.display import object_type_label
from audit.models import AuditEvent
from organisation import permissions
from organisation.forms import DATE_WIDGET

PER_PAGE = 50


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"])
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"])

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Tất cả"))] + sorted(
            ((t, object_type_label(t)) for t in object_types), key=lambda choice: str(choice[1])
        )

    def filter(self, events):
        data = self.cleaned_data
        if data["user"]:
            events = events.filter(actor__username__iexact=data["user"].strip())
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        return events


@login_required
@require_GET
def audit_log(request):
    """Administrators only; anyone else gets 404 (the page is not in their menu)."""
    if not permissions.is_admin(request.user):
        raise Http404
    object_types = list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())
    form = AuditFilterForm(request.GET or None, object_types=object_types)
    events = AuditEvent.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    page = Paginator(events.order_by("-at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    for event in page:  # fetches the page, with the names its foreign keys point to (AuditEvent.objects)
        event.type_label = object_type_label(event.object_type)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisation/audit_log.html",
        {"nav": "audit", "form": form, "page": page, "query": query.urlencode()},
    )
