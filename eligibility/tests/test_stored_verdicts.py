"""Stored verdicts (issue 16): big scopes read the verdicts a job computed; a changed fact marks its people and
units stale through database triggers, whoever writes it; a stale verdict is never shown as current."""

import re
import signal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from conftest import client_for
from eligibility import freshness, stored
from eligibility.models import Discipline, StaleMark, VerdictSnapshot
from eligibility.services import evaluate_scope
from honours.models import Title, TitleAward
from jobs.models import Job
from organisation import services as org_services
from organisation.models import PersonRating, Rating

pytestmark = pytest.mark.django_db

YEAR = 2024
PAGE = "eligibility:eligibility"


@pytest.fixture
def big(settings):
    """Every scope reads the stored verdicts (the fixture organisation has five people)."""
    settings.ELIGIBILITY_STORED_FROM = 0


def _row(response, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert match, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _marks() -> set[tuple[str, int]]:
    return set(StaleMark.objects.values_list("kind", "subject"))


def _recompute(token: int = 1) -> dict:
    return stored.recompute(token)


def test_the_first_look_asks_for_a_recompute_and_says_so_then_shows_the_counts(client, org, personas, big):
    office = client_for(client, personas.office)
    first = office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR})
    job = Job.objects.get()
    waiting = (job.kind, job.status, VerdictSnapshot.objects.get().computed_at)

    result = _recompute(job.pk)
    second = office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR})

    assert waiting == ("eligibility_recompute", "queued", None)
    assert "đang được tính lần đầu" in _text(first)
    assert _row(first, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cá nhân … … … …"
    assert result["snapshots"] == 1
    # The same numbers as the evaluation at once (Bình is rated HTXSNV in 2024; An, Cường, Dũng have no rating).
    assert _row(second, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cá nhân 1 0 3 0"
    assert "Đang cập nhật:" not in _text(second)
    assert Job.objects.count() == 1  # nothing stale: no second job


def test_the_stored_counts_of_every_scope_equal_the_evaluation_at_once(org, personas, big):
    snapshot = VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    _recompute()
    snapshot.refresh_from_db()
    for unit in (org.bca, org.caqb, org.px03, org.ph10, org.cahy):
        view = stored.view(stored.registry.entry("luat2022_nd98_cand"), YEAR, [unit])
        live = evaluate_scope(unit, YEAR, "luat2022_nd98_cand")
        expected = {key: (by["eligible"], by["postponed"], by["not_eligible"], 0) for key, by in live.counts().items()}
        assert view.counts() == expected, unit.code
    assert (snapshot.people, snapshot.units) == (5, 7)


def test_every_writer_leaves_marks_bulk_update_and_delete_included(org):
    StaleMark.objects.all().delete()
    an, binh = org.people.an, org.people.binh
    PersonRating.objects.bulk_create([PersonRating(person=an, year=2020, rating=Rating.HTTNV)])
    after_bulk = _marks()
    StaleMark.objects.all().delete()
    PersonRating.objects.filter(person=binh).update(rating=Rating.HTNV)
    after_update = _marks()
    StaleMark.objects.all().delete()
    TitleAward.objects.create(title=Title.objects.get(code="DVTT"), unit=org.px03, year=2024)
    after_unit_title = _marks()
    StaleMark.objects.all().delete()
    Discipline.objects.filter(person=an).delete()  # nothing deleted: no mark
    PersonRating.objects.filter(person=an).delete()
    after_delete = _marks()

    assert after_bulk == {("p", an.pk)}
    assert after_update == {("p", binh.pk)}
    assert after_unit_title == {("u", org.px03.pk)}
    assert after_delete == {("p", an.pk)}


def test_a_rule_set_copy_changed_marks_everything(org, personas):
    from eligibility import services

    StaleMark.objects.all().delete()
    services.copy_ruleset(
        "luat2022_nd98_cand", code="qb-2025", name="Bộ quy tắc Quảng Bình", owner=org.caqb, by=personas.office
    )
    assert ("a", 0) in _marks()


def test_a_changed_fact_is_counted_as_updating_and_never_listed_with_its_old_verdict(client, org, personas, big):
    VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    _recompute()
    office = client_for(client, personas.office)
    # Cường becomes HTTNV in 2024: CSTT would now be within reach, but the stored verdict says "not eligible".
    org_services.set_person_rating(org.people.cuong, YEAR, Rating.HTTNV, by=None)
    stale = office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR})
    listed = office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR, "rule": "CSTT", "who": "individual"})
    queued = Job.objects.filter(kind="eligibility_recompute", status="queued").count()

    _recompute(token=2)
    fresh = office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR})

    # Cường and, through his unit PX03 (its members' verdicts read the unit), An and Bình are set apart.
    assert _row(stale, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cá nhân 0 0 1 3"
    assert "Đang cập nhật:" in _text(stale)
    assert "Lê Văn Cường" not in _text(listed) and "Phạm Quốc Dũng" in _text(listed)
    assert queued == 1
    assert _row(fresh, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cá nhân 2 0 2 0"
    assert StaleMark.objects.count() == 0


def test_a_fact_written_while_a_recompute_runs_stays_marked_after_it(org, big, monkeypatch):
    VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    _recompute()
    org_services.set_person_rating(org.people.cuong, YEAR, Rating.HTTNV, by=None)
    compute = stored.compute

    def compute_then_write(row):
        done = compute(row)  # the facts are read: Cường's new rating is in
        org_services.set_person_rating(org.people.dung, YEAR, Rating.HTTNV, by=None)  # …but not Dũng's
        return done

    monkeypatch.setattr(stored, "compute", compute_then_write)
    _recompute(token=7)
    view = stored.view(stored.registry.entry("luat2022_nd98_cand"), YEAR, [org.caqb])

    assert _marks() >= {("p", org.people.dung.pk)}
    assert ("p", org.people.cuong.pk) not in _marks()
    assert view.ids("CSTT", "individual", "eligible") == [org.people.binh.pk, org.people.cuong.pk]
    assert org.people.dung.pk not in view.ids("CSTT", "individual", "not_eligible")


def test_a_recompute_that_fails_stores_nothing_and_gives_its_marks_back(org, big, monkeypatch):
    from eligibility import jobs as eligibility_jobs

    VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR - 1)
    _recompute()
    before = dict(VerdictSnapshot.objects.values_list("year", "computed_at"))
    org_services.set_person_rating(org.people.cuong, YEAR, Rating.HTTNV, by=None)
    calls, real = [], stored.compute

    def fail_second(row):
        calls.append(row.year)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(row)

    monkeypatch.setattr(stored, "compute", fail_second)
    with pytest.raises(RuntimeError):
        stored.recompute(9)
    claimed = set(StaleMark.objects.values_list("claimed_by", flat=True))
    eligibility_jobs._give_back(Job(pk=9), "worker lost")

    assert dict(VerdictSnapshot.objects.values_list("year", "computed_at")) == before
    assert claimed == {9}
    assert set(StaleMark.objects.values_list("claimed_by", flat=True)) == {0}


@pytest.mark.django_db(transaction=True)
def test_the_queued_recompute_runs_in_a_worker(client, org, personas, big):
    office = client_for(client, personas.office)
    office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR})
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
    job = Job.objects.get()
    page = office.get(reverse(PAGE), {"unit": org.caqb.pk, "year": YEAR})

    assert (job.status, job.result["snapshots"], job.retry_safe) == ("succeeded", 1, True)
    assert _row(page, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cá nhân 1 0 3 0"


def test_triggers_are_installed_again_after_they_went_missing(org):
    freshness.uninstall(connection)
    assert freshness.ensure(connection) == "installed"
    assert freshness.installed(connection) == {t.name for t in freshness.triggers(connection.vendor)}
    assert ("a", 0) in _marks()
    assert freshness.ensure(connection) == "ok"


def test_the_api_says_when_verdicts_are_stored_and_which_are_being_updated(client, org, personas, big):
    from api.tests import bearer

    headers = bearer(personas.office)
    query = {"unit": org.caqb.pk, "year": YEAR}
    first = client.get("/api/v1/awards/eligibility", query, headers=headers).json()
    _recompute(Job.objects.get().pk)
    org_services.set_person_rating(org.people.dung, YEAR, Rating.HTTNV, by=None)
    second = client.get("/api/v1/awards/eligibility", query, headers=headers).json()
    listed = client.get("/api/v1/awards/eligibility/CSTT", query, headers=headers).json()

    cstt = lambda body: next(c for c in body["counts"] if (c["code"], c["recipient"]) == ("CSTT", "individual"))  # noqa: E731
    assert (first["stored"]["ready"], first["stored"]["updating"]) == (False, True)
    assert [cstt(first)[k] for k in ("eligible", "postponed", "not_eligible", "updating")] == [None, None, None, None]
    assert (second["stored"]["ready"], second["stored"]["updating"], second["stored"]["everything_stale"]) == (
        True,
        True,
        False,
    )
    # Dũng (PH10, alone in his unit) is set apart; An, Bình and Cường keep their stored verdicts.
    assert [cstt(second)[k] for k in ("eligible", "postponed", "not_eligible", "updating")] == [1, 0, 2, 1]
    assert [(i["name"], i["verdict"]["status"], i["updating"]) for i in listed["items"]] == [
        ("Nguyễn Văn An", "not_eligible", False),
        ("Trần Thị Bình", "eligible", False),
        ("Lê Văn Cường", "not_eligible", False),
    ]


def test_stored_people_come_in_the_listing_order_computed_after_the_recompute(org, settings):
    from eligibility import listing

    settings.ELIGIBILITY_STORED_FROM = 10**9
    live = listing.candidates(listing.unit_scope(org.bca, YEAR), "CSTT", "individual", status="not_eligible")
    settings.ELIGIBILITY_STORED_FROM = 0
    VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    _recompute()
    scope = listing.unit_scope(org.bca, YEAR)
    listed = listing.candidates(scope, "CSTT", "individual", status="not_eligible", per_page=3, page=1)

    p = org.people
    assert scope.stored.ordered
    assert [r.name for r in live.rows] == ["Phạm Quốc Dũng", "Nguyễn Văn An", "Lê Văn Cường", "Đỗ Thị Hoa"]
    assert scope.stored.ids("CSTT", "individual", "not_eligible") == [p.dung.pk, p.an.pk, p.cuong.pk, p.hoa.pk]
    assert ([r.name for r in listed.rows], listed.total, listed.pages) == (
        ["Phạm Quốc Dũng", "Nguyễn Văn An", "Lê Văn Cường"],
        4,
        2,
    )


def test_a_process_that_read_the_verdicts_before_their_order_reads_the_order_once_stored(org, big):
    row = VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    stored.compute(row).save()  # the verdicts stored, the listing order not yet (as between the job's two steps)
    StaleMark.objects.all().delete()  # …and the marks they answer released
    entry = stored.registry.entry("luat2022_nd98_cand")
    before = stored.view(entry, YEAR, [org.bca]).ordered
    row.refresh_from_db()
    row.order = stored.display_order(row)
    row.save(update_fields=["order"])
    after = stored.view(entry, YEAR, [org.bca])

    assert (before, after.ordered) == (False, True)
    p = org.people
    assert after.ids("CSTT", "individual", "not_eligible") == [p.dung.pk, p.an.pk, p.cuong.pk, p.hoa.pk]


@pytest.mark.django_db(transaction=True)
def test_the_listing_order_read_beside_the_recompute_is_the_listing_order(org, big):
    """Outside a transaction on PostgreSQL the names are read and sorted on a connection of their own while the
    facts load; the ranks stored are those of ``display_key`` either way."""
    org_services.update_person(org.people.hoa, by=None, full_name="Đỗ Thị Ánh")  # given names: Ánh after An
    VerdictSnapshot.objects.create(ruleset="luat2022_nd98_cand", year=YEAR)
    parallel = stored.facts.parallel_reads()
    _recompute()
    row = VerdictSnapshot.objects.get()
    snapshot = stored.unpack(row)
    names = {p.pk: (p.full_name, p.unit.code) for p in stored.Person.objects.select_related("unit")}
    expected = sorted(snapshot.people, key=lambda pk: stored.display_key(names[pk], pk))

    assert parallel == (connection.vendor == "postgresql")
    assert [snapshot.people[i] for i in snapshot.rank.argsort()] == expected
    assert len(expected) == len(names) > 3
