import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_unit_officer_finds_px03_by_its_code_and_opens_one_of_its_officers(personas, org, login, live_server):
    page = login("unit_officer")
    expect(page.locator("h1")).to_contain_text("Xin chào")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    expect(page.locator("h1")).to_have_text("Cây đơn vị")
    expect(page.locator("#tree-results")).to_contain_text("Phòng Công tác đảng và công tác chính trị")

    page.fill("#unit-q", "PX03")
    results = page.locator("#search-results tbody tr")
    expect(results).to_have_count(1)  # Hưng Yên's PX03 is outside this officer's scope
    expect(results.first).to_contain_text("Công an tỉnh Quảng Bình")
    results.first.get_by_role("link", name="PX03").click()

    expect(page.locator("h1")).to_contain_text("PX03 Phòng Công tác đảng và công tác chính trị")
    members = page.locator("#members tbody tr")
    expect(members).to_have_count(3)
    page.get_by_role("link", name="Trần Thị Bình").click()

    expect(page.locator("h1")).to_have_text("Đại úy Trần Thị Bình")
    expect(page.locator("#yearly")).to_contain_text("HTXSNV")
    expect(page.locator("#assignments")).to_contain_text("PX03")
    assert re.search(r"/people/\d+/$", page.url)


def test_the_outsider_from_another_province_gets_404_on_that_officer(personas, org, login, live_server):
    page = login("outsider")
    response = page.goto(f"{live_server.url}/people/{org.people.binh.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Trần Thị Bình")


def test_the_tree_expands_a_node_without_a_reload(personas, org, login, live_server):
    page = login("office")
    page.goto(f"{live_server.url}/units/")
    node = page.locator(f"#node-{org.caqb.pk} > details > summary")
    node.click()
    children = page.locator(f"#children-{org.caqb.pk} > li")
    expect(children).to_have_count(2)  # PX03 and PH10; the district police ended in 2025
    expect(page.locator(f"#children-{org.caqb.pk}")).to_contain_text("PH10")
