"""Issued means frozen (issue 17): a decision line keeps its recipient's name, rank, position and unit as on the
day of issue; renaming, promoting or moving the person, or renaming the unit, never rewrites an issued decision's
.docx, its list or its certificates. A draft reads today's data."""

import datetime
import io

import pytest
from django.apps import apps
from docx import Document
from openpyxl import load_workbook

from commendation import certificates, exports, permissions
from commendation.models import Decision, DecisionLine
from commendation.services import decisions, external
from commendation.tests.test_certificates import pages
from commendation.tests.test_decisions import d, issued, make_proposal
from commendation.tests.test_history_decisions import FILE
from eligibility.history import run_history_import
from eligibility.tests.test_history_import import workbook
from organisation import services as org_services

pytestmark = pytest.mark.django_db

OLD_UNIT = "Phòng Công tác đảng và công tác chính trị"
NEW_UNIT = "Phòng Chính trị"


def docx_text(decision) -> str:
    document = Document(io.BytesIO(exports.decision_docx(decision)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def change_everything(org, by=None):
    """Binh renamed, promoted, given a new position and moved; her old room renamed."""
    binh = org.people.binh
    org_services.update_person(
        binh, by=by, full_name="Trần Thị Bình Minh", rank="thieu_ta", position="Phó Trưởng phòng"
    )
    org_services.transfer_person(binh, org.ph10, start=datetime.date(2025, 3, 1), by=by, position="Phó Trưởng phòng")
    org_services.rename_unit(org.px03, name=NEW_UNIT, date=datetime.date(2025, 3, 1), by=by)


def snapshot(line) -> tuple:
    return tuple(
        getattr(line, f"recipient_{f}") for f in ("name", "rank", "position", "unit_name", "unit_code", "unit_superior")
    )


def test_issuing_snapshots_each_recipient(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "BK_BO"), (org.px03, "GK_TT"))

    person_line, unit_line = decision.lines.order_by("order")
    assert snapshot(person_line) == ("Trần Thị Bình", "Đại úy", "Cán bộ", OLD_UNIT, "PX03", "Công an tỉnh Quảng Bình")
    assert snapshot(unit_line) == (OLD_UNIT, "", "", OLD_UNIT, "PX03", "Công an tỉnh Quảng Bình")


def test_an_issued_decisions_docx_list_and_certificates_keep_the_recipients_as_issued(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "BK_BO"), (org.px03, "GK_TT"))

    change_everything(org)
    person_line, unit_line = decision.lines.order_by("order")

    text = docx_text(decision)
    assert "Đại úy Trần Thị Bình" in text and f"Cán bộ, {OLD_UNIT}" in text
    assert "Bình Minh" not in text and "Thiếu tá" not in text and NEW_UNIT not in text
    sheet = load_workbook(io.BytesIO(exports.decision_list_xlsx([decision]))).active
    assert [(r[4], r[5]) for r in sheet.iter_rows(min_row=3, values_only=True)] == [
        ("Đại úy Trần Thị Bình", f"Cán bộ, {OLD_UNIT}"),
        (OLD_UNIT, None),
    ]
    (person_page,) = pages(certificates.certificate_pdf(person_line))
    assert "Đại úy Trần Thị Bình" in person_page.splitlines()
    assert f"Cán bộ, {OLD_UNIT}, Công an tỉnh Quảng Bình" in person_page.splitlines()
    assert "Bình Minh" not in person_page and NEW_UNIT not in person_page
    batch = pages(certificates.decision_certificates_pdf(decision))
    assert f"{OLD_UNIT}, Công an tỉnh Quảng Bình" in " ".join(batch[1].splitlines())
    assert all(NEW_UNIT not in page and "Bình Minh" not in page for page in batch)


def test_a_draft_reads_todays_names(org, personas):
    proposal = make_proposal(org, (org.people.binh, "BK_BO"), (org.px03, "GK_TT"))
    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Dự thảo"
    )

    change_everything(org)
    person_line, unit_line = draft.lines.order_by("order")

    assert snapshot(person_line) == ("",) * 6
    text = docx_text(draft)
    assert "Thiếu tá Trần Thị Bình Minh" in text and "Phó Trưởng phòng, Phòng Hậu cần" in text
    (person_page,) = pages(certificates.certificate_pdf(person_line, draft=True))
    assert "Thiếu tá Trần Thị Bình Minh" in person_page.splitlines()
    assert "Phó Trưởng phòng, Phòng Hậu cần, Công an tỉnh Quảng Bình" in person_page.splitlines()
    (unit_page,) = pages(certificates.certificate_pdf(unit_line, draft=True))
    assert f"{NEW_UNIT}, Công an tỉnh Quảng Bình" in " ".join(unit_page.splitlines())


def test_a_recorded_external_decision_keeps_the_recipients_as_recorded(org, personas):
    scope = permissions.body_units_for_user(personas.office, write=True)
    found = external.recipients_from_codes("QB000002", scope=scope, honour="BK_BO")
    decision = external.record_external_decision(
        by=personas.office,
        issuing_unit=org.caqb,
        issuer_name="Bộ trưởng Bộ Công an",
        number=4521,
        symbol="QĐ-BCA",
        date=d("20/11/2024"),
        recipients=found,
        year=2024,
    )

    change_everything(org)
    (line,) = decision.lines.all()

    assert snapshot(line) == ("Trần Thị Bình", "Đại úy", "Cán bộ", OLD_UNIT, "PX03", "Công an tỉnh Quảng Bình")
    (page,) = pages(certificates.certificate_pdf(line))
    assert "Đại úy Trần Thị Bình" in page.splitlines() and "Bình Minh" not in page
    assert "Đại úy Trần Thị Bình" in docx_text(decision)


def test_the_history_imports_recorded_decisions_are_frozen_too(org, personas):
    run_history_import(workbook(**FILE), by=personas.office, dry_run=False)

    lines = DecisionLine.objects.filter(decision__external=True).order_by("decision__number", "order")
    assert [snapshot(x)[:4] for x in lines] == [
        ("Nguyễn Văn An", "Thượng tá", "Trưởng phòng", OLD_UNIT),
        ("Trần Thị Bình", "Đại úy", "Cán bộ", OLD_UNIT),
        ("Lê Văn Cường", "Đại úy", "Cán bộ", OLD_UNIT),
        (OLD_UNIT, "", "", OLD_UNIT),
        ("Nguyễn Văn An", "Thượng tá", "Trưởng phòng", OLD_UNIT),
    ]


def test_the_migration_freezes_the_lines_already_issued_from_todays_data(org, personas):
    from importlib import import_module

    freeze_issued = import_module("commendation.migrations.0007_issued_lines_frozen").freeze_issued
    decision = issued(org, personas.office, (org.people.binh, "BK_BO"), (org.px03, "GK_TT"))
    proposal = make_proposal(org, (org.people.an, "BK_BO"))
    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Dự thảo"
    )
    DecisionLine.objects.update(
        **{f"recipient_{f}": "" for f in ("name", "rank", "position", "unit_name", "unit_code", "unit_superior")}
    )
    org_services.rename_unit(org.px03, name=NEW_UNIT, date=datetime.date(2025, 3, 1), by=None)

    freeze_issued(apps, None)

    person_line, unit_line = decision.lines.order_by("order")
    assert snapshot(person_line) == ("Trần Thị Bình", "Đại úy", "Cán bộ", NEW_UNIT, "PX03", "Công an tỉnh Quảng Bình")
    assert snapshot(unit_line) == (NEW_UNIT, "", "", NEW_UNIT, "PX03", "Công an tỉnh Quảng Bình")
    assert snapshot(draft.lines.get()) == ("",) * 6
    assert Decision.objects.get(pk=draft.pk).status == Decision.Status.DRAFT
