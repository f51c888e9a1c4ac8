"""The base salary table (mức lương cơ sở): bonuses are multiples of the amount in force on the
decision date (``decisions.salary_on``). A national table, kept by those who keep the catalogue
(``honours.permissions.can_edit_catalogue``); every change audited."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import BaseSalary
from eligibility.services import AwardsError
from honours.permissions import require_catalogue_editor

FIELDS = ["valid_from", "amount", "legal_basis"]
FIRST_DAY = datetime.date(1990, 1, 1)  # the base salary (then lương tối thiểu chung) table starts later
MAX_AMOUNT = 100_000_000


def clean_values(values: dict, salary: BaseSalary | None = None) -> dict:
    out = dict(values)
    if "valid_from" in out:
        day = out["valid_from"]
        if not isinstance(day, datetime.date) or not FIRST_DAY <= day <= datetime.date(2100, 12, 31):
            raise AwardsError(_("Áp dụng từ ngày: một ngày hợp lệ từ 01/01/1990."))
        taken = BaseSalary.objects.filter(valid_from=day)
        if salary is not None:
            taken = taken.exclude(pk=salary.pk)
        if taken.exists():
            raise AwardsError(
                _("Áp dụng từ ngày: đã có mức lương cơ sở áp dụng từ ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
            )
    if "amount" in out:
        amount = out["amount"]
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT:
            raise AwardsError(_("Mức lương cơ sở: một số đồng nguyên dương, tối đa 100.000.000."))
    if "legal_basis" in out:
        out["legal_basis"] = (out["legal_basis"] or "").strip()
        if not out["legal_basis"] or len(out["legal_basis"]) > 200:
            raise AwardsError(_("Căn cứ: bắt buộc (số nghị định quy định mức lương), tối đa 200 ký tự."))
    return out


@transaction.atomic
def create_base_salary(*, by, valid_from: datetime.date, amount: int, legal_basis: str) -> BaseSalary:
    """Add the amount in force from ``valid_from`` (until the next row's date)."""
    require_catalogue_editor(by)
    values = clean_values({"valid_from": valid_from, "amount": amount, "legal_basis": legal_basis})
    salary = BaseSalary.objects.create(**values)
    audit.record(
        by, AuditEvent.Action.CREATE, salary, {k: [None, v] for k, v in audit.snapshot(salary, FIELDS).items()}
    )
    return salary


@transaction.atomic
def update_base_salary(salary: BaseSalary, *, by, **changes) -> BaseSalary:
    """Correct a row. Decisions already issued keep the amount they were issued with."""
    require_catalogue_editor(by)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise AwardsError(_("Trường không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    salary = BaseSalary.objects.select_for_update().get(pk=salary.pk)
    changes = clean_values(changes, salary)
    before = audit.snapshot(salary, FIELDS)
    for name, value in changes.items():
        setattr(salary, name, value)
    delta = audit.diff(before, audit.snapshot(salary, FIELDS))
    if delta:
        salary.save(update_fields=list(changes))
        audit.record(by, AuditEvent.Action.UPDATE, salary, delta)
    return salary
