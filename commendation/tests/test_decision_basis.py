"""The decision .docx states its legal basis (Decree 30/2020: "Căn cứ …;" lines in italic, the last ending with
"."), its own or the law and decree in force on its date; only "Điều n." of each article is bold."""

import io

import pytest
from django.urls import reverse
from docx import Document

from commendation.tests.test_decisions import issued
from conftest import client_for

pytestmark = pytest.mark.django_db


def _body(client, decision) -> list:
    docx = Document(io.BytesIO(client.get(reverse("commendation:decision_docx", args=[decision.pk])).content))
    paragraphs = [p for p in docx.paragraphs if p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Căn cứ"))
    return paragraphs[start:]


def test_a_decision_without_a_stated_basis_cites_the_2022_law_and_decree_98(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), date="01/07/2024")
    client_for(client, personas.council)

    body = _body(client, decision)

    assert [p.text for p in body[:4]] == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng;",
        "Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng.",
        "QUYẾT ĐỊNH:",
    ]
    assert [(r.italic, r.bold) for p in body[:3] for r in p.runs] == [(True, False)] * 3
    article = body[4]
    assert article.text.startswith("Điều 1. Tặng thưởng cho 1 cá nhân")
    assert [(r.text, bool(r.bold)) for r in article.runs][0] == ("Điều 1. ", True)
    assert [bool(r.bold) for r in article.runs[1:]] == [False] * (len(article.runs) - 1)


def test_a_decision_of_2023_cites_the_law_then_in_force(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), date="20/12/2023")
    client_for(client, personas.council)

    texts = [p.text for p in _body(client, decision)[:3]]

    assert texts[0].startswith("Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;")
    assert texts[1].startswith("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017")
    assert texts[2] == "Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng."


def test_a_stated_basis_is_printed_line_by_line_with_the_decree_30_punctuation(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), date="01/07/2024")
    decision.legal_basis = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022.\n\n  Căn cứ Quyết định số 12/QĐ-CAT;\nXét đề nghị của Phòng Tổ chức cán bộ"
    decision.save(update_fields=["legal_basis"])
    client_for(client, personas.council)

    assert [p.text for p in _body(client, decision)[:4]] == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Quyết định số 12/QĐ-CAT;",
        "Xét đề nghị của Phòng Tổ chức cán bộ.",
        "QUYẾT ĐỊNH:",
    ]
