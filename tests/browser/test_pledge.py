"""The 2019 pledge of "Khối XDLL – TT – HCKT", end to end in Chromium: PX03's officer drafts three
clauses and adopts them; PX03's commander and PH10's officer sign; PV01 is still pending; the .docx
downloads with every member unit and every clause."""

import docx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

CLAUSES = [
    "Quán triệt, xây dựng chương trình hành động thực hiện nghiêm túc Nghị quyết của Đảng ủy Công an tỉnh năm 2019.",
    "Đổi mới nội dung, biện pháp chỉ đạo, thực hiện các phong trào thi đua; nhân rộng điển hình tiên tiến.",
    "Thực hiện nghiêm túc chế độ thông tin, báo cáo sơ kết, tổng kết đúng hạn.",
]


def test_the_leader_drafts_and_adopts_the_pledge_two_members_sign_and_the_docx_downloads(
    cycle, org, personas, login, live_server, page, tmp_path
):
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts
    pledge_url = f"{live_server.url}/blocks/{cycle.block.pk}/pledge/"

    # PX03 leads the block: its emulation officer drafts the pledge
    login("unit_officer")
    page.goto(f"{live_server.url}/blocks/{cycle.block.pk}/")
    page.get_by_role("link", name="Giao ước thi đua", exact=True).click()
    expect(page.locator("main")).to_contain_text("Khối chưa có giao ước thi đua năm nay.")
    expect(page.get_by_label("Tiêu đề")).to_have_value("Giao ước thi đua “Vì an ninh Tổ quốc” năm 2019")
    page.get_by_role("button", name="Lập dự thảo").click()
    expect(page.locator("#pledge-status")).to_have_text("Dự thảo")

    for n, clause in enumerate(CLAUSES, start=1):
        page.get_by_label("Nội dung điều khoản").fill(clause)
        page.get_by_role("button", name="Thêm điều khoản").click()
        expect(page.locator("#clause-list tbody tr")).to_have_count(n)  # swapped in by htmx
    expect(page.locator("#clause-list tbody tr td:nth-child(2)")).to_have_text(CLAUSES)

    adopt = page.locator("#pledge-adopt")
    adopt.get_by_label("Địa danh").fill("Quảng Bình")
    adopt.get_by_label("Ngày ký").fill("04/03/2019")
    adopt.get_by_role("button", name="Thông qua").click()
    expect(page.locator("#pledge-status")).to_have_text("Đã thông qua, đang ký")
    expect(page.locator("#clause-add")).to_have_count(0)

    # PX03's commander signs for PX03; his name and position come from his record
    login("commander")
    page.goto(pledge_url)
    form = page.locator(f"#sign-{org.px03.pk}")
    expect(form.get_by_label("Họ tên người ký")).to_have_value("Nguyễn Văn An")
    expect(form.get_by_label("Chức vụ")).to_have_value("Trưởng phòng")
    form.get_by_role("button", name="Ký cho PX03").click()
    expect(page.locator(f"#signature-{org.px03.pk}")).to_contain_text("Đã ký")

    # PH10's officer signs for PH10 and is offered no form for another member
    login("ph10_officer")
    page.goto(pledge_url)
    expect(page.locator("#sign form")).to_have_count(1)
    form = page.locator(f"#sign-{org.ph10.pk}")
    form.get_by_label("Họ tên người ký").fill("Phạm Quốc Dũng")
    form.get_by_label("Chức vụ").fill("Trưởng phòng")
    form.get_by_role("button", name="Ký cho PH10").click()

    expect(page.locator(f"#signature-{org.ph10.pk}")).to_contain_text("Phạm Quốc Dũng")
    expect(page.locator(f"#signature-{org.px03.pk}")).to_contain_text("Nguyễn Văn An")
    expect(page.locator(f"#signature-{cycle.pv01.pk}")).to_contain_text("Chưa ký")
    expect(page.locator("#pledge-signed")).to_have_text("2/3")
    expect(page.locator("#pledge-status")).to_have_text("Đã thông qua, đang ký")

    with page.expect_download() as download_info:
        page.locator("#pledge-docx").click()
    download = download_info.value
    assert download.suggested_filename == "giao-uoc-2019-v1.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
    assert [f"{n}. {clause}" in paragraphs for n, clause in enumerate(CLAUSES, start=1)] == [True] * 3
    names = ["PHÒNG CÔNG TÁC ĐẢNG VÀ CÔNG TÁC CHÍNH TRỊ", "PHÒNG HẬU CẦN", "PHÒNG THAM MƯU"]
    assert [name in cells for name in names] == [True] * 3
    assert ["Nguyễn Văn An" in cells, "Phạm Quốc Dũng" in cells] == [True, True]
    assert "Quảng Bình, ngày 04 tháng 3 năm 2019" in cells
