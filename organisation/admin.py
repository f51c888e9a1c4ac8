from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from audit import services as audit
from audit.models import AuditEvent
from organisation.forms import UnitPeriodForm
from organisation.models import (
    ApiToken,
    Assignment,
    ImportJob,
    Person,
    PersonRating,
    RoleGrant,
    Unit,
    UnitChange,
    UnitRating,
    UnitSuccession,
    User,
)


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are writes like any other: each one leaves an audit row."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changes = {
            name: [None, str(form.cleaned_data.get(name))] for name in form.changed_data if "password" not in name
        }
        audit.record(
            request.user, AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE, obj, changes, note="admin"
        )

    def delete_model(self, request, obj):
        audit.record(request.user, AuditEvent.Action.DELETE, obj, {}, note="admin")
        super().delete_model(request, obj)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class ThiDuaUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [RoleGrantInline]
    autocomplete_fields = ["person"]
    list_display = ["username", "first_name", "last_name", "person", "is_active", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ["person"]}),)


class UnitAdminForm(UnitPeriodForm):
    """The rules of ``services.create_unit`` / ``update_unit`` (a ref unique whatever its case, a period that
    ends after it starts) as form errors, not a refused save."""

    def clean_ref(self):
        from organisation import services

        ref = self.cleaned_data["ref"]
        try:
            services.check_ref_free(ref, self.instance if self.instance.pk else None)
        except services.IdentifierTaken as taken:
            raise forms.ValidationError(str(taken)) from None
        return ref


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    form = UnitAdminForm
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "ref", "name", "name_folded"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    # Parent changes must rewrite the subtree's paths: the form refuses them, services.move_unit does it.

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["parent"] if obj else [])

    def save_model(self, request, obj, form, change):
        from organisation import services

        if change:
            services.update_unit(obj, by=request.user, **{f: form.cleaned_data[f] for f in form.changed_data})
        else:
            created = services.create_unit(
                by=request.user,
                **{f: form.cleaned_data.get(f) or "" for f in ["ref", "code", "name", "short_name", "kind"]},
                parent=form.cleaned_data.get("parent"),
                valid_from=form.cleaned_data.get("valid_from"),
                valid_to=form.cleaned_data.get("valid_to"),
            )
            obj.pk = created.pk


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["unit", "start", "end", "position", "basis"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "ident", "rank", "position", "unit"]
    list_filter = ["sex", "rank"]
    search_fields = ["ident", "full_name", "name_folded"]
    list_select_related = ["unit"]
    readonly_fields = ["unit"]
    inlines = [AssignmentInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(PersonRating)
class PersonRatingAdmin(AuditedAdmin):
    list_display = ["person", "year", "rating"]
    list_filter = ["year", "rating"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


@admin.register(UnitRating)
class UnitRatingAdmin(AuditedAdmin):
    list_display = ["unit", "year", "rating"]
    list_filter = ["year", "rating"]
    raw_id_fields = ["unit"]


admin.site.register(
    UnitChange, AuditedAdmin, list_display=["unit", "kind", "date", "old_value", "new_value"], raw_id_fields=["unit"]
)
admin.site.register(
    UnitSuccession,
    AuditedAdmin,
    list_display=["predecessor", "successor", "kind", "date"],
    raw_id_fields=["predecessor", "successor"],
)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    list_filter = ["revoked"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "created_by", "kind", "original_name", "status", "processed_rows", "total_rows"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
