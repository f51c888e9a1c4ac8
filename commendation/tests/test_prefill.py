"""Prefill from eligibility adds award forms as well as titles: those serving the proposal's kind,
and for merit only the highest form a subject is eligible for (one achievement, one form, Law 2022
art. 5)."""

import pytest

from commendation.services import proposals as wf
from commendation.services.prefill import prefill_from_registration_and_engine
from eligibility.models import Achievement

pytestmark = pytest.mark.django_db


def lines(created):
    return [(wf.holder_name(x), x.honour.code, x.engine_status) for x in created]


def test_a_yearly_proposal_gets_the_highest_merit_form_and_no_seniority_medal(org, personas):
    # An ad-hoc achievement with influence in 2024: Giấy khen (art. 75) and Bằng khen of the
    # Minister (art. 74) both fit; one achievement earns one form, so only the Bằng khen is proposed.
    Achievement.objects.create(person=org.people.binh, year=2024, kind="dot_xuat", description="Cứu người")
    proposal = wf.create_proposal(
        unit=org.px03, to_unit=org.caqb, year=2024, title="Đề nghị năm 2024", by=personas.unit_officer
    )
    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    assert lines(created) == [
        ("Trần Thị Bình", "CSTT", "eligible"),
        ("Trần Thị Bình", "CSTDCS", "eligible"),
        ("Trần Thị Bình", "BK_BO", "eligible"),
    ]
    assert created[-1].title is None and created[-1].award_form.code == "BK_BO"
    assert prefill_from_registration_and_engine(proposal, by=personas.unit_officer) == []


def test_a_seniority_proposal_gets_the_seniority_medals_of_the_years_served(org, personas):
    # An, Bình and Cường serve in PX03 since 01/09/2010: 14 years at the end of 2024, past the
    # 10 years of the Huy chương Chiến sĩ vẻ vang hạng Ba, short of the 15 of hạng Nhì.
    proposal = wf.create_proposal(
        unit=org.px03,
        to_unit=org.caqb,
        year=2024,
        title="Đề nghị niên hạn 2024",
        kind="seniority",
        by=personas.unit_officer,
    )
    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    assert [line for line in lines(created) if line[1].startswith("HC")] == [
        ("Nguyễn Văn An", "HCCSVV3", "eligible"),
        ("Trần Thị Bình", "HCCSVV3", "eligible"),
        ("Lê Văn Cường", "HCCSVV3", "eligible"),
    ]
