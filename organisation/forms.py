from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Person, Rating, Unit
from organisation.params import review_year

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class UnitPeriodForm(forms.ModelForm):
    """A unit's validity period must end after it starts (the rule of ``services.create_unit`` / ``update_unit``),
    shown as a form error on the end date."""

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày kết thúc hiệu lực phải sau ngày bắt đầu."))
        return data


class UnitForm(UnitPeriodForm):
    change_date = forms.DateField(
        label=_("Ngày hiệu lực của việc đổi tên"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Chỉ cần khi đổi tên đơn vị; mặc định là hôm nay."),
    )
    basis = forms.CharField(label=_("Căn cứ (số quyết định)"), required=False, max_length=255)

    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "birth_date", "sex", "rank", "position", "service_start"]
        widgets = {"birth_date": DATE_WIDGET, "service_start": DATE_WIDGET}


class TransferForm(forms.Form):
    unit_ref = forms.CharField(
        label=_("Mã định danh đơn vị mới"), max_length=40, help_text=_("Ví dụ CAQB-PH10; tra cứu ở trang Đơn vị.")
    )
    start = forms.DateField(label=_("Từ ngày"), widget=DATE_WIDGET)
    position = forms.CharField(label=_("Chức vụ tại đơn vị mới"), max_length=120, required=False)
    basis = forms.CharField(label=_("Căn cứ (số quyết định)"), max_length=255, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_unit_ref(self):
        ref = self.cleaned_data["unit_ref"].strip()
        unit = self.units.filter(ref__iexact=ref).first() if self.units is not None else None
        if unit is None:
            raise forms.ValidationError(
                _("Không tìm thấy đơn vị có mã định danh “%(ref)s” trong phạm vi bạn quản lý."), params={"ref": ref}
            )
        return unit


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100, initial=review_year)
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=Rating.choices)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã cán bộ"), required=False, max_length=120)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    subunits = forms.BooleanField(label=_("Gồm cả đơn vị cấp dưới"), required=False, initial=True)
    rank = forms.ChoiceField(
        label=_("Cấp bậc"),
        required=False,
        choices=[("", _("Tất cả"))] + [c for c in Person._meta.get_field("rank").choices if c[0]],
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"), required=False, choices=[("", _("Tất cả"))] + list(Person._meta.get_field("sex").choices)
    )
