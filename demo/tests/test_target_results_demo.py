"""The demo's 2025 blocks have their targets' results recorded and confirmed, so the year-end article
can say what the units achieved (seed 004: "100% đơn vị … đạt được các chỉ tiêu đăng ký thi đua")."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from cycle.models import Block, Registration, RegistrationTarget
from news import drafting
from stats import tallies


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_every_2025_target_has_a_result_and_every_2026_one_has_none(demo, db):
    assert not RegistrationTarget.objects.filter(registration__block__year=2025, result="").exists()
    assert not RegistrationTarget.objects.filter(registration__block__year=2026).exclude(result="").exists()
    assert not Registration.objects.filter(block__year=2025, results_confirmed_at=None).exists()


def test_the_cluster_6_article_says_every_unit_exceeded_its_targets(demo, db):
    block = Block.objects.get(year=2025, number=6)
    summary = drafting.year_end_summary(block)
    assert "100% đơn vị trong Khối hoàn thành vượt mức các chỉ tiêu đăng ký thi đua năm 2025." in drafting.reviewed(
        summary
    )
    achievement = tallies.registration_achievement([block])
    assert (achievement["complete_percent"], achievement["exceeding_percent"]) == (100.0, 100.0)


def test_the_other_2025_blocks_met_every_target_and_say_how_many_exceeded(demo, db):
    for block in Block.objects.filter(year=2025).exclude(number=6):
        s = drafting.year_end_summary(block)
        assert s.units_meeting_targets == s.units_with_targets == len(s.members)
        sentence = next(x for x in drafting.reviewed(s) if "chỉ tiêu đăng ký" in x)
        assert sentence.startswith("100% đơn vị trong Khối")
