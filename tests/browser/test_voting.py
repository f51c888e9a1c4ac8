"""Voting on a phone-size screen in Chromium: PV01's representative steps through the ballot one
question per screen, reviews it, casts it and sees the receipt; after closing, finds the receipt in
the published list (searched in the browser, never sent to the server)."""

import re

import pytest
from playwright.sync_api import expect

from voting import services
from voting.tests import conftest as voting_fixtures
from voting.tests.conftest import pick

pytestmark = pytest.mark.django_db(transaction=True)

# the voting tests' fixtures: the seed-000 block at its conference, and a ready election
xdll = voting_fixtures.xdll
election = voting_fixtures.election

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "matkhau-demo-2025")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_representative_votes_on_a_phone_and_finds_the_receipt_after_closing(
    election, xdll, personas, live_server, phone
):
    e = services.open_election(election.election, by=personas.office)
    log_in(phone, live_server, "rep_pv01")
    phone.goto(f"{live_server.url}/elections/{e.pk}/")
    phone.locator("#vote-link").click()

    # one question per screen: the leader, then the deputy, the flag, the title
    expect(phone.locator(f"#step-{election.leader.pk}")).to_be_visible()
    expect(phone.locator(f"#step-{election.deputy.pk}")).to_be_hidden()
    expect(phone.locator("#ballot-review")).to_be_hidden()
    option = phone.locator(f"#step-{election.leader.pk}").get_by_label(
        "PX03 – Phòng Công tác đảng và công tác chính trị"
    )
    box = option.locator("xpath=..").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a thumb-size target across the screen
    option.check()
    phone.locator("#ballot-next").click()
    phone.locator(f"#step-{election.deputy.pk}").get_by_label("PH10 – Phòng Hậu cần").check()
    phone.locator("#ballot-next").click()
    flag = phone.locator(f"#step-{election.flag.pk}")
    for code in ("PX03 – Phòng Công tác đảng và công tác chính trị", "PH10 – Phòng Hậu cần", "PV01 – Phòng Tham mưu"):
        flag.get_by_label(code).check()
    expect(flag.get_by_label("PX01 – Phòng Tổ chức cán bộ")).to_be_disabled()  # at most 3
    phone.locator("#ballot-next").click()
    expect(phone.locator("#ballot-next")).to_be_hidden()
    phone.locator(f"#step-{election.dvtt.pk}").get_by_role("radio", name="Đồng ý").first.check()
    phone.locator("#ballot-review").click()

    review = phone.locator("#review li")
    expect(review).to_have_text(
        [
            "Khối trưởng năm 2019: PX03 – Phòng Công tác đảng và công tác chính trị",
            "Khối phó năm 2019: PH10 – Phòng Hậu cần",
            re.compile(r"^Cờ thi đua của Bộ Công an: .*PV01 – Phòng Tham mưu"),
            "Đơn vị tiên tiến: PX01 – Phòng Tổ chức cán bộ: Đồng ý",
        ]
    )
    phone.locator("#ballot-cast").click()
    expect(phone.locator("#receipt h1")).to_have_text("Phiếu của bạn đã được ghi nhận")
    receipt = phone.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", receipt)

    # two more members vote, the organiser closes
    for code in ("PX01", "PH41"):
        services.cast_ballot(
            e,
            e.roll.get(unit=xdll.units[code]),
            {election.leader.key: pick(election.leader, "PX03")},
            by=xdll.reps[code],
        )
    services.close_election(e, by=personas.office)

    phone.goto(f"{live_server.url}/elections/{e.pk}/")
    expect(phone.locator("#election-status")).to_have_text("Đã kết thúc")
    phone.locator("#receipts-link").click()
    expect(phone.locator("#receipt-list tbody tr")).to_have_count(3)
    phone.locator("#receipt-find").fill(receipt.lower())
    mine = phone.locator(f'#receipt-list tr[data-receipt="{receipt}"]')
    expect(mine).to_be_visible()
    expect(mine).to_have_class("mine")
    expect(phone.locator("#receipt-list tbody tr:visible")).to_have_count(1)
    expect(phone.locator("#receipt-found")).to_be_visible()
    expect(mine.locator("td").nth(1)).to_have_text("PX03 – Phòng Công tác đảng và công tác chính trị")
