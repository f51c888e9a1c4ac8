"""A unit's record: every title and award form across the years with its decision, annulled ones
kept and marked."""

import datetime
import re

import pytest
from django.template.defaultfilters import urlencode
from django.urls import reverse

from commendation.models import Annulment
from commendation.services import decisions
from commendation.tests.test_decisions import issued
from conftest import client_for

pytestmark = pytest.mark.django_db


def _row_texts(html: str, table: str) -> list[str]:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        if "<td" in row
    ]


def test_the_unit_record_lists_titles_and_forms_with_their_decisions_annulled_marked(client, org, personas):
    flag = issued(org, personas.office, (org.px03, "DVTT"), date="10/12/2024", number=7)
    form = issued(org, personas.office, (org.px03, "GK_TT"), date="11/12/2024", number=8)
    decisions.annul_decision(
        form,
        by=personas.office,
        ground=Annulment.Ground.NOT_MET,
        reason="Không đủ tiêu chuẩn",
        annulled_on=datetime.date(2025, 3, 1),
        annulling_reference="15/QĐ-CAT",
    )
    page = client_for(client, personas.office).get(reverse("eligibility:unit_facts", args=[org.px03.pk]))
    html = page.content.decode()
    assert _row_texts(html, "titles") == ["2024 Đơn vị tiên tiến " + flag.reference]
    assert _row_texts(html, "award-forms") == [
        f"2024 Giấy khen (tập thể) Đã huỷ bỏ Công trạng và thành tích (hằng năm) {form.reference}"
    ]
    assert f'href="/decisions/?ref={urlencode(flag.reference)}"' in html
    assert (
        client_for(client, personas.outsider).get(reverse("eligibility:unit_facts", args=[org.px03.pk])).status_code
        == 404
    )
