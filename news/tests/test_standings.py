"""Standings against the final leaderboard (issue 14): the published article said PX03 led while the scores
ranked PV06 first. The rule: standings come from the block's final scores and its votes; when the stored
standings disagree with the final leaderboard, the block page and the news draft say so, naming the units
and both orders, before anything is published."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from eligibility.services import set_block_standings
from news import services as news_services
from news.standings import check_standings
from scoring.models import Sheet
from scoring.services import rounds, rubrics
from scoring.services.rubrics import CriterionRow
from voting.tests.conftest import xdll  # noqa: F401  (fixture)

WARNING = (
    "Thứ hạng đã lưu của khối khác với bảng xếp hạng điểm chốt (PV06: hạng 3 đã lưu, hạng 1 theo điểm chốt; "
    "PX03: hạng 1 đã lưu, hạng 3 theo điểm chốt). Đã lưu: 1. PX03, 2. PH10, 3. PV06. "
    "Theo điểm chốt: 1. PV06, 2. PH10, 3. PX03. "
    "Hãy lấy lại kết quả xếp hạng từ điểm chấm và bỏ phiếu trước khi đăng tin."
)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _final_scores(block, values: dict) -> None:
    """A one-criterion rubric, open, with each unit's final score."""
    rubric = rubrics.create_rubric(block, by=None)
    rows = [
        CriterionRow(code="I", title="Kết quả công tác", kind="normal", max_points=Decimal(100)),
        CriterionRow(code="1", parent="I", title="Hoàn thành nhiệm vụ", kind="normal", max_points=Decimal(100)),
    ]
    rubrics.replace_criteria(rubric, rows, by=None)
    rubric = rubrics.open_scoring(rubric, by=None)
    leaf = rubric.criteria.get(code="1")
    for unit, value in values.items():
        sheet = rounds.sheet_for(rubric, unit, Sheet.Round.FINAL)
        rounds.save_score(sheet, leaf, by=None, value=Decimal(value), version=0, reason="Kết luận hội nghị")


@pytest.fixture
def disagreeing(xdll):  # noqa: F811
    """Scores: PV06 94,75, PH10 91,38, PX03 90,5; stored standings: PX03, PH10, PV06 (the demo's story)."""
    u = xdll.units
    _final_scores(xdll.block, {u["PV06"]: "94.75", u["PH10"]: "91.38", u["PX03"]: "90.5"})
    set_block_standings(xdll.block, [(u["PX03"], 1, None), (u["PH10"], 2, None), (u["PV06"], 3, None)], by=None)
    return xdll


def test_standings_that_follow_the_scores_raise_nothing(xdll):  # noqa: F811
    u = xdll.units
    _final_scores(xdll.block, {u["PV06"]: "94.75", u["PH10"]: "91.38", u["PX03"]: "90.5"})
    set_block_standings(xdll.block, [(u["PV06"], 1, None), (u["PH10"], 2, None), (u["PX03"], 3, None)], by=None)

    assert check_standings(xdll.block) is None


def test_standings_that_contradict_the_scores_are_named_with_both_orders(disagreeing):
    found = check_standings(disagreeing.block)

    assert [u.code for u in found.units] == ["PV06", "PX03"]
    assert found.message() == WARNING


def test_the_block_page_warns(client, disagreeing, personas):
    page = text(
        client_for(client, personas.unit_officer).get(reverse("cycle:block_detail", args=[disagreeing.block.pk]))
    )

    assert (
        f'<div class="alert alert-warning block-notice" role="alert"><i class="bi bi-exclamation-triangle me-1" aria-hidden="true"></i>{WARNING}</div>'
        in page
    )


def test_the_news_draft_warns_before_it_is_published(client, disagreeing, personas):
    client_for(client, personas.office)
    generate = text(client.get(reverse("news:news_generate", args=[disagreeing.conference.pk])))
    article = news_services.create_draft_from_conference(disagreeing.conference, by=personas.office)

    detail = text(client.get(reverse("news:news_detail", args=[article.pk])))
    edit = text(client.get(reverse("news:news_edit", args=[article.pk])))

    warning = f'<div class="alert alert-warning" role="alert" id="standings-warning"><i class="bi bi-exclamation-triangle me-1" aria-hidden="true"></i>{WARNING}</div>'
    assert [warning in page for page in (generate, detail, edit)] == [True, True, True]
    client_for(client, personas.council)  # a reader of the draft, not its editor: no warning
    assert 'id="standings-warning"' not in text(client.get(reverse("news:news_detail", args=[article.pk])))
