from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cycle.models import Block, Movement
from organisation.forms import DATE_WIDGET


class UnitRefsField(forms.CharField):
    """Unit refs, one per line or comma-separated, resolved within ``units`` by the form."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [part.strip() for part in value.replace(",", "\n").splitlines() if part.strip()]


def resolve_refs(form, field: str, refs: list[str], units):
    """The units named by ``refs`` (case-insensitive) within ``units``; unknown refs are a form error."""
    if not refs:
        return []
    query = Q()
    for ref in refs:
        query |= Q(ref__iexact=ref)
    found = {u.ref.upper(): u for u in units.filter(query)}
    missing = [r for r in refs if r.upper() not in found]
    if missing:
        form.add_error(field, _("Không tìm thấy đơn vị: %(refs)s.") % {"refs": ", ".join(missing)})
    return [found[r.upper()] for r in refs if r.upper() in found]


class MovementForm(forms.ModelForm):
    launched_by_ref = forms.CharField(label=_("Đơn vị phát động (mã định danh)"), max_length=40)
    covers_refs = UnitRefsField(
        label=_("Phạm vi: các đơn vị tham gia (mã định danh, mỗi dòng một mã)"),
        required=False,
        help_text=_("Để trống: toàn bộ đơn vị thuộc đơn vị phát động."),
    )

    class Meta:
        model = Movement
        fields = ["name", "kind", "year", "start_date", "end_date", "theme", "slogan", "description"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["year"].widget.attrs.update(min=1945, max=2100)
        if self.instance.pk:
            self.fields["launched_by_ref"].initial = self.instance.launched_by.ref
            self.fields["covers_refs"].initial = "\n".join(self.instance.covers.values_list("ref", flat=True))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        if data.get("year") is not None and not 1945 <= data["year"] <= 2100:
            self.add_error("year", _("Năm phải trong khoảng 1945–2100."))
        launched = (
            resolve_refs(self, "launched_by_ref", [data.get("launched_by_ref", "")], self.units)
            if data.get("launched_by_ref")
            else []
        )
        data["launched_by"] = launched[0] if launched else None
        data["covers"] = resolve_refs(self, "covers_refs", data.get("covers_refs") or [], self.units)
        return data


class BlockForm(forms.ModelForm):
    managed_by_ref = forms.CharField(
        label=_("Cơ quan quản lý khối (mã định danh)"),
        max_length=40,
        help_text=_("Ví dụ CAQB: Hội đồng TĐKT Công an tỉnh."),
    )
    member_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thành viên"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    extra_refs = UnitRefsField(
        label=_("Thành viên khác (mã định danh, mỗi dòng một mã)"),
        required=False,
        help_text=_("Cho các đơn vị ngoài cơ quan quản lý, ví dụ Viện kiểm sát, Tòa án."),
    )

    class Meta:
        model = Block
        fields = ["year", "kind", "name", "number", "movement", "registration_deadline"]
        widgets = {"registration_deadline": DATE_WIDGET}

    def __init__(self, *args, units=None, candidates=None, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["member_units"].queryset = candidates
        self.fields["member_units"].label_from_instance = lambda u: f"{u.code} – {u.name}"
        self.fields["movement"].queryset = movements
        if self.instance.pk:
            self.fields["managed_by_ref"].initial = self.instance.managed_by.ref
            self.fields["managed_by_ref"].disabled = True
            member_ids = set(self.instance.memberships.values_list("unit_id", flat=True))
            candidate_ids = set(candidates.values_list("pk", flat=True))
            self.fields["member_units"].initial = sorted(member_ids & candidate_ids)
            self.fields["extra_refs"].initial = "\n".join(
                self.instance.members.exclude(pk__in=candidate_ids).values_list("ref", flat=True)
            )

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            data["managed_by"] = self.instance.managed_by
        else:
            found = (
                resolve_refs(self, "managed_by_ref", [data.get("managed_by_ref", "")], self.units)
                if data.get("managed_by_ref")
                else []
            )
            data["managed_by"] = found[0] if found else None
        extra = resolve_refs(self, "extra_refs", data.get("extra_refs") or [], self.units.model.objects.all())
        members = list(data.get("member_units") or []) + [u for u in extra if u not in (data.get("member_units") or [])]
        if len(members) < 2:
            self.add_error("member_units", _("Một khối thi đua cần ít nhất hai đơn vị thành viên."))
        data["members"] = members
        return data


class LeadersForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("Khối trưởng"), queryset=None, required=False)
    deputy = forms.ModelChoiceField(label=_("Khối phó"), queryset=None, required=False)
    basis = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        help_text=_("Ví dụ: Kết quả suy tôn tại Hội nghị tổng kết năm 2018; hoặc số quyết định."),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("leader", "deputy"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda u: f"{u.code} – {u.name}"

    def clean(self):
        data = super().clean()
        if data.get("leader") and data.get("leader") == data.get("deputy"):
            self.add_error("deputy", _("Khối trưởng và khối phó phải là hai đơn vị khác nhau."))
        return data
