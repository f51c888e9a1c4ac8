"""The admin shows elections, their questions and candidates, and the roll (read-only).

Ballots are not registered: the admin must offer no page that lists ballots next to anything, and
the roll inline shows no ballot. Read-only: writes happen through the election pages (``voting.services``), audited."""

from django.contrib import admin

from audit.admin import AuditedTabularInline, ReadOnlyModelAdmin
from voting.models import Candidate, Election, Question, RollEntry


class QuestionInline(AuditedTabularInline):
    model = Question
    fields = ["order", "text", "kind", "seats", "base", "fraction", "strict", "purpose"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RollInline(AuditedTabularInline):
    model = RollEntry
    fields = ["label", "weight", "present", "has_voted"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "year", "round", "mode", "status", "ballots_count"]
    list_filter = ["status", "mode", "year"]
    search_fields = ["title"]
    readonly_fields = [
        "conference",
        "organiser_unit",
        "status",
        "round",
        "runoff_of",
        "ballots_count",
        "chain_head",
        "opened_at",
        "closed_at",
        "applied_at",
        "created_by",
    ]
    exclude = ["salt", "accumulator"]
    inlines = [QuestionInline, RollInline]


class CandidateInline(AuditedTabularInline):
    model = Candidate
    fields = ["order", "label", "unit", "person", "ref_kind", "ref_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnlyModelAdmin):
    list_display = ["text", "election", "kind", "seats", "purpose"]
    readonly_fields = ["election", "excludes_winners_of", "title"]
    inlines = [CandidateInline]
