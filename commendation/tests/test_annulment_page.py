"""Annulling a decision is a separate, deliberate action: the decision page links to its own page
("Huỷ bỏ quyết định khen thưởng…"), whose form asks for the ground, reason, date, number, recovered
amount and lines and a ticked confirmation; an empty or unconfirmed submit shows what is missing and
writes nothing; read-only roles 403, outsiders 404."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from commendation.models import Annulment, Decision, DecisionLine
from commendation.services import decisions
from commendation.tests.test_decisions import issued, make_proposal
from conftest import client_for
from honours.models import TitleAward

pytestmark = pytest.mark.django_db

REFERENCE = "01/QĐ-CAT-PX03 ngày 10/12/2024"
VALID = {
    "ground": "fraud",
    "reason": "Kê khai không trung thực sáng kiến",
    "annulled_on": "15/03/2025",
    "annulling_reference": "45/QĐ-CAT",
    "recovered_amount": "2340000",
    "confirm": "on",
}
MISSING = {
    "ground": "Cần chọn căn cứ huỷ bỏ.",
    "reason": "Cần ghi lý do huỷ bỏ.",
    "annulled_on": "Cần ghi ngày huỷ bỏ (dd/mm/yyyy).",
    "annulling_reference": "Cần ghi số, ký hiệu quyết định huỷ bỏ.",
    "recovered_amount": "Cần ghi số tiền thưởng đã thu hồi (ghi 0 nếu không thu hồi).",
    "confirm": "Cần đánh dấu ô xác nhận huỷ bỏ quyết định.",
}
SUMMARY = "Chưa huỷ bỏ quyết định: hãy bổ sung, sửa các mục dưới đây."


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _written():
    """What an annulment writes: its row, audit rows, the lines and awards it flags."""
    return (
        Annulment.objects.count(),
        AuditEvent.objects.count(),
        DecisionLine.objects.filter(annulled=True).count(),
        TitleAward.objects.filter(annulled=True).count(),
    )


def _field_errors(page: str) -> dict[str, list[str]]:
    """The messages written under each field: ``<p class="text-danger" id="error-<name>">``."""
    found: dict[str, list[str]] = {}
    for name, text in re.findall(r'<p class="text-danger" id="error-([a-z_]+)-\d+">([^<]*)</p>', page):
        found.setdefault(name, []).append(text)
    return found


@pytest.fixture
def decision(org, personas):
    return issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))


def test_the_decision_page_links_to_the_annulment_page_and_holds_no_annulment_form(client, personas, decision):
    client_for(client, personas.office)
    annul_url = reverse("commendation:decision_annul", args=[decision.pk])

    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))

    links = re.findall(r'<a class="btn btn-outline-danger" href="([^"]+)" id="decision-annul">([^<]+)</a>', page)
    assert links == [(annul_url, "Huỷ bỏ quyết định khen thưởng…")]
    assert 'id="annul-form"' not in page
    assert f'action="{annul_url}"' not in page
    assert 'name="reason"' not in page and 'name="confirm"' not in page and 'name="ground"' not in page


def test_read_only_roles_and_drafts_get_no_annulment_link(client, org, personas, decision):
    client_for(client, personas.leader)
    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))
    assert 'id="decision-annul"' not in page and "Huỷ bỏ quyết định khen thưởng…" not in page

    draft = decisions.create_decision_from_lines(
        by=personas.office,
        issuing_unit=org.caqb,
        lines=make_proposal(org, (org.people.dung, "CSTT")).lines.all(),
        symbol="QĐ-CAT",
        subject="Về việc tặng",
    )
    client_for(client, personas.office)
    page = _page(client.get(reverse("commendation:decision_detail", args=[draft.pk])))
    assert 'id="decision-annul"' not in page and 'id="issue-form"' in page
    # A draft has nothing to annul: the annulment page sends back to it, nothing written.
    response = client.post(reverse("commendation:decision_annul", args=[draft.pk]), VALID)
    assert (response.status_code, response.url) == (302, reverse("commendation:decision_detail", args=[draft.pk]))
    assert Annulment.objects.count() == 0


def test_the_annulment_page_shows_the_form_with_a_required_confirmation(client, org, personas, decision):
    client_for(client, personas.office)
    url = reverse("commendation:decision_annul", args=[decision.pk])
    binh = decision.lines.get(person=org.people.binh)
    cuong = decision.lines.get(person=org.people.cuong)

    page = _page(client.get(url))

    assert "<title>Huỷ bỏ quyết định khen thưởng · Thi Đua</title>" in page
    assert re.search(rf'<form method="post" action="{url}" class="card card-body mb-3" id="annul-form">', page)
    for name in ("ground", "reason", "annulled_on", "annulling_reference", "recovered_amount"):
        assert re.search(rf'<(?:input|select|textarea)[^>]* name="{name}"[^>]* required', page), name
    assert re.findall(r'<input type="checkbox" name="lines" value="(\d+)"', page) == [str(binh.pk), str(cuong.pk)]
    assert "Trần Thị Bình – Chiến sĩ thi đua cơ sở" in page and "Lê Văn Cường – Chiến sĩ tiên tiến" in page
    assert re.search(r'<input type="checkbox" name="confirm"[^>]* required[^>]* id="id_confirm"', page)
    assert (
        f'<label class="form-check-label" for="id_confirm">Tôi xác nhận huỷ bỏ quyết định {REFERENCE}: danh hiệu, hình thức khen thưởng '
        "bị huỷ bỏ sẽ không còn được tính khi xét khen thưởng.</label>"
    ) in page
    assert re.findall(r'<button type="submit" class="btn btn-danger"[^>]*>([^<]+)</button>', page) == [
        "Huỷ bỏ quyết định"
    ]
    assert ">Huỷ bỏ<" not in page
    detail = reverse("commendation:decision_detail", args=[decision.pk])
    assert re.findall(r'<a class="btn btn-outline-secondary" href="([^"]+)" id="annul-back">([^<]+)</a>', page) == [
        (detail, "Quay lại")
    ]
    assert SUMMARY not in page and _field_errors(page) == {}
    assert "Không quá tiền thưởng của các dòng huỷ bỏ (các dòng còn hiệu lực: 3.050.000 đồng)." in page


def test_an_empty_submit_names_each_missing_field_and_writes_nothing(client, personas, decision):
    client_for(client, personas.office)
    before = _written()

    page = _page(client.post(reverse("commendation:decision_annul", args=[decision.pk]), {}))

    assert _written() == before == (0, before[1], 0, 0)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED
    assert _field_errors(page) == {name: [text] for name, text in MISSING.items()}
    assert (
        f'<div class="alert alert-danger" role="alert" id="annul-errors"><p class="fw-bold mb-1">{SUMMARY}</p>' in page
    )
    # The summary links each message to its field, labelled as on the form.
    assert re.findall(r'<li><a href="#id_([a-z_]+)">([^<]+)</a>: ([^<]+)</li>', page) == [
        ("ground", "Căn cứ huỷ bỏ", MISSING["ground"]),
        ("reason", "Lý do", MISSING["reason"]),
        ("annulled_on", "Ngày huỷ bỏ", MISSING["annulled_on"]),
        ("annulling_reference", "Số, ký hiệu quyết định huỷ bỏ", MISSING["annulling_reference"]),
        ("recovered_amount", "Tiền thưởng đã thu hồi (đồng)", MISSING["recovered_amount"]),
        ("confirm", "Xác nhận huỷ bỏ", MISSING["confirm"]),
    ]
    assert 'id="annul-form"' in page


def test_a_submit_without_the_confirmation_is_refused_the_same_way(client, personas, decision):
    client_for(client, personas.office)
    before = _written()
    unconfirmed = {k: v for k, v in VALID.items() if k != "confirm"}

    page = _page(client.post(reverse("commendation:decision_annul", args=[decision.pk]), unconfirmed))

    assert _written() == before
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED
    assert _field_errors(page) == {"confirm": [MISSING["confirm"]]}
    assert (
        f'<div class="alert alert-danger" role="alert" id="annul-errors"><p class="fw-bold mb-1">{SUMMARY}</p>' in page
    )
    # What was typed is kept.
    assert "Kê khai không trung thực sáng kiến</textarea>" in page and 'value="45/QĐ-CAT"' in page


def test_a_blank_reason_and_a_bad_date_are_named(client, personas, decision):
    client_for(client, personas.office)
    before = _written()

    page = _page(
        client.post(
            reverse("commendation:decision_annul", args=[decision.pk]),
            VALID | {"reason": "   ", "annulled_on": "31/02/2025"},
        )
    )

    assert _written() == before
    assert _field_errors(page) == {
        "reason": [MISSING["reason"]],
        "annulled_on": ["Ngày huỷ bỏ không hợp lệ: ghi theo dạng dd/mm/yyyy."],
    }


def test_a_refusal_of_the_service_is_shown_on_the_form(client, personas, decision):
    client_for(client, personas.office)
    before = _written()

    page = _page(
        client.post(reverse("commendation:decision_annul", args=[decision.pk]), VALID | {"annulled_on": "09/12/2024"})
    )

    assert _written() == before
    assert '<ul class="errorlist nonfield"><li>Ngày huỷ bỏ không thể trước ngày ký quyết định.</li></ul>' in page


def test_a_confirmed_submit_annuls_the_chosen_lines_and_returns_to_the_decision(client, org, personas, decision):
    client_for(client, personas.office)
    binh = decision.lines.get(person=org.people.binh)
    detail = reverse("commendation:decision_detail", args=[decision.pk])
    audits = AuditEvent.objects.count()

    response = client.post(reverse("commendation:decision_annul", args=[decision.pk]), VALID | {"lines": [binh.pk]})

    assert (response.status_code, response.url) == (302, detail)
    annulment = Annulment.objects.get()
    assert (
        annulment.decision,
        annulment.ground,
        annulment.reason,
        annulment.annulled_on.isoformat(),
        annulment.annulling_reference,
        annulment.recovered_amount,
        annulment.by,
        [x.pk for x in annulment.lines.all()],
    ) == (
        decision,
        "fraud",
        "Kê khai không trung thực sáng kiến",
        "2025-03-15",
        "45/QĐ-CAT",
        2_340_000,
        personas.office,
        [binh.pk],
    )
    assert [(a.person.full_name, a.annulled) for a in TitleAward.objects.order_by("person__full_name")] == [
        ("Lê Văn Cường", False),
        ("Trần Thị Bình", True),
    ]
    assert AuditEvent.objects.count() == audits + 2
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED  # Cường's line is still in force
    page = _page(client.get(detail))
    assert re.search(
        r'<div class="alert [^"]*msg-success"[^>]*>Đã huỷ bỏ; danh hiệu, hình thức khen thưởng không còn được tính.</div>',
        page,
    )
    assert 'id="decision-annul"' in page  # the rest can still be annulled


def test_a_confirmed_submit_without_lines_annuls_the_whole_decision(client, personas, decision):
    client_for(client, personas.office)

    response = client.post(
        reverse("commendation:decision_annul", args=[decision.pk]), VALID | {"recovered_amount": "0"}
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ANNULLED
    assert list(TitleAward.objects.values_list("annulled", flat=True)) == [True, True]
    assert Annulment.objects.get().lines.count() == 2
    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))
    assert 'id="decision-annul"' not in page
    # An annulled decision has nothing left to annul: its page sends back to the decision.
    response = client.get(reverse("commendation:decision_annul", args=[decision.pk]))
    assert (response.status_code, response.url) == (302, reverse("commendation:decision_detail", args=[decision.pk]))


def test_read_only_roles_get_403_and_outsiders_404(client, personas, decision):
    url = reverse("commendation:decision_annul", args=[decision.pk])
    before = _written()
    for persona, status in [(personas.leader, 403), (personas.council, 403), (personas.outsider, 404)]:
        client_for(client, persona)
        assert client.get(url).status_code == status, persona.username
        assert client.post(url, VALID).status_code == status, persona.username
    assert _written() == before
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
