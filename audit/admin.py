"""The admin's writes are writes like any other: each one leaves an audit row.

Every ModelAdmin of the product stands on ``AuditedModelAdmin`` (``audit/tests/test_admin_audit.py`` walks the
admin site and checks it): a saved change form, each inline row added, changed or deleted, a deletion and each
object of a bulk "delete selected" (with everything the deletion takes along) is recorded through
``audit.services`` with the values before and after, in the admin's transaction. An admin that writes through a
service overrides ``save_model`` and lets the service audit. Inlines are ``AuditedTabularInline`` /
``AuditedStackedInline``: their rows are saved by the parent's ``save_formset``, which audits them.
A custom action audits what it writes itself (preferably by calling the service that does) and says so with
``@audited_action``: an action that does not is not offered. ``audit_every_admin`` (run once the admin site is
complete, by ``AuditConfig.ready``) puts the admins other packages register (Django's groups, the task queue,
django-axes) on the same base.
"""

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import models, router, transaction
from django.db.models.deletion import Collector

from audit import services as audit
from audit.models import AuditEvent

NOTE = "admin"
# Never in the audit log, even as the cascade of an admin deletion (see AuditEvent's docstring).
NEVER_AUDITED = {"voting.ballot"}
# Changed, but never written out: a hash, a key, a salt.
SECRET = "***"


def field_names(obj: models.Model) -> list[str]:
    return [field.name for field in obj._meta.concrete_fields]


def mask(changes: dict, secret: set[str]) -> dict:
    return {name: [SECRET, SECRET] if name in secret else values for name, values in changes.items()}


def deleted_along(objs, using: str) -> list[models.Model]:
    """``objs`` and every object their deletion deletes with them (cascades), as Django's deletion collects them."""
    collector = Collector(using=using)
    collector.collect(list(objs))
    found = [obj for instances in collector.data.values() for obj in instances]
    for queryset in collector.fast_deletes:
        found.extend(queryset)
    return [obj for obj in found if obj._meta.label_lower not in NEVER_AUDITED]


class AuditedMixin:
    """What the audited ModelAdmin and inlines share: which fields are secret."""

    audit_secret_fields = ("password", "key_hash", "salt", "accumulator", "ballot_key", "sealed_accumulator")

    def audit_before(self, model, pks) -> dict:
        """The stored values of the objects about to be saved (the form has already changed the instances)."""
        pks = [pk for pk in pks if pk is not None]
        return {obj.pk: audit.snapshot(obj, field_names(obj)) for obj in model._base_manager.filter(pk__in=pks)}


def audited_action(function):
    """Marks an admin action that audits what it writes (by a service or ``audit.services.record``)."""
    function.audited = True
    return function


class AuditedModelAdmin(AuditedMixin, admin.ModelAdmin):
    def get_actions(self, request):
        """Only actions that audit: the audited bulk deletion and those marked ``@audited_action``."""
        return {
            name: action
            for name, action in super().get_actions(request).items()
            if name == "delete_selected" or getattr(action[0], "audited", False)
        }

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for inline in self.inlines:
            if not issubclass(inline, AuditedInlineMixin):
                raise ImproperlyConfigured(f"{inline.__name__} of {type(self).__name__} is not an audited inline")

    # One object -----------------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        before = self.audit_before(type(obj), [obj.pk]).get(obj.pk, {}) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj, field_names(obj)))
        for name in form.changed_data:
            field = form.fields[name]
            if hasattr(field, "queryset") and name in {f.name for f in obj._meta.many_to_many}:
                old = sorted(audit.jsonable(o) for o in form.initial.get(name) or [])
                new = sorted(audit.jsonable(o) for o in form.cleaned_data.get(name) or [])
                changes[name] = [old, new]
        if change and not changes:
            return
        action = AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE
        audit.record(request.user, action, obj, mask(changes, set(self.audit_secret_fields)), note=NOTE)

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(type(obj))):
            self.audit_deletion(request, [obj])
            super().delete_model(request, obj)

    # Many objects ---------------------------------------------------------------------------------------------

    def delete_queryset(self, request, queryset):
        """The changelist's "delete selected": one audit row per object deleted (cascades included), and the
        deletion, in one transaction."""
        with transaction.atomic(using=queryset.db):
            self.audit_deletion(request, queryset)
            super().delete_queryset(request, queryset)

    def audit_deletion(self, request, objs) -> int:
        using = router.db_for_write(self.model)
        secret = set(self.audit_secret_fields)
        items = []
        for obj in deleted_along(objs, using):
            before = audit.snapshot(obj, field_names(obj))
            items.append((obj, mask({name: [value, None] for name, value in before.items()}, secret)))
        return audit.record_many(request.user, AuditEvent.Action.DELETE, items, note=NOTE)

    # Inline rows ----------------------------------------------------------------------------------------------

    def save_formset(self, request, form, formset, change):
        model = formset.model
        before = self.audit_before(model, [f.instance.pk for f in formset.initial_forms])
        secret = set(self.audit_secret_fields)
        instances = formset.save(commit=False)
        if formset.deleted_objects:
            with transaction.atomic(using=router.db_for_write(model)):
                self.audit_deletion(request, [obj for obj in formset.deleted_objects if obj.pk is not None])
                for obj in formset.deleted_objects:
                    if obj.pk is not None:
                        obj.delete()
        for obj in instances:
            old = before.get(obj.pk, {})
            obj.save()
            changes = mask(audit.diff(old, audit.snapshot(obj, field_names(obj))), secret)
            if obj.pk in before and not changes:
                continue
            action = AuditEvent.Action.UPDATE if obj.pk in before else AuditEvent.Action.CREATE
            audit.record(request.user, action, obj, changes, note=NOTE)
        formset.save_m2m()


class AuditedInlineMixin(AuditedMixin):
    """An inline whose rows the parent ``AuditedModelAdmin.save_formset`` saves and audits."""


class AuditedTabularInline(AuditedInlineMixin, admin.TabularInline):
    pass


class AuditedStackedInline(AuditedInlineMixin, admin.StackedInline):
    pass


def audit_every_admin(site=admin.site) -> list[str]:
    """Put every registered admin that is not yet audited (another package's) on ``AuditedModelAdmin``, its
    inlines on ``AuditedInlineMixin``; returns the labels of the models so re-registered."""
    done = []
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if isinstance(model_admin, AuditedModelAdmin):
            continue
        inlines = [
            inline
            if issubclass(inline, AuditedInlineMixin)
            else type(inline.__name__, (AuditedInlineMixin, inline), {})
            for inline in cls.inlines
        ]
        audited = type(cls.__name__, (AuditedModelAdmin, cls), {"__module__": cls.__module__, "inlines": inlines})
        site.unregister(model)
        site.register(model, audited)
        done.append(model._meta.label_lower)
    return done


class ReadOnlyModelAdmin(AuditedModelAdmin):
    """Shown, never written in the admin: the rows are written by services (or by no one)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
