"""The awards API: catalogue (titles and award forms apart), rule sets and their copies, verdicts,
recorded facts and block standings; outsiders 404, read-only roles 403, refusals 422 with their
Vietnamese message and nothing saved, every change audited."""

import datetime

import pytest

from api.tests import bearer
from audit.models import AuditEvent
from eligibility.models import BlockStanding, Discipline, Initiative, PendingCase, RuleSetCopy
from eligibility.services import copy_ruleset
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation import services as org_services

D = datetime.date
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}
JSON = "application/json"
API = "/api/v1/awards"
LUAT2022 = "luat2022_nd98_cand"


def ref(unit):
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def audit_rows(object_type):
    return [
        (e.action, e.changes, e.note, e.actor.username if e.actor else None)
        for e in AuditEvent.objects.filter(object_type=object_type).select_related("actor").order_by("id")
    ]


@pytest.fixture
def facts(org):
    """Bình's record: two titles of 2023 and an annulled one, a Giấy khen, an initiative used for
    CSTĐ cơ sở 2023, an achievement; Cường: a reprimand in 2024."""
    binh, cuong = org.people.binh, org.people.cuong
    cstt, cstdcs = Title.objects.get(code="CSTT"), Title.objects.get(code="CSTDCS")
    TitleAward.objects.create(title=cstt, person=binh, year=2023)
    TitleAward.objects.create(title=cstdcs, person=binh, year=2023, decision_ref="12/QĐ-CAT-PX01")
    TitleAward.objects.create(title=cstt, person=binh, year=2024, annulled=True)
    FormAward.objects.create(
        award_form=AwardForm.objects.get(code="GK"),
        person=binh,
        year=2023,
        decided_on=D(2024, 1, 15),
        decision_ref="5/QĐ-CAT",
    )
    initiative = Initiative.objects.create(
        person=binh,
        title="Sổ tay công tác đảng",
        level="co_so",
        recognised_on=D(2023, 5, 4),
        used_for_title=cstdcs,
        used_year=2023,
    )
    discipline = Discipline.objects.create(
        person=cuong, form="khien_trach", decided_on=D(2024, 3, 1), period_end=D(2024, 9, 1), decision_ref="7/QĐ-CAT"
    )
    return {"initiative": initiative, "discipline": discipline}


# The document --------------------------------------------------------------------------------


def test_the_openapi_document_lists_the_awards_paths(client, db):
    doc = client.get("/api/v1/openapi.json").json()

    assert sorted(p.removeprefix(API) for p in doc["paths"] if p.startswith(API)) == [
        "/achievements/{fact_id}",
        "/award-forms",
        "/award-forms/{pk}",
        "/base-salaries",
        "/base-salaries/{pk}",
        "/blocks/{block_id}/standings",
        "/blocks/{block_id}/standings/from-results",
        "/disciplines/{fact_id}",
        "/eligibility",
        "/eligibility/{code}",
        "/history/import",
        "/history/template",
        "/initiatives/{fact_id}",
        "/pending-cases/{fact_id}",
        "/people/{person_id}/achievements",
        "/people/{person_id}/disciplines",
        "/people/{person_id}/facts",
        "/people/{person_id}/initiatives",
        "/people/{person_id}/pending-cases",
        "/people/{person_id}/verdicts/{year}",
        "/rulesets",
        "/rulesets/in-force",
        "/rulesets/{code}",
        "/rulesets/{code}/activate",
        "/rulesets/{code}/deactivate",
        "/titles",
        "/titles/{pk}",
        "/units/{unit_id}/achievements",
        "/units/{unit_id}/verdicts/{year}",
    ]
    paths = doc["paths"]
    assert sorted(paths[f"{API}/rulesets"]) == ["get", "post"]
    assert [sorted(paths[f"{API}/{noun}"]) for noun in ("titles", "award-forms", "base-salaries")] == [
        ["get", "post"]
    ] * 3
    assert sorted(paths[f"{API}/rulesets/{{code}}"]) == ["get", "patch"]
    assert sorted(paths[f"{API}/disciplines/{{fact_id}}"]) == ["delete", "patch"]
    assert sorted(paths[f"{API}/blocks/{{block_id}}/standings"]) == ["get", "put"]
    schemas = doc["components"]["schemas"]
    assert schemas["InitiativeIn"]["properties"]["title"]["maxLength"] == 300
    assert schemas["RuleSetCopyIn"]["properties"]["code"]["maxLength"] == 60


# Catalogue ---------------------------------------------------------------------------------


def test_titles_and_award_forms_are_two_lists(client, personas):
    headers = bearer(personas.officer)

    titles = client.get(f"{API}/titles", headers=headers).json()
    forms = client.get(f"{API}/award-forms", {"recipient": "collective"}, headers=headers).json()

    assert [t["code"] for t in titles] == [
        "DVTT",
        "DVQT",
        "CO_BO",
        "CO_TINH",
        "CO_CP",
        "CSTT",
        "CSTDCS",
        "CSTD_BO",
        "CSTD_TQ",
    ]
    assert titles[5] == {
        "id": Title.objects.get(code="CSTT").pk,
        "code": "CSTT",
        "name": "Chiến sĩ tiên tiến",
        "recipient": "individual",
        "level": "unit",
        "bonus_multiple": "0.30",
        "kinds": ["merit"],
        "rank": 10,
        "legal_basis": "Luật TĐKT 2022 điều 24",
        "active": True,
    }
    # Collective orders have collective entries; the Bằng khen of other ministries and of provinces too.
    assert [f["code"] for f in forms] == [
        "GK_TT",
        "BK_BN_TT",
        "BK_BO_TT",
        "BK_TINH_TT",
        "BK_TTG_TT",
        "HCLD3_TT",
        "HCBVTQ3_TT",
        "HCBVTQ2_TT",
        "HCBVTQ1_TT",
    ]
    individual = client.get(f"{API}/award-forms", {"recipient": "individual"}, headers=headers).json()
    assert len(individual) == 14
    assert not {t["code"] for t in titles} & {f["code"] for f in forms + individual}


# Rule sets ---------------------------------------------------------------------------------


def test_the_rule_sets_are_listed_with_their_period(client, personas, org):
    copy_ruleset(LUAT2022, code="qb_2025", name="Bản Quảng Bình", owner=org.caqb, by=personas.office)

    body = client.get(f"{API}/rulesets", headers=bearer(personas.outsider)).json()

    assert body == [
        {
            "code": "luat2003",
            "name": "Luật TĐKT 2003 (sửa đổi 2013) – NĐ 91/2017 – CAND",
            "effective_from": "2004-07-01",
            "effective_to": "2023-12-31",
            "builtin": True,
            "active": True,
            "owner": None,
            "based_on": None,
            "version": None,
        },
        {
            "code": LUAT2022,
            "name": "Luật TĐKT 2022 – NĐ 98/2023 – CAND",
            "effective_from": "2024-01-01",
            "effective_to": None,
            "builtin": True,
            "active": True,
            "owner": None,
            "based_on": None,
            "version": None,
        },
        {
            "code": "qb_2025",
            "name": "Bản Quảng Bình",
            "effective_from": "2024-01-01",
            "effective_to": None,
            "builtin": False,
            "active": False,
            "owner": ref(org.caqb),
            "based_on": LUAT2022,
            "version": 1,
        },
    ]


def test_a_rule_set_in_detail_speaks_in_words(client, personas):
    body = client.get(f"{API}/rulesets/{LUAT2022}", {"year": 2025}, headers=bearer(personas.officer)).json()

    assert body["legal_basis"].startswith("Luật Thi đua, khen thưởng số 06/2022/QH15")
    assert body["described_year"] == 2025
    params = {p["name"]: p for p in body["parameters"]}
    assert params["dvtt_share"] == {
        "name": "dvtt_share",
        "value": 70,
        "source": "Luật 2022 điều 28",
        "confidence": "H",
        "label": "Tỷ lệ cán bộ đạt CSTT để xét Đơn vị tiên tiến (%)",
    }
    assert body["common"]["individual"][0]["text"] == (
        "Không đang bị xem xét kỷ luật, thanh tra, kiểm tra hoặc giải quyết khiếu nại, tố cáo"
    )
    rules = {r["code"]: r for r in body["rules"]}
    assert [r["kind"] for r in body["rules"]][:2] == ["title", "title"]
    cstt = rules["CSTT"]
    assert (cstt["name"], cstt["basis"], cstt["confidence"], cstt["collective"]) == (
        "Chiến sĩ tiên tiến",
        "Luật TĐKT 2022 điều 24",
        "H",
        [],
    )
    assert cstt["individual"] == [
        {
            "label": "Hoàn thành tốt nhiệm vụ trở lên",
            "note": "",
            "enabled": True,
            "conditions": [
                {
                    "predicate": "rating_at_least",
                    "params": {"rating": "$cstt_min_rating"},
                    "basis": "",
                    "note": "",
                    "enabled": True,
                    "text": "Xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2025",
                },
                {
                    "predicate": "no_discipline",
                    "params": {"form": "$cstt_discipline_form", "years": 1},
                    "basis": "TT 12/2019/TT-BCA",
                    "note": "",
                    "enabled": True,
                    "text": "Không bị kỷ luật từ hình thức khiển trách trở lên từ 01/01/2025 đến 31/12/2025",
                },
            ],
        }
    ]
    dvtt = rules["DVTT"]["collective"][0]["conditions"]
    assert [c["text"] for c in dvtt if c["predicate"] == "member_share_holding"] == [
        "Ít nhất 70 % cán bộ của đơn vị đạt danh hiệu Chiến sĩ tiên tiến năm 2025 (trước khi có quyết định "
        "công nhận danh hiệu cá nhân của năm: tính cả cá nhân đủ điều kiện)"
    ]
    old = client.get(f"{API}/rulesets/luat2003", headers=bearer(personas.officer)).json()
    assert old["described_year"] == 2023  # the last year of its period
    assert client.get(f"{API}/rulesets/nope", headers=bearer(personas.officer)).json() == NOT_FOUND


def test_the_set_in_force_for_a_year_and_a_unit(client, personas, org):
    headers = bearer(personas.office)

    def in_force(**params):
        response = client.get(f"{API}/rulesets/in-force", params, headers=headers)
        return response.status_code, response.json()["ruleset"][
            "code"
        ] if response.status_code == 200 else response.json()

    copy = copy_ruleset(LUAT2022, code="qb_2025", name="Bản Quảng Bình", owner=org.caqb, by=personas.office)
    assert in_force(year=2019) == (200, "luat2003")
    assert in_force(year=2024, unit=org.px03.pk) == (200, LUAT2022)
    copy.active = True
    copy.save()
    assert in_force(year=2024, unit=org.px03.pk) == (200, "qb_2025")
    assert in_force(year=2024) == (200, LUAT2022)  # the whole organisation: the built-in set
    assert in_force(year=1950) == (422, {"detail": "Không có bộ quy tắc nào có hiệu lực ngày 31/12/1950."})
    assert in_force(year=2024, unit=org.cahy.pk) == (404, NOT_FOUND)
    body = client.get(f"{API}/rulesets/in-force", {"year": 2019, "unit": org.px03.pk}, headers=headers).json()
    assert (body["year"], body["cutoff"], body["unit"]) == (2019, "2019-12-31", ref(org.px03))


def test_the_office_copies_edits_and_activates_a_set(client, personas, org):
    headers = bearer(personas.office)

    created = client.post(
        f"{API}/rulesets",
        {"base": LUAT2022, "code": "qb_2025", "name": "Bản Quảng Bình", "owner": org.caqb.pk},
        content_type=JSON,
        headers=headers,
    )
    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("code", "builtin", "active", "owner", "based_on", "version")} == {
        "code": "qb_2025",
        "builtin": False,
        "active": False,
        "owner": ref(org.caqb),
        "based_on": LUAT2022,
        "version": 1,
    }

    patched = client.patch(
        f"{API}/rulesets/qb_2025",
        {
            "parameters": {"dvtt_share": 60},
            "name": "Bản QB 2025",
            "effective_from": "2025-01-01",
            "note": "Công văn 12/PX01",
        },
        content_type=JSON,
        headers=headers,
    )
    assert patched.status_code == 200
    body = patched.json()
    assert (body["name"], body["effective_from"], body["version"]) == ("Bản QB 2025", "2025-01-01", 2)
    assert next(p["value"] for p in body["parameters"] if p["name"] == "dvtt_share") == 60
    dvtt = next(r for r in body["rules"] if r["code"] == "DVTT")["collective"][0]["conditions"]
    assert "Ít nhất 60 % cán bộ của đơn vị đạt danh hiệu Chiến sĩ tiên tiến" in dvtt[1]["text"]

    activated = client.post(f"{API}/rulesets/qb_2025/activate", headers=headers)
    assert (activated.status_code, activated.json()["active"]) == (200, True)
    in_force = client.get(f"{API}/rulesets/in-force", {"year": 2025, "unit": org.px03.pk}, headers=headers).json()
    assert in_force["ruleset"]["code"] == "qb_2025"
    deactivated = client.post(f"{API}/rulesets/qb_2025/deactivate", headers=headers)
    assert deactivated.json()["active"] is False

    assert audit_rows("eligibility.rulesetcopy") == [
        (
            "create",
            {"code": "qb_2025", "based_on": LUAT2022, "owner": org.caqb.pk, "active": False, "version": 1},
            f"Sao chép từ {LUAT2022}",
            "office",
        ),
        (
            "update",
            {
                "parameters.dvtt_share": [70, 60],
                "name": ["Bản Quảng Bình", "Bản QB 2025"],
                "effective_from": ["2024-01-01", "2025-01-01"],
                "version": [1, 2],
            },
            "Công văn 12/PX01",
            "office",
        ),
        ("update", {"active": [False, True]}, "", "office"),
        ("update", {"active": [True, False]}, "", "office"),
    ]


def test_a_bad_parameter_value_is_refused_with_the_engines_message_and_nothing_saved(client, personas, org):
    copy_ruleset(LUAT2022, code="qb_2025", name="Bản Quảng Bình", owner=org.caqb, by=personas.office)
    headers = bearer(personas.office)

    response = client.patch(
        f"{API}/rulesets/qb_2025",
        {"parameters": {"dvtt_share": -5}, "name": "Không lưu"},
        content_type=JSON,
        headers=headers,
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": (
            "qb_2025, quy tắc DVTT, tập thể, phương án 1 (“Hoàn thành tốt nhiệm vụ, đủ tỷ lệ CSTT, không có cán bộ bị "
            "kỷ luật từ cảnh cáo”), điều kiện 2 (member_share_holding): tham số “percent” (= $dvtt_share): cần một số "
            "không âm, nhận -5"
        )
    }
    unknown = client.patch(f"{API}/rulesets/qb_2025", {"parameters": {"ty_le": 1}}, content_type=JSON, headers=headers)
    assert unknown.json() == {"detail": "Bộ quy tắc không có tham số “ty_le”."}
    copy = RuleSetCopy.objects.get(code="qb_2025")
    assert (copy.version, copy.document["name"], copy.document["parameters"]["dvtt_share"]["value"]) == (
        1,
        "Bản Quảng Bình",
        70,
    )
    assert [row[0] for row in audit_rows("eligibility.rulesetcopy")] == ["create"]


def test_rule_set_changes_need_the_emulation_office(client, personas, org):
    copy_ruleset(LUAT2022, code="qb_2025", name="Bản Quảng Bình", owner=org.caqb, by=personas.office)
    patch = {"parameters": {"dvtt_share": 60}}
    new = {"base": LUAT2022, "code": "qb_2026", "name": "X", "owner": org.caqb.pk}

    def status(method, url, user, payload=None):
        kwargs = {"content_type": JSON} if payload is not None else {}
        response = getattr(client, method)(url, payload, headers=bearer(user), **kwargs)
        return response.status_code, response.json()

    assert status("patch", f"{API}/rulesets/{LUAT2022}", personas.office, patch) == (403, FORBIDDEN)
    for user in (personas.council, personas.leader, personas.outsider):  # they read the copy, cannot change it
        assert status("get", f"{API}/rulesets/qb_2025", user)[0] == 200
        assert status("patch", f"{API}/rulesets/qb_2025", user, patch) == (403, FORBIDDEN)
        assert status("post", f"{API}/rulesets/qb_2025/activate", user) == (403, FORBIDDEN)
    assert status("post", f"{API}/rulesets", personas.council, new) == (403, FORBIDDEN)
    assert status("post", f"{API}/rulesets", personas.outsider, new) == (404, NOT_FOUND)  # owner outside the scope
    assert status("post", f"{API}/rulesets", personas.office, {**new, "code": "qb_2025"}) == (
        409,
        {"detail": "Mã bộ quy tắc “qb_2025” đã có."},
    )
    assert status("post", f"{API}/rulesets", personas.office, {**new, "base": "nope"}) == (404, NOT_FOUND)
    assert RuleSetCopy.objects.get().version == 1
    assert RuleSetCopy.objects.count() == 1


# Verdicts ----------------------------------------------------------------------------------


def test_eligibility_counts_of_a_unit_and_of_a_block(client, personas, org, cycle):
    headers = bearer(personas.office)

    unit = client.get(f"{API}/eligibility", {"unit": org.px03.pk, "year": 2024}, headers=headers).json()
    block = client.get(f"{API}/eligibility", {"block": cycle.block.pk}, headers=headers).json()

    assert unit["scope"] == {"kind": "unit", "id": org.px03.pk, "label": org.px03.name, "units": [ref(org.px03)]}
    assert (unit["year"], unit["cutoff"], unit["ruleset"]["code"]) == (2024, "2024-12-31", LUAT2022)
    assert unit["counts"][:2] == [
        {
            "code": "CSTT",
            "name": "Chiến sĩ tiên tiến",
            "kind": "title",
            "recipient": "individual",
            "eligible": 1,
            "postponed": 0,
            "not_eligible": 2,
            "confidence": "H",
            "updating": 0,
        },
        {
            "code": "CSTDCS",
            "name": "Chiến sĩ thi đua cơ sở",
            "kind": "title",
            "recipient": "individual",
            "eligible": 1,
            "postponed": 0,
            "not_eligible": 2,
            "confidence": "H",
            "updating": 0,
        },
    ]
    assert next(c for c in unit["counts"] if c["code"] == "DVTT") == {
        "code": "DVTT",
        "name": "Đơn vị tiên tiến",
        "kind": "title",
        "recipient": "collective",
        "eligible": 0,
        "postponed": 0,
        "not_eligible": 1,
        "confidence": "H",
        "updating": 0,
    }
    # The 2019 block is judged by the 2003 set, over its three member units.
    assert (unit["stored"], block["stored"]) == (None, None)  # three people: judged at once, not stored
    assert (block["year"], block["ruleset"]["code"]) == (2019, "luat2003")
    assert block["scope"]["units"] == [ref(org.px03), ref(org.ph10), ref(cycle.pv01)]
    assert block["counts"][0]["not_eligible"] == 4
    wrong_year = client.get(f"{API}/eligibility", {"block": cycle.block.pk, "year": 2020}, headers=headers)
    assert (wrong_year.status_code, wrong_year.json()) == (422, {"detail": "Khối này là của năm 2019."})
    assert client.get(f"{API}/eligibility", {"unit": org.px03.pk}, headers=headers).status_code == 422


def test_candidates_of_a_rule_filtered_and_paginated(client, personas, org):
    headers = bearer(personas.office)
    url = f"{API}/eligibility/CSTT"
    scope = {"unit": org.px03.pk, "year": 2024}

    eligible = client.get(url, {**scope, "status": "eligible"}, headers=headers).json()
    assert {k: eligible[k] for k in ("rule", "recipient", "year", "ruleset", "total", "page", "pages")} == {
        "rule": "CSTT",
        "recipient": "individual",
        "year": 2024,
        "ruleset": LUAT2022,
        "total": 1,
        "page": 1,
        "pages": 1,
    }
    assert eligible["items"] == [
        {
            "id": org.people.binh.pk,
            "name": "Trần Thị Bình",
            "unit": "PX03",
            "registered": False,
            "received": False,
            "verdict": {
                "code": "CSTT",
                "catalogue_code": "CSTT",
                "name": "Chiến sĩ tiên tiến",
                "kind": "title",
                "recipient": "individual",
                "status": "eligible",
                "status_label": "Đủ điều kiện",
                "matched": "Hoàn thành tốt nhiệm vụ trở lên",
                "basis": "Luật TĐKT 2022 điều 24",
                "confidence": "H",
                "failures": [],
            },
            "updating": False,
        }
    ]
    failing = client.get(url, {**scope, "status": "not_eligible", "per_page": 1}, headers=headers).json()
    second = client.get(url, {**scope, "status": "not_eligible", "per_page": 1, "page": 2}, headers=headers).json()
    assert (failing["total"], failing["pages"], second["page"]) == (2, 2, 2)
    assert {failing["items"][0]["id"], second["items"][0]["id"]} == {org.people.an.pk, org.people.cuong.pk}
    assert failing["items"][0]["verdict"]["failures"][0] == {
        "alternative": "Hoàn thành tốt nhiệm vụ trở lên",
        "predicate": "rating_at_least",
        "condition": "Xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2024",
        "fact": "2024: chưa xếp loại",
        "basis": "Luật TĐKT 2022 điều 24",
        "explanation": "Chưa đáp ứng điều kiện “Xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2024”: 2024: chưa xếp "
        "loại (căn cứ Luật TĐKT 2022 điều 24).",
    }
    TitleAward.objects.create(title=Title.objects.get(code="CSTT"), person=org.people.binh, year=2024)
    received = client.get(url, {**scope, "received": "yes"}, headers=headers).json()
    assert [(r["id"], r["received"]) for r in received["items"]] == [(org.people.binh.pk, True)]
    assert client.get(url, {**scope, "received": "no"}, headers=headers).json()["total"] == 2
    assert client.get(url, {**scope, "registered": "yes"}, headers=headers).json()["total"] == 0
    assert client.get(f"{API}/eligibility/NOPE", scope, headers=headers).json() == NOT_FOUND
    assert (
        client.get(f"{API}/eligibility/CSTT", {**scope, "recipient": "collective"}, headers=headers).status_code == 404
    )


def test_a_persons_verdicts_explain_each_failure(client, personas, org):
    response = client.get(f"{API}/people/{org.people.binh.pk}/verdicts/2024", headers=bearer(personas.council))

    body = response.json()
    assert (body["person"], body["year"], body["cutoff"], body["unit"]) == (
        org.people.binh.pk,
        2024,
        "2024-12-31",
        ref(org.px03),
    )
    assert body["ruleset"]["code"] == LUAT2022
    verdicts = {v["code"]: v for v in body["verdicts"]}
    assert (verdicts["CSTDCS"]["status"], verdicts["CSTDCS"]["matched"]) == (
        "eligible",
        "Đạt CSTT và hoàn thành xuất sắc nhiệm vụ",
    )
    assert verdicts["CSTD_BO"]["failures"][0] == {
        "alternative": "3 năm liên tục CSTĐ cơ sở và sáng kiến có phạm vi ảnh hưởng toàn lực lượng",
        "predicate": "consecutive_title",
        "condition": "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục đến năm 2024",
        "fact": "1 năm liên tục (2024), cần 3",
        "basis": "Luật TĐKT 2022 điều 22",
        "explanation": "Chưa đáp ứng điều kiện “Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục đến năm 2024”: "
        "1 năm liên tục (2024), cần 3 (căn cứ Luật TĐKT 2022 điều 22).",
    }
    # The same person, 2023: judged by the 2003 set.
    old = client.get(f"{API}/people/{org.people.binh.pk}/verdicts/2023", headers=bearer(personas.council)).json()
    assert old["ruleset"]["code"] == "luat2003"


def test_a_units_verdicts(client, personas, org):
    body = client.get(f"{API}/units/{org.px03.pk}/verdicts/2024", headers=bearer(personas.leader)).json()

    assert (body["unit"], body["ruleset"]["code"]) == (ref(org.px03), LUAT2022)
    dvtt = next(v for v in body["verdicts"] if v["code"] == "DVTT")
    assert (dvtt["recipient"], dvtt["status"], dvtt["status_label"]) == (
        "collective",
        "not_eligible",
        "Chưa đủ điều kiện",
    )
    assert [f["fact"] for f in dvtt["failures"]] == [
        "2024: chưa xếp loại",
        # No decision on its members' 2024 titles yet: the one eligible member counts, named.
        "1/3 cán bộ (33,3 %) (0 đạt Chiến sĩ tiên tiến, tính cả 1 cá nhân đủ điều kiện, chưa có quyết định: "
        "Trần Thị Bình), cần ≥ 70 %",
    ]


def test_a_plain_officer_sees_his_own_verdicts_only(client, personas, org):
    headers = bearer(personas.officer)

    assert client.get(f"{API}/people/{org.people.cuong.pk}/verdicts/2024", headers=headers).status_code == 200
    for url in (f"{API}/people/{org.people.binh.pk}/verdicts/2024", f"{API}/units/{org.px03.pk}/verdicts/2024"):
        assert client.get(url, headers=headers).json() == NOT_FOUND
    assert client.get(f"{API}/eligibility", {"unit": org.px03.pk, "year": 2024}, headers=headers).json() == NOT_FOUND


# Facts -------------------------------------------------------------------------------------


def test_a_persons_facts(client, personas, org, facts):
    body = client.get(f"{API}/people/{org.people.binh.pk}/facts", headers=bearer(personas.office)).json()

    cstdcs = {"code": "CSTDCS", "name": "Chiến sĩ thi đua cơ sở"}
    assert body == {
        "person": org.people.binh.pk,
        "titles": [
            {
                "id": body["titles"][0]["id"],
                "year": 2024,
                "title": {"code": "CSTT", "name": "Chiến sĩ tiên tiến"},
                "decision_ref": "",
                "annulled": True,
            },
            {
                "id": body["titles"][1]["id"],
                "year": 2023,
                "title": {"code": "CSTT", "name": "Chiến sĩ tiên tiến"},
                "decision_ref": "",
                "annulled": False,
            },
            {
                "id": body["titles"][2]["id"],
                "year": 2023,
                "title": cstdcs,
                "decision_ref": "12/QĐ-CAT-PX01",
                "annulled": False,
            },
        ],
        "award_forms": [
            {
                "id": body["award_forms"][0]["id"],
                "year": 2023,
                "award_form": {"code": "GK", "name": "Giấy khen"},
                "kind": "merit",
                "decided_on": "2024-01-15",
                "decision_ref": "5/QĐ-CAT",
                "annulled": False,
            },
        ],
        "initiatives": [
            {
                "id": facts["initiative"].pk,
                "title": "Sổ tay công tác đảng",
                "kind": "sang_kien",
                "level": "co_so",
                "recognised_on": "2023-05-04",
                "used_for_title": cstdcs,
                "used_for_form": None,
                "used_year": 2023,
            },
        ],
        "disciplines": [],
        "pending_cases": [],
        "achievements": [],
    }


def test_facts_are_recorded_changed_and_deleted_with_audit(client, personas, org, facts):
    headers = bearer(personas.office)
    binh = org.people.binh

    created = client.post(
        f"{API}/people/{binh.pk}/initiatives",
        {
            "title": "Phần mềm quản lý hồ sơ",
            "kind": "de_tai",
            "level": "bo",
            "recognised_on": "2024-04-01",
        },
        content_type=JSON,
        headers=headers,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json() == {
        "id": pk,
        "title": "Phần mềm quản lý hồ sơ",
        "kind": "de_tai",
        "level": "bo",
        "recognised_on": "2024-04-01",
        "used_for_title": None,
        "used_for_form": None,
        "used_year": None,
    }
    used = client.patch(
        f"{API}/initiatives/{pk}", {"used_for_title": "CSTD_BO", "used_year": 2024}, content_type=JSON, headers=headers
    )
    assert used.json()["used_for_title"] == {"code": "CSTD_BO", "name": "Chiến sĩ thi đua Bộ Công an"}

    case = client.post(
        f"{API}/people/{binh.pk}/pending-cases",
        {"kind": "inspection", "opened_on": "2024-11-02", "note": "Thanh tra công vụ"},
        content_type=JSON,
        headers=headers,
    ).json()
    closed = client.patch(
        f"{API}/pending-cases/{case['id']}", {"closed_on": "2025-01-10"}, content_type=JSON, headers=headers
    )
    assert closed.json() == {
        "id": case["id"],
        "kind": "inspection",
        "opened_on": "2024-11-02",
        "closed_on": "2025-01-10",
        "note": "Thanh tra công vụ",
    }
    achievement = client.post(
        f"{API}/people/{binh.pk}/achievements",
        {"year": 2024, "kind": "dot_xuat", "description": "Bắt giữ đối tượng truy nã"},
        content_type=JSON,
        headers=headers,
    )
    assert achievement.json()["description"] == "Bắt giữ đối tượng truy nã"
    unit_achievement = client.post(
        f"{API}/units/{org.px03.pk}/achievements",
        {"year": 2024, "kind": "phong_trao_bo", "description": "Dẫn đầu phong trào"},
        content_type=JSON,
        headers=headers,
    )
    assert unit_achievement.status_code == 201
    assert [a["kind"] for a in client.get(f"{API}/units/{org.px03.pk}/achievements", headers=headers).json()] == [
        "phong_trao_bo"
    ]

    deleted = client.delete(f"{API}/disciplines/{facts['discipline'].pk}", headers=headers)
    assert deleted.status_code == 204
    assert not Discipline.objects.exists()

    assert audit_rows("eligibility.initiative") == [
        (
            "create",
            {
                "person": binh.pk,
                "title": "Phần mềm quản lý hồ sơ",
                "kind": "de_tai",
                "level": "bo",
                "recognised_on": "2024-04-01",
                "used_for_title": None,
                "used_for_form": None,
                "used_year": None,
            },
            "",
            "office",
        ),
        (
            "update",
            {"used_for_title": [None, Title.objects.get(code="CSTD_BO").pk], "used_year": [None, 2024]},
            "",
            "office",
        ),
    ]
    assert [row[:2] for row in audit_rows("eligibility.pendingcase")][1] == (
        "update",
        {"closed_on": [None, "2025-01-10"]},
    )
    assert [row[0] for row in audit_rows("eligibility.achievement")] == ["create", "create"]
    assert audit_rows("eligibility.discipline") == [
        (
            "delete",
            {
                "person": [org.people.cuong.pk, None],
                "form": ["khien_trach", None],
                "decided_on": ["2024-03-01", None],
                "period_end": ["2024-09-01", None],
                "decision_ref": ["7/QĐ-CAT", None],
            },
            "",
            "office",
        ),
    ]


def test_facts_refused_by_the_rules_are_not_saved(client, personas, org, facts):
    headers = bearer(personas.office)
    binh = org.people.binh

    def post(path, payload):
        response = client.post(f"{API}/people/{binh.pk}/{path}", payload, content_type=JSON, headers=headers)
        return response.status_code, response.json()

    assert post("disciplines", {"form": "canh_cao", "decided_on": "2024-05-01", "period_end": "2024-01-01"}) == (
        422,
        {"detail": "Ngày hết thời hạn kỷ luật phải sau ngày quyết định."},
    )
    assert post("pending-cases", {"kind": "complaint", "opened_on": "2024-05-01", "closed_on": "2024-04-30"}) == (
        422,
        {"detail": "Ngày kết thúc phải sau ngày bắt đầu."},
    )
    initiative = {"title": "X", "level": "co_so", "recognised_on": "2024-05-01"}
    assert post("initiatives", {**initiative, "used_for_title": "CSTT"}) == (
        422,
        {"detail": "Khi ghi sáng kiến đã dùng để xét danh hiệu, cần cả danh hiệu và năm xét."},
    )
    # An award form is not a title: the two never mix; an initiative earns one reward, not two.
    assert post("initiatives", {**initiative, "used_for_title": "GK", "used_year": 2024}) == (
        422,
        {"detail": "Không có danh hiệu thi đua mã “GK”."},
    )
    assert post("initiatives", {**initiative, "used_for_form": "CSTT", "used_year": 2024}) == (
        422,
        {"detail": "Không có hình thức khen thưởng mã “CSTT”."},
    )
    assert post("initiatives", {**initiative, "used_for_title": "CSTT", "used_for_form": "GK", "used_year": 2024}) == (
        422,
        {"detail": "Một sáng kiến chỉ dùng để xét một danh hiệu hoặc một hình thức khen thưởng, không cả hai."},
    )
    patched = client.patch(
        f"{API}/disciplines/{facts['discipline'].pk}", {"period_end": "2023-01-01"}, content_type=JSON, headers=headers
    )
    assert (patched.status_code, patched.json()) == (
        422,
        {"detail": "Ngày hết thời hạn kỷ luật phải sau ngày quyết định."},
    )
    assert Discipline.objects.get().period_end == D(2024, 9, 1)
    assert (Initiative.objects.count(), PendingCase.objects.count(), Discipline.objects.count()) == (1, 0, 1)
    assert not AuditEvent.objects.filter(
        object_type__in=["eligibility.discipline", "eligibility.initiative", "eligibility.pendingcase"]
    ).exists()


def test_facts_outside_the_scope_are_404_and_read_only_roles_get_403(client, personas, org, facts):
    binh, pk = org.people.binh, facts["discipline"].pk
    discipline = {"form": "khien_trach", "decided_on": "2024-05-01", "period_end": "2024-11-01"}

    outsider = bearer(personas.outsider)
    assert client.get(f"{API}/people/{binh.pk}/facts", headers=outsider).json() == NOT_FOUND
    assert (
        client.post(f"{API}/people/{binh.pk}/disciplines", discipline, content_type=JSON, headers=outsider).json()
        == NOT_FOUND
    )
    assert (
        client.patch(f"{API}/disciplines/{pk}", {"decision_ref": "X"}, content_type=JSON, headers=outsider).json()
        == NOT_FOUND
    )
    assert client.delete(f"{API}/disciplines/{pk}", headers=outsider).json() == NOT_FOUND
    for user in (personas.council, personas.leader):
        headers = bearer(user)
        assert client.get(f"{API}/people/{binh.pk}/facts", headers=headers).status_code == 200
        assert (
            client.post(f"{API}/people/{binh.pk}/disciplines", discipline, content_type=JSON, headers=headers).json()
            == FORBIDDEN
        )
        assert (
            client.patch(f"{API}/disciplines/{pk}", {"decision_ref": "X"}, content_type=JSON, headers=headers).json()
            == FORBIDDEN
        )
        assert client.delete(f"{API}/disciplines/{pk}", headers=headers).json() == FORBIDDEN
    assert Discipline.objects.get().decision_ref == "7/QĐ-CAT"
    assert not AuditEvent.objects.filter(object_type="eligibility.discipline").exists()


# Block standings ---------------------------------------------------------------------------


def test_block_standings_are_replaced_by_the_blocks_manager(client, personas, org, cycle):
    headers = bearer(personas.office)
    url = f"{API}/blocks/{cycle.block.pk}/standings"
    payload = {
        "source": "Biên bản hội nghị tổng kết 2019",
        "rows": [
            {"unit": org.ph10.pk, "rank": 1, "vote_share": "82.5"},
            {"unit": org.px03.pk, "rank": 2, "vote_share": None},
        ],
    }

    response = client.put(url, payload, content_type=JSON, headers=headers)

    assert response.status_code == 200
    assert response.json() == {
        "block": cycle.block.pk,
        "year": 2019,
        "source": "Biên bản hội nghị tổng kết 2019",
        "rows": [
            {"unit": ref(org.px03), "rank": 2, "vote_share": None},
            {"unit": ref(org.ph10), "rank": 1, "vote_share": "82.50"},
            {"unit": ref(cycle.pv01), "rank": None, "vote_share": None},
        ],
    }
    assert client.get(url, headers=bearer(personas.council)).json() == response.json()
    assert audit_rows("cycle.block")[-1] == (
        "update",
        {f"unit {org.px03.pk}": [None, [2, None]], f"unit {org.ph10.pk}": [None, [1, "82.50"]]},
        "Kết quả xếp hạng trong khối",
        "office",
    )

    refused = client.put(url, {"rows": [{"unit": org.hy_px03.pk, "rank": 1}]}, content_type=JSON, headers=headers)
    assert (refused.status_code, refused.json()) == (
        422,
        {"detail": "Phòng Công tác đảng và công tác chính trị không phải thành viên của khối."},
    )
    too_low = client.put(url, {"rows": [{"unit": org.px03.pk, "rank": 4}]}, content_type=JSON, headers=headers)
    assert too_low.json() == {"detail": "Xếp hạng của Phòng Công tác đảng và công tác chính trị phải từ 1 đến 3."}
    for user in (personas.council, personas.unit_officer):  # readers and members, not managers
        assert client.put(url, payload, content_type=JSON, headers=bearer(user)).json() == FORBIDDEN
    assert client.get(url, headers=bearer(personas.outsider)).json() == NOT_FOUND
    assert client.put(url, payload, content_type=JSON, headers=bearer(personas.outsider)).json() == NOT_FOUND
    assert sorted(BlockStanding.objects.values_list("rank", flat=True)) == [1, 2]


def test_the_outsider_gets_404_on_every_quang_binh_verdict(client, personas, org, cycle):
    headers = bearer(personas.outsider)

    for url, params in (
        (f"{API}/eligibility", {"unit": org.px03.pk, "year": 2024}),
        (f"{API}/eligibility", {"block": cycle.block.pk}),
        (f"{API}/eligibility/CSTT", {"unit": org.caqb.pk, "year": 2024}),
        (f"{API}/people/{org.people.binh.pk}/verdicts/2024", {}),
        (f"{API}/units/{org.px03.pk}/verdicts/2024", {}),
        (f"{API}/units/{org.px03.pk}/achievements", {}),
    ):
        response = client.get(url, params, headers=headers)
        assert (url, response.status_code, response.json()) == (url, 404, NOT_FOUND)
    org_services.set_person_rating(org.people.hoa, 2024, "HTTNV", by=None)
    own = client.get(f"{API}/eligibility/CSTT", {"unit": org.cahy.pk, "year": 2024}, headers=headers).json()
    assert [(r["name"], r["verdict"]["status"]) for r in own["items"]] == [("Đỗ Thị Hoa", "eligible")]


def test_an_initiative_may_be_marked_as_used_for_an_award_form(client, personas, org, facts):
    headers = bearer(personas.office)
    binh = org.people.binh
    initiative = {"title": "X", "level": "co_so", "recognised_on": "2024-05-01"}
    marked = client.post(
        f"{API}/people/{binh.pk}/initiatives",
        {**initiative, "used_for_form": "BK_BO", "used_year": 2024},
        content_type=JSON,
        headers=headers,
    )
    assert (marked.status_code, marked.json()["used_for_form"]) == (
        201,
        {"code": "BK_BO", "name": "Bằng khen của Bộ trưởng Bộ Công an"},
    )
