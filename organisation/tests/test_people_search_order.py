"""The people list in name order (without tone marks, then by id) whether or not a search text is given: with one,
the view orders by an expression so that PostgreSQL finds the matches before sorting them (bench/bench_load.py)."""

import datetime

from django.urls import reverse

from organisation import services


def _names(client, **params) -> list[str]:
    response = client.get(reverse("organisation:person_list"), {"unit": params.pop("unit"), **params})
    assert response.status_code == 200
    return [person.full_name for person in response.context["page"].object_list]


def test_search_results_and_the_whole_list_come_in_name_order(client, personas, org):
    for i, name in enumerate(["Nguyễn Văn Cường", "Đặng Thị Ánh", "Nguyễn Văn An", "Nguyễn Văn Bình", "Nguyễn Văn An"]):
        services.create_person(
            by=None, unit=org.ph10, start=datetime.date(2020, 1, 1), ident=f"ORD{i}", full_name=name, sex="M"
        )
    client.force_login(personas.office)

    searched = _names(client, unit=org.ph10.pk, q="nguyen van")
    listed = _names(client, unit=org.ph10.pk)

    assert searched == ["Nguyễn Văn An", "Nguyễn Văn An", "Nguyễn Văn Bình", "Nguyễn Văn Cường"]
    assert [n for n in listed if n.startswith(("Nguyễn Văn", "Đặng Thị"))] == [
        "Đặng Thị Ánh",
        "Nguyễn Văn An",
        "Nguyễn Văn An",
        "Nguyễn Văn Bình",
        "Nguyễn Văn Cường",
    ]
