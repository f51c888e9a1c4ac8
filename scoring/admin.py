"""The scoring records in the admin, audited (``audit.admin``) and guarded as the scoring pages guard them.

A rubric's status moves only through ``services.rubrics`` / ``services.rounds`` (``open_scoring``,
``close_scoring``): read-only here. Its rules and criteria are edited only while it is a draft, and only a draft
is deleted. Sheets, scores, evidence, explanations and cross-scoring assignments are written by the scoring pages
(each change checked, versioned and audited): shown here, never added or changed; deleted only while their rubric
is a draft, so a scored or closed round keeps every cell it was judged on."""

from django.contrib import admin

from audit.admin import AuditedModelAdmin, AuditedTabularInline
from scoring.models import Assignment, Criterion, EvidenceFile, Explanation, Rubric, Score, Sheet

RUBRIC_RULES = ["bonus_cap", "floor", "method", "trim", "scorers_per_unit", "gap"]
SERVICE_ONLY = ["status", "created_by", "created_at", "opened_at", "closed_at"]


def rubric_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Rubric):
        return obj
    if isinstance(obj, (Score, EvidenceFile)):
        return obj.sheet.rubric
    return obj.rubric


def draft(obj) -> bool:
    """No object (a list page) or one whose rubric is still a draft."""
    rubric = rubric_of(obj)
    return rubric is None or rubric.editable


class CriterionInline(AuditedTabularInline):
    model = Criterion
    fields = ["order", "code", "title", "kind", "max_points", "parent"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and draft(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and draft(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and draft(obj)


@admin.register(Rubric)
class RubricAdmin(AuditedModelAdmin):
    list_display = ["title", "block", "version", "status", "bonus_cap", "floor", "method"]
    list_filter = ["status", "block__year"]
    list_select_related = ["block"]
    search_fields = ["title", "block__name"]
    inlines = [CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return SERVICE_ONLY
        return SERVICE_ONLY + ["block", "version"] + ([] if obj.editable else RUBRIC_RULES)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and draft(obj)


class ScoringRecordAdmin(AuditedModelAdmin):
    """Written by the scoring pages; deleted here only while the rubric is a draft."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and draft(obj)


@admin.register(Assignment)
class AssignmentAdmin(ScoringRecordAdmin):
    list_display = ["rubric", "unit", "scorer", "manual", "active", "removed_reason"]
    list_filter = ["active", "manual"]
    list_select_related = ["rubric", "unit", "scorer"]


@admin.register(Sheet)
class SheetAdmin(ScoringRecordAdmin):
    list_display = ["rubric", "unit", "round", "scorer"]
    list_filter = ["round"]
    list_select_related = ["rubric", "unit", "scorer"]


@admin.register(Score)
class ScoreAdmin(ScoringRecordAdmin):
    list_display = ["sheet", "criterion", "value", "version", "updated_by", "updated_at"]
    list_select_related = ["sheet__rubric", "criterion", "updated_by"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ScoringRecordAdmin):
    list_display = ["original_name", "sheet", "criterion", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["sheet__rubric", "criterion", "uploaded_by"]


@admin.register(Explanation)
class ExplanationAdmin(ScoringRecordAdmin):
    list_display = ["rubric", "unit", "criterion", "asked_by", "asked_at", "answered_at"]
    list_select_related = ["rubric", "unit", "criterion", "asked_by"]
