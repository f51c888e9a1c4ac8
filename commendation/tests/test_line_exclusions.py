"""Exclusions remembered: the lines taken out of a proposal stay out when it is filled again (with who
took them out, when and why), until "Khôi phục" puts them back: a seniority medal as the batch writes
it, any other line as it was."""

# ruff: noqa: F811 (the ``team`` fixture of the seniority batch's tests, imported, is a parameter here)

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import LineExclusion
from commendation.services import proposals as wf
from commendation.services.batch import LineFilter, exclude_lines, filter_lines, restore_exclusions
from commendation.services.prefill import prefill_from_registration_and_engine
from commendation.tests.test_seniority_batch import (  # noqa: F401 (the fixture)
    EXPECTED,
    YEAR,
    holds,
    make_unit,
    officer,
    pairs,
    seniority_proposal,
    team,
)

pytestmark = pytest.mark.django_db

N = len(EXPECTED)  # 17 medals due in Đội 1
HCCSVV1 = [("Tạ Văn Hai Mươi", "HCCSVV1"), ("Cao Văn Hai Lăm", "HCCSVV1"), ("Kha Văn Kỷ Luật", "HCCSVV1")]
REASON = "Đang bị xem xét kỷ luật"


def _filled(org, personas, team):
    d1, _people = team
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)
    prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    return proposal


def _exclude_hccsvv1(proposal, personas):
    return exclude_lines(proposal, by=personas.unit_officer, which=LineFilter(honour="HCCSVV1"), reason=REASON)


def _summaries(proposal):
    return {
        (x.person.full_name, x.award_form.code): x.summary
        for x in proposal.lines.select_related("person", "award_form")
    }


def _exclusions(proposal):
    return sorted(
        (x.person.full_name, x.award_form.code, x.reason, x.excluded_by.username)
        for x in proposal.exclusions.select_related("person", "award_form", "excluded_by")
    )


# The service -----------------------------------------------------------------------------------


def test_excluded_lines_stay_out_when_the_proposal_is_filled_again(org, personas, team):
    proposal = _filled(org, personas, team)

    assert _exclude_hccsvv1(proposal, personas) == 3
    again = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    assert (list(again), again.skipped) == ([], 3)
    assert proposal.lines.count() == N - 3
    assert pairs(proposal.lines.select_related("person", "award_form")) == sorted(
        p for p in EXPECTED if p not in HCCSVV1
    )
    assert _exclusions(proposal) == sorted((name, code, REASON, "unit_officer") for name, code in HCCSVV1)


def test_restoring_one_puts_its_line_back_as_the_batch_writes_it(org, personas, team):
    proposal = _filled(org, personas, team)
    before = _summaries(proposal)
    _exclude_hccsvv1(proposal, personas)
    tavan = proposal.exclusions.get(person__full_name="Tạ Văn Hai Mươi")

    restored = restore_exclusions(proposal, by=personas.unit_officer, ids=[tavan.pk])

    assert (pairs(restored.lines), restored.forgotten) == ([("Tạ Văn Hai Mươi", "HCCSVV1")], 0)
    line = proposal.lines.select_related("person", "award_form").get(person=tavan.person, award_form__code="HCCSVV1")
    assert line.summary == before[("Tạ Văn Hai Mươi", "HCCSVV1")]
    assert line.summary == "Đủ niên hạn 20 năm: 20 năm công tác (vào ngành 15/01/2005), cần 20"
    assert (line.engine_status, line.engine_ruleset, line.engine_failures) == ("eligible", "luat2022_nd98_cand", [])
    assert line.order == N + 1  # at the end of the list
    assert proposal.lines.count() == N - 2
    assert [name for name, *_rest in _exclusions(proposal)] == ["Cao Văn Hai Lăm", "Kha Văn Kỷ Luật"]
    again = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    assert (len(again), again.skipped) == (0, 2)


def test_restoring_all_puts_every_line_back(org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)

    restored = restore_exclusions(proposal, by=personas.unit_officer)

    assert (pairs(restored.lines), restored.forgotten) == (sorted(HCCSVV1), 0)
    assert pairs(proposal.lines.select_related("person", "award_form")) == EXPECTED
    assert proposal.exclusions.count() == 0


def test_a_medal_awarded_meanwhile_is_forgotten_not_put_back(org, personas, team):
    d1, people = team
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    holds(people["20"], "HCCSVV1", YEAR)  # another body's decision, recorded since

    restored = restore_exclusions(proposal, by=personas.unit_officer)

    assert (pairs(restored.lines), restored.forgotten) == (
        [("Cao Văn Hai Lăm", "HCCSVV1"), ("Kha Văn Kỷ Luật", "HCCSVV1")],
        1,
    )
    assert proposal.exclusions.count() == 0


def test_a_line_added_back_by_hand_is_excluded_again_with_the_new_reason(org, personas, team):
    d1, people = team
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    wf.add_line(proposal, by=personas.commander, person=people["20"], award_form=_form("HCCSVV1"))

    exclude_lines(proposal, by=personas.commander, which=LineFilter(honour="HCCSVV1"), reason="Chuyển công tác")
    again = restore_exclusions(proposal, by=personas.unit_officer, ids=[])

    assert again.lines == []
    assert _exclusions(proposal) == [
        ("Cao Văn Hai Lăm", "HCCSVV1", REASON, "unit_officer"),
        ("Kha Văn Kỷ Luật", "HCCSVV1", REASON, "unit_officer"),
        ("Tạ Văn Hai Mươi", "HCCSVV1", "Chuyển công tác", "commander"),
    ]


def _form(code):
    from honours.models import AwardForm

    return AwardForm.objects.get(code=code)


def test_a_yearly_proposal_remembers_its_exclusions_too_and_restores_the_line_as_it_was(org, personas, team):
    d1, _people = team
    proposal = wf.create_proposal(unit=d1, to_unit=org.caqb, year=YEAR, title="Năm 2025", by=personas.unit_officer)
    [line] = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    wf.set_line_summary(line, "Hoàn thành xuất sắc nhiệm vụ", by=personas.unit_officer)

    assert exclude_lines(proposal, by=personas.unit_officer, which=LineFilter(), ids=[line.pk]) == 1
    again = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    assert (len(again), again.skipped) == (0, 1)

    restored = restore_exclusions(proposal, by=personas.unit_officer)

    [back] = restored.lines
    assert (back.person.full_name, back.title.code, back.summary) == (
        "Cao Văn Hai Lăm",
        "CSTT",
        "Hoàn thành xuất sắc nhiệm vụ",
    )
    assert (back.achievement, back.engine_status) == (line.achievement, line.engine_status)
    assert back.engine_status == "eligible"
    assert proposal.lines.count() == 1


def test_every_exclusion_and_restore_is_audited(org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    restore_exclusions(proposal, by=personas.commander, ids=[proposal.exclusions.order_by("pk").first().pk])

    events = AuditEvent.objects.filter(object_type="commendation.lineexclusion").order_by("pk")
    assert [(e.action, e.note, e.actor.username) for e in events] == [
        ("create", "Loại khỏi đề nghị", "unit_officer"),
    ] * 3 + [("delete", "Khôi phục vào đề nghị", "commander")]
    assert (events[0].changes["reason"], events[3].changes["reason"]) == (REASON, [REASON, None])
    restored_lines = AuditEvent.objects.filter(
        object_type="commendation.proposalline", action="create", note="Khôi phục vào đề nghị"
    )
    assert [e.actor.username for e in restored_lines] == ["commander"]


def test_read_only_roles_outsiders_and_a_submitted_proposal_cannot_restore(org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    for user in (personas.council, personas.outsider):
        with pytest.raises(wf.AwardsError):
            restore_exclusions(proposal, by=user)
    wf.submit_proposal(proposal, by=personas.commander)
    with pytest.raises(wf.AwardsError, match="không sửa được nữa"):
        restore_exclusions(proposal, by=personas.unit_officer)

    assert proposal.exclusions.count() == 3
    assert proposal.lines.count() == N - 3


def _queries_of_restore(org, personas, ref: str, n: int) -> tuple[int, int]:
    unit = make_unit(org.px03, ref, f"Đội {ref}")
    for i in range(n):
        officer(unit, f"{ref}{i:04d}", f"Cán bộ {ref} {i}", datetime.date(2012, 1, 1))  # 13 years: HCCSVV3
    proposal = seniority_proposal(unit, org.caqb, personas.unit_officer)
    prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    exclude_lines(proposal, by=personas.unit_officer, which=LineFilter(honour="HCCSVV3"))
    with CaptureQueriesContext(connection) as queries:
        restored = restore_exclusions(proposal, by=personas.unit_officer)
    return len(restored.lines), len(queries)


def test_restoring_costs_the_same_queries_for_2_and_20_medals(org, personas):
    _queries_of_restore(org, personas, "QBW", 1)  # warm the rule set registry
    two = _queries_of_restore(org, personas, "QBA", 2)
    twenty = _queries_of_restore(org, personas, "QBB", 20)

    assert (two[0], twenty[0]) == (2, 20)
    assert two[1] == twenty[1]


# The pages -------------------------------------------------------------------------------------


def _detail(proposal):
    return reverse("commendation:proposal_detail", args=[proposal.pk])


def test_the_page_excludes_with_a_reason_and_lists_the_excluded(client, org, personas, team):
    proposal = _filled(org, personas, team)
    client.force_login(personas.unit_officer)

    client.post(
        reverse("commendation:proposal_lines_exclude", args=[proposal.pk]),
        {"honour": "HCCSVV1", "all": "1", "reason": REASON},
    )
    page = client.get(_detail(proposal))

    # latest first: the last line taken out (in the list's order) at the top
    assert [(x.person.full_name, x.reason) for x in page.context["exclusions"]] == [
        ("Kha Văn Kỷ Luật", REASON),
        ("Cao Văn Hai Lăm", REASON),
        ("Tạ Văn Hai Mươi", REASON),
    ]
    html = page.content.decode()
    assert 'id="exclusions"' in html
    assert html.count(f'<span class="exclusion-reason">{REASON}</span>') == 3
    assert html.count("Khôi phục</button>") == 3
    assert page.context["exclusions_page"].paginator.count == 3


def test_the_prefill_says_how_many_exclusions_it_skipped(client, org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    client.force_login(personas.unit_officer)

    response = client.post(reverse("commendation:proposal_prefill", args=[proposal.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Đã thêm 0 trường hợp đủ niên hạn (huy chương, kỷ niệm chương).",
        "Bỏ qua 3 trường hợp đã loại khỏi đề nghị trước đó.",
    ]


def test_the_page_restores_one_the_ticked_or_all(client, org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    ids = {x.person.full_name: x.pk for x in proposal.exclusions.select_related("person")}
    url = reverse("commendation:proposal_lines_restore", args=[proposal.pk])
    client.force_login(personas.unit_officer)

    one = client.post(url, {"exclusions": [ids["Tạ Văn Hai Mươi"]]}, follow=True)
    assert [str(m) for m in one.context["messages"]] == ["Đã khôi phục 1 dòng vào đề nghị."]
    assert one.redirect_chain == [(_detail(proposal) + "#exclusions", 302)]
    assert proposal.lines.count() == N - 2

    none = client.post(url, {}, follow=True)
    assert [str(m) for m in none.context["messages"]] == ["Chưa chọn trường hợp nào để khôi phục."]

    client.post(url, {"all": "1"})
    assert proposal.lines.count() == N
    assert proposal.exclusions.count() == 0


def test_read_only_roles_get_403_and_outsiders_404_on_the_restore(client, org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    url = reverse("commendation:proposal_lines_restore", args=[proposal.pk])
    statuses = []
    for user in (personas.council, personas.outsider):
        client.force_login(user)
        statuses.append(client.post(url, {"all": "1"}).status_code)

    assert statuses == [403, 404]
    assert proposal.exclusions.count() == 3
    client.force_login(personas.council)  # reads the list, without the buttons
    html = client.get(_detail(proposal)).content.decode()
    assert (html.count(f'<span class="exclusion-reason">{REASON}</span>'), html.count("Khôi phục</button>")) == (3, 0)


def test_the_excluded_are_listed_50_a_page_at_constant_queries(client, org, personas):
    def queries_for(ref, n):
        unit = make_unit(org.px03, ref, f"Đội {ref}")
        for i in range(n):
            officer(unit, f"{ref}{i:04d}", f"Cán bộ {ref} {i}", datetime.date(2012, 1, 1))
        proposal = seniority_proposal(unit, org.caqb, personas.unit_officer)
        prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
        exclude_lines(proposal, by=personas.unit_officer, which=LineFilter(), reason=REASON)
        client.force_login(personas.unit_officer)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(_detail(proposal), {"xpage": 2})
        return page, len(queries)

    queries_for("QBW", 1)
    small, few = queries_for("QBA", 3)
    big, many = queries_for("QBB", 60)

    assert few == many
    assert (len(small.context["exclusions"]), len(big.context["exclusions"])) == (3, 10)  # page 2 of 60: 51-60
    assert big.context["exclusions_page"].number == 2


# The API ---------------------------------------------------------------------------------------

API = "/api/v1/proposals"


def test_the_api_excludes_with_a_reason_lists_and_restores(client, org, personas, team):
    proposal = _filled(org, personas, team)
    key = bearer(personas.unit_officer)

    removed = client.post(
        f"{API}/{proposal.pk}/lines/exclude",
        {"honour": "HCCSVV1", "all": True, "reason": REASON},
        content_type="application/json",
        headers=key,
    )
    assert (removed.status_code, removed.json()) == (200, {"removed": 3})

    listed = client.get(f"{API}/{proposal.pk}/exclusions", {"limit": 2}, headers=key).json()
    assert listed["count"] == 3
    assert [(x["name"], x["award_form"], x["reason"], x["excluded_by"], x["title"]) for x in listed["items"]] == [
        ("Kha Văn Kỷ Luật", "HCCSVV1", REASON, "unit_officer", None),
        ("Cao Văn Hai Lăm", "HCCSVV1", REASON, "unit_officer", None),
    ]
    first = listed["items"][0]

    restored = client.post(
        f"{API}/{proposal.pk}/exclusions/restore",
        {"exclusions": [first["id"]]},
        content_type="application/json",
        headers=key,
    )
    assert restored.status_code == 200
    body = restored.json()
    assert body["forgotten"] == 0
    assert [(x["name"], x["award_form"], x["engine_status"]) for x in body["restored"]] == [
        (first["name"], "HCCSVV1", "eligible")
    ]
    assert proposal.lines.count() == N - 2
    assert client.get(f"{API}/{proposal.pk}/exclusions", headers=key).json()["count"] == 2

    everything = client.post(
        f"{API}/{proposal.pk}/exclusions/restore", {"all": True}, content_type="application/json", headers=key
    )
    assert (len(everything.json()["restored"]), proposal.lines.count()) == (2, N)


def test_the_api_refuses_a_vague_restore_and_the_wrong_people(client, org, personas, team):
    proposal = _filled(org, personas, team)
    _exclude_hccsvv1(proposal, personas)
    url = f"{API}/{proposal.pk}/exclusions/restore"

    vague = client.post(url, {}, content_type="application/json", headers=bearer(personas.unit_officer))
    council = client.post(url, {"all": True}, content_type="application/json", headers=bearer(personas.council))
    outsider = client.post(url, {"all": True}, content_type="application/json", headers=bearer(personas.outsider))
    listed = client.get(f"{API}/{proposal.pk}/exclusions", headers=bearer(personas.outsider))

    assert [r.status_code for r in (vague, council, outsider, listed)] == [422, 403, 404, 404]
    assert client.get(f"{API}/{proposal.pk}/exclusions", headers=bearer(personas.council)).json()["count"] == 3
    assert LineExclusion.objects.filter(proposal=proposal).count() == 3
    wf.submit_proposal(proposal, by=personas.commander)
    late = client.post(url, {"all": True}, content_type="application/json", headers=bearer(personas.unit_officer))
    assert late.status_code == 422
    assert filter_lines(proposal).count() == N - 3
