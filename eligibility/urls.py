"""Eligibility pages, rule sets and the facts pages."""

from django.urls import path

from eligibility.views import eligibility, facts, history, rulesets

app_name = "eligibility"

urlpatterns = [
    path("eligibility/", eligibility.eligibility_page, name="eligibility"),
    path("eligibility/people/<int:pk>/", eligibility.person_verdicts, name="person_verdicts"),
    path("eligibility/units/<int:pk>/", eligibility.unit_verdicts, name="unit_verdicts"),
    path("rulesets/", rulesets.ruleset_list, name="ruleset_list"),
    path("rulesets/diff/", rulesets.ruleset_diff, name="ruleset_diff"),
    path("rulesets/<slug:code>/", rulesets.ruleset_detail, name="ruleset_detail"),
    path("rulesets/<slug:code>/copy/", rulesets.ruleset_copy, name="ruleset_copy"),
    path("rulesets/<slug:code>/edit/", rulesets.ruleset_edit, name="ruleset_edit"),
    path("rulesets/<slug:code>/activate/", rulesets.ruleset_activate, name="ruleset_activate"),
    path("people/<int:pk>/awards/", facts.person_facts, name="person_facts"),
    path("units/<int:pk>/awards/", facts.unit_facts, name="unit_facts"),
    path("people/<int:pk>/awards/<slug:kind>/add/", facts.fact_add, name="fact_add"),
    path("awards/facts/<slug:kind>/<int:pk>/edit/", facts.fact_edit, name="fact_edit"),
    path("awards/facts/<slug:kind>/<int:pk>/delete/", facts.fact_delete, name="fact_delete"),
    path("awards/history/import/", history.history_import, name="history_import"),
    path("awards/history/template/", history.history_template, name="history_template"),
    path("blocks/<int:pk>/standings/", facts.block_standings, name="block_standings"),
    path(
        "blocks/<int:pk>/standings/from-results/",
        facts.block_standings_from_results,
        name="block_standings_from_results",
    ),
]
