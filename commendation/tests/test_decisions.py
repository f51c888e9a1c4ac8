"""Decisions: drafted from approved lines, issued with a number and the bonus from the base salary
in force on the decision date, written to the yearly records; never edited after issue."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from commendation.models import Decision, DecisionLine, Proposal, ProposalLine
from commendation.services import decisions
from eligibility.services import AwardsError
from honours.models import AwardForm, FormAward, Title, TitleAward

pytestmark = pytest.mark.django_db


def d(text: str) -> datetime.date:
    day, month, year = map(int, text.split("/"))
    return datetime.date(year, month, day)


def make_proposal(
    org,
    *recipients,
    year=2024,
    status=Proposal.Status.REVIEW,
    outcome=ProposalLine.Outcome.APPROVED,
    unit=None,
    to_unit=None,
):
    """A proposal (status REVIEW unless told) with one line per (person or unit, title or form code)."""
    proposal = Proposal.objects.create(
        unit=unit or org.px03,
        to_unit=to_unit or org.caqb,
        year=year,
        title=f"Đề nghị khen thưởng năm {year}",
        status=status,
    )
    for i, (holder, code) in enumerate(recipients, start=1):
        title = Title.objects.filter(code=code).first()
        form = None if title else AwardForm.objects.get(code=code)
        holder_kw = {"unit": holder} if holder.__class__.__name__ == "Unit" else {"person": holder}
        ProposalLine.objects.create(
            proposal=proposal,
            title=title,
            award_form=form,
            achievement=f"merit:{year}",
            outcome=outcome,
            order=i,
            engine_status="eligible",
            **holder_kw,
        )
    return proposal


def issued(org, by, *recipients, date="10/12/2024", year=2024, symbol="QĐ-CAT-PX03", number=None):
    proposal = make_proposal(org, *recipients, year=year)
    decision = decisions.create_decision_from_lines(
        by=by,
        issuing_unit=org.caqb,
        lines=proposal.lines.all(),
        symbol=symbol,
        subject="Về việc tặng danh hiệu thi đua",
    )
    return decisions.issue_decision(decision, by=by, date=d(date), number=number)


def test_the_base_salary_in_force_on_the_decision_date():
    assert decisions.salary_on(d("30/06/2024")) == 1_800_000
    assert decisions.salary_on(d("01/07/2024")) == 2_340_000
    assert decisions.salary_on(d("01/07/2019")) == 1_490_000


def test_bonuses_are_rounded_up_to_ten_thousand_dong():
    assert decisions.bonus_amount(Decimal("0.3"), 2_340_000) == 710_000  # 702,000 → 710,000
    assert decisions.bonus_amount(Decimal("1.0"), 2_340_000) == 2_340_000
    assert decisions.bonus_amount(Decimal("4.5"), 1_490_000) == 6_710_000  # 6,705,000 → 6,710,000
    assert decisions.bonus_amount(None, 2_340_000) is None


@pytest.mark.parametrize(
    ("date", "base", "cstdcs", "cstt"),
    [
        ("30/06/2024", 1_800_000, 1_800_000, 540_000),
        ("01/07/2024", 2_340_000, 2_340_000, 710_000),
    ],
)
def test_the_bonus_uses_the_base_salary_of_the_decision_date(org, personas, date, base, cstdcs, cstt):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"), date=date)

    assert decision.base_salary == base
    assert [(x.person, x.bonus_multiple, x.bonus_amount) for x in decision.lines.order_by("order")] == [
        (org.people.binh, Decimal("1.00"), cstdcs),
        (org.people.cuong, Decimal("0.30"), cstt),
    ]


def test_issuing_numbers_writes_the_yearly_records_and_decides_the_proposal(org, personas):
    first = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    second = issued(org, personas.office, (org.people.cuong, "CSTT"), (org.people.an, "GK"), date="11/12/2024")

    assert (first.number, second.number, second.status) == (1, 2, Decision.Status.ISSUED)
    assert second.reference == "02/QĐ-CAT-PX03 ngày 11/12/2024"
    title_award = TitleAward.objects.get(person=org.people.cuong)
    assert (title_award.title.code, title_award.year, title_award.decision_ref, title_award.annulled) == (
        "CSTT",
        2024,
        "02/QĐ-CAT-PX03 ngày 11/12/2024",
        False,
    )
    assert title_award.decision_line.decision == second
    form_award = FormAward.objects.get(person=org.people.an)
    assert (form_award.award_form.code, form_award.decided_on, form_award.decision_ref) == (
        "GK",
        d("11/12/2024"),
        "02/QĐ-CAT-PX03 ngày 11/12/2024",
    )
    assert form_award.decision_line.bonus_amount is None  # the form's amount is not set in the catalogue
    proposal = second.lines.first().proposal_line.proposal
    assert proposal.status == Proposal.Status.DECIDED
    # The number register starts again from 01 each year.
    assert issued(org, personas.office, (org.people.dung, "CSTT"), date="05/01/2025", year=2025).number == 1


def test_a_given_number_already_used_is_refused(org, personas):
    issued(org, personas.office, (org.people.binh, "CSTDCS"), number=7)
    with pytest.raises(AwardsError, match="Số 7/QĐ-CAT-PX03 năm 2024 đã được dùng."):
        issued(org, personas.office, (org.people.cuong, "CSTT"), number=7)


def test_several_titles_of_one_year_pay_only_the_highest(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTT"), (org.people.binh, "CSTDCS"), date="01/07/2024")

    assert [(x.title.code, x.bonus_amount) for x in decision.lines.order_by("order")] == [
        ("CSTT", 0),
        ("CSTDCS", 2_340_000),
    ]
    # A later decision pays only the difference to what was already paid for the year's titles.
    later = issued(org, personas.office, (org.people.binh, "CSTD_BO"), date="02/07/2024")
    assert later.lines.get().bonus_amount == 3 * 2_340_000 - 2_340_000


def test_only_approved_lines_go_into_a_decision(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.REJECTED)
    with pytest.raises(AwardsError, match="Chỉ đưa vào quyết định các đề nghị Hội đồng đã thống nhất"):
        decisions.create_decision_from_lines(
            by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="x"
        )


def test_a_line_goes_into_one_decision_only(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    line = decision.lines.get().proposal_line
    with pytest.raises(AwardsError, match="Dòng đề nghị đã có trong một quyết định"):
        decisions.create_decision_from_lines(
            by=personas.office, issuing_unit=org.caqb, lines=[line], symbol="QĐ-CAT", subject="x"
        )


def test_an_issued_decision_cannot_be_edited(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    refused = "Quyết định đã ban hành: không thể sửa, chỉ có thể huỷ bỏ."

    with pytest.raises(AwardsError, match=refused):
        decisions.update_decision(decision, by=personas.office, subject="Sửa")
    with pytest.raises(AwardsError, match=refused):
        decisions.remove_decision_line(decision.lines.get(), by=personas.office)
    with pytest.raises(AwardsError, match=refused):
        decisions.issue_decision(decision, by=personas.office)
    with pytest.raises(AwardsError, match=refused):
        decisions.delete_decision(decision, by=personas.office)
    decision.refresh_from_db()
    assert (decision.subject, decision.lines.count()) == ("Về việc tặng danh hiệu thi đua", 1)


def test_a_draft_can_be_edited_and_each_write_is_audited(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    decision = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Về việc"
    )
    decisions.update_decision(decision, by=personas.office, subject="Về việc tặng danh hiệu", signer_name="Lê Văn B")
    decisions.remove_decision_line(decision.lines.get(person=org.people.cuong), by=personas.office)
    decisions.issue_decision(decision, by=personas.office, date=d("10/12/2024"))

    events = AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk)).order_by("pk")
    assert [e.action for e in events] == ["create", "update", "update", "update"]
    assert events[1].changes == {"subject": ["Về việc", "Về việc tặng danh hiệu"], "signer_name": ["", "Lê Văn B"]}
    assert events[3].changes["status"] == ["draft", "issued"]
    assert all(e.actor == personas.office for e in events)
    # Cường's approved line waits for another decision: the proposal is not decided yet.
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REVIEW


def test_a_higher_levels_decision_is_recorded_by_number_date_and_recipients(org, personas):
    proposal = make_proposal(
        org, (org.people.binh, "BK_TTG"), (org.people.cuong, "BK_TTG"), outcome=ProposalLine.Outcome.PENDING
    )
    picked = proposal.lines.filter(person=org.people.binh)

    decision = decisions.record_external_decision(
        by=personas.office,
        issuing_unit=org.caqb,
        issuer_name="Thủ tướng Chính phủ",
        number=1234,
        symbol="QĐ-TTg",
        date=d("20/12/2024"),
        lines=picked,
    )

    assert (decision.external, decision.status, decision.reference) == (
        True,
        Decision.Status.ISSUED,
        "1234/QĐ-TTg ngày 20/12/2024",
    )
    assert [(f.person, f.award_form.code, f.decision_ref) for f in FormAward.objects.all()] == [
        (org.people.binh, "BK_TTG", "1234/QĐ-TTg ngày 20/12/2024")
    ]
    assert DecisionLine.objects.get().proposal_line.outcome == ProposalLine.Outcome.APPROVED
    # Cường's line is still waiting: the proposal is not yet decided.
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REVIEW
    with pytest.raises(AwardsError, match="Quyết định 1234/QĐ-TTg đã được ghi nhận."):
        decisions.record_external_decision(
            by=personas.office,
            issuing_unit=org.caqb,
            issuer_name="Thủ tướng Chính phủ",
            number=1234,
            symbol="QĐ-TTg",
            date=d("20/12/2024"),
            lines=proposal.lines.filter(person=org.people.cuong),
        )
