"""Read-mostly admin: scores are written through the services (grid, API) so that every change is audited."""

from django.contrib import admin

from scoring.models import Assignment, Criterion, EvidenceFile, Explanation, Rubric, Score, Sheet


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["order", "code", "title", "kind", "max_points", "parent"]
    extra = 0
    show_change_link = True


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "block", "version", "status", "bonus_cap", "floor", "method"]
    list_filter = ["status", "block__year"]
    list_select_related = ["block"]
    search_fields = ["title", "block__name"]
    inlines = [CriterionInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["rubric", "unit", "scorer", "manual", "active", "removed_reason"]
    list_filter = ["active", "manual"]
    list_select_related = ["rubric", "unit", "scorer"]


@admin.register(Sheet)
class SheetAdmin(admin.ModelAdmin):
    list_display = ["rubric", "unit", "round", "scorer"]
    list_filter = ["round"]
    list_select_related = ["rubric", "unit", "scorer"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["sheet", "criterion", "value", "version", "updated_by", "updated_at"]
    list_select_related = ["sheet", "criterion", "updated_by"]
    readonly_fields = ["sheet", "criterion", "value", "note", "figures", "reason", "version", "updated_by"]

    def has_add_permission(self, request):
        return False


admin.site.register(EvidenceFile)
admin.site.register(Explanation)
