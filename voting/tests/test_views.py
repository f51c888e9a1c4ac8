"""The election pages: who sees and does what (outsider 404, read-only 403), the ballot with its review
and receipt, results and receipts after closing, paper counts, documents."""

import re

import pytest
from django.urls import reverse

from conftest import client_for
from voting import services
from voting.models import Ballot, Election, SealedBallot
from voting.services import box
from voting.tests.conftest import pick


def html_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def open_(election, personas):
    return services.open_election(election.election, by=personas.office)


def cast_all(election, xdll, choices):
    e = election.election
    for code, (leader, deputy) in choices.items():
        services.cast_ballot(
            e,
            e.roll.get(unit=xdll.units[code]),
            {election.leader.key: pick(election.leader, leader), election.deputy.key: pick(election.deputy, deputy)},
            by=xdll.reps[code],
        )


def test_every_page_is_404_for_the_outsider(client, election, xdll, personas):
    e = election.election
    client_for(client, personas.outsider)
    gets = [
        reverse("voting:election_list", args=[xdll.conference.pk]),
        reverse("voting:election_create", args=[xdll.conference.pk]),
        reverse("voting:election_detail", args=[e.pk]),
        reverse("voting:question_add", args=[e.pk]),
        reverse("voting:roll_edit", args=[e.pk]),
        reverse("voting:ballot", args=[e.pk]),
        reverse("voting:receipts", args=[e.pk]),
        reverse("voting:receipts_csv", args=[e.pk]),
        reverse("voting:count_minutes_docx", args=[e.pk]),
        reverse("voting:minutes_docx", args=[e.pk]),
        reverse("voting:paper_count", args=[election.flag.pk]),
    ]
    posts = [
        reverse("voting:leaders_add", args=[e.pk]),
        reverse("voting:election_open", args=[e.pk]),
        reverse("voting:election_close", args=[e.pk]),
        reverse("voting:election_apply", args=[e.pk]),
        reverse("voting:question_delete", args=[election.flag.pk]),
        reverse("voting:runoff_open", args=[election.flag.pk]),
    ]
    assert [client.get(url).status_code for url in gets] == [404] * len(gets)
    assert [client.post(url).status_code for url in posts] == [404] * len(posts)
    assert Election.objects.get(pk=e.pk).status == "draft"


def test_read_only_roles_see_but_cannot_run_the_election_or_vote(client, election, xdll, personas):
    e = election.election
    client_for(client, personas.council)
    page = client.get(reverse("voting:election_detail", args=[e.pk]))
    assert (page.status_code, page.context["can_manage"], page.context["my_entries"]) == (200, False, [])
    assert [
        client.post(reverse(name, args=[e.pk])).status_code for name in ("voting:election_open", "voting:leaders_add")
    ] == [
        403,
        403,
    ]
    assert client.get(reverse("voting:question_add", args=[e.pk])).status_code == 403
    open_(election, personas)
    assert client.get(reverse("voting:ballot", args=[e.pk])).status_code == 403
    # the province's emulation office runs the block but represents no member unit: no vote either
    client_for(client, personas.office)
    assert client.get(reverse("voting:ballot", args=[e.pk])).status_code == 403


def test_the_organiser_creates_an_election_with_the_leader_questions_and_opens_it(client, xdll, personas):
    client_for(client, personas.office)
    response = client.post(
        reverse("voting:election_create", args=[xdll.conference.pk]),
        {
            "title": "Bỏ phiếu suy tôn năm 2018",
            "mode": "electronic",
            "layout": "page",
            "quorum": "2/3",
            "ballot_quorum": "2/3",
            "min_ballots": 3,
            "place": "Hội trường",
            "date": "06/11/2018",
        },
    )
    election = Election.objects.get()
    assert response["Location"] == reverse("voting:election_detail", args=[election.pk])
    client.post(reverse("voting:leaders_add", args=[election.pk]))
    response = client.post(
        reverse("voting:question_add", args=[election.pk]),
        {
            "text": "Cờ thi đua của Bộ Công an",
            "kind": "choose",
            "seats": 3,
            "base": "valid",
            "fraction": "1/2",
            "strict": "on",
            "purpose": "flag",
            "units": [str(xdll.units["PX03"].pk), str(xdll.units["PH10"].pk)],
            "labels": "Đơn vị khác\n",
        },
    )
    assert response.status_code == 302
    assert [(q.text, [c.label for c in q.candidates.all()]) for q in election.questions.all()][1:] == [
        ("Khối phó năm 2019", [f"{u.code} – {u.name}" for u in xdll.members]),
        (
            "Cờ thi đua của Bộ Công an",
            ["PX03 – Phòng Công tác đảng và công tác chính trị", "PH10 – Phòng Hậu cần", "Đơn vị khác"],
        ),
    ]
    client.post(reverse("voting:election_open", args=[election.pk]))
    election.refresh_from_db()
    assert (election.status, election.layout, election.date.isoformat()) == ("open", "page", "2018-11-06")


def test_a_representative_reviews_casts_and_gets_a_receipt_once(client, election, xdll, personas):
    e = open_(election, personas)
    client_for(client, xdll.reps["PV01"])
    url = reverse("voting:ballot", args=[e.pk])
    form = client.get(url)
    assert (form.status_code, form.context["entry"].label) == (200, "PV01 – Phòng Tham mưu")
    assert form["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    data = {
        "entry": form.context["entry"].pk,
        f"q{election.leader.pk}": pick(election.leader, "PX03")[0],
        f"q{election.deputy.pk}": pick(election.deputy, "PH10")[0],
        f"q{election.flag.pk}": pick(election.flag, "PX03", "PH10"),
        f"q{election.dvtt.pk}_c{pick(election.dvtt, 'PX03')[0]}": "yes",
    }
    review = client.post(url, data | {"step": "review"})
    assert [(q.text, chosen) for q, chosen in review.context["review"]] == [
        ("Khối trưởng năm 2019", ["PX03 – Phòng Công tác đảng và công tác chính trị"]),
        ("Khối phó năm 2019", ["PH10 – Phòng Hậu cần"]),
        ("Cờ thi đua của Bộ Công an", ["PX03 – Phòng Công tác đảng và công tác chính trị", "PH10 – Phòng Hậu cần"]),
        ("Đơn vị tiên tiến", ["PX03 – Phòng Công tác đảng và công tác chính trị: Đồng ý"]),
    ]
    assert SealedBallot.objects.count() == 0
    hidden = dict(re.findall(r'type="hidden" name="(q[0-9_c]+)" value="([0-9a-z]+)"', review.content.decode()))
    assert sorted(hidden) == sorted(
        [
            f"q{election.leader.pk}",
            f"q{election.deputy.pk}",
            f"q{election.flag.pk}",
            f"q{election.dvtt.pk}_c{pick(election.dvtt, 'PX03')[0]}",
        ]
    )

    receipt = client.post(url, data | {"step": "cast"})
    code = receipt.context["receipt"]
    assert (receipt.status_code, receipt.templates[0].name) == (200, "voting/ballot_receipt.html")
    assert "Phiếu của bạn đã được ghi nhận" in html_text(receipt)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    e.refresh_from_db()
    assert [answers for _r, answers, _w in box.read_box(e)[0]] == [
        {
            election.leader.key: pick(election.leader, "PX03"),
            election.deputy.key: pick(election.deputy, "PH10"),
            election.flag.key: sorted(pick(election.flag, "PX03", "PH10")),
            election.dvtt.key: {pick(election.dvtt, "PX03")[0]: "yes"},
        }
    ]
    # no redirect carrying the code, nothing in the session
    assert code not in str(dict(client.session))

    again = client.post(url, data | {"step": "cast"})
    assert (again.templates[0].name, SealedBallot.objects.count()) == ("voting/election_detail.html", 1)
    assert "PV01 – Phòng Tham mưu đã bỏ phiếu." in html_text(again)


def test_an_overfilled_choice_is_refused_on_the_form(client, election, xdll, personas):
    e = open_(election, personas)
    client_for(client, xdll.reps["PV01"])
    response = client.post(
        reverse("voting:ballot", args=[e.pk]),
        {f"q{election.flag.pk}": pick(election.flag, "PX03", "PH10", "PV01", "PV02"), "step": "review"},
    )
    assert (response.templates[0].name, response.context["form"].errors) == (
        "voting/ballot_form.html",
        {f"q{election.flag.pk}": ["Chỉ được chọn tối đa 3."]},
    )


def test_results_and_receipts_appear_only_after_closing(client, election, xdll, personas):
    e = open_(election, personas)
    # 6 ballots of a roll of 8 reach the 2/3 the results need
    cast_all(
        election,
        xdll,
        {
            "PX01": ("PX03", "PH10"),
            "PV01": ("PX03", "PH10"),
            "PV02": ("PX03", "PH10"),
            "PV05": ("PX03", "PH10"),
            "PH41": ("PH10", "PX01"),
            "PV06": ("PH10", "PX01"),
        },
    )
    client_for(client, xdll.reps["PV01"])
    assert client.get(reverse("voting:receipts", args=[e.pk])).status_code == 404
    assert client.get(reverse("voting:count_minutes_docx", args=[e.pk])).status_code == 404
    page = client.get(reverse("voting:election_detail", args=[e.pk]))
    assert "Trúng" not in html_text(page)

    client_for(client, personas.office)
    client.post(reverse("voting:election_close", args=[e.pk]))
    client_for(client, xdll.reps["PV01"])
    listing = client.get(reverse("voting:receipts", args=[e.pk]))
    codes = [row[0] for row in listing.context["rows"]]
    assert codes == sorted(Ballot.objects.values_list("receipt", flat=True)) == sorted(codes)
    page = html_text(client.get(reverse("voting:election_detail", args=[e.pk])))
    assert "PX03 – Phòng Công tác đảng và công tác chính trị 4 66,67 % Trúng" in page
    assert "Số phiếu tối thiểu để có kết quả 2/3 tổng số cử tri (6 phiếu)" in page


def test_a_question_with_too_few_ballots_shows_no_counts(client, election, xdll, personas):
    e = open_(election, personas)
    cast_all(election, xdll, {"PX01": ("PX03", "PH10"), "PV01": ("PX03", "PH10")})
    services.close_election(e, by=personas.office)
    client_for(client, xdll.reps["PV01"])
    page = client.get(reverse("voting:election_detail", args=[e.pk]))
    text = html_text(page)
    assert "Chỉ có 2 phiếu (dưới 3): không công bố kết quả, kể cả người trúng, để giữ bí mật phiếu bầu." in text
    # neither the winner nor any verdict: with 2 ballots they would tell how each voted
    assert [word for word in ("Trúng", "Bằng phiếu", "Đạt", "Không đạt", "chưa đủ số phiếu") if word in text] == []
    assert 'class="num"' not in page.content.decode()
    assert client.get(reverse("voting:receipts", args=[e.pk])).context["rows"] == []
    assert client.get(reverse("voting:receipts_csv", args=[e.pk])).status_code == 404


def test_too_few_ballots_for_the_ballot_quorum_say_not_decided(client, election, xdll, personas):
    e = open_(election, personas)
    five = dict.fromkeys(("PX01", "PV01", "PV02", "PV05", "PH41"), ("PX03", "PH10"))
    cast_all(election, xdll, five)
    services.close_election(e, by=personas.office)
    client_for(client, xdll.reps["PV01"])
    page = client.get(reverse("voting:election_detail", args=[e.pk]))
    text = html_text(page)
    assert f'id="short-{election.leader.pk}"' in page.content.decode()
    assert "Không quyết định: chưa đủ số phiếu (5 phiếu, cần ít nhất 6)." in text
    assert "Trúng" not in text


def test_a_four_four_tie_offers_the_organiser_a_runoff(client, election, xdll, personas):
    e = open_(election, personas)
    codes = ["PX01", "PX03", "PV02", "PV01", "PV05", "PV06", "PH10", "PH41"]
    cast_all(election, xdll, {code: ("PX03" if i % 2 else "PH10", "PV01") for i, code in enumerate(codes)})
    services.close_election(e, by=personas.office)
    client_for(client, personas.office)
    page = client.get(reverse("voting:election_detail", args=[e.pk]))
    text = html_text(page)
    assert "Bằng phiếu: còn 1 vị trí; cần bỏ phiếu lại giữa các ứng viên bằng phiếu." in text
    assert reverse("voting:runoff_open", args=[election.leader.pk]) in page.content.decode()
    response = client.post(reverse("voting:runoff_open", args=[election.leader.pk]))
    runoff = Election.objects.get(runoff_of=election.leader)
    assert response["Location"] == reverse("voting:election_detail", args=[runoff.pk])
    assert sorted(runoff.questions.get(purpose="leader").candidates.values_list("unit__code", flat=True)) == [
        "PH10",
        "PX03",
    ]


def test_the_committee_enters_paper_counts_and_a_wrong_sum_is_refused(client, election, xdll, personas):
    e = election.election
    Election.objects.filter(pk=e.pk).update(mode="paper")
    open_(election, personas)
    client_for(client, personas.office)
    url = reverse("voting:paper_count", args=[election.leader.pk])
    ids = pick(election.leader, "PX03", "PH10")
    data = {"issued": 8, "returned": 8, "valid": 7, "invalid": 0} | {
        f"votes_{c.pk}": 0 for c in election.leader.candidates.all()
    }
    data |= {f"votes_{ids[0]}": 6, f"votes_{ids[1]}": 1}
    refused = client.post(url, data)
    assert refused.context["form"].non_field_errors() == [
        "Số phiếu hợp lệ (7) cộng không hợp lệ (0) phải bằng số phiếu thu về (8)."
    ]
    done = client.post(url, data | {"invalid": 1})
    assert (done.status_code, election.leader.paper.__class__.objects.get().votes[ids[0]]) == (302, 6)


def test_the_documents_download_after_closing(client, election, xdll, personas):
    e = open_(election, personas)
    cast_all(election, xdll, {"PX01": ("PX03", "PH10"), "PV01": ("PX03", "PH10"), "PH41": ("PX03", "PX01")})
    services.close_election(e, by=personas.office)
    client_for(client, personas.council)
    response = client.get(reverse("voting:count_minutes_docx", args=[e.pk]))
    assert (response.status_code, response["Content-Disposition"]) == (
        200,
        f'attachment; filename="bien-ban-kiem-phieu-2018-{e.pk}.docx"',
    )
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("rows", [1, 3])
def test_the_election_page_costs_a_fixed_number_of_queries(
    client, election, xdll, personas, django_assert_max_num_queries, rows
):
    from voting.services import CandidateData

    for i in range(rows):
        services.add_question(
            election.election,
            by=None,
            text=f"Câu {i}",
            candidates=[CandidateData(f"Ứng viên {i}-{j}") for j in range(3)],
        )
    client_for(client, xdll.reps["PV01"])
    with django_assert_max_num_queries(24):
        assert client.get(reverse("voting:election_detail", args=[election.election.pk])).status_code == 200


def test_the_conference_page_links_to_its_elections(client, election, xdll, personas):
    client_for(client, xdll.reps["PV01"])
    page = client.get(reverse("cycle:conference_detail", args=[xdll.conference.pk])).content.decode()
    assert f'href="{reverse("voting:election_list", args=[xdll.conference.pk])}" id="conference-elections"' in page
    listing = client.get(reverse("voting:election_list", args=[xdll.conference.pk]))
    assert [str(e) for e in listing.context["elections"]] == ["Bỏ phiếu suy tôn năm 2018"]
