"""The yearly facts the eligibility engine reads besides the honours held, and the editable rule sets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from honours.models import ONE_HOLDER, AwardForm, Title


class DisciplineForm(models.TextChoices):
    """Forms of discipline, lightest first (the order of ``eligibility.engine.vocabulary.DISCIPLINE_FORMS``)."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CAP_BAC_HAM = "giang_cap_bac_ham", _("Giáng cấp bậc hàm")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    TUOC_DANH_HIEU = "tuoc_danh_hieu", _("Tước danh hiệu Công an nhân dân")


class InitiativeLevel(models.TextChoices):
    CO_SO = "co_so", _("Cấp cơ sở")
    BO = "bo", _("Cấp Bộ")
    TOAN_QUOC = "toan_quoc", _("Toàn quốc")


class InitiativeKind(models.TextChoices):
    SANG_KIEN = "sang_kien", _("Sáng kiến")
    DE_TAI = "de_tai", _("Đề tài nghiên cứu khoa học")
    GIAI_PHAP_CHIEN_DAU = "giai_phap_chien_dau", _("Giải pháp, mưu trí sáng tạo trong chiến đấu")


class PendingKind(models.TextChoices):
    DISCIPLINARY_REVIEW = "disciplinary_review", _("Đang xem xét kỷ luật")
    INSPECTION = "inspection", _("Đang thanh tra, kiểm tra")
    COMPLAINT = "complaint", _("Khiếu nại, tố cáo đang xác minh")


class Initiative(models.Model):
    """A recognised initiative, research work or combat ingenuity of a person.

    ``used_for_title`` or ``used_for_form``, with ``used_year``: the title or award form it earned — one
    initiative earns one reward (Law 2022 art. 5). An issued decision marks it; annulling the decision
    frees it."""

    person = models.ForeignKey(
        "organisation.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=InitiativeKind.choices, default=InitiativeKind.SANG_KIEN)
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=InitiativeLevel.choices)
    recognised_on = models.DateField(_("ngày công nhận"))
    used_for_title = models.ForeignKey(
        Title,
        verbose_name=_("đã dùng để xét danh hiệu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    used_for_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("đã dùng để xét hình thức khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    used_year = models.PositiveSmallIntegerField(_("năm xét danh hiệu"), null=True, blank=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-recognised_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(used_for_title__isnull=True, used_for_form__isnull=True, used_year__isnull=True)
                | models.Q(used_for_title__isnull=False, used_for_form__isnull=True, used_year__isnull=False)
                | models.Q(used_for_title__isnull=True, used_for_form__isnull=False, used_year__isnull=False),
                name="initiative_used_once_with_year",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "recognised_on"], name="initiative_person_idx"),
            models.Index(fields=["recognised_on"], name="initiative_recognised_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def used_for(self):
        """The title or award form it earned, if any."""
        return self.used_for_title or self.used_for_form


class Discipline(models.Model):
    """A disciplinary decision: achievements count again from the end of its period."""

    person = models.ForeignKey(
        "organisation.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="disciplines"
    )
    form = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineForm.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    period_end = models.DateField(_("hết thời hạn kỷ luật"))
    decision_ref = models.CharField(_("quyết định"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("decided_on")), name="discipline_period_after_decision"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "decided_on"], name="discipline_person_idx"),
            models.Index(fields=["decided_on"], name="discipline_decided_idx"),
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.decided_on:%d/%m/%Y}"


class PendingCase(models.Model):
    """A disciplinary review, inspection or complaint under verification: while open
    (``closed_on`` empty or later), consideration for any award is postponed."""

    person = models.ForeignKey(
        "organisation.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="pending_cases"
    )
    kind = models.CharField(_("loại việc"), max_length=20, choices=PendingKind.choices)
    opened_on = models.DateField(_("từ ngày"))
    closed_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("việc đang xem xét")
        verbose_name_plural = _("việc đang xem xét")
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="pendingcase_period",
            ),
        ]
        indexes = [models.Index(fields=["person", "opened_on"], name="pendingcase_person_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.opened_on:%d/%m/%Y}"


class AchievementKind(models.TextChoices):
    """The values of ``eligibility.engine.vocabulary.ACHIEVEMENT_KINDS``."""

    PHONG_TRAO = "phong_trao", _("Thành tích trong phong trào thi đua")
    PHONG_TRAO_BO = "phong_trao_bo", _("Thành tích xuất sắc trong phong trào thi đua do Bộ phát động")
    DOT_XUAT = "dot_xuat", _("Thành tích đột xuất có phạm vi ảnh hưởng")


class Achievement(models.Model):
    """An achievement recorded for a person or a unit in a year (some award forms ask for one)."""

    person = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="achievements",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="achievements",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại thành tích"), max_length=20, choices=AchievementKind.choices)
    description = models.CharField(_("nội dung"), max_length=500)

    class Meta:
        verbose_name = _("thành tích")
        verbose_name_plural = _("thành tích")
        ordering = ["-year", "kind"]
        constraints = [models.CheckConstraint(condition=ONE_HOLDER, name="achievement_one_holder")]
        indexes = [
            models.Index(fields=["year", "kind"], name="achievement_year_idx"),
            models.Index(fields=["person", "year"], name="achievement_person_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


class ServiceFactor(models.Model):
    """Service in hard or dangerous posts counts more towards seniority awards (hệ số)."""

    person = models.OneToOneField(
        "organisation.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="service_factor"
    )
    factor = models.DecimalField(_("hệ số tính thời gian công tác"), max_digits=3, decimal_places=2)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hệ số thời gian công tác")
        verbose_name_plural = _("hệ số thời gian công tác")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(factor__gte=1) & models.Q(factor__lte=3), name="servicefactor_range"
            ),
        ]

    def __str__(self):
        return f"{self.person_id}: {self.factor}"


class BlockStanding(models.Model):
    """A member unit's final result in its block for the block's year: rank and share of the
    votes of honour (suy tôn). Read by the ``leads_block`` condition (Cờ thi đua). Entered by the
    emulation office from the conference's results (scoring and voting fill it in)."""

    block = models.ForeignKey(
        "cycle.Block", verbose_name=_("khối, cụm"), on_delete=models.CASCADE, related_name="standings"
    )
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="block_standings"
    )
    rank = models.PositiveSmallIntegerField(_("xếp hạng"))
    vote_share = models.DecimalField(
        _("tỷ lệ phiếu suy tôn (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("nguồn kết quả"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kết quả xếp hạng trong khối")
        verbose_name_plural = _("kết quả xếp hạng trong khối")
        ordering = ["block", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["block", "unit"], name="standing_once_per_block"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="standing_rank_positive"),
            models.CheckConstraint(
                condition=models.Q(vote_share__isnull=True)
                | (models.Q(vote_share__gte=0) & models.Q(vote_share__lte=100)),
                name="standing_share_percent",
            ),
        ]

    def __str__(self):
        return f"{self.block_id}: {self.unit_id} #{self.rank}"


class RuleSetCopy(models.Model):
    """An editable copy of a rule set, kept in the database (the built-in sets are YAML files).

    ``document`` has the same structure as the YAML files and is validated by the engine's parser
    on every change. An active copy replaces its base set for evaluations in ``owner``'s subtree
    (the deepest owner wins). Changed only through ``eligibility.services``; ``version`` counts the
    changes, every one audited with its difference."""

    code = models.SlugField(_("mã bộ quy tắc"), max_length=60, unique=True)
    based_on = models.CharField(_("sao chép từ"), max_length=60)
    owner = models.ForeignKey(
        "organisation.Unit", verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.JSONField(_("nội dung"))
    active = models.BooleanField(_("đang áp dụng"), default=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bộ quy tắc (bản sửa được)")
        verbose_name_plural = _("bộ quy tắc (bản sửa được)")
        ordering = ["code"]

    def __str__(self):
        return self.document.get("name", self.code)


class VerdictSnapshot(models.Model):
    """Every verdict of one rule set for one year over one scope, as computed by the recompute job
    (``eligibility.stored``): the people and units judged and, per rule, the eligible and postponed sets,
    packed (``data``). ``scope_key`` is the root unit whose subtree was judged (0: the whole organisation; a rule
    set copy owned by a unit is judged over that unit's subtree). ``facts_as_of``: when the recompute began to
    read the facts; a fact changed since leaves a ``StaleMark`` the pages read beside it."""

    ruleset = models.CharField(_("bộ quy tắc"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm"))
    scope_key = models.IntegerField(_("phạm vi"), default=0)
    facts_as_of = models.DateTimeField(_("dữ liệu tính đến"), null=True, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    seconds = models.FloatField(_("thời gian tính (giây)"), default=0)
    people = models.PositiveIntegerField(_("số cá nhân"), default=0)
    units = models.PositiveIntegerField(_("số tập thể"), default=0)
    data = models.BinaryField(_("kết quả (đóng gói)"), default=b"")
    order = models.BinaryField(_("thứ tự hiển thị cá nhân (đóng gói)"), default=b"")

    class Meta:
        verbose_name = _("kết quả xét điều kiện đã lưu")
        verbose_name_plural = _("kết quả xét điều kiện đã lưu")
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "year", "scope_key"], name="verdictsnapshot_once"),
        ]

    def __str__(self):
        return f"{self.ruleset} {self.year} @{self.scope_key}"


class StaleMark(models.Model):
    """A fact of a person (``kind`` p) or a unit (u) changed, or something every verdict depends on (a, e.g. a rule
    set copy): stored verdicts computed before are not current for them. Written only by the database triggers of
    ``eligibility.freshness`` (every writer, bulk or not, in its own transaction); ``claimed_by`` is the recompute
    job that took the mark (0: none yet), which deletes it once its verdicts are stored."""

    kind = models.CharField(_("loại"), max_length=1)
    subject = models.BigIntegerField(_("đối tượng"), default=0)
    claimed_by = models.BigIntegerField(_("đang được tính lại bởi"), default=0)

    class Meta:
        verbose_name = _("dấu hiệu cần tính lại")
        verbose_name_plural = _("dấu hiệu cần tính lại")
        indexes = [models.Index(fields=["kind", "subject"], name="stalemark_subject_idx")]

    def __str__(self):
        return f"{self.kind}{self.subject}"
