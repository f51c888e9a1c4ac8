"""The election page says how many of how many to choose; a voter who also runs the election sees
the vote as the one primary action and closing as a separate, outlined, confirmed action further
down; the home page lists the open ballots the user may still cast."""

import re

from django.urls import reverse

from conftest import client_for
from voting import services
from voting.models import Election
from voting.tests.conftest import pick


def html_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_a_choice_question_says_how_many_of_how_many(client, election, xdll, personas):
    client_for(client, personas.office)
    page = html_text(client.get(reverse("voting:election_detail", args=[election.election.pk])))
    assert re.findall(r"Chọn (?:tối đa )?\S+ trong \S+ ứng viên", page) == [
        "Chọn 1 trong 8 ứng viên",  # the leader
        "Chọn 1 trong 8 ứng viên",  # the deputy
        "Chọn tối đa 3 trong 8 ứng viên",  # the flag
    ]


def test_the_voter_who_runs_the_election_votes_first_and_closes_apart(client, election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    client_for(client, xdll.reps["PV01"])  # PV01 leads the block: it runs the election and is on the roll
    response = client.get(reverse("voting:election_detail", args=[e.pk]))
    page = response.content.decode()
    assert response.context["can_manage"] is True
    vote = re.search(r'<a class="([^"]+)" href="[^"]+" id="vote-link">', page)
    close = re.search(
        r'<form method="post" action="([^"]+)" data-confirm="([^"]+)">[^<]*<input[^>]*>'
        r'<button type="submit" class="([^"]+)" id="election-close">',
        page,
    )
    assert vote.group(1) == "btn btn-primary btn-lg"
    assert close.groups() == (
        reverse("voting:election_close", args=[e.pk]),
        "Kết thúc bỏ phiếu? Sau đó không nhận thêm phiếu.",
        "btn btn-outline-danger",
    )
    # the vote comes first; closing sits in its own card after the roll of voters
    assert vote.start() < page.index('id="roll"') < page.index('id="manage"') < close.start()
    assert page.count("btn-danger") == 0 and page.count('id="election-close"') == 1


def test_a_voter_who_does_not_run_the_election_sees_no_close(client, election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    client_for(client, xdll.reps["PH10"])
    page = client.get(reverse("voting:election_detail", args=[e.pk])).content.decode()
    assert ('id="vote-link"' in page, 'id="election-close"' in page) == (True, False)


def test_the_home_lists_the_open_ballot_until_it_is_cast(client, election, xdll, personas):
    home = reverse("organisation:home")
    client_for(client, xdll.reps["PV01"])
    assert [t.text for t in client.get(home).context["tasks"]] == []  # a draft election is no task yet
    e = services.open_election(election.election, by=personas.office)
    tasks = client.get(home).context["tasks"]
    assert [(t.text, t.url, t.block) for t in tasks] == [
        (
            "Bỏ phiếu “Bỏ phiếu suy tôn năm 2018” cho PV01 – Phòng Tham mưu",
            reverse("voting:ballot", args=[e.pk]),
            xdll.block,
        )
    ]
    assert f'href="{reverse("voting:ballot", args=[e.pk])}"' in client.get(home).content.decode()
    services.cast_ballot(
        e,
        e.roll.get(unit=xdll.units["PV01"]),
        {election.leader.key: pick(election.leader, "PX03")},
        by=xdll.reps["PV01"],
    )
    assert [t.text for t in client.get(home).context["tasks"]] == []


def test_a_paper_election_is_no_task_on_the_home_page(client, election, xdll, personas):
    Election.objects.filter(pk=election.election.pk).update(mode=Election.Mode.PAPER)
    services.open_election(Election.objects.get(pk=election.election.pk), by=personas.office)
    client_for(client, xdll.reps["PV01"])
    assert client.get(reverse("organisation:home")).context["tasks"] == []
