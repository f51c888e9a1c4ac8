"""The base salary table in the admin: every save goes through ``commendation.services.salaries``
(checked and audited). Rows are corrected, not deleted: issued decisions keep their own amount."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from audit.admin import AuditedModelAdmin
from commendation.models import BaseSalary
from commendation.services import salaries
from eligibility.services import AwardsError
from honours.permissions import can_edit_catalogue


class BaseSalaryForm(forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = salaries.FIELDS

    def clean(self):
        data = super().clean()
        try:
            salaries.clean_values(
                {name: data[name] for name in salaries.FIELDS if name in data},
                self.instance if self.instance.pk else None,
            )
        except AwardsError as error:
            raise ValidationError(str(error)) from None
        return data


@admin.register(BaseSalary)
class BaseSalaryAdmin(AuditedModelAdmin):
    form = BaseSalaryForm
    list_display = ["valid_from", "amount", "legal_basis"]
    search_fields = ["legal_basis"]

    def has_add_permission(self, request):
        return can_edit_catalogue(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_catalogue(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            salaries.update_base_salary(
                obj, by=request.user, **{name: form.cleaned_data[name] for name in form.changed_data}
            )
        else:
            obj.pk = salaries.create_base_salary(
                by=request.user, **{name: form.cleaned_data[name] for name in salaries.FIELDS}
            ).pk
