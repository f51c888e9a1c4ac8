"""Opt-in: the statistics dashboard on a real PostgreSQL streaming replica (deploy/replica.sh start), collected only
when DATABASE_REPLICA_URL names it (tests/deploy/conftest.py):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_x DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/thidua_x \\
        .venv/bin/pytest tests/deploy/test_real_replica.py -p no:xdist

The test database made on the primary reaches the replica by streaming; the "replica" alias reads it there."""

import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from honours.models import Title, TitleAward
from stats import summary
from tests.deploy.test_replica_routing import caught_up
from thidua import routers

BOTH = ["default", "replica"]
DASHBOARD = "/thong-ke/?year_from=2024&year_to=2024"


def _one(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_dashboard_reads_the_streaming_replica(client, catalogue, personas, org, settings):
    settings.DATABASE_REPLICA_READS = True
    assert _one("replica", "SELECT pg_is_in_recovery()") is True
    assert _one("default", "SELECT pg_is_in_recovery()") is False
    TitleAward.objects.create(title=Title.objects.get(code="CSTT"), person=org.people.an, year=2024)
    office = client_for(client, personas.office)
    caught_up()
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = office.get(DASHBOARD)
    assert response.context["total"] == 1
    assert summary.TABLE in " ".join(q["sql"] for q in replica.captured_queries)

    # A second award, then at once the page again as the browser that wrote (its cookie): the primary answers,
    # whatever the replica has replayed by then.
    TitleAward.objects.create(title=Title.objects.get(code="CSTT"), person=org.people.binh, year=2024)
    office.cookies[routers.COOKIE] = str(int(time.time()) + 10)
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = office.get(DASHBOARD)
    assert response.context["total"] == 2
    assert replica.captured_queries == []
