"""From proposal to council vote to decision to the certificate PDF for one officer, in Chromium:
PX03's emulation officer proposes Trần Thị Bình (HTTNV 2022, HTXSNV 2023–2024) for Chiến sĩ tiên
tiến 2024 and submits; the province's office puts it under review, creates the council meeting,
its members and agenda, holds it and opens the secret vote; the three members vote in their own
browser sessions; the office closes the vote, records the result, drafts and issues the decision
and fetches the certificate, whose PDF text is checked. Annulling an issued decision happens on its
own page, behind a required confirmation, and flags the awards."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from commendation.models import Annulment, CouncilMeeting, Decision, Proposal
from commendation.tests.test_decisions import issued
from honours.models import TitleAward
from organisation import services as org_services
from organisation.models import Role, RoleGrant

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "matkhau-demo-2025"


@pytest.fixture
def members(org, django_user_model):
    """Three council members of Công an tỉnh Quảng Bình, each a person with a login."""
    users = []
    for i, name in enumerate(["Hoàng Văn Hải", "Võ Thị Lan", "Đinh Công Minh"], start=1):
        person = org_services.create_person(
            by=None,
            unit=org.caqb,
            ident=f"QB1000{i:02d}",
            full_name=name,
            sex="M",
            rank="thuong_ta",
            position="Phó Giám đốc",
        )
        user = django_user_model.objects.create_user(username=f"hoidong{i}", password=PASSWORD, person=person)
        RoleGrant.objects.create(user=user, role=Role.COUNCIL_MEMBER, unit=org.caqb)
        users.append(user)
    return users


def log_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def test_from_proposal_to_the_certificate_pdf(org, personas, members, live_server, page):
    url = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())

    # PX03 proposes Trần Thị Bình for Chiến sĩ tiên tiến 2024 and submits.
    log_in(page, url, "unit_officer")
    page.goto(f"{url}/proposals/new/")
    page.select_option("#id_unit", str(org.px03.pk))
    page.select_option("#id_to_unit", str(org.caqb.pk))
    page.fill("#id_year", "2024")
    page.fill("#id_title", "Đề nghị công nhận danh hiệu thi đua năm 2024")
    page.locator("#proposal-form").get_by_role("button", name="Tạo đề nghị").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal = Proposal.objects.get()
    detail = f"{url}/proposals/{proposal.pk}/"
    page.goto(f"{detail}?q=Bình")
    page.select_option("#line-form select[name=holder]", label="Trần Thị Bình (PX03)")
    page.select_option("#line-form select[name=title]", label="Chiến sĩ tiên tiến")
    page.locator("#line-form").get_by_role("button", name="Thêm").click()
    expect(page.locator("#lines tbody tr")).to_have_count(1)
    expect(page.locator("#lines")).to_contain_text("Trần Thị Bình")
    page.locator("#proposal-actions").get_by_role("button", name="Trình đề nghị").click()
    expect(page.locator("#proposal-status")).to_contain_text("Đã trình")

    # The province's office puts it under review and prepares the meeting.
    log_in(page, url, "office")
    page.goto(detail)
    page.locator("#proposal-actions").get_by_role("button", name="Đưa ra Hội đồng xét").click()
    expect(page.locator("#proposal-status")).to_contain_text("Hội đồng")
    page.goto(f"{url}/council/meetings/new/")
    page.select_option("#id_unit", str(org.caqb.pk))
    page.fill("#id_year", "2024")
    page.fill("#id_date", "2024-12-05")
    page.fill("#id_place", "Hội trường Công an tỉnh")
    page.locator("#meeting-form").get_by_role("button", name="Tạo phiên họp").click()
    page.wait_for_url(re.compile(r"/council/meetings/\d+/members/$"))
    meeting = CouncilMeeting.objects.get()
    for user in members:  # found by name one at a time; those already saved stay ticked
        page.goto(f"{url}/council/meetings/{meeting.pk}/members/?q={user.person.full_name}")
        page.check(f"#person-{user.person_id}")
        page.click("#members-save")
        page.wait_for_url(f"{url}/council/meetings/{meeting.pk}/")
    expect(page.locator("#members tbody tr")).to_have_count(3)
    page.click("#edit-agenda")
    line = proposal.lines.get()
    page.check(f"#line-{line.pk}")
    page.click("#agenda-save")
    page.wait_for_url(f"{url}/council/meetings/{meeting.pk}/")
    expect(page.locator("#agenda")).to_contain_text("Trần Thị Bình")
    page.locator("#meeting-actions").get_by_role("button", name="Bắt đầu phiên họp").click()
    page.click("#meeting-vote")
    expect(page.locator("#election-link")).to_be_visible()
    meeting.refresh_from_db()
    election = meeting.election

    # Each member casts a secret ballot.
    for user in members:
        log_in(page, url, user.username)
        page.goto(f"{url}/elections/{election.pk}/vote/")
        page.locator("#ballot").get_by_role("radio", name="Đồng ý").first.check()
        page.click("#ballot-review")
        page.click("#ballot-cast")
        expect(page.locator("#receipt h1")).to_have_text("Phiếu của bạn đã được ghi nhận")

    # The office closes the vote, records the result, drafts and issues the decision.
    log_in(page, url, "office")
    page.goto(f"{url}/elections/{election.pk}/")
    page.click("#election-close")
    expect(page.locator("#election-status")).to_have_text("Đã kết thúc")
    page.goto(f"{url}/council/meetings/{meeting.pk}/")
    page.locator("#meeting-actions").get_by_role("button", name="Ghi kết quả xét").click()
    expect(page.locator("#agenda")).to_contain_text("Hội đồng thống nhất")
    page.locator("#meeting-actions").get_by_role("button", name="Kết thúc phiên họp").click()
    page.click("#meeting-decision")
    page.wait_for_url(re.compile(r"/decisions/new/"))
    page.check(f"#line-{line.pk}")
    page.fill("#id_symbol", "QĐ-CAT")
    page.fill("#id_subject", "Về việc tặng danh hiệu Chiến sĩ tiên tiến năm 2024")
    page.click("#decision-save")
    page.wait_for_url(re.compile(r"/decisions/\d+/$"))
    decision = Decision.objects.get()
    page.fill("#issue-form input[name=number]", "125")
    page.fill("#issue-form input[name=date]", "2024-12-10")
    page.locator("#issue-form").get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator("main")).to_contain_text("Đã ban hành quyết định.")
    decision.refresh_from_db()
    assert (decision.status, decision.reference) == ("issued", "125/QĐ-CAT ngày 10/12/2024")
    assert decision.lines.get().bonus_amount == 710_000

    # The certificate, fetched with the office's session, opened and read.
    href = page.locator("main a", has_text="In bằng").first.get_attribute("href")
    response = page.request.get(f"{url}{href}")
    assert response.ok and response.headers["content-type"].startswith("application/pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Trần Thị Bình" in flat
    assert "CHIẾN SĨ TIÊN TIẾN" in flat.upper()
    assert "125/QĐ-CAT" in flat


def test_annulling_a_decision_on_its_own_page_flags_the_awards(org, personas, live_server, page):
    url = live_server.url
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    log_in(page, url, "office")
    page.goto(f"{url}/decisions/{decision.pk}/")
    expect(page.locator("#annul-form")).to_have_count(0)
    page.locator("#decision-annul").click()
    page.wait_for_url(f"{url}/decisions/{decision.pk}/annul/")

    page.select_option("#id_ground", "fraud")
    page.fill("#id_reason", "Kê khai không trung thực thành tích")
    page.fill("#id_annulled_on", "15/03/2025")
    page.fill("#id_annulling_reference", "45/QĐ-CAT")
    page.fill("#id_recovered_amount", "2340000")
    page.check(f"#annul-form input[name=lines][value='{decision.lines.get(person=org.people.binh).pk}']")
    # Unticked, the confirmation stops the submit in the browser; nothing is written.
    assert page.locator("#id_confirm").evaluate("box => box.validity.valueMissing") is True
    page.locator("#annul-form").get_by_role("button", name="Huỷ bỏ quyết định").click()
    expect(page.locator("#id_confirm")).to_be_focused()
    assert page.url == f"{url}/decisions/{decision.pk}/annul/" and Annulment.objects.count() == 0

    page.check("#id_confirm")
    page.locator("#annul-form").get_by_role("button", name="Huỷ bỏ quyết định").click()
    page.wait_for_url(f"{url}/decisions/{decision.pk}/")
    expect(page.locator(".messages")).to_have_text("Đã huỷ bỏ; danh hiệu, hình thức khen thưởng không còn được tính.")
    expect(page.locator("#annulments")).to_contain_text("45/QĐ-CAT")
    assert [(a.person.full_name, a.annulled) for a in TitleAward.objects.order_by("person__full_name")] == [
        ("Lê Văn Cường", False),
        ("Trần Thị Bình", True),
    ]
    assert Annulment.objects.get().recovered_amount == 2_340_000

    page.locator("#decision-annul").click()  # Cường's line is still in force
    page.locator("#annul-back").click()
    page.wait_for_url(f"{url}/decisions/{decision.pk}/")
