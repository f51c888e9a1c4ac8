from django.urls import path

from awards.urls_certificates import urlpatterns as certificate_urls
from awards.urls_decisions import urlpatterns as decision_urls
from awards.urls_facts import urlpatterns as facts_urls
from awards.urls_proposals import urlpatterns as proposal_urls
from awards.views import eligibility, quotas, rulesets

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
    path("quotas/", quotas.quota_list, name="quota_list"),
    path("quotas/<int:pk>/delete/", quotas.quota_delete, name="quota_delete"),
    *facts_urls,
    *certificate_urls,
    *proposal_urls,
    *decision_urls,
]
