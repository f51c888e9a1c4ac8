"""The history import in a browser (issue 16): the office uploads a file of an officer's past, previews it,
confirms, watches the job's progress bar finish (a worker, ``db_worker --batch``, runs the queue between the
page's polls), opens the import's result, then sees the imported ratings and titles on the officer's record and
the verdict they changed: three years of Chiến sĩ thi đua cơ sở and a Ministry-level initiative make him
eligible for Chiến sĩ thi đua cấp Bộ in 2024."""

import re

import pytest
from playwright.sync_api import expect

from eligibility.tests.test_history_import import workbook
from jobs.models import Job
from jobs.tests.worker import drain

pytestmark = pytest.mark.django_db(transaction=True)

HISTORY = {
    "person_ratings": [["QB000001", year, "HTXSNV"] for year in (2022, 2023, 2024)],
    "titles": [["QB000001", "", "CSTDCS", year, "Công an tỉnh", f"{year}/QĐ-CAT", ""] for year in (2022, 2023, 2024)],
    "initiatives": [["QB000001", "Đề án chuyển đổi số", "", "Cấp Bộ", "01/06/2024", "", ""]],
}


def test_an_imported_history_shows_on_the_record_and_changes_the_verdict(
    personas, org, login, live_server, settings, tmp_path
):
    settings.IMPORT_IN_BACKGROUND = True
    settings.MEDIA_ROOT = tmp_path
    an = org.people.an
    upload = tmp_path / "lich-su.xlsx"
    upload.write_bytes(workbook(**HISTORY))
    page = login("office")

    verdicts = f"{live_server.url}/eligibility/people/{an.pk}/?year=2024"
    page.goto(verdicts)
    expect(page.locator("#verdict-CSTD_BO h3")).to_contain_text("Chưa đủ điều kiện")

    page.get_by_role("link", name="Nhập lịch sử", exact=True).click()
    expect(page.locator("h1")).to_have_text("Nhập lịch sử thi đua, khen thưởng")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.locator("#history-result")).to_contain_text("Xem trước: 7 dòng hợp lệ; chưa ghi gì.")
    expect(page.locator("#kind-titles td").first).to_have_text("3")

    page.get_by_role("button", name="Xác nhận nhập tệp lich-su.xlsx").click()
    expect(page.locator("h1")).to_have_text("Nhập lịch sử thi đua, khen thưởng – lich-su.xlsx")
    expect(page.locator("#job .progress")).to_be_visible()  # queued: the bar at 0 %, polled every 2 s
    expect(page.locator("#job")).to_contain_text("Đang chờ đến lượt chạy…")
    assert not an.ratings.filter(year=2022).exists()

    drain()  # the worker runs the job; the page's next poll shows the end
    expect(page.locator("#job")).to_contain_text("Đã xong. Mới 7, thay đổi 0, không thay đổi 0.", timeout=15_000)
    expect(page.locator("#job .progress")).to_have_count(0)
    job = Job.objects.get()
    assert (job.kind, job.status, job.progress_done, job.progress_total) == ("history_import", "succeeded", 7, 7)

    page.get_by_role("link", name="Xem kết quả").click()
    expect(page.locator("#history-result")).to_contain_text("Đã nhập xong 7 dòng.")
    expect(page.locator("#kind-titles td").first).to_have_text("3")
    expect(page.locator("#kind-person_ratings td").first).to_have_text("3")

    page.goto(f"{live_server.url}/people/{an.pk}/")
    expect(page.locator("#yearly")).to_contain_text("2022")
    expect(page.locator("#yearly")).to_contain_text("HTXSNV")
    page.get_by_role("link", name="Thành tích, sáng kiến, kỷ luật").click()
    titles = page.locator("#titles tbody tr")
    expect(titles).to_have_count(3)
    expect(page.locator("#titles")).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(page.locator("#titles")).to_contain_text("2023/QĐ-CAT")
    expect(page.locator("#initiatives")).to_contain_text("Đề án chuyển đổi số")

    page.goto(verdicts)
    expect(page.locator("#verdict-CSTD_BO")).to_have_class(re.compile(r"\bverdict-eligible\b"))
    expect(page.locator("#verdict-CSTD_BO h3")).to_contain_text("Đủ điều kiện")
