"""No file the product writes carries a live formula (OWASP "CSV injection"): a text starting with = + - @,
a tab or a carriage return is an .xlsx text cell with the quote prefix (``documents.xlsx.workbook_bytes``)
or a CSV field behind a single quote (``documents.csvsafe``); numbers, dates and booleans keep their type.
One test per export path writes a hostile name into the data and reads the file back; one test checks
that every module writing .xlsx or CSV goes through the toolkit."""

import ast
import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from commendation.tests.test_decisions import issued
from commendation.tests.test_seniority_batch import _filled, team  # noqa: F401 (fixture)
from documents import csvsafe, xlsx
from organisation.models import Person, Unit
from scoring.tests.conftest import draft, rubric  # noqa: F401 (fixtures)
from voting.tests.conftest import election, xdll  # noqa: F401 (fixtures)

HOSTILE = '=HYPERLINK("http://x","y")'
ROOT = Path(__file__).resolve().parents[2]


def formula_like_cells(data: bytes) -> list[tuple[str, str, str, bool]]:
    """(sheet, value, data type, quote prefix) of every cell whose text starts as a formula, and of
    every formula cell, in the file as Excel reads it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (sheet.title, cell.value, cell.data_type, cell.quotePrefix)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or xlsx.is_formula_like(cell.value)
    ]


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# The toolkit -------------------------------------------------------------------------------


def test_every_formula_like_text_is_written_as_text_however_it_was_put_in_the_sheet():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([HOSTILE, "+84 912", "-5", "@SUM(A1)", "\tx", "\rx", "Phòng = 1"])
    sheet.cell(2, 1).value = "=1+2"
    xlsx.put(sheet.cell(2, 2), "-  Tiêu chí")
    sheet.append([-5, 1.5, Decimal("2.25"), True, datetime.date(2024, 7, 1), None])

    book = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(book)))

    read = book.active
    assert [(c.value, c.data_type, c.quotePrefix) for c in read[1]] == [
        (HOSTILE, "s", True),
        ("+84 912", "s", True),
        ("-5", "s", True),
        ("@SUM(A1)", "s", True),
        ("\tx", "s", True),
        ("\rx", "s", True),
        ("Phòng = 1", "s", False),
    ]
    assert [(c.value, c.data_type) for c in read[2]][:2] == [("=1+2", "s"), ("-  Tiêu chí", "s")]
    assert [(c.value, c.data_type) for c in read[3]] == [
        (-5, "n"),
        (1.5, "n"),
        (2.25, "n"),
        (True, "b"),
        (datetime.datetime(2024, 7, 1), "d"),
        (None, "n"),
        (None, "n"),  # the row is as wide as the widest one
    ]


def test_a_csv_field_that_starts_as_a_formula_gets_a_single_quote_and_numbers_stay_numbers():
    data = csvsafe.csv_bytes(
        [[HOSTILE, "-5", -5, 1.5, "@x", "\tx", gettext_lazy("=lazy"), "a;=1+2", None]], header=["+Tên", "Số"]
    )

    assert data.startswith("\ufeff".encode())
    assert '"\'-5",-5,1.5,' in data.decode()  # the numbers bare: a spreadsheet reads them as numbers
    assert csv_rows(data) == [
        ["'+Tên", "Số"],
        ["'" + HOSTILE, "'-5", "-5", "1.5", "'@x", "'\tx", "'=lazy", "a;=1+2", ""],
    ]
    assert '"a;=1+2"' in data.decode()  # quoted: a semicolon separator never starts a new cell


# Each export path -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_score_sheets_keep_a_hostile_unit_name_as_text(client, rubric, org, personas):  # noqa: F811
    Unit.objects.filter(pk=org.px03.pk).update(name=HOSTILE)
    client.force_login(personas.office)

    response = client.get(reverse("scoring:scores_xlsx", args=[rubric.pk]))

    assert response.status_code == 200
    assert formula_like_cells(response.content) == [("Tổng hợp", HOSTILE, "s", True)]


@pytest.mark.django_db
def test_the_rubric_file_keeps_a_hostile_criterion_title_as_text(rubric):  # noqa: F811
    from scoring import exports

    rubric.criteria.filter(code="I.1").update(title=HOSTILE)

    cells = formula_like_cells(exports.rubric_xlsx(rubric))

    assert [(value, kind, prefix) for _sheet, value, kind, prefix in cells] == [(HOSTILE, "s", True)]


@pytest.mark.django_db
def test_the_registration_file_keeps_a_hostile_persons_name_as_text(org):
    from cycle.registration_xlsx import template_workbook

    data = template_workbook([], people=[["CB001", HOSTILE, "CSTDCS"]], targets=[["- Chỉ tiêu", Decimal("99.5")]])

    assert [(value, kind, prefix) for _sheet, value, kind, prefix in formula_like_cells(data)] == [
        (HOSTILE, "s", True),
        ("- Chỉ tiêu", "s", True),
    ]
    assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]["B2"].value == 99.5  # a number stays one


@pytest.mark.django_db
def test_the_statistics_tables_keep_a_hostile_unit_name_as_text(org):
    from stats.exports import tables_xlsx
    from stats.tallies import Scope

    scope = Scope(2024, 2024, (org.caqb.path,), label="QB")
    data = tables_xlsx(scope, [("Theo đơn vị", ["Đơn vị", "Số lượt"], [[HOSTILE, 3]])])

    assert formula_like_cells(data) == [("Theo đơn vị", HOSTILE, "s", True)]


@pytest.mark.django_db
def test_the_report_form_keeps_a_hostile_honour_name_as_text(org):
    from honours.models import Title
    from stats import reports
    from stats.tallies import Scope

    Title.objects.filter(code="CSTT").update(name=HOSTILE)
    report = reports.build(reports.form_for("TH-KT-01", 2024), Scope(2024, 2024, (org.caqb.path,), label="QB"))

    assert formula_like_cells(reports.to_xlsx(report)) == [("TH-KT-01", HOSTILE, "s", True)]


@pytest.mark.django_db
def test_the_decision_list_keeps_a_hostile_position_as_text(client, org, personas):
    Person.objects.filter(pk=org.people.binh.pk).update(position=HOSTILE)
    issued(org, personas.office, (org.people.binh, "CSTDCS"), date="01/07/2024")
    client.force_login(personas.office)

    response = client.get(reverse("commendation:decision_list_xlsx"))

    assert response.status_code == 200
    assert [
        (value[: len(HOSTILE)], kind, prefix) for _sheet, value, kind, prefix in formula_like_cells(response.content)
    ] == [(HOSTILE, "s", True)]


@pytest.mark.django_db
def test_a_proposals_lines_keep_a_hostile_name_as_text(org, personas, team):  # noqa: F811
    from commendation.services.batch import filter_lines, lines_xlsx

    proposal = _filled(org, personas, team)
    line = proposal.lines.filter(person__isnull=False).order_by("pk").first()
    Person.objects.filter(pk=line.person_id).update(full_name=HOSTILE, rank="")
    lines_of_the_person = proposal.lines.filter(person=line.person_id).count()

    cells = formula_like_cells(lines_xlsx(proposal, filter_lines(proposal)))

    assert lines_of_the_person > 0
    assert [(value, kind, prefix) for _sheet, value, kind, prefix in cells] == [
        (HOSTILE, "s", True)
    ] * lines_of_the_person


@pytest.mark.django_db
def test_the_history_template_keeps_a_hostile_honour_name_as_text():
    from eligibility.history.template import template_workbook
    from honours.models import Title

    Title.objects.filter(code="CSTT").update(name=HOSTILE)

    cells = formula_like_cells(template_workbook())

    assert [(value, kind, prefix) for _sheet, value, kind, prefix in cells] == [(HOSTILE, "s", True)]


@pytest.mark.django_db
def test_the_published_receipts_put_a_quote_before_a_hostile_question(election):  # noqa: F811
    from voting import exports

    election.flag.text = HOSTILE
    election.flag.save(update_fields=["text"])

    rows = csv_rows(exports.receipts_csv(election.election))

    assert rows[0][3] == "'" + HOSTILE


# Every writer goes through the toolkit ----------------------------------------------------------


def sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "documents", "bench", "node_modules"} or "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def writer_problems(name: str, tree: ast.AST) -> list[str]:
    """A module that builds a workbook gets its bytes from ``xlsx.workbook_bytes`` (never ``.save``s it
    itself); no module writes CSV with the ``csv`` module."""
    problems = []
    books: set[str] = set()
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]

    def called(node: ast.Call) -> str:
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and called(node.value) == "Workbook":
            books.update(target.id for target in node.targets if isinstance(target, ast.Name))
    builds = any(called(call) == "Workbook" for call in calls)
    for call in calls:
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.attr == "save" and func.value.id in books:
                problems.append(f"{name}:{call.lineno}: {func.value.id}.save(…) instead of xlsx.workbook_bytes")
            if func.value.id == "csv" and func.attr in {"writer", "DictWriter"}:
                problems.append(f"{name}:{call.lineno}: csv.{func.attr} instead of documents.csvsafe")
    if builds and not any(called(call) == "workbook_bytes" for call in calls):
        problems.append(f"{name}: builds a workbook without xlsx.workbook_bytes")
    return problems


def test_every_module_writing_xlsx_or_csv_goes_through_the_toolkit():
    found = dict(sources())
    writers = sorted(name for name, tree in found.items() if "Workbook" in ast.dump(tree))

    assert [problem for name, tree in found.items() for problem in writer_problems(name, tree)] == []
    assert writers == [
        "commendation/exports.py",
        "commendation/services/batch.py",
        "cycle/registration_xlsx.py",
        "eligibility/history/template.py",
        "organisation/imports/templates.py",
        "scoring/exports.py",
        "scoring/imports.py",
        "stats/exports.py",
        "stats/reports.py",
    ]


def test_the_writer_check_catches_a_direct_save_and_a_csv_writer():
    tree = ast.parse(
        "import csv, openpyxl\n"
        "def f(buffer):\n"
        "    book = openpyxl.Workbook()\n"
        "    book.save(buffer)\n"
        "    csv.writer(buffer).writerow([1])\n"
    )

    assert writer_problems("x.py", tree) == [
        "x.py:4: book.save(…) instead of xlsx.workbook_bytes",
        "x.py:5: csv.writer instead of documents.csvsafe",
        "x.py: builds a workbook without xlsx.workbook_bytes",
    ]


# The import refuses names that start as a formula ----------------------------------------------


def text_file(header: list[str], rows: list[list]) -> bytes:
    """An .xlsx whose cells are all text, as a user types ``'=…`` or formats the column as Text."""
    book = openpyxl.Workbook()
    for number, values in enumerate([header, *rows], start=1):
        for column, value in enumerate(values, start=1):
            xlsx.put(book.active.cell(number, column), value)
    return xlsx.workbook_bytes(book)


def refusal(value: str) -> str:
    return f"Không được bắt đầu bằng dấu =, +, - hoặc @ (Excel sẽ hiểu là công thức): {value}. Hãy sửa lại tên."


@pytest.mark.django_db
def test_the_import_refuses_unit_and_person_names_that_start_as_a_formula_and_writes_nothing(org, personas):
    from organisation.imports import RowError, run_import
    from organisation.tests.test_import_people import HEADER as PEOPLE
    from organisation.tests.test_import_units import HEADER as UNITS

    before = (Unit.objects.count(), Person.objects.count())
    units = text_file(
        UNITS,
        [
            ["CAQB-PX01", "PX01", "Phòng Tham mưu", "", "room", "CAQB", None, None],
            ["CAQB-PX05", "PX05", HOSTILE, "", "room", "CAQB", None, None],
            ["CAQB-PX06", "PX06", "-Phòng Đào tạo", "+PĐT", "room", "CAQB", None, None],
        ],
    )
    people = text_file(
        PEOPLE,
        [
            ["QB000301", "@Nguyễn Văn Một", None, "Nam", None, "", None, "CAQB-PX03", None],
            ["QB000302", "Nguyễn Văn Hai", None, "Nam", None, "=1+2", None, "CAQB-PX03", None],
        ],
    )

    unit_result = run_import(units, "units", by=personas.admin)
    people_result = run_import(people, "people", by=personas.admin)

    assert unit_result.errors == [
        RowError(3, "Tên đơn vị", refusal(HOSTILE)),
        RowError(4, "Tên đơn vị", refusal("-Phòng Đào tạo")),
    ]
    assert people_result.errors == [RowError(2, "Họ và tên", refusal("@Nguyễn Văn Một"))]
    assert (Unit.objects.count(), Person.objects.count()) == before  # all or nothing: the good rows neither
