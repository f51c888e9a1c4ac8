"""The organisation: units (a dated tree with lineage), people, assignments, yearly ratings,
users and their scoped roles.

Writes go through ``organisation.services``; tree reads through ``organisation.tree``.
"""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.text import fold


class Rating(models.TextChoices):
    """Yearly performance rating (xếp loại mức độ hoàn thành nhiệm vụ), best first."""

    HTXSNV = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "HTNV", _("Hoàn thành nhiệm vụ")
    KHTNV = "KHTNV", _("Không hoàn thành nhiệm vụ")


RATING_RANK = {Rating.HTXSNV: 4, Rating.HTTNV: 3, Rating.HTNV: 2, Rating.KHTNV: 1}


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Rank(models.TextChoices):
    """Cấp bậc hàm CAND; NONE for civilians and members of bodies outside the police."""

    NONE = "", _("Không có cấp bậc hàm")
    HA_SI = "ha_si", _("Hạ sĩ")
    TRUNG_SI = "trung_si", _("Trung sĩ")
    THUONG_SI = "thuong_si", _("Thượng sĩ")
    THIEU_UY = "thieu_uy", _("Thiếu úy")
    TRUNG_UY = "trung_uy", _("Trung úy")
    THUONG_UY = "thuong_uy", _("Thượng úy")
    DAI_UY = "dai_uy", _("Đại úy")
    THIEU_TA = "thieu_ta", _("Thiếu tá")
    TRUNG_TA = "trung_ta", _("Trung tá")
    THUONG_TA = "thuong_ta", _("Thượng tá")
    DAI_TA = "dai_ta", _("Đại tá")
    THIEU_TUONG = "thieu_tuong", _("Thiếu tướng")
    TRUNG_TUONG = "trung_tuong", _("Trung tướng")
    THUONG_TUONG = "thuong_tuong", _("Thượng tướng")
    DAI_TUONG = "dai_tuong", _("Đại tướng")


class UnitQuerySet(models.QuerySet):
    def active_on(self, day):
        """Units that existed on ``day`` (valid_from ≤ day ≤ valid_to, open ends allowed)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(code__iexact=text) | Q(ref__iexact=text) | Q(name_folded__contains=fold(text)))


class Unit(models.Model):
    """A unit (đơn vị): a node of the dated organisation tree.

    ``path`` is the materialised path of ids ("/1/7/42/"), kept by ``services.create_unit`` and
    ``services.move_unit``; ``organisation.tree`` answers every tree question from it with a
    constant number of queries. Renames, merges and splits: ``services.rename_unit``,
    ``services.merge_units``, ``services.split_unit`` (history in UnitChange, lineage in
    UnitSuccession).
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ")
        DEPARTMENT = "department", _("Đơn vị cấp Cục")
        PROVINCE = "province", _("Công an tỉnh, thành phố")
        ROOM = "room", _("Đơn vị cấp Phòng")
        DISTRICT = "district", _("Công an huyện (đến 01/03/2025)")
        COMMUNE = "commune", _("Công an xã, phường, đặc khu")
        TEAM = "team", _("Đội, trạm")
        LOCAL_GOVERNMENT = "local_government", _("Chính quyền địa phương")
        EXTERNAL = "external", _("Cơ quan, tổ chức ngoài Công an")

    POLICE_KINDS = frozenset({"ministry", "department", "province", "room", "district", "commune", "team"})

    ref = models.CharField(
        _("mã định danh"), max_length=40, unique=True, help_text=_("Duy nhất trong hệ thống, ví dụ CAQB-PX03.")
    )
    code = models.CharField(
        _("mã đơn vị"), max_length=20, db_index=True, help_text=_("Ký hiệu chính thức, ví dụ PX03, PH10, V05.")
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("cấp, loại đơn vị"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("cấp trong cây"), editable=False, default=0)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "code"], name="unit_parent_code_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period",
            )
        ]

    def __str__(self):
        return f"{self.code} – {self.name}" if self.code else self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def is_police(self) -> bool:
        return self.kind in self.POLICE_KINDS

    @property
    def ancestor_ids(self) -> list[int]:
        from organisation.tree import path_ids  # the tree module reads these models

        return path_ids(self.path)[:-1]

    def is_active_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class UnitChange(models.Model):
    """One event in a unit's history: created, renamed, moved, merged, split, dissolved."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MOVED = "moved", _("Chuyển đơn vị cấp trên")
        MERGED = "merged", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVED = "dissolved", _("Giải thể, kết thúc hoạt động")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("loại thay đổi"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("ngày"))
    old_value = models.CharField(_("trước"), max_length=255, blank=True)
    new_value = models.CharField(_("sau"), max_length=255, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thay đổi tổ chức")
        verbose_name_plural = _("lịch sử tổ chức")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["unit", "date"], name="unitchange_unit_date_idx")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.unit_id}"


class UnitSuccession(models.Model):
    """Lineage: ``successor`` carries on (part of) ``predecessor`` from ``date``.

    Awards and records of a predecessor stay findable from its successor through
    ``tree.lineage_ids``.
    """

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=12, choices=UnitChange.Kind.choices)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="unit_succession_not_self"),
        ]
        indexes = [models.Index(fields=["successor"], name="unitsucc_successor_idx")]

    def __str__(self):
        return f"{self.predecessor_id} → {self.successor_id} ({self.date:%d/%m/%Y})"


class PersonQuerySet(models.QuerySet):
    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(ident__iexact=text) | Q(name_folded__contains=fold(text)))


class Person(models.Model):
    """An officer (cán bộ, chiến sĩ) or a member of a body outside the police.

    ``unit`` is the current unit, a copy of the open assignment kept by
    ``services.transfer_person`` (the only writer of assignments), so that lists and scopes
    filter without a join.
    """

    ident = models.CharField(
        _("mã cán bộ"), max_length=32, unique=True, help_text=_("Số hiệu hoặc mã định danh, duy nhất trong hệ thống.")
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    rank = models.CharField(_("cấp bậc"), max_length=16, choices=Rank.choices, blank=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    service_start = models.DateField(_("ngày vào ngành"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị hiện tại"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["name_folded", "id"]
        indexes = [models.Index(fields=["unit", "name_folded"], name="person_unit_name_idx")]

    def __str__(self):
        return f"{self.full_name} ({self.ident})"

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def given_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else ""


class Assignment(models.Model):
    """A person in a unit from ``start`` to ``end`` (open when current). Written by ``services.transfer_person``."""

    person = models.ForeignKey(Person, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", "start"]
        indexes = [
            models.Index(fields=["person", "start"], name="assign_person_start_idx"),
            models.Index(fields=["unit", "start"], name="assign_unit_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="assignment_period"
            ),
            models.UniqueConstraint(fields=["person"], condition=Q(end__isnull=True), name="one_open_assignment"),
        ]

    def __str__(self):
        return f"{self.person.full_name} @ {self.unit.code} {self.start:%d/%m/%Y}"


class PersonRating(models.Model):
    """A person's yearly performance rating. Written by ``services.set_person_rating``."""

    person = models.ForeignKey(Person, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=6, choices=Rating.choices)

    class Meta:
        verbose_name = _("xếp loại cán bộ")
        verbose_name_plural = _("xếp loại cán bộ")
        ordering = ["person", "year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="person_rating_once_a_year")]
        indexes = [models.Index(fields=["year", "rating"], name="person_rating_year_idx")]

    def __str__(self):
        return f"{self.person_id} {self.year}: {self.rating}"


class UnitRating(models.Model):
    """A unit's yearly rating. Written by ``services.set_unit_rating``."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=6, choices=Rating.choices)

    class Meta:
        verbose_name = _("xếp loại đơn vị")
        verbose_name_plural = _("xếp loại đơn vị")
        ordering = ["unit", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_rating_once_a_year")]

    def __str__(self):
        return f"{self.unit_id} {self.year}: {self.rating}"


class User(AbstractUser):
    """A login. May be linked to the person it belongs to (then it sees its own record)."""

    person = models.OneToOneField(
        Person, verbose_name=_("cán bộ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    EMULATION_OFFICE = "emulation_office", _("Thường trực Hội đồng TĐKT")
    UNIT_OFFICER = "unit_officer", _("Cán bộ TĐKT đơn vị")
    COMMANDER = "commander", _("Thủ trưởng đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    LEADER = "leader", _("Lãnh đạo (xem báo cáo)")
    OFFICER = "officer", _("Cán bộ, chiến sĩ")


WRITE_ROLES = frozenset({Role.ADMIN, Role.EMULATION_OFFICE, Role.UNIT_OFFICER, Role.COMMANDER})
READ_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.LEADER}) | WRITE_ROLES


class RoleGrant(models.Model):
    """A role held over the subtree rooted at ``unit``. Read by ``organisation.permissions``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("phạm vi (đơn vị và cấp dưới)"), on_delete=models.CASCADE, related_name="grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit.code}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for integrations; only its SHA-256 is stored. Issued by ``services.issue_api_token``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("đã thu hồi"), default=False)

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_raw_key() -> str:
        return "td_" + secrets.token_urlsafe(32)


class ImportJob(models.Model):
    """One Excel import of units or people: the uploaded file, its progress and its outcome.

    Created by ``imports.submit_import``; run, with every status change, by ``imports.run_import``.
    ``errors`` holds every problem found as {row, column, message}; a failed job wrote nothing.
    """

    class Kind(models.TextChoices):
        UNITS = "units", _("Đơn vị")
        PEOPLE = "people", _("Cán bộ")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Có lỗi, chưa ghi dữ liệu")

    kind = models.CharField(_("loại dữ liệu"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    created_count = models.PositiveIntegerField(_("số tạo mới"), default=0)
    updated_count = models.PositiveIntegerField(_("số cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("số không thay đổi"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)  # the first IMPORT_MAX_ERRORS, then a count
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)  # all of them
    created_by = models.ForeignKey(
        User, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    @property
    def error_total(self) -> int:
        """Every error found (``errors`` keeps the first ``IMPORT_MAX_ERRORS``); a job from before the count: its list."""
        return self.error_count or len(self.errors)

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING}
