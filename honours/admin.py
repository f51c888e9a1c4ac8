"""The catalogue in the admin: every save goes through ``honours.services`` (checked and audited);
titles and award forms are never deleted here (awards protect them; ``active`` retires an entry)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedModelAdmin
from honours import services
from honours.models import AwardForm, CommendationKind, Title
from honours.permissions import can_edit_catalogue


class CatalogueEntryForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("loại khen thưởng phục vụ"),
        choices=CommendationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        data = super().clean()
        values = {name: data[name] for name in services.EDITABLE if name in data}
        try:
            if not self.instance.pk and data.get("code"):
                services.check_code(type(self.instance), data["code"])
            services.clean_values(values)
        except services.HonoursError as error:
            raise ValidationError(str(error)) from None
        return data


class CatalogueEntryAdmin(AuditedModelAdmin):
    form = CatalogueEntryForm
    list_display = ["code", "name", "recipient", "level", "bonus_multiple", "rank", "legal_basis", "active"]
    list_filter = ["recipient", "level", "active"]
    search_fields = ["code", "name", "legal_basis"]
    fields = ["code", "name", "recipient", "level", "bonus_multiple", "kinds", "rank", "legal_basis", "active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_add_permission(self, request):
        return can_edit_catalogue(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_catalogue(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in services.EDITABLE if name in form.cleaned_data}
        if change:
            changed = {name: values[name] for name in form.changed_data if name in values}
            services.update_catalogue_entry(obj, by=request.user, **changed)
        else:
            created = services.create_catalogue_entry(
                type(obj), by=request.user, code=form.cleaned_data["code"], **values
            )
            obj.pk = created.pk


@admin.register(Title)
class TitleAdmin(CatalogueEntryAdmin):
    pass


@admin.register(AwardForm)
class AwardFormAdmin(CatalogueEntryAdmin):
    pass
