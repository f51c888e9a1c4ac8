"""Another body's decision naming people never proposed here (issue 16): a Ministry decision of 200 officers
is recorded at once, in a fixed number of queries, whoever is named — picked, pasted by identifier, or read
from an .xlsx — as long as they are in the recording user's scope; one problem and nothing is written; the
awards are then the engine's facts like those of any issued decision."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from commendation import permissions as awards_perms
from commendation.models import Decision, DecisionLine, ProposalLine
from commendation.services import external
from commendation.services.external import Entry, RecipientErrors
from commendation.tests.test_decisions import d, make_proposal
from eligibility.models import Initiative, InitiativeLevel
from eligibility.services import AwardsError, evaluate_scope
from honours.models import FormAward, TitleAward
from organisation import services as org_services
from organisation.models import Person, Rating
from organisation.text import fold

pytestmark = pytest.mark.django_db
HEADER = ["Mã cán bộ hoặc mã đơn vị", "Mã danh hiệu, hình thức khen thưởng", "Số lần mức lương cơ sở"]


def scope_of(user):
    return awards_perms.body_units_for_user(user, write=True)


def officers(unit, n, start=1):
    return Person.objects.bulk_create(
        [
            Person(ident=f"BK{i:06d}", full_name=f"Cán bộ {i}", name_folded=fold(f"Cán bộ {i}"), sex="M", unit=unit)
            for i in range(start, start + n)
        ]
    )


def record(org, user, recipients, number=4521, **kw):
    return external.record_external_decision(
        by=user,
        issuing_unit=org.caqb,
        issuer_name="Bộ trưởng Bộ Công an",
        number=number,
        symbol="QĐ-BCA",
        date=kw.pop("date", d("20/11/2024")),
        recipients=recipients,
        **kw,
    )


def statements(captured) -> list[str]:
    """The statements run, a bulk write split into batches (SQLite's 999 parameters) counted once."""
    heads = [(q["sql"].split()[0], re.findall(r'"([a-z]+_[a-z_]+)"', q["sql"])[:1]) for q in captured.captured_queries]
    return [head for i, head in enumerate(heads) if i == 0 or head != heads[i - 1] or head[0] == "SELECT"]


def queries_to_record(org, personas, people, number):
    entries = [Entry(i, person_id=p.pk, honour="BK_BO") for i, p in enumerate(people)]
    scope = scope_of(personas.office)
    with CaptureQueriesContext(connection) as captured:
        recipients = external.resolve(entries, scope=scope)
        record(org, personas.office, recipients, number=number, year=2024)
    return statements(captured)


def test_two_hundred_unproposed_officers_are_recorded_at_once_in_a_fixed_number_of_queries(org, personas):
    few = queries_to_record(org, personas, officers(org.px03, 3), number=1)
    many = queries_to_record(org, personas, officers(org.ph10, 200, start=100), number=2)

    assert many == few
    assert len(many) == 36
    decision = Decision.objects.get(number=2)
    assert (decision.external, decision.status, decision.year, decision.kind, decision.subject) == (
        True,
        Decision.Status.ISSUED,
        2024,
        "merit",
        "Quyết định khen thưởng của Bộ trưởng Bộ Công an",
    )
    assert decision.lines.count() == 200
    assert not decision.lines.filter(proposal_line__isnull=False).exists()
    awards = FormAward.objects.filter(decision_ref="02/QĐ-BCA ngày 20/11/2024")
    assert awards.count() == 200
    assert set(awards.values_list("award_form__code", "year", "decided_on", "kind")) == {
        ("BK_BO", 2024, datetime.date(2024, 11, 20), "merit")
    }
    assert DecisionLine.objects.filter(decision=decision, form_award__isnull=True).count() == 0
    event = AuditEvent.objects.get(object_type="commendation.decision", object_id=str(decision.pk), action="create")
    assert len(event.changes["recipients"][1]) == 200
    assert event.changes["recipients"][1][0] == "BK000100:BK_BO"


def test_a_pasted_list_with_an_unknown_identifier_writes_nothing_and_names_it(org, personas):
    text = "QB000002\nQB999999\n  \nCAQB-PX03\tDVTT\nqb000003; CSTT"

    with pytest.raises(RecipientErrors) as refused:
        external.recipients_from_codes(text, scope=scope_of(personas.office), honour="CSTT")

    assert str(refused.value) == ("Không tìm thấy trong phạm vi của bạn (hoặc trùng mã đơn vị) các mã: QB999999.")
    assert Decision.objects.count() == TitleAward.objects.count() == 0


def test_pasted_identifiers_name_people_and_units_each_with_the_default_or_its_own_honour(org, personas):
    text = "QB000002\nCAQB-PX03\tDVTT\nqb000003; CSTDCS\nPH10, DVQT"

    found = external.recipients_from_codes(text, scope=scope_of(personas.office), honour="CSTT")
    decision = record(org, personas.office, found, year=2024)

    assert [(r.name, r.honour.code) for r in found] == [
        ("Trần Thị Bình", "CSTT"),
        ("Phòng Công tác đảng và công tác chính trị", "DVTT"),
        ("Lê Văn Cường", "CSTDCS"),
        ("Phòng Hậu cần", "DVQT"),
    ]
    assert sorted(TitleAward.objects.filter(decision_ref=decision.reference).values_list("title__code", flat=True)) == [
        "CSTDCS",
        "CSTT",
        "DVQT",
        "DVTT",
    ]
    # Bonuses as for any issued decision: the catalogue's multiple × 2,340,000 (01/07/2024), rounded up.
    assert list(decision.lines.order_by("order").values_list("bonus_amount", flat=True)) == [
        710_000,
        1_880_000,
        2_340_000,
        3_510_000,
    ]


def test_an_official_unit_code_shared_by_two_units_in_scope_must_be_given_by_its_identifier(org, personas):
    # The administrator sees both provinces, each with its PX03.
    with pytest.raises(RecipientErrors) as refused:
        external.recipients_from_codes("PX03", scope=scope_of(personas.admin), honour="DVTT")
    assert str(refused.value) == "Không tìm thấy trong phạm vi của bạn (hoặc trùng mã đơn vị) các mã: PX03."
    # The province's office sees one PX03 only.
    assert [r.unit for r in external.recipients_from_codes("px03", scope=scope_of(personas.office), honour="DVTT")] == [
        org.px03
    ]


def test_someone_outside_the_scope_is_refused_as_if_unknown(org, personas):
    hoa = org.people.hoa  # Hưng Yên
    scope = scope_of(personas.office)

    with pytest.raises(RecipientErrors) as by_id:
        external.resolve([Entry(0, person_id=hoa.pk, honour="BK_BO")], scope=scope)
    with pytest.raises(RecipientErrors) as by_code:
        external.recipients_from_codes("HY000001", scope=scope, honour="BK_BO")
    with pytest.raises(RecipientErrors) as unit:
        external.resolve([Entry(3, unit_id=org.cahy.pk, honour="BK_BO_TT")], scope=scope)

    assert [e.as_dict() for e in by_id.value.errors] == [
        {
            "row": 0,
            "column": "person",
            "message": f"Không tìm thấy cán bộ {hoa.pk} hoặc cán bộ nằm ngoài phạm vi của bạn.",
        }
    ]
    assert str(by_code.value) == "Không tìm thấy trong phạm vi của bạn (hoặc trùng mã đơn vị) các mã: HY000001."
    assert str(unit.value) == f"Không tìm thấy đơn vị {org.cahy.pk} hoặc đơn vị nằm ngoài phạm vi của bạn."
    # Hưng Yên's own office records her.
    assert [
        r.person for r in external.recipients_from_codes("HY000001", scope=scope_of(personas.outsider), honour="BK_BO")
    ] == [hoa]


def test_an_honour_must_exist_suit_the_holder_and_come_once(org, personas):
    scope = scope_of(personas.office)
    entries = [
        Entry(1, code="QB000002", honour="XYZ"),
        Entry(2, code="QB000003", honour="DVTT"),
        Entry(3, code="CAQB-PX03", honour="BK_BO"),
        Entry(4, code="QB000004", honour="CSTT"),
        Entry(5, code="QB000004", honour="cstt"),
        Entry(6, code="QB000001"),
    ]

    with pytest.raises(RecipientErrors) as refused:
        external.resolve(entries, scope=scope)

    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (1, "honour", "Không có danh hiệu, hình thức khen thưởng mã XYZ."),
        (2, "honour", "Đơn vị tiên tiến không dành cho cá nhân (Lê Văn Cường)."),
        (
            3,
            "honour",
            "Bằng khen của Bộ trưởng Bộ Công an không dành cho tập thể (Phòng Công tác đảng và công tác chính trị).",
        ),
        (5, "Mã cán bộ hoặc mã đơn vị", "Phạm Quốc Dũng có hai dòng Chiến sĩ tiên tiến."),
        (6, "honour", "Cần ghi mã danh hiệu hoặc hình thức khen thưởng."),
    ]


def workbook(*rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_with_a_bad_row_is_refused_row_by_row_and_nothing_is_written(org, personas):
    data = workbook(
        ["QB000002", "BK_BO", None],
        ["QB000003", "", "abc"],
        ["QB999999", "BK_BO", 1],
        [None, None, None],
        ["CAQB-PH10", "GK", None],
    )

    with pytest.raises(RecipientErrors) as refused:
        external.recipients_from_xlsx(data, scope=scope_of(personas.office))

    assert [e.as_dict() for e in refused.value.errors] == [
        {
            "row": 3,
            "column": "Mã danh hiệu, hình thức khen thưởng",
            "message": "Cần ghi mã danh hiệu hoặc hình thức khen thưởng.",
        },
        {"row": 3, "column": "Số lần mức lương cơ sở", "message": "Số lần mức lương cơ sở không hợp lệ: abc."},
        {
            "row": 4,
            "column": "Mã cán bộ hoặc mã đơn vị",
            "message": "Không tìm thấy cán bộ, đơn vị có mã QB999999 trong phạm vi của bạn.",
        },
        {
            "row": 6,
            "column": "Mã danh hiệu, hình thức khen thưởng",
            "message": "Giấy khen không dành cho tập thể (Phòng Hậu cần).",
        },
    ]
    assert Decision.objects.count() == FormAward.objects.count() == 0


def test_an_xlsx_names_each_recipient_with_its_honour_and_the_bonus_the_decision_states(org, personas):
    header = [*HEADER, "Tiền thưởng (đồng)"]
    data = workbook(
        ["QB000002", "BK_BO", "1.5", None],
        ["QB000003", None, None, 5_000_000],
        ["CAQB-PH10", "BK_BO_TT", None, None],
        header=header,
    )

    found = external.recipients_from_xlsx(data, scope=scope_of(personas.office), honour="BK_BO")
    decision = record(org, personas.office, found, year=2024)

    assert [(r.name, r.honour.code, r.bonus_multiple, r.bonus_amount) for r in found] == [
        ("Trần Thị Bình", "BK_BO", Decimal("1.50"), None),
        ("Lê Văn Cường", "BK_BO", None, 5_000_000),
        ("Phòng Hậu cần", "BK_BO_TT", None, None),
    ]
    assert list(decision.lines.order_by("order").values_list("bonus_multiple", "bonus_amount")) == [
        (Decimal("1.50"), 3_510_000),
        (None, 5_000_000),
        (Decimal("3.00"), 7_020_000),
    ]


def test_a_file_that_is_not_an_xlsx_or_lacks_the_identifier_column_is_refused_whole(org, personas):
    scope = scope_of(personas.office)
    with pytest.raises(RecipientErrors, match="Tệp không phải là tệp Excel"):
        external.recipients_from_xlsx(b"PK\x03\x04 not really", scope=scope)
    with pytest.raises(RecipientErrors, match="Thiếu cột: Mã cán bộ hoặc mã đơn vị."):
        external.recipients_from_xlsx(workbook(["QB000002"], header=["Họ tên"]), scope=scope)


def test_the_same_decision_is_recorded_once_and_a_failure_writes_nothing(org, personas):
    scope = scope_of(personas.office)
    record(org, personas.office, external.recipients_from_codes("QB000002", scope=scope, honour="BK_BO"))

    with pytest.raises(AwardsError, match="Quyết định 4521/QĐ-BCA đã được ghi nhận."):
        record(org, personas.office, external.recipients_from_codes("QB000003", scope=scope, honour="BK_BO"))
    # A title already written by another decision: the whole decision refused.
    record(org, personas.office, external.recipients_from_codes("QB000003", scope=scope, honour="CSTT"), number=7)
    again = external.recipients_from_codes("QB000004\nQB000003", scope=scope, honour="CSTT")
    with pytest.raises(AwardsError, match="Lê Văn Cường đã có danh hiệu Chiến sĩ tiên tiến năm 2024"):
        record(org, personas.office, again, number=8)

    assert Decision.objects.count() == 2
    assert list(TitleAward.objects.values_list("person__ident", flat=True)) == ["QB000003"]


def test_proposed_lines_and_unproposed_recipients_in_one_decision(org, personas):
    proposal = make_proposal(org, (org.people.binh, "BK_BO"), outcome=ProposalLine.Outcome.PENDING)
    found = external.recipients_from_codes("QB000004", scope=scope_of(personas.office), honour="BK_BO")

    decision = record(org, personas.office, found, lines=proposal.lines.all())

    assert [(x.person.full_name, x.proposal_line_id is not None) for x in decision.lines.order_by("order")] == [
        ("Trần Thị Bình", True),
        ("Phạm Quốc Dũng", False),
    ]
    assert decision.year == 2024 and FormAward.objects.count() == 2


def test_the_engine_reads_recorded_titles_of_people_never_proposed(org, personas):
    binh = org.people.binh
    org_services.set_person_rating(binh, 2025, Rating.HTXSNV, by=None)
    Initiative.objects.create(
        person=binh, title="Phần mềm quản lý hồ sơ", level=InitiativeLevel.BO, recognised_on=datetime.date(2025, 3, 1)
    )
    before = evaluate_scope(org.px03, 2025).status("CSTD_BO", binh.pk).value

    scope = scope_of(personas.office)
    for number, year in ((11, 2023), (12, 2024)):
        found = external.recipients_from_codes("QB000002", scope=scope, honour="CSTDCS")
        record(org, personas.office, found, number=number, year=year, date=datetime.date(year, 12, 20))

    assert before == "not_eligible"
    assert evaluate_scope(org.px03, 2025).status("CSTD_BO", binh.pk).value == "eligible"
    assert list(TitleAward.objects.order_by("year").values_list("year", "decision_ref")) == [
        (2023, "11/QĐ-BCA ngày 20/12/2023"),
        (2024, "12/QĐ-BCA ngày 20/12/2024"),
    ]


def test_someone_named_twice_with_one_honour_across_the_ways_of_naming_is_refused(org, personas):
    proposal = make_proposal(org, (org.people.binh, "BK_BO"), outcome=ProposalLine.Outcome.PENDING)
    scope = scope_of(personas.office)
    pasted = external.recipients_from_codes("QB000002", scope=scope, honour="BK_BO")
    picked = external.resolve([Entry(0, person_id=org.people.cuong.pk, honour="GK")], scope=scope)
    typed = external.recipients_from_codes("QB000003", scope=scope, honour="GK")

    with pytest.raises(AwardsError, match="^Trần Thị Bình có hai dòng Bằng khen của Bộ trưởng Bộ Công an.$"):
        record(org, personas.office, pasted, lines=proposal.lines.all())
    with pytest.raises(AwardsError, match="^Lê Văn Cường có hai dòng Giấy khen.$"):
        record(org, personas.office, picked + typed)
    assert Decision.objects.count() == FormAward.objects.count() == 0
