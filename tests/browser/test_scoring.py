"""Self-scoring by keyboard in Chromium: PX03's unit officer opens the grid from the rubric page, types two
scores moving with Tab and Enter, a value above the maximum is refused in Vietnamese as it is typed, and the
leaderboard shows the new total (no reload button: it is computed from the stored scores)."""

import re

import pytest
from playwright.sync_api import expect

from scoring.models import Score
from scoring.services import rubrics
from scoring.tests.conftest import criterion_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_unit_officer_self_scores_two_criteria_by_keyboard_and_the_leaderboard_follows(
    cycle, org, personas, login, live_server, page
):
    rubric = rubrics.create_rubric(cycle.block, by=None)
    rubrics.replace_criteria(rubric, criterion_rows(), by=None)
    rubric = rubrics.open_scoring(rubric, by=None)
    leaf = {c.code: c for c in rubric.criteria.all()}

    login("unit_officer")
    page.goto(f"{live_server.url}/blocks/{cycle.block.pk}/")
    page.get_by_role("link", name="Chấm điểm, xếp hạng").click()
    page.locator(f"#self-{org.px03.pk}").click()
    expect(page.locator("#sheet-progress")).to_contain_text("Đã chấm 0/9 tiêu chí")

    first = page.locator(f"#v{leaf['I.1'].pk}")
    first.focus()
    page.keyboard.type("25")  # above the maximum of 20
    message = page.locator(f"#msg-{leaf['I.1'].pk}")
    expect(message).to_have_text("Điểm vượt quá điểm tối đa của tiêu chí (20).")
    expect(first).to_have_attribute("aria-invalid", "true")

    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("17,5")
    expect(message).to_have_text("")
    page.keyboard.press("Tab")  # to the note of I.1
    page.keyboard.type("Có kế hoạch số 12/KH")
    page.keyboard.press("Enter")  # down to I.2's score; leaving I.1 saves it
    expect(page.locator(f"#v{leaf['I.2'].pk}")).to_be_focused()
    expect(message).to_have_text("Đã lưu")
    page.keyboard.type("19")
    page.keyboard.press("Enter")
    expect(page.locator(f"#v{leaf['II.1.a'].pk}")).to_be_focused()
    expect(page.locator(f"#msg-{leaf['I.2'].pk}")).to_have_text("Đã lưu")
    expect(page.locator("#sheet-progress")).to_contain_text("Đã chấm 2/9 tiêu chí")
    expect(page.locator(f"#sub-{leaf['I'].pk}")).to_have_text("36,5")
    expect(page.locator("#sheet-total")).to_contain_text("36,5")

    page.get_by_role("link", name="Bảng xếp hạng").first.click()
    row = page.locator(f"#rank-{org.px03.pk}")
    expect(row.locator(".self-total")).to_contain_text("36,5")
    expect(row.locator(".self-total")).to_contain_text("2/9")
    expect(page.get_by_role("button", name=re.compile("Tính lại|Cập nhật|Làm mới"))).to_have_count(0)

    stored = {s.criterion.code: (str(s.value), s.note) for s in Score.objects.select_related("criterion")}
    assert stored == {"I.1": ("17.50", "Có kế hoạch số 12/KH"), "I.2": ("19.00", "")}
