"""The top menu shows only the entries the user's roles may open (a link shown must not lead to 403 or 404)."""

import re

import pytest
from django.urls import reverse

MENU = re.compile(r'<nav [^>]*id="mainnav"[^>]*>(.*?)</nav>', re.S)


def _menu(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("organisation:home")).content.decode()
    return re.findall(r"<a [^>]*>(?:<i [^>]*></i>)?([^<]+)</a>", MENU.search(page).group(1))


@pytest.mark.parametrize(
    "persona,shown",
    [
        (
            "officer",
            ["Trang của tôi", "Đơn vị", "Thi đua", "Cán bộ", "Xét khen thưởng", "Khen thưởng", "Thông tin thi đua"],
        ),
        (
            "council",
            [
                "Trang của tôi",
                "Đơn vị",
                "Thi đua",
                "Cán bộ",
                "Xét khen thưởng",
                "Khen thưởng",
                "Thống kê",
                "Thông tin thi đua",
            ],
        ),
        (
            "office",
            [
                "Trang của tôi",
                "Đơn vị",
                "Thi đua",
                "Cán bộ",
                "Xét khen thưởng",
                "Khen thưởng",
                "Nhập Excel",
                "Nhập lịch sử",
                "Công việc",
                "Thống kê",
                "Thông tin thi đua",
            ],
        ),
    ],
)
def test_the_menu_lists_only_what_the_role_may_open(client, personas, persona, shown):
    assert _menu(client, getattr(personas, persona)) == shown


@pytest.mark.parametrize("persona", ["officer", "council", "leader", "unit_officer", "office", "admin"])
def test_every_menu_entry_shown_opens(client, personas, persona):
    user = getattr(personas, persona)
    client.force_login(user)
    page = client.get(reverse("organisation:home")).content.decode()
    links = re.findall(r'<a href="([^"]+)"', MENU.search(page).group(1))
    statuses = {link: client.get(link, follow=True).status_code for link in links}
    assert {link: status for link, status in statuses.items() if status != 200} == {}
