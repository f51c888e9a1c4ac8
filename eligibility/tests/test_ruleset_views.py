"""Rule set pages: the list and which set judges a year, a set in words, the copy, the parameter
editor (validated whole, versioned, audited), activation for a subtree, and the difference."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from eligibility.models import RuleSetCopy

pytestmark = pytest.mark.django_db
LAW_2022 = "luat2022_nd98_cand"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _row(response, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert match, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _copy(client, office, org, code="caqb_2025"):
    return client_for(client, office).post(
        reverse("eligibility:ruleset_copy", args=[LAW_2022]),
        {"code": code, "name": "Bộ quy tắc Công an tỉnh Quảng Bình 2025", "owner": org.caqb.pk},
    )


def _edit_data(overrides: dict) -> dict:
    from eligibility.engine import builtin

    ruleset = builtin(LAW_2022)
    data = {
        "name": "Bộ quy tắc Công an tỉnh Quảng Bình 2025",
        "effective_from": "01/01/2024",
        "effective_to": "",
        "reason": "Theo hướng dẫn của Hội đồng TĐKT tỉnh",
    }
    for name, p in ruleset.parameters.items():
        if isinstance(p.value, bool):
            if p.value:
                data[f"p_{name}"] = "on"
        else:
            data[f"p_{name}"] = "" if p.value is None else str(p.value)
    data.update(overrides)
    return data


def test_the_list_shows_both_sets_and_which_judges_each_year(client, personas):
    page = client_for(client, personas.officer).get(reverse("eligibility:ruleset_list"))
    assert "Luật TĐKT 2022 – NĐ 98/2023 – CAND" in _row(page, f"ruleset-{LAW_2022}")
    assert "01/07/2004 – 31/12/2023" in _row(page, "ruleset-luat2003")
    in_force = dict(re.findall(r"<tr><td>(\d{4})</td><td><a [^>]*>([a-z0-9_]+)</a>", page.content.decode()))
    assert in_force["2023"] == "luat2003"
    assert in_force["2024"] == LAW_2022


def test_a_set_in_words_keeps_titles_and_forms_apart(client, personas):
    page = client_for(client, personas.officer).get(reverse("eligibility:ruleset_detail", args=[LAW_2022]))
    html = page.content.decode()
    assert _row(page, "param-dvtt_share").startswith("Tỷ lệ cán bộ đạt CSTT để xét Đơn vị tiên tiến (%) dvtt_share 70")
    titles = html.split('id="rules-titles"')[1].split("</section>")[0]
    forms = html.split('id="rules-forms"')[1].split("</section>")[0]
    assert 'id="rule-CSTDCS-individual"' in titles and 'id="rule-CSTDCS-individual"' not in forms
    assert 'id="rule-BK_BO-collective"' in forms and 'id="rule-BK_BO-collective"' not in titles
    cstd_bo = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('id="rule-CSTD_BO-individual"')[1].split("</article>")[0])
    )
    assert "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục" in cstd_bo
    assert "Luật TĐKT 2022 điều 22" in cstd_bo


def test_the_office_copies_edits_and_activates_a_set(client, org, personas):
    response = _copy(client, personas.office, org)
    assert response.status_code == 302
    copy = RuleSetCopy.objects.get(code="caqb_2025")
    assert (copy.based_on, copy.owner, copy.active, copy.version) == (LAW_2022, org.caqb, False, 1)

    response = client.post(reverse("eligibility:ruleset_edit", args=["caqb_2025"]), _edit_data({"p_dvtt_share": "60"}))
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.version == 2
    assert copy.document["parameters"]["dvtt_share"]["value"] == 60
    event = AuditEvent.objects.filter(object_type="eligibility.rulesetcopy", action="update").latest("at")
    assert event.changes == {"parameters.dvtt_share": [70, 60], "version": [1, 2]}
    assert event.note == "Theo hướng dẫn của Hội đồng TĐKT tỉnh"

    # Not in force before activation; then in force for Quảng Bình only.
    eligibility = reverse("eligibility:eligibility")
    page = client.get(eligibility, {"unit": org.caqb.pk, "year": 2024})
    assert "Bộ quy tắc Công an tỉnh Quảng Bình 2025" not in _text(page)
    client.post(reverse("eligibility:ruleset_activate", args=["caqb_2025"]), {"active": "1"})
    copy.refresh_from_db()
    assert copy.active is True
    page = client.get(eligibility, {"unit": org.px03.pk, "year": 2024})
    assert "Bộ quy tắc Công an tỉnh Quảng Bình 2025" in _text(page)
    other = client_for(client, personas.outsider).get(eligibility, {"unit": org.cahy.pk, "year": 2024})
    assert "Luật TĐKT 2022 – NĐ 98/2023 – CAND" in _text(other)
    assert "Quảng Bình 2025" not in _text(other)


def test_a_value_the_engine_refuses_saves_nothing(client, org, personas):
    _copy(client, personas.office, org)
    response = client.post(
        reverse("eligibility:ruleset_edit", args=["caqb_2025"]),
        _edit_data({"p_history_years": "0", "p_dvtt_share": "60"}),
    )
    assert response.status_code == 200
    assert "tham số “history_years”: cần một số nguyên dương, nhận 0" in _text(response)
    copy = RuleSetCopy.objects.get(code="caqb_2025")
    assert copy.version == 1
    assert copy.document["parameters"]["dvtt_share"]["value"] == 70
    assert not AuditEvent.objects.filter(object_type="eligibility.rulesetcopy", action="update").exists()


def test_a_rating_parameter_offers_only_ratings(client, org, personas):
    _copy(client, personas.office, org)
    response = client.post(
        reverse("eligibility:ruleset_edit", args=["caqb_2025"]), _edit_data({"p_cstt_min_rating": "GIOI"})
    )
    assert response.status_code == 200
    assert "Hãy chọn một giá trị hợp lệ. GIOI không có trong danh sách lựa chọn." in _text(response)
    assert RuleSetCopy.objects.get(code="caqb_2025").version == 1


def test_who_may_copy_and_edit(client, org, personas):
    assert (
        client_for(client, personas.council).get(reverse("eligibility:ruleset_copy", args=[LAW_2022])).status_code
        == 403
    )
    assert (
        client_for(client, personas.unit_officer).get(reverse("eligibility:ruleset_copy", args=[LAW_2022])).status_code
        == 403
    )
    _copy(client, personas.office, org)
    for user in (personas.council, personas.outsider, personas.commander):
        assert client_for(client, user).get(reverse("eligibility:ruleset_edit", args=["caqb_2025"])).status_code == 403
        assert (
            client_for(client, user)
            .post(reverse("eligibility:ruleset_activate", args=["caqb_2025"]), {"active": "1"})
            .status_code
            == 403
        )
    assert RuleSetCopy.objects.get(code="caqb_2025").active is False
    assert (
        client_for(client, personas.office).get(reverse("eligibility:ruleset_detail", args=["nope"])).status_code == 404
    )
    # The outsider's office cannot own a copy in Quảng Bình.
    response = _copy(client, personas.outsider, org, code="hy_try")
    assert response.status_code == 200
    assert not RuleSetCopy.objects.filter(code="hy_try").exists()


def test_a_duplicate_code_is_refused_with_its_name(client, org, personas):
    _copy(client, personas.office, org)
    response = _copy(client, personas.office, org)
    assert "Mã bộ quy tắc “caqb_2025” đã có." in _text(response)
    assert RuleSetCopy.objects.count() == 1


def test_the_difference_between_2003_and_2022(client, personas):
    page = client_for(client, personas.officer).get(
        reverse("eligibility:ruleset_diff"), {"a": "luat2003", "b": LAW_2022}
    )
    assert _row(page, "diff-param-dvtt_share").startswith("Tỷ lệ cán bộ đạt CSTT phải vượt để xét Đơn vị tiên tiến (%)")
    assert _row(page, "diff-param-dvtt_share").endswith("50 70")
    assert 'id="diff-param-dvtt_share" class="differs"' in page.content.decode()
    assert 'id="diff-param-history_years">' in page.content.decode()  # same value: not flagged
    assert "(không có)" in _row(page, "diff-param-ballot_share_national")
    summary = re.search(r'id="diff-summary">(\d+) điểm khác nhau', page.content.decode())
    assert summary and int(summary.group(1)) > 10
