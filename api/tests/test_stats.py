import pytest

from conftest import client_for
from honours.models import AwardForm, FormAward, Recipient, Title, TitleAward

pytestmark = pytest.mark.django_db


def test_seed_004_counts_come_back_from_matching_data(client, personas, org):
    """159 lượt tập thể, 442 lượt cá nhân; 03 Bằng khen Thủ tướng, 192 Bằng khen Bộ trưởng (seed 004)."""
    p, u = org.people.an, org.px03
    bk_ttg, bk_bo = AwardForm.objects.get(code="BK_TTG"), AwardForm.objects.get(code="BK_BO")
    gk, gk_tt, dvtt = (
        AwardForm.objects.get(code="GK"),
        AwardForm.objects.get(code="GK_TT"),
        Title.objects.get(code="DVTT"),
    )
    FormAward.objects.bulk_create(
        [FormAward(award_form=bk_ttg, person=p, year=2019)] * 3
        + [FormAward(award_form=bk_bo, person=p, year=2019)] * 192
        + [FormAward(award_form=gk, person=p, year=2019)] * 247
        + [FormAward(award_form=gk_tt, unit=u, year=2019)] * 158
        + [FormAward(award_form=bk_bo, person=p, year=2019, annulled=True)]
    )
    TitleAward.objects.create(title=dvtt, unit=u, year=2019)
    c = client_for(client, personas.office)
    body = c.get("/api/v1/stats/tally/recipient?year=2019").json()
    assert [(r["key"], r["count"]) for r in body["rows"]] == [(Recipient.COLLECTIVE, 159), (Recipient.INDIVIDUAL, 442)]
    assert body["annulled"] == 1
    honours = {r["code"]: r["total"] for r in c.get("/api/v1/stats/honours?year=2019").json()}
    assert (honours["BK_TTG"], honours["BK_BO"]) == (3, 192)


def test_an_outsider_gets_404(client, personas, org):
    assert client_for(client, personas.outsider).get(f"/api/v1/stats/tally/year?unit={org.px03.pk}").status_code == 404


def test_the_filters_are_documented_and_checked(client, personas, org):
    c = client_for(client, personas.office)
    spec = c.get("/api/v1/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/v1/stats/tally/{by}"]["get"]["parameters"]}
    assert {
        "by",
        "year_from",
        "year_to",
        "year",
        "unit",
        "block",
        "movement",
        "recipient",
        "kind",
        "level",
        "annulled",
    } <= params
    by = next(p for p in spec["paths"]["/api/v1/stats/tally/{by}"]["get"]["parameters"] if p["name"] == "by")
    assert by["schema"]["enum"] == ["year", "recipient", "kind", "level", "honour", "authority"]
    assert c.get("/api/v1/stats/tally/year?kind=medal").status_code == 422
    assert c.get("/api/v1/stats/tally/colour").status_code == 422
    assert c.get("/api/v1/stats/trend?year_from=abc").status_code == 422


def test_trend_and_a_tally_by_honour_as_json(client, personas, org):
    cstt = Title.objects.get(code="CSTT")
    TitleAward.objects.create(title=cstt, person=org.people.an, year=2024)
    TitleAward.objects.create(title=cstt, person=org.people.binh, year=2024, annulled=True)
    c = client_for(client, personas.office)
    assert c.get("/api/v1/stats/trend?year_from=2023&year_to=2024").json() == [
        {"year": 2023, "collective": 0, "individual": 0, "total": 0, "annulled": 0},
        {"year": 2024, "collective": 0, "individual": 1, "total": 1, "annulled": 1},
    ]
    body = c.get(f"/api/v1/stats/tally/honour?year=2024&unit={org.px03.pk}").json()
    assert body["rows"] == [{"key": f"title-{cstt.pk}", "label": "Chiến sĩ tiên tiến", "count": 1}]
    assert (body["scope"], body["total"], body["annulled"]) == (org.px03.name, 1, 1)
