"""A whole block-year driven through /api/v1/ alone (issue 15, "Done when").

The database starts as a fresh install leaves it: the catalogue, the base salaries and the rule sets from the
migrations, and nothing else. The test's setup makes one superuser and an API key for it (there is no first-user
operation, and rightly so); the root unit is ``POST /units`` with ``parent: null``.

Every other step is one HTTP call to /api/v1/ with ``Authorization: Bearer …`` and asserts its status code.
The administrator's key drives every step but the council's ballots: the roles a real year would use (the office,
the rooms' officers and commanders) would each need a key of their own, which the API cannot give them (below).
The facts are chosen so that the law decides every end value:

Công an tỉnh Quảng Trị has three rooms in one block: PX01 (rated HTXSNV in 2025, every officer ≥ HTTNV, Nguyễn
Văn An HTXSNV), PH10 (HTTNV, its three officers HTTNV or better) and PV01 (HTTNV, one officer only HTNV).

- CSTT (Law 2022 art. 24: HTTNV or better): the 8 officers rated HTTNV or HTXSNV; not Đặng Văn Minh (HTNV).
- CSTĐ cơ sở (art. 23: CSTT and HTXSNV): Nguyễn Văn An and Đỗ Thị Hoa.
- Đơn vị Quyết thắng (art. 27: HTXSNV, every member ≥ HTNV, ≥ 70 % CSTT, ≥ 1 CSTĐ cơ sở): PX01 only.
- Đơn vị tiên tiến (art. 28: HTTNV, ≥ 70 % CSTT): PH10; PV01 has 2 of 3 (66.7 %).
- The rubric's final scores rank PX01 96, PH10 90, PV01 80; the conference's paper ballot gives PX01 the
  flag question 3 of 3 and elects PH10 leader, PX01 deputy for 2026.
- The council (5 members) approves a line with ≥ 80 % of its members (rule set's ballot_share_other): one member's
  "no" on Nguyễn Văn An's CSTĐ cơ sở leaves 4 of 5, exactly 80 %: approved.
- Bonus (rules.md, Decree 152/2025 art. 49–54): the multiple × the base salary in force on the decision's date
  (2,340,000 from 01/07/2024), rounded up to the next 10,000; several titles of one period pay only the highest.
  CSTT 0.3 → 702,000 → 710,000; CSTĐ cơ sở 1.0 → 2,340,000; ĐVQT 1.5 → 3,510,000; ĐVTT 0.8 → 1,872,000 → 1,880,000.

The council's secret vote is cast only electronically, each member with a login linked to them: ``/users`` makes
those logins and grants the council member's role, and each member trades their own username and password for their
own key at ``/auth/token`` (nobody can issue a key in another user's name). The test then votes, records the result,
drafts and issues the decision and checks every end value.
"""

from types import SimpleNamespace

import pytest

from api.tests import bearer

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"
YEAR = 2025


class Api:
    """Bearer calls to /api/v1/ that assert the expected status and return the JSON body."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def call(self, method, path, body=None, *, status=200):
        send = getattr(self.client, method)
        if body is None:
            response = send(f"{API}{path}", headers=self.headers)
        elif method == "get":
            response = send(f"{API}{path}", body, headers=self.headers)
        else:
            response = send(f"{API}{path}", body, content_type=JSON, headers=self.headers)
        assert response.status_code == status, (method.upper(), path, response.status_code, response.content[:2000])
        return response.json() if response.content and response["Content-Type"].startswith(JSON) else None

    def get(self, path, query=None, **kw):
        return self.call("get", path, query, **kw)

    def post(self, path, body=None, *, status=201):
        return self.call("post", path, body if body is not None else {}, status=status)

    def put(self, path, body, *, status=200):
        return self.call("put", path, body, status=status)

    def patch(self, path, body, *, status=200):
        return self.call("patch", path, body, status=status)


@pytest.fixture
def api(client, django_user_model):
    admin = django_user_model.objects.create_user(
        username="quantri", password="matkhau-quantri-2025", is_superuser=True, is_staff=True
    )
    return Api(client, bearer(admin))


@pytest.fixture
def root(api):
    """Bộ Công an, the root: ``POST /units`` with ``parent: null`` (a superuser only), in an empty install."""
    assert [api.get(path)["count"] for path in ("/units", "/people", "/blocks", "/users")] == [0, 0, 0, 1]
    assert len(api.get("/awards/titles")) >= 9 and api.get("/awards/rulesets")  # the migrations' catalogue
    made = api.post("/units", {"ref": "BCA", "code": "BCA", "name": "Bộ Công an", "kind": "ministry", "parent": None})
    assert (made["parent"], made["depth"], made["ancestors"]) == (None, 0, [])
    return SimpleNamespace(pk=made["id"])


ROOMS = [
    ("PX01", "Phòng Tổ chức cán bộ", "HTXSNV"),
    ("PH10", "Phòng Hậu cần", "HTTNV"),
    ("PV01", "Phòng An ninh chính trị nội bộ", "HTTNV"),
]
# ident, name, sex, room, rating of the year under review (2023 and 2024: HTTNV for all)
OFFICERS = [
    ("QT000001", "Nguyễn Văn An", "M", "PX01", "HTXSNV"),
    ("QT000002", "Trần Thị Bình", "F", "PX01", "HTTNV"),
    ("QT000003", "Lê Văn Cường", "M", "PX01", "HTTNV"),
    ("QT000004", "Phạm Quốc Dũng", "M", "PH10", "HTTNV"),
    ("QT000005", "Đỗ Thị Hoa", "F", "PH10", "HTXSNV"),
    ("QT000006", "Vũ Văn Giang", "M", "PH10", "HTTNV"),
    ("QT000007", "Hoàng Văn Hải", "M", "PV01", "HTTNV"),
    ("QT000008", "Ngô Thị Lan", "F", "PV01", "HTTNV"),
    ("QT000009", "Đặng Văn Minh", "M", "PV01", "HTNV"),
]
COUNCIL = [
    ("QT000101", "Trần Quang Đại", "Giám đốc, Chủ tịch Hội đồng"),
    ("QT000102", "Lê Thị Thu", "Phó Giám đốc, Phó Chủ tịch"),
    ("QT000103", "Nguyễn Đức Thắng", "Phó Giám đốc, Phó Chủ tịch"),
    ("QT000104", "Phan Văn Long", "Uỷ viên"),
    ("QT000105", "Bùi Thị Mai", "Uỷ viên, Thư ký"),
]
# Criteria (code, title, max) under sections (code, title, max); every unit's cross scores, equal from both scorers.
RUBRIC = [
    ("I", "Công tác chuyên môn", "60", [("I.1", "Kết quả thực hiện chỉ tiêu", "40"), ("I.2", "Chế độ báo cáo", "20")]),
    ("II", "Xây dựng lực lượng", "40", [("II.1", "Công tác xây dựng Đảng, xây dựng lực lượng", "40")]),
]
# Who is proposed for what: every officer rated HTTNV or better for CSTT, the HTXSNV ones also for CSTĐ cơ sở,
# PX01 for Đơn vị Quyết thắng and PH10 for Đơn vị tiên tiến (PV01 is not eligible for either).
EXPECTED_LINES = [
    ("Nguyễn Văn An", "CSTT"),
    ("Trần Thị Bình", "CSTT"),
    ("Lê Văn Cường", "CSTT"),
    ("Nguyễn Văn An", "CSTDCS"),
    ("PX01", "DVQT"),
    ("Phạm Quốc Dũng", "CSTT"),
    ("Đỗ Thị Hoa", "CSTT"),
    ("Vũ Văn Giang", "CSTT"),
    ("Đỗ Thị Hoa", "CSTDCS"),
    ("PH10", "DVTT"),
    ("Hoàng Văn Hải", "CSTT"),
    ("Ngô Thị Lan", "CSTT"),
]
# What the issued decision gives (name, honour, bonus): several titles of one period pay only the highest.
EXPECTED_AWARDS = [
    ("Nguyễn Văn An", "CSTT", 0),
    ("Nguyễn Văn An", "CSTDCS", 2_340_000),
    ("Trần Thị Bình", "CSTT", 710_000),
    ("Lê Văn Cường", "CSTT", 710_000),
    ("PX01", "DVQT", 3_510_000),
    ("Phạm Quốc Dũng", "CSTT", 710_000),
    ("Đỗ Thị Hoa", "CSTT", 0),
    ("Đỗ Thị Hoa", "CSTDCS", 2_340_000),
    ("Vũ Văn Giang", "CSTT", 710_000),
    ("PH10", "DVTT", 1_880_000),
    ("Hoàng Văn Hải", "CSTT", 710_000),
    ("Ngô Thị Lan", "CSTT", 710_000),
]
PASSWORD = "Hoi-dong-TDKT-2026!"
SCORES = {"PX01": ["38", "19", "39"], "PH10": ["35", "18", "37"], "PV01": ["30", "15", "35"]}


def drive_the_year_to_the_council(api, root):
    """Every step of the block-year the API can drive today, up to the council's open vote. Returns what the
    rest of the year needs."""
    s = {}

    # 1. Units: the province under the root, its three rooms (an administrator of the Ministry).
    province = api.post(
        "/units",
        {"ref": "CAQT", "code": "CAQT", "name": "Công an tỉnh Quảng Trị", "kind": "province", "parent": root.pk},
    )
    rooms = {
        code: api.post(
            "/units", {"ref": f"CAQT-{code}", "code": code, "name": name, "kind": "room", "parent": province["id"]}
        )
        for code, name, _rating in ROOMS
    }
    assert [r["ancestors"] for r in rooms.values()] == [
        [
            {"id": root.pk, "code": "BCA", "name": "Bộ Công an"},
            {"id": province["id"], "code": "CAQT", "name": "Công an tỉnh Quảng Trị"},
        ]
    ] * 3
    unit = {code: r["id"] for code, r in rooms.items()}
    s["province"], s["unit"] = province["id"], unit

    # 2. People: three officers in each room, the council's five members at the province.
    people = {}
    for ident, name, sex, room, _rating in OFFICERS:
        made = api.post(
            "/people",
            {
                "ident": ident,
                "full_name": name,
                "sex": sex,
                "rank": "dai_uy",
                "position": "Cán bộ",
                "unit": unit[room],
                "start": "2015-09-01",
                "service_start": "2015-09-01",
                "birth_date": "1988-03-12",
            },
        )
        people[name] = made["id"]
    council = []
    for ident, name, position in COUNCIL:
        made = api.post(
            "/people",
            {
                "ident": ident,
                "full_name": name,
                "sex": "F" if " Thị " in name else "M",
                "rank": "dai_ta",
                "position": position,
                "unit": province["id"],
                "start": "2010-01-01",
            },
        )
        council.append(made["id"])
    listed = api.get("/people", {"unit": province["id"], "limit": 100})
    assert listed["count"] == 14
    s["people"], s["council"] = people, council

    # 3. Ratings: the past two years and the year under review, one all-or-nothing PUT per year; the rooms' own.
    for year in (2023, 2024, YEAR):
        rows = [
            {"person": people[name], "rating": rating if year == YEAR else "HTTNV"}
            for _i, name, _s, _r, rating in OFFICERS
        ]
        assert api.put(f"/people/ratings/{year}", {"ratings": rows}) == {"year": year, "rows": 9, "changed": 9}
    for code, _name, rating in ROOMS:
        for year in (2023, 2024, YEAR):
            saved = api.put(f"/units/{unit[code]}/ratings/{year}", {"rating": rating if year == YEAR else "HTTNV"})
            assert saved == {"year": year, "rating": rating if year == YEAR else "HTTNV"}
    assert api.get(f"/people/{people['Đặng Văn Minh']}/ratings") == [
        {"year": 2023, "rating": "HTTNV"},
        {"year": 2024, "rating": "HTTNV"},
        {"year": 2025, "rating": "HTNV"},
    ]
    titles = {t["code"]: t["id"] for t in api.get("/awards/titles")}
    s["titles"] = titles

    # 4. The movement and the block (the province's emulation office).
    movement = api.post(
        "/movements",
        {
            "name": "Phong trào thi đua “Vì an ninh Tổ quốc” năm 2025",
            "year": YEAR,
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "launched_by": province["id"],
        },
    )
    block = api.post(
        "/blocks",
        {
            "year": YEAR,
            "name": "Khối các phòng tham mưu",
            "number": 1,
            "movement": movement["id"],
            "managed_by": province["id"],
            "members": [unit["PX01"], unit["PH10"], unit["PV01"]],
            "leader": unit["PX01"],
            "deputy": unit["PH10"],
            "leaders_basis": "Kết quả suy tôn tại hội nghị tổng kết năm 2024",
            "registration_deadline": "2025-03-15",
        },
    )
    b = block["id"]
    s["block"] = b
    assert api.get(f"/blocks/{b}")["movement"] == movement["id"]

    # 5. Registration of titles, targets and officers (each room's officer, then its commander confirms).
    registered = {"PX01": "DVQT", "PH10": "DVTT", "PV01": "DVTT"}
    for code, title in registered.items():
        officers = [name for _i, name, _s, room, _r in OFFICERS if room == code]
        saved = api.put(
            f"/blocks/{b}/registrations/{unit[code]}",
            {
                "titles": [titles[title]],
                "targets": [{"text": "Tỷ lệ hoàn thành chỉ tiêu công tác", "value": "100", "measure": "%"}],
                "people": [{"person": people[name], "title": titles["CSTT"]} for name in officers],
            },
        )
        assert (saved["status"], [t["code"] for t in saved["titles"]], len(saved["people"])) == ("draft", [title], 3)
        assert api.post(f"/blocks/{b}/registrations/{unit[code]}/confirm", status=200)["status"] == "confirmed"
    board = api.get(f"/blocks/{b}/registrations")
    assert len(board["rows"]) == 3
    targets = {code: api.get(f"/blocks/{b}/registrations/{unit[code]}")["targets"][0]["id"] for code in registered}

    # 6. The pledge: drafted, two clauses, adopted, signed by the three rooms' heads (the block's leader).
    pledge = api.post(f"/blocks/{b}/pledge", {"title": "Giao ước thi đua năm 2025", "preamble": "Các đơn vị giao ước:"})
    for text in ("Hoàn thành 100 % chỉ tiêu công tác năm 2025.", "Thực hiện nghiêm chế độ thông tin, báo cáo."):
        api.post(f"/pledges/{pledge['id']}/clauses", {"text": text})
    adopted = api.post(
        f"/pledges/{pledge['id']}/adopt", {"place": "Quảng Trị", "signing_date": "2025-02-20"}, status=200
    )
    assert (adopted["status"], [c["order"] for c in adopted["clauses"]]) == ("adopted", [1, 2])
    for code, name, _rating in ROOMS:
        api.post(
            f"/pledges/{pledge['id']}/sign/{unit[code]}",
            {"signer_name": f"Trưởng {name.lower()}", "signer_position": "Trưởng phòng", "signed_on": "2025-02-20"},
        )
    signed = api.get(f"/blocks/{b}/pledge")
    assert (len(signed["signatures"]), signed["unsigned"]) == (3, [])

    # 7. Year-end: the rooms record their targets' results in one all-or-nothing PUT, the block's leader confirms.
    results = [
        {"target": targets["PX01"], "result": "exceeded", "achieved_value": "104"},
        {"target": targets["PH10"], "result": "met", "achieved_value": "100"},
        {"target": targets["PV01"], "result": "met", "achieved_value": "100"},
    ]
    assert api.put(f"/blocks/{b}/registration-results", {"results": results}) == {"rows": 3, "changed": 3}
    for code in registered:
        api.post(f"/blocks/{b}/registrations/{unit[code]}/results/confirm", status=200)

    # 8. The rubric (the block's leader): two sections, three criteria, opened for scoring.
    rubric = api.post(f"/scoring/blocks/{b}/rubric", {"scorers_per_unit": 2})
    r = rubric["id"]
    leaves = []
    for code, title, points, children in RUBRIC:
        section = api.post(f"/scoring/rubrics/{r}/criteria", {"code": code, "title": title, "max_points": points})
        for child, child_title, child_points in children:
            leaf = api.post(
                f"/scoring/rubrics/{r}/criteria",
                {"parent": section["id"], "code": child, "title": child_title, "max_points": child_points},
            )
            leaves.append(leaf["id"])
    opened = api.post(f"/scoring/rubrics/{r}/open", status=200)
    assert (opened["status"], opened["max_points"], len(opened["criteria"])) == ("open", 100, 5)
    s["rubric"] = r

    # 9. Self scores (each room), the cross-scoring plan, cross scores (each scorer), closing.
    for code, values in SCORES.items():
        cells = [{"criterion": c, "value": v, "version": 0} for c, v in zip(leaves, values, strict=True)]
        saved = api.put(f"/scoring/rubrics/{r}/sheets/self/{unit[code]}/cells", {"cells": cells})
        assert [c["value"] for c in saved] == [f"{v}.00" for v in values]
    plan = api.post(f"/scoring/rubrics/{r}/assignments/plan", status=200)
    by_id = {v: k for k, v in unit.items()}
    pairs = sorted((by_id[a["unit"]["id"]], by_id[a["scorer"]["id"]]) for a in plan)
    assert pairs == [
        ("PH10", "PV01"),
        ("PH10", "PX01"),
        ("PV01", "PH10"),
        ("PV01", "PX01"),
        ("PX01", "PH10"),
        ("PX01", "PV01"),
    ]
    for scored, scorer in pairs:
        cells = [{"criterion": c, "value": v, "version": 0} for c, v in zip(leaves, SCORES[scored], strict=True)]
        api.put(f"/scoring/rubrics/{r}/sheets/cross/{unit[scored]}/{unit[scorer]}/cells", {"cells": cells})
    assert api.post(f"/scoring/rubrics/{r}/close", status=200)["status"] == "closed"
    board = api.get(f"/scoring/rubrics/{r}/results")
    assert [(row["unit"]["code"], row["rank"], row["final_total"]["total"]) for row in board] == [
        ("PX01", 1, 96.0),
        ("PH10", 2, 90.0),
        ("PV01", 3, 80.0),
    ]

    # 10. The year-end conference and who attended (the block's leader).
    conference = api.post(
        f"/blocks/{b}/conferences",
        {
            "kind": "year_end",
            "date": "2025-12-18",
            "place": "Hội trường Công an tỉnh",
            "chair_name": "Trưởng phòng PX01",
        },
    )
    attendance = [{"unit": unit[code], "representative": f"Trưởng phòng {code}"} for code in unit]
    api.put(f"/conferences/{conference['id']}/attendance", {"attendance": attendance})

    # 11. The election at the conference, counted on paper: next year's leader and deputy, the flag question.
    election = api.post(
        "/voting/elections",
        {"conference": conference["id"], "title": "Bỏ phiếu suy tôn năm 2025", "mode": "paper", "min_ballots": 3},
    )
    e = election["id"]
    assert (election["status"], election["ballot_quorum"], len(election["roll"])) == ("draft", "2/3", 3)
    api.post(f"/voting/elections/{e}/leaders")
    flag = api.post(
        f"/voting/elections/{e}/questions",
        {
            "text": "Suy tôn đơn vị đề nghị Cờ thi đua của Bộ Công an",
            "seats": 1,
            "purpose": "flag",
            "title": titles["CO_BO"],
            "units": [unit["PX01"], unit["PH10"], unit["PV01"]],
        },
    )
    questions = flag["questions"]
    assert [(q["purpose"], len(q["candidates"])) for q in questions] == [("leader", 3), ("deputy", 3), ("flag", 3)]
    assert api.post(f"/voting/elections/{e}/open", status=200)["status"] == "open"
    marks = [{"PH10": 3}, {"PX01": 2, "PV01": 1}, {"PX01": 3}]
    for question, votes in zip(questions, marks, strict=True):
        candidate = {by_id[c["unit"]]: c["id"] for c in question["candidates"]}
        api.put(
            f"/voting/questions/{question['id']}/paper",
            {
                "issued": 3,
                "returned": 3,
                "valid": 3,
                "invalid": 0,
                "votes": {str(candidate[code]): n for code, n in votes.items()},
            },
        )
    assert api.post(f"/voting/elections/{e}/close", status=200)["status"] == "closed"
    outcome = api.get(f"/voting/elections/{e}/results")
    winners = [[by_id[unit_of] for unit_of in _winner_units(q, questions)] for q in outcome["questions"]]
    assert (outcome["withheld"], [q["status"] for q in outcome["questions"]], winners) == (
        False,
        ["decided", "decided", "decided"],
        [["PH10"], ["PX01"], ["PX01"]],
    )

    # 12. The elected leaders applied, next year's block started from this one.
    # (ElectionOut does not say that the result was applied: no applied_at; the next block shows it.)
    assert api.post(f"/voting/elections/{e}/apply", status=200)["id"] == e
    following = api.post(f"/blocks/{b}/copy-to-next-year", {})
    assert (following["year"], following["leader"]["code"], following["deputy"]["code"]) == (2026, "PH10", "PX01")

    # 13. The block's standings from the rubric's ranks and the flag question's shares (the managing office).
    standings = api.post(f"/awards/blocks/{b}/standings/from-results", status=200)
    assert [(row["unit"]["code"], row["rank"], row["vote_share"]) for row in standings["rows"]] == [
        ("PX01", 1, "100.00"),
        ("PH10", 2, "0.00"),
        ("PV01", 3, "0.00"),
    ]

    # 14. The rule set's verdicts on the rooms' titles, before any decision (members eligible are counted).
    verdicts = {
        code: {v["code"]: v["status"] for v in api.get(f"/awards/units/{unit[code]}/verdicts/{YEAR}")["verdicts"]}
        for code in unit
    }
    assert [(code, verdicts[code]["DVQT"], verdicts[code]["DVTT"]) for code in unit] == [
        ("PX01", "eligible", "eligible"),
        ("PH10", "not_eligible", "eligible"),
        ("PV01", "not_eligible", "not_eligible"),
    ]

    # 15. Proposals: each room proposes its officers and itself to the province, with the engine's checks;
    # the commander submits, the province's office puts them to the council.
    lines = {}
    proposals = []
    for code, name, _rating in ROOMS:
        proposal = api.post(
            "/proposals",
            {
                "unit": unit[code],
                "to_unit": province["id"],
                "year": YEAR,
                "movement": movement["id"],
                "title": f"Đề nghị công nhận danh hiệu thi đua năm 2025 – {name}",
            },
        )
        proposals.append(proposal["id"])
        wanted = [(n, "CSTT") for _i, n, _s, room, rating in OFFICERS if room == code and rating != "HTNV"]
        wanted += [(n, "CSTDCS") for _i, n, _s, room, rating in OFFICERS if room == code and rating == "HTXSNV"]
        wanted += [(code, {"PX01": "DVQT", "PH10": "DVTT"}[code])] if code != "PV01" else []
        for who, title in wanted:
            target = {"unit": unit[who]} if who in unit else {"person": people[who]}
            line = api.post(f"/proposals/{proposal['id']}/lines", target | {"title": title})
            assert (line["title"], line["engine_status"], line["engine_failures"]) == (title, "eligible", [])
            lines[(who, title)] = line["id"]
        checked = api.post(f"/proposals/{proposal['id']}/check", status=200)
        assert {x["engine_status"] for x in checked} == {"eligible"}
        assert api.post(f"/proposals/{proposal['id']}/submit", status=200)["status"] == "submitted"
        assert api.post(f"/proposals/{proposal['id']}/review", status=200)["status"] == "review"
    assert sorted(lines) == sorted(EXPECTED_LINES)
    s["lines"] = lines

    # 16. The province's council meets: members present, the agenda, the meeting held, the secret vote opened.
    meeting = api.post(
        "/decisions/meetings",
        {"unit": province["id"], "year": YEAR, "date": "2026-01-08", "place": "Phòng họp Công an tỉnh"},
    )
    m = meeting["id"]
    roster = [{"person": pk, "present": True, "role": COUNCIL[i][2]} for i, pk in enumerate(council)]
    assert api.put(f"/decisions/meetings/{m}/members", roster)["present"] == 5
    agenda = api.put(f"/decisions/meetings/{m}/agenda", {"lines": list(lines.values())})
    assert agenda["agenda"] == sorted(lines.values())
    assert api.post(f"/decisions/meetings/{m}/hold", status=200)["status"] == "held"
    voting = api.post(f"/decisions/meetings/{m}/vote", {"per_list": False}, status=200)
    ballot = api.get(f"/voting/elections/{voting['election']}")
    assert (ballot["status"], len(ballot["questions"]), len(ballot["roll"]), ballot["my_entries"]) == (
        "open",
        12,
        5,
        [],  # the administrator is on no roll: only the members' own logins can vote
    )
    s["meeting"], s["election"] = m, ballot
    return s


def _winner_units(result: dict, questions: list) -> list:
    """The units a question's result names as winners (the results give candidate ids)."""
    candidates = {c["id"]: c["unit"] for q in questions if q["id"] == result["question"] for c in q["candidates"]}
    return [candidates[w] for w in result["winners"]]


def council_logins(api, s) -> list[int]:
    """A login for each council member, linked to their person, with the council member's role (the
    administrator, through /users)."""
    users = []
    for (ident, name, _position), person in zip(COUNCIL, s["council"], strict=True):
        last, first = name.rsplit(" ", 1)
        made = api.post(
            "/users",
            {
                "username": f"hoidong.{ident.lower()}",
                "password": PASSWORD,
                "first_name": first,
                "last_name": last,
                "person": person,
            },
        )
        grant = api.post(f"/users/{made['id']}/grants", {"role": "council_member", "unit": s["province"]})
        assert (made["person"], grant["role"], grant["unit"]["code"]) == (person, "council_member", "CAQT")
        users.append(made)
    return users


def finish_the_year(api, s, voters: list[Api]):
    """From the council's open vote to the issued decision, with every end value the law gives."""
    lines, election = s["lines"], s["election"]

    # 17. Each member votes yes on every line; the fifth says no to Nguyễn Văn An's CSTĐ cơ sở.
    question_of = {c["ref_id"]: (q["id"], c["id"]) for q in election["questions"] for c in q["candidates"]}
    for i, voter in enumerate(voters):
        entries = voter.get(f"/voting/elections/{election['id']}")["my_entries"]
        assert [e["person"] for e in entries] == [s["council"][i]]
        answers = {}
        for key, line in lines.items():
            question, candidate = question_of[line]
            no = i == 4 and key == ("Nguyễn Văn An", "CSTDCS")
            answers[str(question)] = {str(candidate): "no" if no else "yes"}
        assert voter.post(f"/voting/elections/{election['id']}/ballots", {"answers": answers})["receipt"]
    closed = api.post(f"/voting/elections/{election['id']}/close", status=200)
    assert (closed["status"], closed["ballots_count"]) == ("closed", 5)

    # 18. The result recorded: every line approved (4 of 5 is the 80 % needed); the meeting closed.
    m = s["meeting"]
    outcomes = api.post(f"/decisions/meetings/{m}/result", status=200)
    assert outcomes == {str(pk): "approved" for pk in lines.values()}
    assert api.post(f"/decisions/meetings/{m}/close", status=200)["status"] == "closed"

    # 19. The draft decision from the approved lines, then its issue (the office; the director signs).
    draft = api.post(
        "/decisions",
        {
            "issuing_unit": s["province"],
            "lines": list(lines.values()),
            "symbol": "QĐ-CAT-PX01",
            "subject": "Về việc công nhận danh hiệu thi đua năm 2025",
            "meeting": m,
            "date": "2026-01-15",
            "signer_name": "Trần Quang Đại",
            "signer_position": "Giám đốc",
        },
    )
    assert (draft["status"], draft["number"], len(draft["lines"])) == ("draft", None, 12)
    issued = api.post(f"/decisions/{draft['id']}/issue", {}, status=200)
    names = {("person", pk): name for name, pk in s["people"].items()}
    names |= {("unit", pk): code for code, pk in s["unit"].items()}
    got = sorted(
        (
            names[("person", line["person"]) if line["person"] else ("unit", line["unit"])],
            line["honour"],
            line["bonus_amount"],
        )
        for line in issued["lines"]
    )
    assert (issued["status"], issued["number"], issued["year"], issued["base_salary"]) == ("issued", 1, YEAR, 2_340_000)
    assert issued["reference"] == "01/QĐ-CAT-PX01 ngày 15/01/2026"
    assert got == sorted(EXPECTED_AWARDS)
    assert sum(amount for _n, _h, amount in got) == 6 * 710_000 + 2 * 2_340_000 + 3_510_000 + 1_880_000

    # 20. The awards are the people's facts; the rooms' verdicts, now counted from holders, stand.
    facts = api.get(f"/awards/people/{s['people']['Nguyễn Văn An']}/facts")
    assert [(t["title"]["code"], t["decision_ref"]) for t in facts["titles"] if t["year"] == YEAR] == [
        ("CSTT", "01/QĐ-CAT-PX01 ngày 15/01/2026"),
        ("CSTDCS", "01/QĐ-CAT-PX01 ngày 15/01/2026"),
    ]
    verdicts = {
        code: {v["code"]: v["status"] for v in api.get(f"/awards/units/{pk}/verdicts/{YEAR}")["verdicts"]}
        for code, pk in s["unit"].items()
    }
    assert [(code, verdicts[code]["DVQT"], verdicts[code]["DVTT"]) for code in s["unit"]] == [
        ("PX01", "eligible", "eligible"),
        ("PH10", "not_eligible", "eligible"),
        ("PV01", "not_eligible", "not_eligible"),
    ]


def test_the_council_votes_and_the_decision_is_issued_with_keys_from_the_api(api, root, client):
    s = drive_the_year_to_the_council(api, root)
    voters = []
    for user in council_logins(api, s):
        # Each member trades their own username and password for their own key: nobody votes in
        # another's name, the administrator included.
        issued = client.post(
            f"{API}/auth/token",
            {"username": user["username"], "password": PASSWORD, "name": "Bỏ phiếu Hội đồng"},
            content_type=JSON,
        )
        assert issued.status_code == 201, issued.content
        voters.append(Api(client, {"Authorization": f"Bearer {issued.json()['key']}"}))
    finish_the_year(api, s, voters)
