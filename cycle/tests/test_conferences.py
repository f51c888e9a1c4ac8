import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cycle.models import Attendance, Conference
from cycle.services import CycleError
from cycle.services import conferences as services


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def conference(cycle, personas):
    return services.create_conference(
        cycle.block,
        kind="year_end",
        date=datetime.date(2019, 11, 6),
        place="Hội trường Công an tỉnh",
        chair_name="Nguyễn Quốc Tường",
        chair_position="Phó Giám đốc Công an tỉnh",
        notes="",
        by=personas.unit_officer,
    )


def attendance_of(conference):
    return [
        (a.unit.code, a.representative, a.position, a.present)
        for a in Attendance.objects.filter(conference=conference).select_related("unit").order_by("unit__code")
    ]


def test_attendance_is_saved_per_member_unit(conference, cycle, org, personas):
    rows = services.record_attendance(
        conference,
        {
            org.px03.pk: {"representative": "Nguyễn Văn An", "position": "Trưởng phòng", "present": True},
            org.ph10.pk: {"representative": "Phạm Quốc Dũng", "position": "Phó trưởng phòng", "present": True},
            cycle.pv01.pk: {"representative": "", "position": "", "present": False},
        },
        by=personas.unit_officer,
    )
    assert [a.unit.code for a in rows] == ["PX03", "PH10", "PV01"]
    assert attendance_of(conference) == [
        ("PH10", "Phạm Quốc Dũng", "Phó trưởng phòng", True),
        ("PV01", "", "", False),
        ("PX03", "Nguyễn Văn An", "Trưởng phòng", True),
    ]
    services.record_attendance(
        conference,
        {cycle.pv01.pk: {"representative": "Lê Văn Cường", "position": "Cán bộ", "present": True}},
        by=personas.unit_officer,
    )
    assert attendance_of(conference)[1] == ("PV01", "Lê Văn Cường", "Cán bộ", True)
    assert [
        e.changes for e in AuditEvent.objects.filter(object_type="cycle.conference", action="update").order_by("id")
    ] == [
        {
            "attendance": {
                "PX03": [None, "+ Nguyễn Văn An, Trưởng phòng"],
                "PH10": [None, "+ Phạm Quốc Dũng, Phó trưởng phòng"],
                "PV01": [None, "-"],
            }
        },
        {"attendance": {"PV01": ["-", "+ Lê Văn Cường, Cán bộ"]}},
    ]


def test_attendance_rules(conference, cycle, org):
    refusals = []
    for rows in (
        {org.district.pk: {"representative": "X", "present": True}},
        {org.ph10.pk: {"representative": " ", "present": True}},
    ):
        with pytest.raises(CycleError) as refused:
            services.record_attendance(conference, rows, by=None)
        refusals.append(str(refused.value))
    assert refusals == [f"Đơn vị không thuộc khối: {org.district.pk}.", "Cần ghi người dự của đơn vị PH10."]
    assert Attendance.objects.count() == 0


def test_a_conference_date_far_from_the_blocks_year_is_refused(cycle):
    with pytest.raises(CycleError) as refused:
        services.create_conference(
            cycle.block, kind="launch", date=datetime.date(2091, 1, 10), place="Hội trường", by=None
        )
    assert str(refused.value) == "Ngày hội nghị phải trong năm 2019, cuối năm trước hoặc đầu năm sau."
    assert Conference.objects.count() == 0


def test_editing_a_conference_audits_what_changed(conference, personas):
    services.update_conference(conference, place="Hội trường Khối XDLL", by=personas.unit_officer)
    assert AuditEvent.objects.filter(object_type="cycle.conference", action="update").get().changes == {
        "place": ["Hội trường Công an tỉnh", "Hội trường Khối XDLL"]
    }


# Pages -----------------------------------------------------------------------------------------


def test_the_leaders_officer_records_a_conference_and_its_attendance(client, cycle, org, personas):
    client.force_login(personas.unit_officer)
    response = client.post(
        reverse("cycle:conference_create", args=[cycle.block.pk]),
        {
            "kind": "pledge",
            "date": "04/03/2019",
            "place": "Công an huyện Quảng Ninh",
            "chair_name": "Trần Minh Thùy",
            "chair_position": "Phó Giám đốc Công an tỉnh",
            "notes": "Ký giao ước thi đua",
        },
    )
    conference = Conference.objects.get()
    assert response["Location"] == reverse("cycle:attendance_edit", args=[conference.pk])
    assert (conference.kind, conference.date, conference.block) == ("pledge", datetime.date(2019, 3, 4), cycle.block)
    response = client.post(
        reverse("cycle:attendance_edit", args=[conference.pk]),
        {
            f"present_{org.px03.pk}": "on",
            f"representative_{org.px03.pk}": "Nguyễn Văn An",
            f"position_{org.px03.pk}": "Trưởng phòng",
            f"present_{org.ph10.pk}": "on",
            f"representative_{org.ph10.pk}": "Phạm Quốc Dũng",
            f"representative_{cycle.pv01.pk}": "",
            f"position_{cycle.pv01.pk}": "",
        },
        follow=True,
    )
    page = text(response)
    assert "Đã lưu thành phần tham dự." in page
    assert attendance_of(conference) == [
        ("PH10", "Phạm Quốc Dũng", "", True),
        ("PV01", "", "", False),
        ("PX03", "Nguyễn Văn An", "Trưởng phòng", True),
    ]
    assert re.findall(r'<tr data-unit="(\w+)"', page) == ["PX03", "PH10", "PV01"]
    assert "<dd>2/3</dd>" in page
    assert "Trần Minh Thùy – Phó Giám đốc Công an tỉnh" in page


def test_a_missing_representative_is_shown_on_the_attendance_form(client, conference, org, personas):
    client.force_login(personas.unit_officer)
    response = client.post(reverse("cycle:attendance_edit", args=[conference.pk]), {f"present_{org.ph10.pk}": "on"})
    assert response.status_code == 200
    assert "Cần ghi người dự của đơn vị PH10." in text(response)
    assert Attendance.objects.count() == 0


def test_the_conference_page_edits_its_details(client, conference, personas):
    client.force_login(personas.office)
    response = client.post(
        reverse("cycle:conference_detail", args=[conference.pk]),
        {
            "kind": "year_end",
            "date": "06/11/2019",
            "place": "Hội trường B",
            "chair_name": "Nguyễn Quốc Tường",
            "chair_position": "Phó Giám đốc Công an tỉnh",
            "notes": "",
        },
    )
    assert response["Location"] == reverse("cycle:conference_detail", args=[conference.pk])
    assert AuditEvent.objects.filter(object_type="cycle.conference", action="update").get().changes == {
        "place": ["Hội trường Công an tỉnh", "Hội trường B"]
    }


def test_who_sees_and_who_records_conferences(client, conference, cycle, personas):
    result = {}
    for user in (
        personas.unit_officer,
        cycle.ph10_officer,
        personas.office,
        cycle.pv01_commander,
        personas.council,
        personas.officer,
        personas.outsider,
    ):
        client.force_login(user)
        result[user.username] = (
            client.get(reverse("cycle:conference_detail", args=[conference.pk])).status_code,
            client.get(reverse("cycle:conference_create", args=[cycle.block.pk])).status_code,
            client.post(reverse("cycle:attendance_edit", args=[conference.pk]), {}).status_code,
            client.post(reverse("cycle:conference_detail", args=[conference.pk]), {"place": "x"}).status_code,
        )
    assert result == {
        "unit_officer": (200, 200, 302, 200),  # the leader's officer (the last post is an invalid form)
        "ph10_officer": (200, 200, 302, 200),  # the deputy's officer
        "office": (200, 200, 302, 200),  # the manager
        "pv01_commander": (200, 403, 403, 403),  # a member: reads
        "council": (200, 403, 403, 403),  # read-only role
        "officer": (200, 403, 403, 403),
        "outsider": (404, 404, 404, 404),
    }
    # the leaders' empty posts recorded every unit absent; nobody else wrote
    assert attendance_of(conference) == [("PH10", "", "", False), ("PV01", "", "", False), ("PX03", "", "", False)]
