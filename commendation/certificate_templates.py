"""Certificate templates: the layout of each kind of certificate on its paper (the positions of its
fields), the usual templates created once (the Ministry's: owned by the root unit), their audited
edits by the owner's office and their copies by any other body (owned by the copier's unit). The
rendering is in ``commendation.certificates``."""

from decimal import Decimal

from django.utils.translation import gettext as _

from commendation.certificates import DEFAULT_PREPRINTED_FIELDS, FIELDS


def clean_fields(value) -> dict:
    """Validate a ``fields`` mapping; raise ``ValueError`` with a readable message."""
    if not isinstance(value, dict):
        raise ValueError(_("Vị trí các trường phải là một bảng tên → vị trí."))
    out = {}
    for name, spec in value.items():
        if name not in FIELDS:
            raise ValueError(_("Trường không có: %(name)s") % {"name": name})
        if not isinstance(spec, dict):
            raise ValueError(_("Vị trí của %(name)s không hợp lệ.") % {"name": name})
        clean = {}
        for key, low, high in (("x", -50, 450), ("y", -50, 450), ("size", 4, 72), ("width", 5, 450)):
            try:
                number = Decimal(str(spec.get(key, {"size": 13, "width": 100}.get(key, 0))))
            except ArithmeticError:
                raise ValueError(_("%(name)s: %(key)s phải là số.") % {"name": name, "key": key}) from None
            if not (low <= number <= high):
                raise ValueError(_("%(name)s: %(key)s ngoài khoảng cho phép.") % {"name": name, "key": key})
            clean[key] = float(number)
        align = spec.get("align", "center")
        if align not in ("left", "center", "right"):
            raise ValueError(_("%(name)s: căn lề phải là left, center hoặc right.") % {"name": name})
        clean["align"] = align
        out[name] = clean
    return out


DEFAULT_TEMPLATES = [
    # name, title code, form code, preprinted, authority
    ("Bằng khen của Bộ trưởng Bộ Công an (phôi in sẵn)", None, "BK_BO", True, "BỘ TRƯỞNG BỘ CÔNG AN"),
    ("Giấy khen", None, "GK", False, ""),
    ("Giấy chứng nhận Chiến sĩ thi đua cơ sở", "CSTDCS", None, False, ""),
]


def ensure_default_templates() -> list:
    """The three usual templates, created once (safe to call again), owned by the root unit (the Ministry)."""
    from commendation.models import CertificateTemplate
    from honours.models import AwardForm, Title
    from organisation.models import Unit

    made = []
    root = Unit.objects.filter(parent__isnull=True).order_by("path", "pk").first()
    if root is None:
        return made
    for name, title_code, form_code, preprinted, authority in DEFAULT_TEMPLATES:
        title = Title.objects.filter(code=title_code).first() if title_code else None
        form = AwardForm.objects.filter(code=form_code).first() if form_code else None
        if title is None and form is None:
            continue
        template = (
            CertificateTemplate.objects.filter(title=title, award_form=form, owner__parent__isnull=True)
            .order_by("pk")
            .first()
        )
        if template is None:
            template = CertificateTemplate.objects.create(
                owner=root,
                title=title,
                award_form=form,
                name=name,
                preprinted=preprinted,
                authority=authority,
                fields=DEFAULT_PREPRINTED_FIELDS if preprinted else {},
            )
        made.append(template)
    return made


TEMPLATE_FIELDS = ["name", "paper", "preprinted", "authority", "fields", "offset_x_mm", "offset_y_mm"]
COPIED_FIELDS = ["title", "award_form", *TEMPLATE_FIELDS]


def copy_certificate_template(template, *, owner, by, name: str = ""):
    """A copy of ``template`` owned by ``owner`` (the copier's unit, which alone edits it), named ``name``
    (else the original's with the owner's short name), audited as created from the original."""
    from django.db import transaction

    from audit import services as audit
    from audit.models import AuditEvent
    from commendation.models import CertificateTemplate

    name = (name or "").strip() or f"{template.name} – {owner.short_name or owner.name}"
    copy = CertificateTemplate(owner=owner, **{f: getattr(template, f) for f in COPIED_FIELDS})
    copy.name = name[: CertificateTemplate._meta.get_field("name").max_length]
    copy.fields = dict(template.fields or {})
    with transaction.atomic():
        copy.full_clean()
        copy.save()
        changes = {k: [None, v] for k, v in audit.snapshot(copy, ["owner", *COPIED_FIELDS]).items()}
        audit.record(
            by, AuditEvent.Action.CREATE, copy, changes, note=_("Sao chép từ mẫu số %(pk)s") % {"pk": template.pk}
        )
    return copy


def update_certificate_template(template, *, by, **changes):
    """Change a template's layout (any of ``TEMPLATE_FIELDS``; ``fields`` validated by
    ``clean_fields``), audited with the values before and after."""
    from django.db import transaction

    from audit import services as audit
    from audit.models import AuditEvent

    unknown = set(changes) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    if "fields" in changes:
        changes["fields"] = clean_fields(changes["fields"])
    with transaction.atomic():
        before = audit.snapshot(template, TEMPLATE_FIELDS)
        for key, value in changes.items():
            setattr(template, key, value)
        template.full_clean()
        template.save(update_fields=list(changes) or None)
        audit.record(
            by, AuditEvent.Action.UPDATE, template, audit.diff(before, audit.snapshot(template, TEMPLATE_FIELDS))
        )
    return template
