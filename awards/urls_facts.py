"""The facts pages (included by ``awards/urls.py``)."""

from django.urls import path

from awards.views import facts

urlpatterns = [
    path("people/<int:pk>/awards/", facts.person_facts, name="person_facts"),
    path("units/<int:pk>/awards/", facts.unit_facts, name="unit_facts"),
    path("people/<int:pk>/awards/<slug:kind>/add/", facts.fact_add, name="fact_add"),
    path("awards/facts/<slug:kind>/<int:pk>/edit/", facts.fact_edit, name="fact_edit"),
    path("awards/facts/<slug:kind>/<int:pk>/delete/", facts.fact_delete, name="fact_delete"),
    path("blocks/<int:pk>/standings/", facts.block_standings, name="block_standings"),
    path(
        "blocks/<int:pk>/standings/from-results/",
        facts.block_standings_from_results,
        name="block_standings_from_results",
    ),
]
