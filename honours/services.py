"""Writes to the catalogue of honours: one function per change, each audited.

Titles and award forms are kept by the administrator and the Ministry's emulation office
(``honours.permissions.can_edit_catalogue``); the admin and the API call these functions."""

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from honours.models import AwardForm, CommendationKind, Level, Recipient, Title
from honours.permissions import require_catalogue_editor

CODE = re.compile(r"^[A-Z0-9_]{1,20}$")
EDITABLE = ["name", "recipient", "level", "bonus_multiple", "kinds", "rank", "legal_basis", "active"]
FIELDS = ["code", *EDITABLE]


class HonoursError(ValueError):
    """A change the catalogue's rules refuse; the message is Vietnamese and names the field."""


class CodeTaken(HonoursError):
    """Another entry of the same list already has this code (the API answers 409)."""


def clean_values(values: dict) -> dict:
    """The values checked and normalised; HonoursError naming the first bad field."""
    out = dict(values)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"] or len(out["name"]) > 200:
            raise HonoursError(_("Tên: bắt buộc, tối đa 200 ký tự."))
    if "legal_basis" in out:
        out["legal_basis"] = (out["legal_basis"] or "").strip()
        if not out["legal_basis"] or len(out["legal_basis"]) > 200:
            raise HonoursError(_("Căn cứ: bắt buộc (điều, khoản của văn bản quy định), tối đa 200 ký tự."))
    if "recipient" in out and out["recipient"] not in Recipient.values:
        raise HonoursError(_("Đối tượng: phải là cá nhân hoặc tập thể."))
    if "level" in out and out["level"] not in Level.values:
        raise HonoursError(_("Cấp quyết định: giá trị không hợp lệ."))
    if "kinds" in out:
        kinds = list(out["kinds"] or [])
        if any(k not in CommendationKind.values for k in kinds) or len(set(kinds)) != len(kinds):
            raise HonoursError(_("Loại khen thưởng phục vụ: có loại không hợp lệ hoặc lặp lại."))
        out["kinds"] = kinds
    if "bonus_multiple" in out and out["bonus_multiple"] not in (None, ""):
        try:
            bonus = Decimal(str(out["bonus_multiple"]))
        except InvalidOperation:
            bonus = None
        if (
            bonus is None
            or not bonus.is_finite()
            or bonus < 0
            or bonus >= 1000
            or bonus != bonus.quantize(Decimal("0.01"))
        ):
            raise HonoursError(_("Tiền thưởng: một số từ 0 đến 999,99 lần mức lương cơ sở, tối đa 2 chữ số thập phân."))
        out["bonus_multiple"] = bonus.quantize(Decimal("0.01"))
    elif "bonus_multiple" in out:
        out["bonus_multiple"] = None
    if "rank" in out and (
        not isinstance(out["rank"], int) or isinstance(out["rank"], bool) or not 0 <= out["rank"] <= 32767
    ):
        raise HonoursError(_("Thứ bậc: một số nguyên từ 0 đến 32767."))
    if "active" in out and not isinstance(out["active"], bool):
        raise HonoursError(_("Đang dùng: có hoặc không."))
    return out


def check_code(model: type[Title] | type[AwardForm], code: str) -> str:
    """A new entry's code, upper-cased: well formed (HonoursError) and free in its list (CodeTaken)."""
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise HonoursError(_("Mã: 1 đến 20 ký tự, chỉ chữ in hoa, chữ số và dấu gạch dưới."))
    if model.objects.filter(code=code).exists():
        raise CodeTaken(_("Mã: “%(code)s” đã có trong danh mục.") % {"code": code})
    return code


@transaction.atomic
def create_catalogue_entry(model: type[Title] | type[AwardForm], *, by, code: str, **values) -> Title | AwardForm:
    """Add a title or an award form to the catalogue; name, recipient, level and legal basis are required."""
    require_catalogue_editor(by)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise HonoursError(_("Trường không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    code = check_code(model, code)
    for required in ("name", "recipient", "level", "legal_basis"):
        values.setdefault(required, "")
    values = clean_values(values)
    entry = model.objects.create(code=code, **values)
    audit.record(by, AuditEvent.Action.CREATE, entry, {k: [None, v] for k, v in audit.snapshot(entry, FIELDS).items()})
    return entry


@transaction.atomic
def update_catalogue_entry(entry: Title | AwardForm, *, by, **changes) -> Title | AwardForm:
    """Change a title or an award form. The code is the name the rule sets use: it never changes;
    the recipient only while nobody holds the entry (a person's award cannot become a unit's)."""
    require_catalogue_editor(by)
    if "code" in changes and changes["code"] != entry.code:
        raise HonoursError(_("Mã: không đổi được (bộ quy tắc và các khen thưởng đã ghi dùng mã này)."))
    changes.pop("code", None)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise HonoursError(_("Trường không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    changes = clean_values(changes)
    entry = type(entry).objects.select_for_update().get(pk=entry.pk)
    if "recipient" in changes and changes["recipient"] != entry.recipient and entry.awards.exists():
        raise HonoursError(_("Đối tượng: không đổi được khi đã có người hoặc đơn vị nhận."))
    before = audit.snapshot(entry, EDITABLE)
    for name, value in changes.items():
        setattr(entry, name, value)
    after = audit.snapshot(entry, EDITABLE)
    delta = audit.diff(before, after)
    if delta:
        entry.save(update_fields=list(changes))
        audit.record(by, AuditEvent.Action.UPDATE, entry, delta)
    return entry
