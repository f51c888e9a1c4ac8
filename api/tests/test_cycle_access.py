"""The cycle in the API: what it documents, who sees which block, outsiders (404), read-only roles
(403), refusals by the rules (422 with their message), bounded input, constant list queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests import bearer
from cycle.services import blocks, pledges

NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}
JSON = "application/json"


def test_the_openapi_document_lists_the_cycle_paths(client, db):
    doc = client.get("/api/v1/openapi.json").json()

    other_routers = (
        "/api/v1/units",
        "/api/v1/people",
        "/api/v1/me/tokens",
        "/api/v1/me/password",
        "/api/v1/me/two-factor",
        "/api/v1/auth",
        "/api/v1/users",
        "/api/v1/imports",
        "/api/v1/jobs",
        "/api/v1/awards",
        "/api/v1/voting",
        "/api/v1/scoring",
        "/api/v1/proposals",
        "/api/v1/decisions",
        "/api/v1/certificates",
        "/api/v1/stats",
        "/api/v1/news",
        "/api/v1/public",
    )
    cycle_paths = sorted(p for p in doc["paths"] if not p.startswith(other_routers))
    assert cycle_paths == [
        "/api/v1/attachments/{attachment_id}",
        "/api/v1/blocks",
        "/api/v1/blocks/{block_id}",
        "/api/v1/blocks/{block_id}/conferences",
        "/api/v1/blocks/{block_id}/copy-to-next-year",
        "/api/v1/blocks/{block_id}/history",
        "/api/v1/blocks/{block_id}/leaders",
        "/api/v1/blocks/{block_id}/members",
        "/api/v1/blocks/{block_id}/outline",
        "/api/v1/blocks/{block_id}/pledge",
        "/api/v1/blocks/{block_id}/pledge/{version}",
        "/api/v1/blocks/{block_id}/registration-results",
        "/api/v1/blocks/{block_id}/registrations",
        "/api/v1/blocks/{block_id}/registrations/{unit_id}",
        "/api/v1/blocks/{block_id}/registrations/{unit_id}/confirm",
        "/api/v1/blocks/{block_id}/registrations/{unit_id}/import",
        "/api/v1/blocks/{block_id}/registrations/{unit_id}/results",
        "/api/v1/blocks/{block_id}/registrations/{unit_id}/results/confirm",
        "/api/v1/blocks/{block_id}/reports/{kind}",
        "/api/v1/blocks/{block_id}/reports/{kind}/{unit_id}",
        "/api/v1/conferences/{conference_id}",
        "/api/v1/conferences/{conference_id}/attendance",
        "/api/v1/me",
        "/api/v1/me/notifications",
        "/api/v1/me/tasks",
        "/api/v1/movements",
        "/api/v1/movements/{movement_id}",
        "/api/v1/pledges/{pledge_id}",
        "/api/v1/pledges/{pledge_id}/adopt",
        "/api/v1/pledges/{pledge_id}/clauses",
        "/api/v1/pledges/{pledge_id}/clauses/{clause_id}",
        "/api/v1/pledges/{pledge_id}/clauses/{clause_id}/move",
        "/api/v1/pledges/{pledge_id}/docx",
        "/api/v1/pledges/{pledge_id}/revise",
        "/api/v1/pledges/{pledge_id}/sign/{unit_id}",
        "/api/v1/reports/{report_id}/accept",
        "/api/v1/reports/{report_id}/attachments",
        "/api/v1/reports/{report_id}/return",
        "/api/v1/reports/{report_id}/submit",
    ]
    assert sorted(doc["paths"]["/api/v1/blocks/{block_id}"]) == ["get", "patch"]
    assert sorted(doc["paths"]["/api/v1/pledges/{pledge_id}/clauses/{clause_id}"]) == ["delete", "patch"]
    assert sorted(doc["paths"]["/api/v1/reports/{report_id}/attachments"]) == ["get", "post"]
    schemas = doc["components"]["schemas"]
    assert schemas["PledgeCreate"]["properties"]["title"]["maxLength"] == 255
    assert schemas["SignIn"]["properties"]["signer_name"]["maxLength"] == 120
    assert schemas["BlockCreate"]["properties"]["year"]["minimum"] == 1945
    assert schemas["BlockCreate"]["properties"]["year"]["maximum"] == 2100
    assert schemas["BlockCreate"]["properties"]["managed_by"]["maximum"] == 2**31 - 1


def test_a_px03_token_lists_exactly_the_2019_block(client, cycle, org, personas):
    blocks.create_block(by=None, members=[org.ph10, cycle.pv01], year=2019, name="Khối Hậu cần", managed_by=org.caqb)
    blocks.create_block(by=None, members=[org.hy_px03, org.cahy], year=2019, name="Khối XDLL", managed_by=org.cahy)

    response = client.get("/api/v1/blocks", headers=bearer(personas.unit_officer))

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": cycle.block.pk,
                "year": 2019,
                "kind": "block",
                "name": "Khối XDLL – TT – HCKT",
                "number": None,
                "movement": cycle.movement.pk,
                "managed_by": {"id": org.caqb.pk, "code": "CAQB", "name": "Công an tỉnh Quảng Bình"},
                "leader": {"id": org.px03.pk, "code": "PX03", "name": "Phòng Công tác đảng và công tác chính trị"},
                "deputy": {"id": org.ph10.pk, "code": "PH10", "name": "Phòng Hậu cần"},
                "registration_deadline": "2019-03-31",
                "previous": None,
            }
        ],
    }
    office = client.get("/api/v1/blocks", {"year": 2019, "managed_by": org.caqb.pk}, headers=bearer(personas.office))
    assert sorted(b["name"] for b in office.json()["items"]) == ["Khối Hậu cần", "Khối XDLL – TT – HCKT"]
    assert client.get("/api/v1/blocks", {"year": 2020}, headers=bearer(personas.office)).json()["count"] == 0


def test_a_block_comes_with_its_members_leader_deputy_and_basis(client, cycle, org, personas):
    body = client.get(f"/api/v1/blocks/{cycle.block.pk}", headers=bearer(personas.council)).json()

    assert [m["code"] for m in body["members"]] == ["PX03", "PH10", "PV01"]
    assert (body["leader"]["code"], body["deputy"]["code"]) == ("PX03", "PH10")
    assert body["leaders_basis"] == "Kết quả suy tôn tại Hội nghị tổng kết năm 2018"
    assert body["report_deadlines"] == []


def test_the_outsider_gets_404_everywhere_in_the_block(client, cycle, org, personas):
    pledge = pledges.create_pledge_draft(cycle.block, title="Giao ước", by=personas.unit_officer)
    block = cycle.block.pk
    headers = bearer(personas.outsider)
    requests = [
        ("get", f"/api/v1/blocks/{block}", None),
        ("get", f"/api/v1/blocks/{block}/history", None),
        ("get", f"/api/v1/blocks/{block}/pledge", None),
        ("get", f"/api/v1/blocks/{block}/registrations", None),
        ("get", f"/api/v1/blocks/{block}/registrations/{org.px03.pk}", None),
        ("get", f"/api/v1/blocks/{block}/reports/mid_year", None),
        ("get", f"/api/v1/blocks/{block}/conferences", None),
        ("get", f"/api/v1/pledges/{pledge.pk}/docx", None),
        ("patch", f"/api/v1/blocks/{block}", {"name": "X"}),
        ("post", f"/api/v1/blocks/{block}/pledge", {"title": "X"}),
        ("post", f"/api/v1/pledges/{pledge.pk}/clauses", {"text": "X"}),
        ("put", f"/api/v1/blocks/{block}/registrations/{org.px03.pk}", {"titles": [], "targets": [], "people": []}),
    ]
    for method, url, body in requests:
        response = (
            getattr(client, method)(url, body, content_type=JSON, headers=headers)
            if body is not None
            else getattr(client, method)(url, headers=headers)
        )
        assert (url, response.status_code, response.json()) == (url, 404, NOT_FOUND)
    assert client.get("/api/v1/blocks", headers=headers).json() == {"count": 0, "items": []}


def test_read_only_roles_get_403_on_every_change(client, cycle, org, personas):
    pledge = pledges.create_pledge_draft(cycle.block, title="Giao ước", by=personas.unit_officer)
    clause = pledges.add_clause(pledge, text="Điều một.", by=personas.unit_officer)
    block = cycle.block.pk
    council, officer = bearer(personas.council), bearer(personas.officer)
    requests = [
        (council, "patch", f"/api/v1/blocks/{block}", {"name": "X"}),
        (council, "put", f"/api/v1/blocks/{block}/members", {"members": [org.px03.pk, org.ph10.pk]}),
        (council, "post", f"/api/v1/blocks/{block}/pledge", {"title": "X"}),
        (council, "patch", f"/api/v1/pledges/{pledge.pk}/clauses/{clause.pk}", {"text": "X"}),
        (
            council,
            "put",
            f"/api/v1/blocks/{block}/registrations/{org.px03.pk}",
            {"titles": [], "targets": [], "people": []},
        ),
        (
            council,
            "post",
            f"/api/v1/blocks/{block}/conferences",
            {"kind": "launch", "date": "2019-01-10", "place": "Đồng Hới"},
        ),
        (
            officer,
            "put",
            f"/api/v1/blocks/{block}/registrations/{org.px03.pk}",
            {"titles": [], "targets": [], "people": []},
        ),
        (officer, "post", f"/api/v1/blocks/{block}/registrations/{org.px03.pk}/confirm", {}),
        (
            bearer(cycle.ph10_officer),
            "put",
            f"/api/v1/blocks/{block}/registrations/{cycle.pv01.pk}",
            {"titles": [], "targets": [], "people": []},
        ),
    ]
    for headers, method, url, body in requests:
        response = getattr(client, method)(url, body, content_type=JSON, headers=headers)
        assert (method, url, response.status_code, response.json()) == (method, url, 403, FORBIDDEN)
    # reading is allowed
    assert client.get(f"/api/v1/blocks/{block}/pledge", headers=council).status_code == 200
    assert client.get(f"/api/v1/blocks/{block}/registrations/{org.px03.pk}", headers=officer).json()["status"] == "none"


def test_a_change_the_rules_refuse_is_422_with_the_rules_message(client, cycle, org, personas):
    headers = bearer(personas.unit_officer)
    pledge = client.post(
        f"/api/v1/blocks/{cycle.block.pk}/pledge", {"title": "Giao ước"}, content_type=JSON, headers=headers
    ).json()

    adopt = client.post(
        f"/api/v1/pledges/{pledge['id']}/adopt",
        {"place": "Quảng Bình", "signing_date": "2019-03-04"},
        content_type=JSON,
        headers=headers,
    )
    second = client.post(
        f"/api/v1/blocks/{cycle.block.pk}/pledge", {"title": "Bản khác"}, content_type=JSON, headers=headers
    )
    late = client.put(
        f"/api/v1/blocks/{cycle.block.pk}/registrations/{org.px03.pk}",
        {"titles": [], "targets": [], "people": []},
        content_type=JSON,
        headers=headers,
    )

    assert (adopt.status_code, adopt.json()) == (
        422,
        {"detail": "Giao ước cần ít nhất một điều khoản trước khi thông qua."},
    )
    assert (second.status_code, second.json()) == (
        422,
        {"detail": "Khối đã có một dự thảo giao ước; hãy sửa dự thảo đó."},
    )
    assert (late.status_code, late.json()) == (
        422,
        {
            "detail": (
                "Đã hết hạn đăng ký thi đua (hạn cuối 31/03/2019). Sau thời hạn này chỉ cơ quan quản lý khối "
                "được điều chỉnh đăng ký."
            )
        },
    )


@pytest.mark.parametrize(
    "method, url, body",
    [
        ("get", "/api/v1/blocks?year=1944", None),
        ("get", "/api/v1/blocks?year=2101", None),
        ("get", "/api/v1/blocks?managed_by=2147483648", None),
        ("get", "/api/v1/blocks/0", None),
        ("get", "/api/v1/blocks/2147483648", None),
        ("get", "/api/v1/blocks/{block}/pledge/32768", None),
        ("get", "/api/v1/blocks/{block}/reports/quarterly", None),
        ("get", "/api/v1/me/notifications?limit=501", None),
        ("post", "/api/v1/blocks/{block}/pledge", {"title": "x" * 256}),
        ("post", "/api/v1/blocks/{block}/pledge", {"title": "  "}),
        ("post", "/api/v1/blocks/{block}/pledge", {"title": "Giao ước\x00"}),
        ("post", "/api/v1/blocks/{block}/conferences", {"kind": "launch", "date": "2101-01-01", "place": "Đồng Hới"}),
        ("put", "/api/v1/blocks/{block}/members", {"members": [1]}),
        ("put", "/api/v1/blocks/{block}/members", {"members": [1, 1]}),
        ("put", "/api/v1/blocks/{block}/leaders", {"leader": None, "deputy": None, "basis": "x" * 256}),
        ("post", "/api/v1/blocks", {"year": 2019, "name": "K", "managed_by": 1, "members": [1, 2], "number": 40000}),
    ],
)
def test_out_of_range_input_is_422(client, django_user_model, method, url, body):
    # validation runs before any query: the block need not exist
    url = url.format(block=1)
    headers = bearer(django_user_model.objects.create(username="admin", is_superuser=True))

    if body is None:
        response = getattr(client, method)(url, headers=headers)
    else:
        response = getattr(client, method)(url, body, content_type=JSON, headers=headers)

    assert response.status_code == 422


def test_the_block_list_runs_the_same_queries_for_1_and_3_blocks(client, cycle, org, personas):
    client.force_login(personas.office)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/blocks")
        return response.json()["count"], len(ctx.captured_queries)

    blocks_1, queries_1 = count()
    for name in ("Khối Tham mưu", "Khối Hậu cần"):
        blocks.create_block(
            by=None,
            members=[org.px03, org.ph10],
            year=2019,
            name=name,
            managed_by=org.caqb,
            leader=org.px03,
            deputy=org.ph10,
            registration_deadline=datetime.date(2019, 3, 31),
        )
    blocks_3, queries_3 = count()

    assert (blocks_1, blocks_3) == (1, 3)
    assert queries_1 == queries_3
