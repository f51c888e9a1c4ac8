"""The scoring pages: who sees what (outsider 404, read-only roles 403), the grid's htmx cell saves with
their refusals and conflicts, the leaderboard, the discrepancy page, assignments, evidence."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from scoring.models import Assignment, EvidenceFile, Explanation, Rubric, Score, Sheet
from scoring.services import rounds
from scoring.services.rounds import sheet_for
from scoring.tests.test_rounds import FULL, fill


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_block_page_links_to_scoring(client, cycle, personas, rubric):
    response = client_for(client, personas.officer).get(f"/blocks/{cycle.block.pk}/")

    assert f'href="/blocks/{cycle.block.pk}/rubric/">Chấm điểm, xếp hạng</a>' in text(response)


def test_the_rubric_page_shows_the_tree_and_the_total_maximum(client, personas, rubric):
    response = client_for(client, personas.council).get(f"/rubrics/{rubric.pk}/")

    page = text(response)
    assert response.status_code == 200
    assert '<dd id="rubric-max">100 + tối đa 10 điểm thưởng</dd>' in page
    assert '<dd id="rubric-status">Đang chấm điểm</dd>' in page
    assert page.count('<tr class="depth-') == 14
    assert "Khoá bảng tiêu chí và mở chấm điểm" not in page  # a council member only reads


def test_the_outsider_gets_404_on_every_scoring_page(client, personas, rubric, leaf, org):
    sheet = sheet_for(rubric, org.px03, Sheet.Round.SELF)
    client_for(client, personas.outsider)
    urls = [
        f"/rubrics/{rubric.pk}/",
        f"/rubrics/{rubric.pk}/leaderboard/",
        f"/rubrics/{rubric.pk}/assignments/",
        f"/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/",
        f"/rubrics/{rubric.pk}/units/{org.px03.pk}/",
        f"/rubrics/{rubric.pk}.xlsx",
        f"/rubrics/{rubric.pk}/scores.xlsx",
        f"/rubrics/{rubric.pk}/results.docx",
        f"/blocks/{rubric.block_id}/rubric/",
    ]

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert client.post(f"/sheets/{sheet.pk}/cells/{leaf['I.1'].pk}/", {"value": "5", "version": "0"}).status_code == 404
    assert client.post(f"/rubrics/{rubric.pk}/close/").status_code == 404


def test_read_only_roles_get_403_on_writes(client, personas, rubric, leaf, org):
    sheet = sheet_for(rubric, org.px03, Sheet.Round.SELF)
    for user in (personas.council, personas.leader, personas.officer):
        client_for(client, user)
        assert (
            client.post(f"/sheets/{sheet.pk}/cells/{leaf['I.1'].pk}/", {"value": "5", "version": "0"}).status_code
            == 403
        )
        assert client.post(f"/rubrics/{rubric.pk}/close/").status_code == 403
        assert client.post(f"/rubrics/{rubric.pk}/assignments/", {"action": "plan"}).status_code == 403
    assert Score.objects.count() == 0
    assert Rubric.objects.get(pk=rubric.pk).status == Rubric.Status.OPEN


def test_another_member_may_not_read_a_units_self_score_until_assigned_to_check_it(
    client, personas, cycle, rubric, org
):
    client_for(client, cycle.pv01_commander)  # PV01: a plain member (PH10 is the deputy and runs the block)
    url = f"/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/"

    assert client.get(url).status_code == 403
    rounds.add_assignment(rubric, org.px03, cycle.pv01, by=personas.unit_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="score form-control ' not in text(response)  # reads, does not write


def test_the_unit_officer_gets_an_editable_grid_with_the_vietnamese_messages(client, personas, rubric, leaf, org):
    response = client_for(client, personas.unit_officer).get(f"/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/")

    page = text(response)
    sheet = Sheet.objects.get(rubric=rubric, unit=org.px03, round=Sheet.Round.SELF)
    assert response.status_code == 200
    assert page.count('class="score form-control ') == 9
    assert (
        f'<form id="cell-{leaf["I.1"].pk}" class="cell-form" method="post" '
        f'action="/sheets/{sheet.pk}/cells/{leaf["I.1"].pk}/"'
    ) in page
    assert 'data-low="0" data-high="20" data-kind="normal"' in page
    assert 'data-low="−5" data-high="0" data-kind="deduction"' in page
    assert 'data-msg-above="Điểm vượt quá điểm tối đa của tiêu chí (%(max)s)."' in page
    assert '<span id="sheet-progress">Đã chấm 0/9 tiêu chí' in page
    assert '<script src="/static/js/scoring.js" defer></script>' in page


def test_a_cell_saves_with_htmx_and_updates_the_subtotal_total_and_progress(client, personas, rubric, leaf, org):
    sheet = sheet_for(rubric, org.px03, Sheet.Round.SELF)

    response = client_for(client, personas.unit_officer).post(
        f"/sheets/{sheet.pk}/cells/{leaf['I.1'].pk}/",
        {"value": "17,5", "version": "0", "note": "Đủ nghị quyết", "figures": "12 văn bản"},
        HTTP_HX_REQUEST="true",
    )

    page = text(response)
    assert (
        f'<span id="msg-{leaf["I.1"].pk}" class="cell-msg text-success" role="status" aria-live="polite">Đã lưu</span>'
        in page
    )
    assert f'<input type="hidden" name="version" id="ver-{leaf["I.1"].pk}" value="1" hx-swap-oob="true">' in page
    assert f'<span id="sub-{leaf["I"].pk}" class="subtotal" hx-swap-oob="true">17,5</span>' in page
    assert '<span id="sheet-total" hx-swap-oob="true">17,5 ' in page
    assert "Đã chấm 1/9 tiêu chí" in page
    score = Score.objects.get()
    assert (str(score.value), score.note, score.figures, score.updated_by) == (
        "17.50",
        "Đủ nghị quyết",
        "12 văn bản",
        personas.unit_officer,
    )


def test_a_value_above_the_maximum_is_refused_and_nothing_is_stored(client, personas, rubric, leaf, org):
    sheet = sheet_for(rubric, org.px03, Sheet.Round.SELF)

    response = client_for(client, personas.unit_officer).post(
        f"/sheets/{sheet.pk}/cells/{leaf['I.1'].pk}/", {"value": "21", "version": "0"}, HTTP_HX_REQUEST="true"
    )

    assert (
        f'<span id="msg-{leaf["I.1"].pk}" class="cell-msg text-danger" role="status" aria-live="polite">'
        "Điểm vượt quá điểm tối đa của tiêu chí (20).</span>"
    ) in text(response)
    assert Score.objects.count() == 0


def test_the_second_editor_is_told_of_the_conflict_and_may_overwrite(client, personas, rubric, leaf, org):
    sheet = sheet_for(rubric, org.px03, Sheet.Round.SELF)
    url = f"/sheets/{sheet.pk}/cells/{leaf['I.1'].pk}/"
    client_for(client, personas.unit_officer).post(url, {"value": "15", "version": "0"}, HTTP_HX_REQUEST="true")

    response = client_for(client, personas.commander).post(url, {"value": "12", "version": "0"}, HTTP_HX_REQUEST="true")

    page = text(response)
    assert "Ô này vừa được unit_officer sửa thành 15 lúc " in page
    assert "Giá trị bạn nhập chưa được ghi: hãy xem lại rồi lưu lại." in page
    assert (
        f'<button type="submit" form="cell-{leaf["I.1"].pk}" class="btn btn-link p-0 align-baseline">Ghi đè bằng giá trị của tôi</button>'
        in page
    )
    # the version the commander now holds is the stored one: pressing "overwrite" goes through
    assert f'id="ver-{leaf["I.1"].pk}" value="1" hx-swap-oob="true"' in page
    assert str(Score.objects.get().value) == "15.00"
    client.post(url, {"value": "12", "version": "1"}, HTTP_HX_REQUEST="true")
    assert (str(Score.objects.get().value), Score.objects.get().updated_by) == ("12.00", personas.commander)


def _scored(rubric, leaf, org, cycle, personas):
    rounds.assign_cross_scorers(rubric, by=personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.SELF), leaf, FULL, personas.unit_officer)
    fill(
        sheet_for(rubric, org.px03, Sheet.Round.CROSS, org.ph10),
        leaf,
        FULL | {"I.1": 14, "II.2": 24},
        cycle.ph10_officer,
    )
    fill(
        sheet_for(rubric, org.px03, Sheet.Round.CROSS, cycle.pv01),
        leaf,
        FULL | {"I.1": 16, "II.2": 26, "TR.1": -2},
        personas.office,
    )


def test_the_leaderboard_shows_self_cross_and_final_totals(client, personas, cycle, rubric, leaf, org):
    _scored(rubric, leaf, org, cycle, personas)

    response = client_for(client, personas.officer).get(f"/rubrics/{rubric.pk}/leaderboard/")

    page = text(response)
    row = re.search(rf'<tr id="rank-{org.px03.pk}">(.*?)</tr>', page).group(1)
    assert re.findall(r'<td class="text-end (?:self|cross|final)-total[^"]*">(.*?)</td>', row) == [
        '95<br><small class="text-body-secondary">9/9</small>',
        '88,5<br><small class="text-body-secondary">2/2 phiếu</small>',
        "<strong>88,5</strong>",
    ]
    assert "Tính lại" not in page and "recalculate" not in page
    assert 'hx-trigger="every 10s"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<title>PX03 – Phần I: 35</title>" in page


def test_the_leaderboard_costs_the_same_queries_with_one_or_three_scored_units(
    client, personas, cycle, rubric, leaf, org, django_assert_num_queries
):
    rounds.assign_cross_scorers(rubric, by=personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.SELF), leaf, FULL, personas.unit_officer)
    client_for(client, personas.officer)
    client.get(f"/rubrics/{rubric.pk}/leaderboard/")  # session and grants warm

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/rubrics/{rubric.pk}/leaderboard/").status_code == 200
        return len(queries)

    one = count()
    for unit in (org.ph10, cycle.pv01):
        fill(sheet_for(rubric, unit, Sheet.Round.SELF), leaf, FULL, personas.office)
    assert count() == one


def test_the_page_says_when_a_removed_scorers_scores_left_the_result(client, personas, cycle, rubric, leaf, org):
    _scored(rubric, leaf, org, cycle, personas)
    assignment = Assignment.objects.get(rubric=rubric, unit=org.px03, scorer=cycle.pv01)
    client_for(client, personas.unit_officer)

    client.post(f"/assignments/{assignment.pk}/remove/", {"reason": "Có quan hệ công tác trực tiếp"})

    message = "Điểm chấm chéo của PV01 đã được loại khỏi kết quả: Có quan hệ công tác trực tiếp."
    assert message in text(client.get(f"/rubrics/{rubric.pk}/leaderboard/"))
    assert message in text(client.get(f"/rubrics/{rubric.pk}/units/{org.px03.pk}/"))
    page = text(client.get(f"/rubrics/{rubric.pk}/sheets/cross/{org.px03.pk}/{cycle.pv01.pk}/"))
    assert "Đơn vị chấm này đã bị loại: điểm dưới đây vẫn được lưu nhưng không tính vào kết quả." in page


def test_the_discrepancy_page_flags_gaps_and_the_leader_asks_for_an_explanation(
    client, personas, cycle, rubric, leaf, org
):
    _scored(rubric, leaf, org, cycle, personas)
    client_for(client, personas.unit_officer)  # PX03 leads the block

    page = text(client.get(f"/rubrics/{rubric.pk}/units/{org.px03.pk}/"))
    client.post(
        f"/rubrics/{rubric.pk}/units/{org.px03.pk}/",
        {"criterion": leaf["I.1"].pk, "question": "Đề nghị giải trình tiêu chí I.1"},
    )

    assert re.findall(r'<tr id="gap-(\d+)" class="flagged table-warning">', page) == [
        str(leaf["I.1"].pk),
        str(leaf["II.2"].pk),
    ]
    explanation = Explanation.objects.get()
    assert (explanation.unit, explanation.criterion, explanation.asked_by) == (
        org.px03,
        leaf["I.1"],
        personas.unit_officer,
    )
    client_for(client, cycle.ph10_officer)
    assert client.post(f"/explanations/{explanation.pk}/answer/", {"answer": "x"}).status_code == 403


def test_evidence_is_checked_stored_and_downloaded(client, personas, rubric, leaf, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = sheet_for(rubric, org.px03, Sheet.Round.SELF)
    client_for(client, personas.unit_officer)
    url = f"/sheets/{sheet.pk}/evidence/{leaf['I.1'].pk}/"

    client.post(url, {"file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 minh chung", "application/pdf")})
    refused = client.post(url, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")}, follow=True)

    evidence = EvidenceFile.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("ke-hoach.pdf", "application/pdf")
    assert "Tệp “virus.pdf” là chương trình hoặc mã lệnh chạy được, không được nhận." in text(refused)
    download = client.get(f"/evidence/{evidence.pk}/")
    assert (download["Content-Type"], b"".join(download.streaming_content)) == (
        "application/pdf",
        b"%PDF-1.4 minh chung",
    )
    client_for(client, personas.outsider)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.parametrize("round_", ["final"])
def test_the_final_sheet_is_written_by_the_blocks_runners_only(client, personas, cycle, rubric, leaf, org, round_):
    _scored(rubric, leaf, org, cycle, personas)
    client_for(client, cycle.ph10_officer)  # PH10 is the deputy: it runs the block too
    page = text(client.get(f"/rubrics/{rubric.pk}/sheets/final/{org.px03.pk}/"))
    assert page.count('class="score form-control ') == 9
    assert re.search(rf'id="cross-{leaf["I.1"].pk}"><span[^>]*>Chấm chéo</span>15</div>', page)

    client_for(client, cycle.pv01_commander)
    page = text(client.get(f"/rubrics/{rubric.pk}/sheets/final/{org.px03.pk}/"))
    assert page.count('class="score form-control ') == 0


def test_the_chart_agrees_with_the_table_and_a_partial_final_score_ranks_after_complete_ones(
    client, personas, cycle, rubric, leaf, org
):
    """Issue 14: the chart left out bonus and deductions, and a unit with a partial final score (4,5 points
    entered) ranked above units not yet scored. PX03: 85 + 5 bonus − 1,5 deductions = 88,5."""
    _scored(rubric, leaf, org, cycle, personas)
    fill(sheet_for(rubric, org.ph10, Sheet.Round.FINAL), leaf, {"I.1": "4,5"}, personas.unit_officer)

    page = text(client_for(client, personas.officer).get(f"/rubrics/{rubric.pk}/leaderboard/"))

    rows = re.findall(
        r'<tr id="rank-(\d+)"><td class="text-end text-nowrap">(.*?)</td>.*?final-total">(.*?)</td>', page
    )
    assert [(int(pk), rank, final) for pk, rank, final in rows] == [
        (org.px03.pk, "1", "<strong>88,5</strong>"),
        (
            org.ph10.pk,
            '<span class="badge rounded-pill bg-warning-subtle text-warning-emphasis incomplete">chưa chấm xong</span>',
            '<span class="text-body-secondary" title="Điểm chốt tạm tính: chưa đủ tiêu chí">4,5</span>',
        ),
        (cycle.pv01.pk, '<span class="text-body-secondary" title="Chưa có điểm chấm chéo">—</span>', "—"),
    ]
    chart = re.search(r'<svg .*?id="section-chart">(.*?)</svg>', page).group(1)
    assert re.findall(r"<title>(PX03 – [^<]*)</title>", chart) == [
        "PX03 – Phần I: 35",
        "PX03 – Phần II: 50",
        "PX03 – Điểm thưởng: 5",
        "PX03 – Điểm trừ: −1,5",
    ]
    assert re.findall(r'class="chart-total">([^<]*)</text>', chart) == ["88,5"]  # PH10 and PV01 have no bar
