"""The titles and award forms of a history import grouped into recorded decisions (issue 16): one external, issued
decision per (issuer, number, symbol, date), one line per award pointing at it, written with the import (all or
nothing), idempotent, audited, and shown on the decision pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from commendation.models import Decision, DecisionLine
from commendation.services.history_decisions import decision_key, record_history_decisions
from conftest import client_for
from eligibility.history import run_history_import
from eligibility.history.writing import AFTER_IMPORT
from eligibility.tests.test_history_import import workbook
from honours.models import FormAward, TitleAward

pytestmark = pytest.mark.django_db

QB = "Công an tỉnh Quảng Bình"
BCA = "Bộ Công an"
# Five awards, two decisions: 12/QĐ-CAT names two titles and a form, 345/QĐ-BCA a unit's title and a form.
FILE = {
    "titles": [
        ["QB000001", "", "CSTDCS", 2023, QB, "12/QĐ-CAT", "10/12/2023"],
        ["QB000002", "", "CSTDCS", 2023, QB, "12/QĐ-CAT", "10/12/2023"],
        ["", "CAQB-PX03", "DVQT", 2023, BCA, "345/QĐ-BCA", "15/01/2024"],
    ],
    "forms": [
        ["QB000003", "", "BK_BO", 2023, "", QB, "12/QĐ-CAT", "10/12/2023"],
        ["QB000001", "", "BK_BO", 2022, "", BCA, "345/QĐ-BCA", "15/01/2024"],
    ],
}


def lines_of(decision) -> list[tuple]:
    """(holder, honour code, the award it points at) of each line, in order."""
    return [
        (
            x.person.ident if x.person_id else x.unit.ref,
            (x.title or x.award_form).code,
            x.title_award_id and ("t", x.title_award_id),
            x.form_award_id and ("f", x.form_award_id),
            x.order,
        )
        for x in decision.lines.select_related("person", "unit", "title", "award_form").order_by("order")
    ]


def title_of(person, code="CSTDCS"):
    return ("t", TitleAward.objects.get(person=person, title__code=code).pk)


def form_of(person, code="BK_BO"):
    return ("f", FormAward.objects.get(person=person, award_form__code=code).pk)


def decision_audits():
    return list(
        AuditEvent.objects.filter(object_type="commendation.decision")
        .order_by("pk")
        .values_list("action", "object_id", "changes__lines", "actor__username")
    )


def test_the_hook_is_registered():
    assert AFTER_IMPORT.count(record_history_decisions) == 1


def test_five_awards_of_two_decisions_make_two_recorded_decisions(org, personas):
    result = run_history_import(workbook(**FILE), by=personas.office, dry_run=False)

    assert result.errors == [] and result.written
    qb, bca = Decision.objects.order_by("number")
    fields = ("issuing_unit", "issuer_name", "external", "status", "number", "symbol", "date", "year", "kind")
    assert [tuple(getattr(d, f) for f in fields) for d in (qb, bca)] == [
        (org.caqb, QB, True, "issued", 12, "QĐ-CAT", datetime.date(2023, 12, 10), 2023, "merit"),
        (org.caqb, BCA, True, "issued", 345, "QĐ-BCA", datetime.date(2024, 1, 15), 2023, "merit"),
    ]
    assert (qb.subject, qb.issued_by, qb.base_salary, qb.reference) == (
        "Quyết định khen thưởng của Công an tỉnh Quảng Bình",
        personas.office,
        None,
        "12/QĐ-CAT ngày 10/12/2023",
    )
    an, binh, cuong = org.people.an, org.people.binh, org.people.cuong
    assert lines_of(qb) == [
        ("QB000001", "CSTDCS", title_of(an), None, 1),
        ("QB000002", "CSTDCS", title_of(binh), None, 2),
        ("QB000003", "BK_BO", None, form_of(cuong), 3),
    ]
    assert lines_of(bca) == [
        ("CAQB-PX03", "DVQT", ("t", TitleAward.objects.get(unit=org.px03).pk), None, 1),
        ("QB000001", "BK_BO", None, form_of(an), 2),
    ]
    assert DecisionLine.objects.filter(bonus_multiple=None, bonus_amount=None, annulled=False).count() == 5
    # Created with the titles sheet, completed by the forms sheet: each change audited once, by the importer.
    assert decision_audits() == [
        ("create", str(qb.pk), [None, 2], "office"),
        ("create", str(bca.pk), [None, 1], "office"),
        ("update", str(qb.pk), [2, 3], "office"),
        ("update", str(bca.pk), [1, 2], "office"),
    ]
    created = AuditEvent.objects.get(action="create", object_type="commendation.decision", object_id=str(qb.pk)).changes
    assert (created["issuer_name"], created["number"], created["date"], created["status"]) == (
        [None, QB],
        [None, 12],
        [None, "2023-12-10"],
        [None, "issued"],
    )


def test_re_importing_the_same_file_makes_no_second_decision_nor_line(org, personas):
    data = workbook(**FILE)
    run_history_import(data, by=personas.office, dry_run=False)
    before = (list(Decision.objects.values_list("pk", flat=True)), DecisionLine.objects.count(), decision_audits())

    again = run_history_import(data, by=personas.office, dry_run=False)

    assert again.errors == [] and (again.new, again.unchanged) == (0, 5)
    assert (list(Decision.objects.values_list("pk", flat=True)), DecisionLine.objects.count(), decision_audits()) == (
        before
    )


def test_a_later_file_adds_its_recipients_to_the_same_decision(org, personas):
    run_history_import(workbook(**FILE), by=personas.office, dry_run=False)
    qb = Decision.objects.get(number=12)
    later = {
        "titles": [
            ["QB000004", "", "CSTDCS", 2023, QB, "12/QĐ-CAT", "10/12/2023"],  # a new recipient
            ["QB000001", "", "CSTDCS", 2023, QB, "12/QĐ-CAT", "10/12/2023"],  # already there
        ]
    }

    result = run_history_import(workbook(**later), by=personas.office, dry_run=False)

    assert result.errors == []
    assert Decision.objects.count() == 2
    assert [x[:2] for x in lines_of(qb)] == [
        ("QB000001", "CSTDCS"),
        ("QB000002", "CSTDCS"),
        ("QB000003", "BK_BO"),
        ("QB000004", "CSTDCS"),
    ]
    assert lines_of(qb)[-1] == ("QB000004", "CSTDCS", title_of(org.people.dung), None, 4)
    assert decision_audits()[-1] == ("update", str(qb.pk), [3, 4], "office")


def test_a_failed_import_records_no_decision(org, personas):
    bad = {"titles": [*FILE["titles"], ["QB999999", "", "CSTDCS", 2023, QB, "12/QĐ-CAT", "10/12/2023"]]}

    result = run_history_import(workbook(**bad), by=personas.office, dry_run=False)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Danh hiệu", 5, "Mã cán bộ")]
    assert (TitleAward.objects.count(), Decision.objects.count(), DecisionLine.objects.count()) == (0, 0, 0)
    assert decision_audits() == []


def test_a_dry_run_records_no_decision(org, personas):
    result = run_history_import(workbook(**FILE), by=personas.office, dry_run=True)

    assert result.ok and not result.written
    assert (Decision.objects.count(), DecisionLine.objects.count()) == (0, 0)


def test_a_failure_inside_the_hook_takes_the_whole_import_back(org, personas, monkeypatch):
    def broken(plan):
        raise RuntimeError("boom")

    monkeypatch.setattr("eligibility.history.writing.AFTER_IMPORT", [*AFTER_IMPORT, broken])

    with pytest.raises(RuntimeError):
        run_history_import(workbook(**FILE), by=personas.office, dry_run=False)

    assert (TitleAward.objects.count(), FormAward.objects.count(), Decision.objects.count()) == (0, 0, 0)


def test_rows_without_a_whole_decision_make_none(org, personas):
    partial = {
        "titles": [
            ["QB000001", "", "CSTDCS", 2023, QB, "", "10/12/2023"],  # no number
            ["QB000002", "", "CSTDCS", 2023, QB, "QĐ-CAT", "10/12/2023"],  # a symbol without its number
            ["QB000003", "", "CSTDCS", 2023, "", "12/QĐ-CAT", "10/12/2023"],  # no issuing body
            ["QB000004", "", "CSTDCS", 2023, QB, "12/QĐ-CAT", ""],  # no date
        ],
        "forms": [["QB000001", "", "BK_BO", 2022, "", "", "", "15/01/2024"]],
    }

    result = run_history_import(workbook(**partial), by=personas.office, dry_run=False)

    assert result.errors == [] and (TitleAward.objects.count(), FormAward.objects.count()) == (4, 1)
    assert (Decision.objects.count(), DecisionLine.objects.count()) == (0, 0)
    assert TitleAward.objects.get(person=org.people.an).decision_ref == "ngày 10/12/2023, Công an tỉnh Quảng Bình"


@pytest.mark.parametrize(
    ("row", "key"),
    [
        ({"body": " Bộ Công an ", "number": "0345 / QĐ-BCA", "decided_on": datetime.date(2024, 1, 15)}, True),
        ({"body": "Bộ Công an", "number": "345", "decided_on": datetime.date(2024, 1, 15)}, False),
        ({"body": "Bộ Công an", "number": "0/QĐ-BCA", "decided_on": datetime.date(2024, 1, 15)}, False),
        ({"body": "Bộ Công an", "number": "345/" + "X" * 41, "decided_on": datetime.date(2024, 1, 15)}, False),
    ],
)
def test_the_decision_key_reads_number_and_symbol(row, key):
    expected = ("Bộ Công an", 345, "QĐ-BCA", datetime.date(2024, 1, 15)) if key else None
    assert decision_key(row) == expected


def test_the_keeping_body_is_the_importers_unit_or_the_scope_root(org, personas):
    run_history_import(workbook(titles=FILE["titles"][:1]), by=personas.unit_officer, dry_run=False)
    run_history_import(workbook(titles=FILE["titles"][2:]), by=personas.admin, dry_run=False)
    run_history_import(
        workbook(titles=[["QB000004", "", "CSTDCS", 2023, QB, "7/QĐ-CAT", "10/12/2023"]]), by=None, dry_run=False
    )

    kept = dict(Decision.objects.values_list("number", "issuing_unit"))
    assert kept == {12: org.px03.pk, 345: org.bca.pk, 7: org.bca.pk}
    assert Decision.objects.get(number=7).issued_by is None


def test_an_award_already_on_a_decision_stays_there(org, personas):
    run_history_import(workbook(**FILE), by=personas.office, dry_run=False)
    moved = {"titles": [["QB000001", "", "CSTDCS", 2023, QB, "99/QĐ-CAT", "10/12/2023"]]}

    result = run_history_import(workbook(**moved), by=personas.office, dry_run=False)

    assert (result.changed, Decision.objects.count()) == (1, 2)
    assert TitleAward.objects.get(person=org.people.an).decision_line.decision.number == 12


def test_the_decisions_cost_the_same_queries_for_two_rows_or_ten(org, personas):
    def queries(rows) -> int:
        Decision.objects.all().delete()
        TitleAward.objects.all().delete()
        with CaptureQueriesContext(connection) as done:
            run_history_import(workbook(titles=rows), by=personas.office, dry_run=False)
        return sum("commendation_decision" in q["sql"] for q in done.captured_queries)

    idents = ["QB000001", "QB000002", "QB000003", "QB000004"]
    small = [[i, "", "CSTDCS", 2023, QB, "12/QĐ-CAT", "10/12/2023"] for i in idents[:2]]
    big = [
        [i, "", code, 2023, QB, f"{n}/QĐ-CAT", "10/12/2023"]
        for n, code in enumerate(["CSTDCS", "CSTT"], 1)
        for i in idents
    ]

    assert queries(small) == queries(big)
    assert (Decision.objects.count(), DecisionLine.objects.count()) == (2, 8)


def test_the_decision_page_lists_the_imported_recipients(client, org, personas):
    run_history_import(workbook(**FILE), by=personas.office, dry_run=False)
    qb = Decision.objects.get(number=12)

    page = client_for(client, personas.office).get(reverse("commendation:decision_detail", args=[qb.pk]))
    listing = client.get(reverse("commendation:decision_list")).content.decode()

    html = page.content.decode()
    assert page.status_code == 200
    rows = [html.index(f'id="line-{x.pk}"') for x in qb.lines.order_by("order")]
    assert rows == sorted(rows) and len(rows) == 3
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Bằng khen của Bộ trưởng Bộ Công an"):
        assert name in html
    assert 'id="decision-recorded"' in html and "12/QĐ-CAT" in html
    assert reverse("commendation:decision_detail", args=[qb.pk]) in listing
    outsider = client_for(client, personas.outsider).get(reverse("commendation:decision_detail", args=[qb.pk]))
    assert outsider.status_code == 404


def test_a_number_taken_in_the_keeping_bodys_register_is_that_decision(org, personas):
    own = Decision.objects.create(
        issuing_unit=org.caqb,
        symbol="QĐ-CAT",
        number=12,
        date=datetime.date(2023, 12, 10),
        year=2023,
        subject="Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2023",
        status=Decision.Status.ISSUED,
    )
    # The same Ministry decision written two ways in one file: one decision, not two colliding in the register.
    file = {
        "titles": FILE["titles"][:2],
        "forms": [
            ["QB000001", "", "BK_BO", 2022, "", BCA, "345/QĐ-BCA", "15/01/2024"],
            ["QB000002", "", "BK_BO", 2022, "", "Bộ trưởng Bộ Công an", "345/QĐ-BCA", "15/01/2024"],
        ],
    }

    result = run_history_import(workbook(**file), by=personas.office, dry_run=False)

    assert result.errors == []
    own.refresh_from_db()
    bca = Decision.objects.exclude(pk=own.pk).get()
    assert (own.external, own.issuer_name, [x[:2] for x in lines_of(own)]) == (
        False,
        "",
        [("QB000001", "CSTDCS"), ("QB000002", "CSTDCS")],
    )
    assert (bca.issuer_name, [x[:2] for x in lines_of(bca)]) == (BCA, [("QB000001", "BK_BO"), ("QB000002", "BK_BO")])
    assert decision_audits() == [
        ("update", str(own.pk), [0, 2], "office"),
        ("create", str(bca.pk), [None, 2], "office"),
    ]


def test_an_annulled_decision_gains_no_line(org, personas):
    run_history_import(workbook(titles=FILE["titles"][:1]), by=personas.office, dry_run=False)
    Decision.objects.filter(number=12).update(status=Decision.Status.ANNULLED)

    run_history_import(workbook(titles=FILE["titles"][1:2]), by=personas.office, dry_run=False)

    assert [x[0] for x in lines_of(Decision.objects.get())] == ["QB000001"]
    assert (
        TitleAward.objects.get(person=org.people.binh).decision_ref
        == "12/QĐ-CAT ngày 10/12/2023, Công an tỉnh Quảng Bình"
    )
