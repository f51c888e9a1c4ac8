"""People, units, users and their roles in the admin: every write audited (``audit.admin.AuditedModelAdmin``);
units, API tokens and password changes go through ``organisation.services`` or audit like them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from audit.admin import AuditedModelAdmin, AuditedTabularInline, audited_action
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
from organisation.two_factor_admin import SECRET_FIELDS, reset_second_factor


class RoleGrantInline(AuditedTabularInline):
    model = RoleGrant
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class ThiDuaUserAdmin(AuditedModelAdmin, UserAdmin):
    inlines = [RoleGrantInline]
    autocomplete_fields = ["person"]
    list_display = ["username", "first_name", "last_name", "person", "is_active", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ["person"]}),)
    actions = [reset_second_factor]
    audit_secret_fields = AuditedModelAdmin.audit_secret_fields + SECRET_FIELDS  # a deleted user's devices

    def user_change_password(self, request, id, form_url=""):
        """The admin's own password form saves the user directly: audited here, the new hash never written out."""
        with transaction.atomic(using=self.model.objects.db):
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, id)
                audit.record(request.user, AuditEvent.Action.UPDATE, user, {"password": ["***", "***"]}, note="admin")
        return response


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
class UnitAdmin(AuditedModelAdmin):
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
            # The form has already written the new values into ``obj``: the service gets the stored unit, so that
            # its audit row holds the values before.
            stored = Unit.objects.get(pk=obj.pk)
            services.update_unit(stored, by=request.user, **{f: form.cleaned_data[f] for f in form.changed_data})
        else:
            created = services.create_unit(
                by=request.user,
                **{f: form.cleaned_data.get(f) or "" for f in ["ref", "code", "name", "short_name", "kind"]},
                parent=form.cleaned_data.get("parent"),
                valid_from=form.cleaned_data.get("valid_from"),
                valid_to=form.cleaned_data.get("valid_to"),
            )
            obj.pk = created.pk


class AssignmentInline(AuditedTabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["unit", "start", "end", "position", "basis"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["full_name", "ident", "rank", "position", "unit"]
    list_filter = ["sex", "rank"]
    search_fields = ["ident", "full_name", "name_folded"]
    list_select_related = ["unit"]
    readonly_fields = ["unit"]
    inlines = [AssignmentInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(PersonRating)
class PersonRatingAdmin(AuditedModelAdmin):
    list_display = ["person", "year", "rating"]
    list_filter = ["year", "rating"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


@admin.register(UnitRating)
class UnitRatingAdmin(AuditedModelAdmin):
    list_display = ["unit", "year", "rating"]
    list_filter = ["year", "rating"]
    raw_id_fields = ["unit"]


admin.site.register(
    UnitChange,
    AuditedModelAdmin,
    list_display=["unit", "kind", "date", "old_value", "new_value"],
    raw_id_fields=["unit"],
)
admin.site.register(
    UnitSuccession,
    AuditedModelAdmin,
    list_display=["predecessor", "successor", "kind", "date"],
    raw_id_fields=["predecessor", "successor"],
)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are issued on the user's token page (the key is shown once) and revoked by
    ``services.revoke_api_token``: here only renamed, revoked (an action) or deleted."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["user", "prefix", "key_hash", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Thu hồi các khoá API đã chọn"))
    @audited_action
    def revoke(self, request, queryset):
        from organisation import services

        revoked = sum(services.revoke_api_token(token, by=request.user) for token in queryset)
        self.message_user(request, _("Đã thu hồi %(n)d khoá API.") % {"n": revoked}, messages.SUCCESS)


@admin.register(ImportJob)
class ImportJobAdmin(AuditedModelAdmin):
    list_display = ["created_at", "created_by", "kind", "original_name", "status", "processed_rows", "total_rows"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """An import waiting or under way is left to its runner: deleting it would lose the work in progress."""
        in_progress = obj is not None and obj.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
        return super().has_delete_permission(request, obj) and not in_progress
