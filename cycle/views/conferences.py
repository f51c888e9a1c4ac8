"""Conferences of a block and their attendance: every reader of the block sees them; the leader's
officers and the manager record them."""

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from audit.services import history_of
from cycle import permissions
from cycle.models import Conference
from cycle.services import CycleError
from cycle.services import conferences as services
from organisation.forms import DATE_WIDGET


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = services.CONFERENCE_FIELDS
        widgets = {"date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 4})}


class AttendanceForm(forms.Form):
    """Per member unit: present, representative and position."""

    def __init__(self, *args, units, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            row = attendance.get(unit.pk)
            self.fields[f"present_{unit.pk}"] = forms.BooleanField(
                label=gettext_lazy("Có mặt"), required=False, initial=row.present if row else False
            )
            self.fields[f"representative_{unit.pk}"] = forms.CharField(
                label=gettext_lazy("Người dự"),
                max_length=120,
                required=False,
                initial=row.representative if row else "",
            )
            self.fields[f"position_{unit.pk}"] = forms.CharField(
                label=gettext_lazy("Chức vụ"), max_length=120, required=False, initial=row.position if row else ""
            )

    def rows(self):
        return [
            (u, self[f"present_{u.pk}"], self[f"representative_{u.pk}"], self[f"position_{u.pk}"]) for u in self.units
        ]

    def attendance(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            u.pk: {
                "present": data[f"present_{u.pk}"],
                "representative": data[f"representative_{u.pk}"],
                "position": data[f"position_{u.pk}"],
            }
            for u in self.units
        }


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request, pk):
    block = permissions.get_block_for_user(request.user, pk, lead=True)
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.create_conference(block, by=request.user, **form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi hội nghị; hãy ghi thành phần tham dự."))
            return redirect("cycle:attendance_edit", conference_pk=conference.pk)
    return render(request, "cycle/conference_form.html", {"nav": "cycle", "khoi": block, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def conference_detail(request, conference_pk):
    """The conference and who attended; the leader's officers edit its details here."""
    conference = permissions.get_conference_for_user(request.user, conference_pk, lead=request.method == "POST")
    can_lead = permissions.can_lead_block(request.user, conference.block)
    # The form validates a copy: a ModelForm writes into its instance, and the service must see the
    # values before the change to audit them.
    form = ConferenceForm(request.POST or None, instance=copy.copy(conference)) if can_lead else None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_conference(copy.copy(conference), by=request.user, **form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu hội nghị."))
            return redirect("cycle:conference_detail", conference_pk=conference.pk)
    attendance = {a.unit_id: a for a in conference.attendance.all()}
    rows = [(m.unit, attendance.get(m.unit_id)) for m in conference.block.memberships.select_related("unit")]
    context = {
        "nav": "cycle",
        "conference": conference,
        "khoi": conference.block,
        "form": form,
        "can_lead": can_lead,
        "can_manage": permissions.can_manage_block(request.user, conference.block),
        "rows": rows,
        "present": sum(1 for a in attendance.values() if a.present),
        "audit": history_of(conference)[:50],
    }
    return render(request, "cycle/conference_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request, conference_pk):
    conference = permissions.get_conference_for_user(request.user, conference_pk, lead=True)
    units = [m.unit for m in conference.block.memberships.select_related("unit")]
    # Bound on every POST: a form with every box unticked and every name blank is still an answer.
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        units=units,
        attendance={a.unit_id: a for a in conference.attendance.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(conference, form.attendance(), by=request.user)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu thành phần tham dự."))
            return redirect("cycle:conference_detail", conference_pk=conference.pk)
    return render(
        request,
        "cycle/conference_attendance.html",
        {"nav": "cycle", "conference": conference, "khoi": conference.block, "form": form},
    )
