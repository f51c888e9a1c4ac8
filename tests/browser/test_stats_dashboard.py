"""The statistics dashboard in Chromium: the emulation office opens it, each chart's value labels
agree with the table beside it, and the .xlsx export downloaded from the page has the same numbers
(annulled awards left out everywhere)."""

import io

import pytest
from openpyxl import load_workbook

from honours.models import AwardForm, FormAward, Title, TitleAward

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = ["year", "recipient", "kind", "level", "honour", "authority"]


@pytest.fixture
def awards(org, personas):
    p = org.people
    cstt, dvtt = Title.objects.get(code="CSTT"), Title.objects.get(code="DVTT")
    TitleAward.objects.bulk_create(
        [
            TitleAward(title=cstt, person=p.an, year=2024),
            TitleAward(title=cstt, person=p.binh, year=2024),
            TitleAward(title=cstt, person=p.dung, year=2024, annulled=True),
            TitleAward(title=dvtt, unit=org.px03, year=2024),
            TitleAward(title=cstt, person=p.cuong, year=2023),
            TitleAward(title=cstt, person=p.hoa, year=2024),  # Hưng Yên: outside the office's province
        ]
    )
    FormAward.objects.bulk_create(
        [
            FormAward(award_form=AwardForm.objects.get(code="GK"), person=p.cuong, year=2024),
            FormAward(award_form=AwardForm.objects.get(code="GK_TT"), unit=org.ph10, year=2024),
        ]
    )
    return org


def chart_and_table(page, key):
    section = page.locator(f"#stat-{key}")
    bars = section.locator("svg .bar-value").element_handles()
    chart = [(el.get_attribute("data-label"), int(el.get_attribute("data-value"))) for el in bars]
    rows = section.locator("table tbody tr").all()
    table = [
        (row.locator("td").nth(0).inner_text(), int(row.locator("td[data-value]").get_attribute("data-value")))
        for row in rows
    ]
    # what the reader sees: the bar's printed value is the table's printed value
    assert [el.text_content().strip() for el in bars] == [row.locator("td[data-value]").inner_text() for row in rows], (
        key
    )
    return chart, table


def test_the_chart_the_table_and_the_xlsx_agree(page, login, live_server, awards):
    login("office")
    page.goto(f"{live_server.url}/thong-ke/?year_from=2023&year_to=2024")
    assert page.locator("#annulled").inner_text() == "1"

    shown = {}
    for key in SECTIONS:
        chart, table = chart_and_table(page, key)
        assert chart == table, key
        shown[key] = table
    assert shown["year"] == [("2023", 1), ("2024", 5)]
    assert shown["recipient"] == [("Tập thể", 2), ("Cá nhân", 4)]
    assert sum(n for _, n in shown["honour"]) == 6

    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    download = info.value
    assert download.suggested_filename == "thong-ke.xlsx"
    with open(download.path(), "rb") as fh:
        workbook = load_workbook(io.BytesIO(fh.read()))
    for key, ws in zip(SECTIONS, workbook.worksheets, strict=False):
        assert [(str(r[0]), r[1]) for r in ws.iter_rows(min_row=3, values_only=True)] == shown[key], key
    annulled = workbook.worksheets[len(SECTIONS)]
    assert [r[1] for r in annulled.iter_rows(min_row=3, values_only=True)] == [1]
