"""Certificates: a decision of 1,000 recipients to one PDF (quick: 20) through the project's path
— ``commendation.certificates.decision_certificates_pdf``: the rows loaded through the ORM, the Django
template rendered, WeasyPrint — beside the raw renderer: WeasyPrint alone on the same final HTML
string (no Django, no ORM). Target: within 2× of the raw renderer.

The decision and its people are made here (one unit, bulk inserts) and rolled back: the bench
needs no dataset. Both methods must give the same number of pages.
"""

import datetime
import io

from django.db import transaction
from pypdf import PdfReader

from bench import harness
from bench.harness import emit, measure, ratio

FIGURES = ["certificates.count"] + [
    f"certificates.{m}{suffix}" for m in ("decision_pdf", "raw_weasyprint") for suffix in ("", ".p95", ".queries")
]
RATIOS = [("certificates.decision_pdf", "certificates.raw_weasyprint")]
LINES = ["BENCH certificates.pages agree"]

GIVEN = ["An", "Bình", "Cường", "Dũng", "Hạnh", "Hương", "Khánh", "Lộc", "Ngọc", "Phượng", "Quý", "Thắng", "Tuấn"]
MIDDLE = ["Văn", "Thị", "Quốc", "Minh", "Đức", "Thanh", "Hữu"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
RANKS = ["thieu_uy", "trung_uy", "thuong_uy", "dai_uy", "thieu_ta", "trung_ta"]


def _decision(count: int):
    from commendation.models import Decision, DecisionLine
    from honours.models import AwardForm
    from organisation import services
    from organisation.models import Person, Unit
    from organisation.text import fold

    province = services.create_unit(
        by=None, ref="BENCH-CERT", code="BENCH-CERT", name="Công an tỉnh Quảng Trị", kind=Unit.Kind.PROVINCE
    )
    room = services.create_unit(
        by=None,
        ref="BENCH-CERT-PX03",
        code="PX03",
        name="Phòng Công tác đảng và công tác chính trị",
        kind=Unit.Kind.ROOM,
        parent=province,
    )
    people = []
    for i in range(count):
        name = f"{FAMILY[i % len(FAMILY)]} {MIDDLE[i % len(MIDDLE)]} {GIVEN[i % len(GIVEN)]}"
        people.append(
            Person(
                ident=f"BENCHCERT{i:06d}",
                full_name=name,
                name_folded=fold(name),
                sex="M",
                rank=RANKS[i % len(RANKS)],
                position="Cán bộ",
                unit=room,
            )
        )
    people = Person.objects.bulk_create(people)
    decision = Decision.objects.create(
        issuing_unit=province,
        year=2024,
        number=4321,
        symbol="QĐ-CAT",
        date=datetime.date(2024, 12, 20),
        place="Quảng Trị",
        subject="Về việc tặng Giấy khen",
        signer_name="Lê Quang Hưng",
        signer_position="Giám đốc",
        status=Decision.Status.ISSUED,
    )
    form = AwardForm.objects.get(code="GK")
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, person=p, award_form=form, register_number=f"Số {i + 1}/GK-2024", order=i)
        for i, p in enumerate(people)
    )
    return decision


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def run(quick: bool) -> None:
    from weasyprint import HTML

    from commendation import certificates

    count = 20 if quick else 1000
    emit("certificates.count", count, "certificates")
    with transaction.atomic():
        decision = _decision(count)
        html = certificates.decision_html(decision)
        base_url = certificates.FONTS_DIR.as_uri() + "/"

        project, project_pdf = measure(
            "certificates.decision_pdf",
            lambda: certificates.decision_certificates_pdf(decision),
            repeat=2 if quick else 1,
            warmup=0,
        )
        raw, raw_pdf = measure(
            "certificates.raw_weasyprint",
            lambda: HTML(string=html, base_url=base_url).write_pdf(),
            repeat=2 if quick else 1,
            warmup=0,
        )
        transaction.set_rollback(True)
    pages = (_pages(project_pdf), _pages(raw_pdf))
    if pages != (count, count):
        raise AssertionError(f"certificates: pages disagree: {pages} for {count} certificates")
    harness.say(LINES[0])
    ratio(project, raw)
