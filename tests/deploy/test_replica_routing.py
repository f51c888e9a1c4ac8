"""The statistics pages read the replica; a request or a browser that has just written reads the primary.

The replica here is the "replica" alias of the test settings: a second connection to the test database (its
mirror), so that which connection ran a query is what is checked. The tests commit (transaction=True): the second
connection sees only committed rows, as a real replica would. (Not serialized_rollback: its reload collides with
the content types another transactional test's flush has made again.)"""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from honours.models import Title, TitleAward
from jobs.models import Job
from organisation.models import User
from stats import summary
from thidua import routers
from thidua.routers import ReplicaRouter, replica_reads

BOTH = ["default", "replica"]
DASHBOARD = "/thong-ke/?year_from=2024&year_to=2024"


@pytest.fixture
def replica_on(settings):
    settings.DATABASE_REPLICA_READS = True
    settings.DATABASE_REPLICA_STICKY_SECONDS = 10


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def caught_up(timeout: float = 10.0) -> None:
    """On a real streaming replica (test_real_replica.py's run): wait until it has replayed the primary's last write.
    The mirror of the other runs is the primary's own database: nothing to wait for."""
    replica = connections["replica"]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()" if replica.vendor == "postgresql" else "SELECT 0")
        if not cursor.fetchone()[0]:
            return
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)


def _get(client, url):
    caught_up()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    return response, _tables(primary.captured_queries), _tables(replica.captured_queries)


@pytest.fixture
def awards(catalogue, org):
    cstt = Title.objects.get(code="CSTT")
    TitleAward.objects.create(title=cstt, person=org.people.an, year=2024)
    TitleAward.objects.create(title=cstt, person=org.people.binh, year=2024)
    return org


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_dashboard_counts_on_the_replica_and_signs_in_on_the_primary(client, personas, awards, replica_on):
    response, primary, replica = _get(client_for(client, personas.office), DASHBOARD)
    assert response.status_code == 200
    assert response.context["total"] == 2
    assert summary.TABLE in replica
    assert summary.TABLE not in primary
    assert "django_session" in primary and "django_session" not in replica
    assert User._meta.db_table in primary and f'FROM "{User._meta.db_table}"' not in replica
    assert routers.COOKIE not in response.cookies  # a read: the browser is not pinned to the primary


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_report_forms_page_reads_the_replica(client, personas, awards, replica_on):
    response, primary, replica = _get(client_for(client, personas.office), reverse("stats:stats_reports"))
    assert response.status_code == 200
    assert "organisation_unit" in replica
    assert "organisation_unit" not in primary


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_browser_that_has_just_written_reads_the_primary(client, personas, awards, replica_on):
    office = client_for(client, personas.office)
    started = office.post(reverse("stats:stats_report_job"), {"code": "TH-KT-01", "format": "xlsx", "year": 2024})
    assert started.status_code == 302
    assert Job.objects.filter(kind="stats_report").count() == 1
    assert started.cookies[routers.COOKIE]["max-age"] == 10
    response, primary, replica = _get(office, DASHBOARD)
    assert response.context["total"] == 2
    assert replica == ""
    assert summary.TABLE in primary
    office.cookies[routers.COOKIE] = "0"  # the sticky time is over
    response, primary, replica = _get(office, DASHBOARD)
    assert response.context["total"] == 2
    assert summary.TABLE in replica and summary.TABLE not in primary


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_other_pages_never_read_the_replica(client, personas, awards, replica_on):
    response, primary, replica = _get(client_for(client, personas.office), reverse("organisation:home"))
    assert response.status_code == 200
    assert replica == ""


def test_a_request_reads_the_primary_after_its_own_write(settings):
    settings.DATABASE_REPLICA_READS = True
    router = ReplicaRouter()
    assert router.db_for_read(TitleAward) is None  # outside the statistics pages
    with replica_reads() as wrote:
        assert router.db_for_read(TitleAward) == "replica"
        assert router.db_for_read(Session) is None
        assert router.db_for_read(User) is None
        assert router.db_for_read(Job) is None
        assert wrote() is False
        assert router.db_for_write(TitleAward) is None
        assert wrote() is True
        assert router.db_for_read(TitleAward) is None
    with replica_reads():
        assert router.db_for_read(TitleAward) == "replica"  # a new request starts clean


def test_nothing_reads_the_replica_when_none_is_configured(settings):
    settings.DATABASE_REPLICA_READS = False
    with replica_reads():
        assert ReplicaRouter().db_for_read(TitleAward) is None


def test_the_replica_is_never_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "honours") is False
    assert router.allow_migrate("default", "honours") is None
