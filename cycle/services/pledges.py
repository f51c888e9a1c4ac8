"""The pledge (giao ước thi đua): drafted by the block's leader, adopted at a conference, signed by
each member unit, locked when the last one signs, revised as a new version.

Each function checks, writes, audits and notifies in one transaction. ``by`` is the acting user;
``None`` is the system (seeding, copying a block to the next year) and skips the role check. The
role checks repeat the views' access helpers so that the API and commands cannot go around them.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle import permissions
from cycle.models import Block, Conference, Pledge, PledgeClause, PledgeSignature
from cycle.services import CycleError
from cycle.services.notifications import notify_units
from organisation import permissions as org_perms
from organisation.models import Unit

PLEDGE_FIELDS = ["title", "preamble", "status", "adopted_at", "place", "signing_date"]


def current_pledge(block: Block) -> Pledge | None:
    """The block's latest version (draft, adopted or locked); older ones are superseded."""
    return block.pledges.order_by("-version").first()


def _require_lead(by, block: Block) -> None:
    if by is not None and not permissions.can_lead_block(by, block):
        raise PermissionDenied(_("Chỉ khối trưởng, khối phó hoặc cơ quan quản lý khối được làm việc này."))


def _lock(pledge: Pledge) -> Pledge:
    """Re-read the pledge under a row lock: concurrent changes to one pledge queue up."""
    return Pledge.objects.select_for_update().select_related("block").get(pk=pledge.pk)


def _require_draft(pledge: Pledge) -> None:
    if pledge.status != Pledge.Status.DRAFT:
        raise CycleError(_("Chỉ sửa được điều khoản khi giao ước còn là dự thảo."))


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CycleError(_("Nội dung điều khoản không được để trống."))
    return text


@transaction.atomic
def create_pledge_draft(block: Block, *, title: str, preamble: str = "", by) -> Pledge:
    """Start the block's pledge as a draft (version 1). One draft at a time; once a version is
    adopted, changes go through ``revise_pledge``."""
    _require_lead(by, block)
    Block.objects.select_for_update().get(pk=block.pk)
    current = current_pledge(block)
    if current is not None and current.status == Pledge.Status.DRAFT:
        raise CycleError(_("Khối đã có một dự thảo giao ước; hãy sửa dự thảo đó."))
    if current is not None:
        raise CycleError(_("Giao ước đã được thông qua; muốn thay đổi hãy lập bản sửa đổi."))
    if not (title or "").strip():
        raise CycleError(_("Cần nhập tiêu đề giao ước."))
    pledge = Pledge.objects.create(
        block=block,
        version=1,
        title=title.strip(),
        preamble=(preamble or "").strip(),
        created_by=by if getattr(by, "pk", None) else None,
    )
    audit.record(by, AuditEvent.Action.CREATE, pledge, audit.snapshot(pledge, PLEDGE_FIELDS))
    return pledge


@transaction.atomic
def update_pledge(pledge: Pledge, *, title: str, preamble: str, by) -> Pledge:
    """Change a draft's title and preamble."""
    pledge = _lock(pledge)
    _require_lead(by, pledge.block)
    if pledge.status != Pledge.Status.DRAFT:
        raise CycleError(_("Chỉ sửa được giao ước khi còn là dự thảo."))
    if not (title or "").strip():
        raise CycleError(_("Cần nhập tiêu đề giao ước."))
    before = audit.snapshot(pledge, PLEDGE_FIELDS)
    pledge.title, pledge.preamble = title.strip(), (preamble or "").strip()
    pledge.save(update_fields=["title", "preamble"])
    if delta := audit.diff(before, audit.snapshot(pledge, PLEDGE_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, pledge, delta)
    return pledge


@transaction.atomic
def add_clause(pledge: Pledge, *, text: str, by) -> PledgeClause:
    """Append a clause to a draft; it takes the next number."""
    pledge = _lock(pledge)
    _require_lead(by, pledge.block)
    _require_draft(pledge)
    order = (pledge.clauses.aggregate(n=Max("order"))["n"] or 0) + 1
    clause = PledgeClause.objects.create(pledge=pledge, order=order, text=_clean_text(text))
    audit.record(by, AuditEvent.Action.UPDATE, pledge, {"clauses": [None, f"+{order}"]}, note=clause.text[:200])
    return clause


@transaction.atomic
def edit_clause(clause: PledgeClause, *, text: str, by) -> PledgeClause:
    pledge = _lock(clause.pledge)
    _require_lead(by, pledge.block)
    _require_draft(pledge)
    clause = PledgeClause.objects.get(pk=clause.pk)
    old, clause.text = clause.text, _clean_text(text)
    if old != clause.text:
        clause.save(update_fields=["text"])
        audit.record(by, AuditEvent.Action.UPDATE, pledge, {f"clause {clause.order}": [old, clause.text]})
    return clause


@transaction.atomic
def delete_clause(clause: PledgeClause, *, by) -> None:
    """Remove a clause from a draft; the clauses after it move up one number (1..n stays gapless)."""
    pledge = _lock(clause.pledge)
    _require_lead(by, pledge.block)
    _require_draft(pledge)
    clause = PledgeClause.objects.get(pk=clause.pk)
    order, text = clause.order, clause.text
    clause.delete()
    # ascending, so that each row moves into the gap left by the one before (the unique index is
    # only deferred on PostgreSQL)
    for later in pledge.clauses.filter(order__gt=order).order_by("order"):
        PledgeClause.objects.filter(pk=later.pk).update(order=F("order") - 1)
    audit.record(by, AuditEvent.Action.UPDATE, pledge, {f"clause {order}": [text, None]})


@transaction.atomic
def move_clause(clause: PledgeClause, direction: str, *, by) -> PledgeClause:
    """Swap a draft's clause with its neighbour; ``direction`` is "up" or "down"."""
    pledge = _lock(clause.pledge)
    _require_lead(by, pledge.block)
    _require_draft(pledge)
    if direction not in ("up", "down"):
        raise CycleError(_("Hướng di chuyển không hợp lệ."))
    clause = PledgeClause.objects.get(pk=clause.pk)
    target = clause.order - 1 if direction == "up" else clause.order + 1
    neighbour = pledge.clauses.filter(order=target).first()
    if neighbour is None:
        raise CycleError(
            _("Điều khoản đã ở đầu danh sách.") if direction == "up" else _("Điều khoản đã ở cuối danh sách.")
        )
    # through a free number: the unique (pledge, order) index is immediate on SQLite
    PledgeClause.objects.filter(pk=clause.pk).update(order=0)
    PledgeClause.objects.filter(pk=neighbour.pk).update(order=clause.order)
    PledgeClause.objects.filter(pk=clause.pk).update(order=target)
    audit.record(by, AuditEvent.Action.UPDATE, pledge, {"clause order": [clause.order, target]}, note=clause.text[:200])
    clause.order = target
    return clause


@transaction.atomic
def adopt_pledge(
    pledge: Pledge, *, conference: Conference | None = None, place: str, signing_date: datetime.date, by
) -> Pledge:
    """Draft → adopted (đã thông qua), at a conference of the block or not; the member units are
    asked to sign. Needs at least one clause, a place and a signing date."""
    pledge = _lock(pledge)
    _require_lead(by, pledge.block)
    if pledge.status != Pledge.Status.DRAFT:
        raise CycleError(_("Giao ước này đã được thông qua."))
    if not pledge.clauses.exists():
        raise CycleError(_("Giao ước cần ít nhất một điều khoản trước khi thông qua."))
    if not (place or "").strip():
        raise CycleError(_("Cần ghi địa danh nơi ký giao ước."))
    if signing_date is None:
        raise CycleError(_("Cần ghi ngày ký giao ước."))
    if conference is not None and conference.block_id != pledge.block_id:
        raise CycleError(_("Hội nghị không thuộc khối này."))
    before = audit.snapshot(pledge, PLEDGE_FIELDS)
    pledge.status, pledge.adopted_at = Pledge.Status.ADOPTED, conference
    pledge.place, pledge.signing_date = place.strip(), signing_date
    pledge.save(update_fields=["status", "adopted_at", "place", "signing_date"])
    audit.record(by, AuditEvent.Action.UPDATE, pledge, audit.diff(before, audit.snapshot(pledge, PLEDGE_FIELDS)))
    block = pledge.block
    notify_units(
        block.members.all(),
        _("Giao ước thi đua %(block)s đã được thông qua; đề nghị đơn vị ký giao ước.") % {"block": block},
        reverse("cycle:pledge_detail", args=[block.pk]),
    )
    return pledge


@transaction.atomic
def sign_pledge(
    pledge: Pledge, unit: Unit, *, signer_name: str, signer_position: str, signed_on: datetime.date, by
) -> PledgeSignature:
    """Record a member unit's signature (who signed, as which position, when). Only someone with a
    write role over that unit (its commander or officer, or the managing office recording the
    paper signature) may; a unit signs a version once. The last signature locks the pledge."""
    pledge = _lock(pledge)
    block = pledge.block
    if not block.memberships.filter(unit=unit).exists():
        raise CycleError(_("Đơn vị %(unit)s không phải thành viên của khối.") % {"unit": unit.name})
    if by is not None and not org_perms.can_write_unit(by, unit):
        raise PermissionDenied(_("Chỉ thủ trưởng hoặc cán bộ được giao của đơn vị mới ký thay đơn vị."))
    if pledge.status == Pledge.Status.DRAFT:
        raise CycleError(_("Giao ước chưa được thông qua, chưa ký được."))
    if pledge.status != Pledge.Status.ADOPTED:
        raise CycleError(_("Phiên bản giao ước này đã khoá, không ký thêm được."))
    if pledge.signatures.filter(unit=unit).exists():
        raise CycleError(_("Đơn vị %(unit)s đã ký giao ước này.") % {"unit": unit.name})
    signer_name, signer_position = (signer_name or "").strip(), (signer_position or "").strip()
    if not signer_name or not signer_position:
        raise CycleError(_("Cần ghi họ tên và chức vụ người ký."))
    if signed_on is None:
        raise CycleError(_("Cần ghi ngày ký."))
    signature = PledgeSignature.objects.create(
        pledge=pledge,
        unit=unit,
        signer_name=signer_name,
        signer_position=signer_position,
        signed_on=signed_on,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        pledge,
        {f"signature {unit.code}": [None, f"{signer_name}, {signer_position}, {signed_on:%d/%m/%Y}"]},
    )
    if pledge.signatures.count() == block.memberships.count():
        pledge.status = Pledge.Status.LOCKED
        pledge.save(update_fields=["status"])
        audit.record(
            by,
            AuditEvent.Action.UPDATE,
            pledge,
            {"status": [Pledge.Status.ADOPTED, Pledge.Status.LOCKED]},
            note=_("Đủ chữ ký của các đơn vị thành viên"),
        )
        leaders = [u for u in (block.leader, block.deputy) if u is not None]
        notify_units(
            leaders,
            _("Các đơn vị thành viên %(block)s đã ký đủ giao ước thi đua.") % {"block": block},
            reverse("cycle:pledge_detail", args=[block.pk]),
        )
    return signature


@transaction.atomic
def revise_pledge(pledge: Pledge, *, by) -> Pledge:
    """A change after adoption: a new version, a draft with the same title, preamble, place and
    clauses; the old version is marked superseded and kept with its signatures."""
    pledge = _lock(pledge)
    _require_lead(by, pledge.block)
    if pledge.status == Pledge.Status.DRAFT:
        raise CycleError(_("Giao ước còn là dự thảo: sửa trực tiếp, không cần lập bản sửa đổi."))
    if pledge.status == Pledge.Status.SUPERSEDED:
        raise CycleError(_("Phiên bản này đã được thay bằng bản mới."))
    version = (Pledge.objects.filter(block_id=pledge.block_id).aggregate(n=Max("version"))["n"] or 0) + 1
    new = Pledge.objects.create(
        block_id=pledge.block_id,
        version=version,
        title=pledge.title,
        preamble=pledge.preamble,
        place=pledge.place,
        created_by=by if getattr(by, "pk", None) else None,
    )
    PledgeClause.objects.bulk_create(
        [PledgeClause(pledge=new, order=c.order, text=c.text) for c in pledge.clauses.order_by("order")]
    )
    old_status = pledge.status
    pledge.status = Pledge.Status.SUPERSEDED
    pledge.save(update_fields=["status"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        pledge,
        {"status": [old_status, pledge.status]},
        note=_("Thay bằng phiên bản %(version)s") % {"version": version},
    )
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        new,
        audit.snapshot(new, PLEDGE_FIELDS) | {"version": [None, version]},
        note=_("Sửa đổi từ phiên bản %(version)s") % {"version": pledge.version},
    )
    return new
