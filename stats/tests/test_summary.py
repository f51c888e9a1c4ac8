"""The award summary stays exactly the count of the award rows, whatever writes them: the ORM,
QuerySet.update, bulk_create, raw SQL, people moving, decisions issued and annulled, lines moved.
Runs on SQLite and on PostgreSQL (the two trigger dialects)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from commendation.models import Annulment, DecisionLine
from commendation.services import decisions
from commendation.tests.test_decisions import issued
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation.models import Person
from stats import summary
from stats.models import AwardCount

pytestmark = pytest.mark.django_db


def counts(**filters) -> dict:
    """(unit_key, year, kind, honour, individual, annulled, decision) → n, zero rows left out."""
    return {
        (r.unit_key, r.year, r.kind, r.honour, r.individual, r.annulled, r.decision): r.n
        for r in AwardCount.objects.filter(**filters).exclude(n=0)
    }


def exact():
    assert summary.differences() == {}


@pytest.fixture
def cstt():
    return Title.objects.get(code="CSTT")


@pytest.fixture
def gk():
    return AwardForm.objects.get(code="GK")


def test_the_triggers_are_installed_by_the_migration():
    assert summary.installed() == {t.name for t in summary.triggers(connection.vendor)}


def test_an_award_counts_under_its_holder_unit_and_the_national_rollup(org, cstt, gk):
    an = org.people.an  # of PX03
    TitleAward.objects.create(title=cstt, person=an, year=2024)
    FormAward.objects.create(award_form=gk, unit=org.ph10, year=2024)
    assert counts() == {
        (an.unit_id, 2024, "t", cstt.pk, True, False, 0): 1,
        (-1, 2024, "t", cstt.pk, True, False, 0): 1,
        (org.ph10.pk, 2024, "f", gk.pk, False, False, 0): 1,
        (-1, 2024, "f", gk.pk, False, False, 0): 1,
    }
    exact()


def test_annulment_update_and_delete_move_the_count_at_once(org, cstt, gk):
    binh = org.people.binh
    award = TitleAward.objects.create(title=cstt, person=binh, year=2023)
    TitleAward.objects.filter(pk=award.pk).update(annulled=True)
    assert counts(unit_key=-1) == {(-1, 2023, "t", cstt.pk, True, True, 0): 1}
    award.refresh_from_db()
    award.annulled, award.year = False, 2024
    award.save()
    assert counts(unit_key=-1) == {(-1, 2024, "t", cstt.pk, True, False, 0): 1}
    award.delete()
    assert counts() == {}
    exact()


def test_bulk_create_and_raw_sql_are_counted(org, gk):
    people = [org.people.an, org.people.binh, org.people.cuong]
    FormAward.objects.bulk_create([FormAward(award_form=gk, person=p, year=2022) for p in people])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE honours_formaward SET annulled = %s WHERE person_id = %s", [True, org.people.an.pk])
    assert counts(unit_key=-1) == {(-1, 2022, "f", gk.pk, True, False, 0): 2, (-1, 2022, "f", gk.pk, True, True, 0): 1}
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM honours_formaward")
    assert counts() == {}


def test_a_person_who_moves_takes_their_awards_to_the_new_unit(org, cstt, gk):
    an = org.people.an
    old = an.unit_id
    TitleAward.objects.create(title=cstt, person=an, year=2023)
    TitleAward.objects.create(title=cstt, person=an, year=2024)
    FormAward.objects.create(award_form=gk, person=an, year=2024)
    an.unit = org.ph10
    an.save()
    assert {k: n for k, n in counts().items() if k[0] == old} == {}
    assert sum(n for k, n in counts().items() if k[0] == org.ph10.pk) == 3
    Person.objects.filter(pk=an.pk).update(unit=None)  # retired: counted nationally, under no unit
    assert sum(n for k, n in counts().items() if k[0] == 0) == 3
    assert sum(n for k, n in counts().items() if k[0] == -1) == 3
    exact()


def test_issued_and_annulled_decisions_carry_their_decision(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.px03, "GK_TT"))
    assert {k[6] for k in counts()} == {decision.pk}
    assert sum(counts(unit_key=-1, annulled=False).values()) == 2
    line = decision.lines.get(person=org.people.binh)
    decisions.annul_decision(
        decision,
        by=personas.office,
        ground=Annulment.Ground.NOT_MET,
        reason="Không đủ tiêu chuẩn",
        annulled_on=datetime.date(2025, 3, 1),
        annulling_reference="15/QĐ-CAT",
        lines=[line],
    )
    assert sum(counts(unit_key=-1, annulled=True).values()) == 1
    assert sum(counts(unit_key=-1, annulled=False).values()) == 1
    exact()
    # a line unlinked (its award kept, recorded without decision), then deleted
    DecisionLine.objects.filter(pk=line.pk).update(title_award=None)
    assert counts(unit_key=-1, annulled=True) == {(-1, 2024, "t", line.title_id, True, True, 0): 1}
    exact()
    DecisionLine.objects.filter(decision=decision).delete()
    assert {k[6] for k in counts()} == {0}
    exact()


def test_deleting_a_person_deletes_their_counts(org, cstt):
    cuong = org.people.cuong
    TitleAward.objects.create(title=cstt, person=cuong, year=2024)
    cuong.assignments.all().delete()
    cuong.delete()
    assert counts() == {}


def test_ensure_reinstalls_lost_triggers_and_recounts(org, cstt):
    summary.uninstall()
    TitleAward.objects.create(title=cstt, unit=org.px03, year=2024)  # not counted: no trigger
    assert counts() == {}
    assert summary.ensure() == "installed and rebuilt"
    assert counts() == {
        (org.px03.pk, 2024, "t", cstt.pk, False, False, 0): 1,
        (-1, 2024, "t", cstt.pk, False, False, 0): 1,
    }
    assert summary.ensure() == "ok"
    AwardCount.objects.filter(unit_key=-1).update(n=5)  # drifted by hand
    assert summary.ensure() == "rebuilt"
    exact()


def test_the_command_reports_a_drift_and_rebuild_repairs_it(org, cstt):
    from io import StringIO

    from django.core.management import CommandError, call_command

    TitleAward.objects.create(title=cstt, unit=org.px03, year=2024)
    out = StringIO()
    call_command("stats_summary", stdout=out)
    assert "✓ Bảng tổng hợp khớp" in out.getvalue()
    AwardCount.objects.filter(unit_key=org.px03.pk).update(n=3)
    out = StringIO()
    with pytest.raises(CommandError, match="0 trigger thiếu, 1 dòng lệch"):
        call_command("stats_summary", stdout=out)
    assert (
        f"✗ đơn vị {org.px03.pk}, năm 2024, t{cstt.pk}, tập thể, quyết định 0: tổng hợp 3, đếm lại 1" in out.getvalue()
    )
    out = StringIO()
    call_command("stats_summary", "--rebuild", stdout=out)
    assert "✓ Đã đếm lại: 2 dòng tổng hợp." in out.getvalue()
    exact()


def test_statements_touching_many_rows_and_people_at_once(org, cstt, gk):
    people = [org.people.an, org.people.binh, org.people.cuong, org.people.dung]
    TitleAward.objects.bulk_create([TitleAward(title=cstt, person=p, year=y) for p in people for y in (2023, 2024)])
    FormAward.objects.bulk_create([FormAward(award_form=gk, person=p, year=2024) for p in people])
    Person.objects.filter(pk__in=[p.pk for p in people[:3]]).update(unit=org.ph10)  # three people, one statement
    assert sum(n for k, n in counts().items() if k[0] == org.ph10.pk) == 12
    TitleAward.objects.filter(year=2023).update(year=2022, annulled=True)
    assert sum(counts(unit_key=-1, year=2022, annulled=True).values()) == 4
    exact()


def _change(rng, op, model, honour, rows, people, units, decisions_):
    """One random write of the kind ``op``."""
    if op == "add" or not rows:
        holder = {"person": rng.choice(people)} if rng.random() < 0.7 else {"unit": rng.choice(units)}
        model.objects.create(year=rng.choice([2023, 2024]), annulled=rng.random() < 0.2, **honour, **holder)
    elif op == "annul":
        model.objects.filter(pk=rng.choice(rows)).update(annulled=rng.random() < 0.5)
    elif op == "year":
        model.objects.filter(pk__in=rng.sample(rows, min(3, len(rows)))).update(year=rng.choice([2022, 2024]))
    elif op == "delete":
        model.objects.filter(pk=rng.choice(rows)).delete()
    elif op == "move":
        person = rng.choice(people)
        person.unit = rng.choice([*units, None])
        person.save(update_fields=["unit"])
    else:
        line = rng.choice(list(DecisionLine.objects.filter(decision__in=decisions_)))
        DecisionLine.objects.filter(pk=line.pk).update(decision=rng.choice(decisions_))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_changes_keeps_the_summary_exact(org, personas, seed):
    """Random writes of every kind the triggers follow; after each batch the summary is a fresh count."""
    import random

    rng = random.Random(seed)
    titles = list(Title.objects.filter(code__in=["CSTT", "CSTDCS", "DVTT"]))
    forms = list(AwardForm.objects.filter(code__in=["GK", "GK_TT", "BK_BO"]))
    people = list(Person.objects.all())
    units = [org.px03, org.ph10, org.hy_px03, org.caqb]
    first = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.px03, "GK_TT"))
    second = issued(org, personas.office, (org.people.an, "GK"), date="11/12/2024")
    for _batch in range(6):
        for _ in range(15):
            op = rng.choice(["add", "add", "annul", "year", "delete", "move", "relink"])
            model = rng.choice([TitleAward, FormAward])
            honour = {"title": rng.choice(titles)} if model is TitleAward else {"award_form": rng.choice(forms)}
            rows = list(model.objects.order_by("pk").values_list("pk", flat=True))
            try:
                with transaction.atomic():  # a refused write (a title twice a year) leaves no trace either
                    _change(rng, op, model, honour, rows, people, units, (first, second))
            except IntegrityError:
                pass
        exact()


def test_a_dataset_reset_leaves_the_triggers_in_place_and_nothing_counted(org, cstt, gk):
    from organisation.bulk import reset_organisation
    from organisation.models import Unit

    TitleAward.objects.create(title=cstt, person=org.people.an, year=2024)
    FormAward.objects.create(award_form=gk, unit=org.ph10, year=2024)
    reset_organisation()
    assert (Unit.objects.count(), TitleAward.objects.count(), AwardCount.objects.count()) == (0, 0, 0)
    assert summary.installed() == {t.name for t in summary.triggers(connection.vendor)}
