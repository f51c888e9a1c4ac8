"""Elections (cuộc bỏ phiếu): questions and candidates, the voter roll, secret ballots, paper counts
and stored results.

Secrecy by construction: who voted (``RollEntry.has_voted``) and what was voted (``Ballot``) live
in two tables with nothing in common but the election. While the election is open a ballot exists
only sealed (``SealedBallot``, ``voting.sealing``); closing opens the box and writes the ``Ballot``
rows in receipt order. A ballot has a random primary key, a random receipt code, no voter, no user,
no timestamp; ballots are listed by receipt code. See ``docs/voting-secrecy.md``.

Every status change has one function in ``voting.services``: ``open_election``, ``cast_ballot``,
``close_election``, ``record_paper_count``, ``open_runoff``, ``apply_block_leaders``.
"""

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from voting import tally

FRACTIONS = [
    ("1/2", _("1/2 (50 %)")),
    ("2/3", _("2/3")),
    ("3/4", _("3/4 (75 %)")),
    ("4/5", _("80 %")),
    ("9/10", _("90 %")),
    ("1/1", _("100 %")),
]


def fraction_label(value: str) -> str:
    return str(dict(FRACTIONS).get(value, value))


class Election(models.Model):
    """One ballot paper with several questions, at a conference (or, later, a council meeting).

    Draft → open (``services.open_election``: roll fixed, quorum checked) → closed
    (``services.close_election``: chain, results). Ballots: ``services.cast_ballot``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
        PAPER = "paper", _("Phiếu giấy (ban kiểm phiếu nhập kết quả)")

    class VoterKind(models.TextChoices):
        UNITS = "units", _("Đơn vị thành viên (mỗi đơn vị một phiếu)")
        PERSONS = "persons", _("Cá nhân (thành viên hội đồng)")

    class Layout(models.TextChoices):
        STEPS = "steps", _("Mỗi câu hỏi một màn hình")
        PAGE = "page", _("Tất cả trên một trang")

    title = models.CharField(_("tên cuộc bỏ phiếu"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    conference = models.ForeignKey(
        "cycle.Conference",
        verbose_name=_("hội nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elections",
    )
    # Access for elections outside a block's conference (a council meeting): the roles over this unit.
    organiser_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("hình thức"), max_length=10, choices=Mode.choices, default=Mode.ELECTRONIC)
    voter_kind = models.CharField(_("cử tri"), max_length=8, choices=VoterKind.choices, default=VoterKind.UNITS)
    layout = models.CharField(_("trình bày phiếu"), max_length=5, choices=Layout.choices, default=Layout.STEPS)
    shuffle = models.BooleanField(_("xáo trộn thứ tự ứng viên cho mỗi cử tri"), default=False)
    quorum = models.CharField(_("số có mặt tối thiểu"), max_length=5, choices=FRACTIONS, default="2/3")
    ballot_quorum = models.CharField(
        _("số phiếu tối thiểu để có kết quả"),
        max_length=5,
        choices=FRACTIONS,
        default="2/3",
        help_text=_(
            "Tỷ lệ trên tổng số cử tri: nếu số phiếu thu về thấp hơn, câu hỏi không quyết định (chưa đủ số phiếu)."
        ),
    )
    weighted = models.BooleanField(_("phiếu có trọng số"), default=False)
    min_ballots = models.PositiveSmallIntegerField(
        _("số phiếu tối thiểu để công bố chi tiết"),
        default=3,
        help_text=_("Dưới số phiếu này, số phiếu từng ứng viên không được công bố vì có thể lộ phiếu của từng người."),
    )
    status = models.CharField(_("trạng thái"), max_length=6, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveSmallIntegerField(_("vòng"), default=1)
    runoff_of = models.ForeignKey(
        "Question",
        verbose_name=_("bỏ phiếu lại cho câu hỏi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    # A further round of a closed election on some of its questions (the council's second round on the
    # lines that failed): ``services.open_next_round``.
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("vòng trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_rounds",
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    salt = models.CharField(max_length=32, blank=True)
    accumulator = models.CharField(max_length=64, blank=True)
    chain_head = models.CharField(_("mã chuỗi phiếu"), max_length=64, blank=True)
    ballots_count = models.PositiveIntegerField(_("số phiếu đã nhận"), default=0)
    # While the election is open (``voting.sealing``): its data key, wrapped under the sealing key kept
    # outside the database, and the running commitment, sealed under the data key. Wiped at closing.
    ballot_key = models.BinaryField(null=True, editable=False)
    sealed_accumulator = models.BinaryField(null=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(_("đã áp dụng kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc bỏ phiếu")
        verbose_name_plural = _("cuộc bỏ phiếu")
        ordering = ["-year", "conference_id", "round", "pk"]

    def __str__(self):
        return self.title if self.round == 1 else f"{self.title} ({self.round})"

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def ballot_quorum_fraction(self) -> Fraction:
        return Fraction(self.ballot_quorum)

    @property
    def results_withheld(self) -> bool:
        """Too few ballots: the counts, and the winners and ties they imply, would show how
        individuals voted; nothing of the result is published."""
        return self.ballots_count < self.min_ballots


class Question(models.Model):
    """One question on the ballot; ``purpose`` says what its winners become (next year's leader, a
    title, a flag, an approved proposal)."""

    class Kind(models.TextChoices):
        APPROVE = tally.APPROVE, _("Đồng ý / không đồng ý từng ứng viên")
        CHOOSE = tally.CHOOSE, _("Chọn tối đa k trong n ứng viên")

    class Base(models.TextChoices):
        ROLL = tally.ROLL, _("tổng số cử tri")
        PRESENT = tally.PRESENT, _("số cử tri có mặt")
        VALID = tally.VALID, _("số phiếu hợp lệ")

    class Purpose(models.TextChoices):
        LEADER = "leader", _("Khối trưởng năm sau")
        DEPUTY = "deputy", _("Khối phó năm sau")
        TITLE = "title", _("Danh hiệu")
        FLAG = "flag", _("Cờ thi đua")
        PROPOSAL = "proposal", _("Đề nghị khen thưởng")
        OTHER = "other", _("Khác")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("câu hỏi"), max_length=500)
    kind = models.CharField(_("loại câu hỏi"), max_length=8, choices=Kind.choices, default=Kind.CHOOSE)
    seats = models.PositiveSmallIntegerField(
        _("số được chọn"),
        default=1,
        help_text=_("Chọn tối đa k: k. Đồng ý từng ứng viên: chỉ tiêu (0 = không giới hạn)."),
    )
    base = models.CharField(_("tính tỷ lệ trên"), max_length=8, choices=Base.choices, default=Base.VALID)
    fraction = models.CharField(_("tỷ lệ"), max_length=5, choices=FRACTIONS, default="1/2")
    strict = models.BooleanField(
        _("phải vượt quá tỷ lệ"), default=True, help_text=_("Bật: trên tỷ lệ (quá bán). Tắt: từ tỷ lệ trở lên.")
    )
    purpose = models.CharField(_("ý nghĩa kết quả"), max_length=8, choices=Purpose.choices, default=Purpose.OTHER)
    title = models.ForeignKey(
        "honours.Title",
        verbose_name=_("danh hiệu, cờ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    excludes_winners_of = models.ForeignKey(
        "self",
        verbose_name=_("không tính phiếu cho người trúng ở câu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["election", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def key(self) -> str:
        return str(self.pk)

    def rule_text(self) -> str:
        more = _("trên") if self.strict else _("từ")
        return f"{more} {fraction_label(self.fraction)} {self.get_base_display()}"


class Candidate(models.Model):
    """A unit, a person, or a free label; ``ref_kind``/``ref_id`` let another module (the council's
    proposals) name what it stands for."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="candidates")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("tên"), max_length=255)
    unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("organisation.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ref_kind = models.CharField(max_length=40, blank=True)
    ref_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ứng viên")
        verbose_name_plural = _("ứng viên")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.label

    @property
    def key(self) -> str:
        return str(self.pk)


class RollEntry(models.Model):
    """One voter on the roll: a member unit (cast by its representative) or a person. Fixed when the
    election opens. ``has_voted`` is the only trace of a vote here: no time, no ballot."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("organisation.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("cử tri"), max_length=255)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    present = models.BooleanField(_("có mặt"), default=True)
    has_voted = models.BooleanField(_("đã bỏ phiếu"), default=False)

    class Meta:
        verbose_name = _("cử tri")
        verbose_name_plural = _("danh sách cử tri")
        ordering = ["election", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "unit"], condition=Q(unit__isnull=False), name="roll_unit_once"
            ),
            models.UniqueConstraint(
                fields=["election", "person"], condition=Q(person__isnull=False), name="roll_person_once"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="roll_weight_positive"),
        ]

    def __str__(self):
        return self.label


def new_ballot_id():
    return uuid.uuid4()


class Ballot(models.Model):
    """What one voter chose, and nothing about who: a random id, a random receipt code, the
    answers, the voter's weight, the digest and the chain link. Written only by
    ``services.close_election``, which opens the sealed box (``SealedBallot``) and inserts the
    ballots in receipt order; never shown in the admin; listed by receipt code."""

    id = models.UUIDField(primary_key=True, default=new_ballot_id, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("mã biên nhận"), max_length=9)
    answers = models.JSONField(default=dict)
    weight = models.PositiveSmallIntegerField(default=1)
    digest = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["election", "receipt"]
        constraints = [models.UniqueConstraint(fields=["election", "receipt"], name="ballot_receipt_once")]

    def __str__(self):
        return self.receipt


class SealedBallot(models.Model):
    """A ballot in the box of an open election: the receipt, answers and weight sealed under the
    election's data key (``voting.sealing``), padded to one length; ``receipt_tag`` (an HMAC of the
    receipt under the same key) keeps a receipt to one ballot. Nothing else. Written by
    ``services.cast_ballot``; opened, deleted and replaced by ``Ballot`` rows in receipt order by
    ``services.close_election``."""

    id = models.UUIDField(primary_key=True, default=new_ballot_id, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="sealed_ballots")
    receipt_tag = models.CharField(max_length=64)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("phiếu niêm phong")
        verbose_name_plural = _("phiếu niêm phong")
        ordering = ["election", "receipt_tag"]
        constraints = [models.UniqueConstraint(fields=["election", "receipt_tag"], name="sealed_ballot_receipt_once")]

    def __str__(self):
        return str(self.pk)


class PaperCount(models.Model):
    """The counting committee's figures for one question of a paper election
    (``services.record_paper_count``, checked by ``tally.paper_problems``)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="paper")
    issued = models.PositiveIntegerField(_("số phiếu phát ra"))
    returned = models.PositiveIntegerField(_("số phiếu thu về"))
    valid = models.PositiveIntegerField(_("số phiếu hợp lệ"))
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"))
    votes = models.JSONField(default=dict)  # candidate id → marks (CHOOSE) or approvals (APPROVE)
    against = models.JSONField(default=dict)  # candidate id → rejections (APPROVE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả kiểm phiếu giấy")
        verbose_name_plural = _("kết quả kiểm phiếu giấy")

    def __str__(self):
        return str(self.question_id)


class QuestionResult(models.Model):
    """The outcome of one question, stored at closing; ``CandidateResult`` rows with ``winner``
    are what proposals cite (the title or flag of ``question.title`` for ``candidate.unit``)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="result")
    status = models.CharField(max_length=8, choices=[(s, s) for s in tally.STATUSES])
    STATUS_LABELS = {
        tally.DECIDED: _("Đã quyết định"),
        tally.TIE: _("Bằng phiếu: cần bỏ phiếu lại"),
        tally.PENDING: _("Chờ kết quả bỏ phiếu lại của câu liên quan"),
        tally.SHORT: _("Không quyết định: chưa đủ số phiếu"),
    }
    ballots = models.PositiveIntegerField()
    valid = models.PositiveIntegerField()
    invalid = models.PositiveIntegerField()
    blank = models.PositiveIntegerField()
    base_value = models.PositiveIntegerField()
    seats_left = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kết quả câu hỏi")
        verbose_name_plural = _("kết quả câu hỏi")

    def __str__(self):
        return f"{self.question_id}: {self.status}"

    @property
    def is_tie(self) -> bool:
        return self.status == tally.TIE

    @property
    def is_short(self) -> bool:
        return self.status == tally.SHORT


class CandidateResult(models.Model):
    result = models.ForeignKey(QuestionResult, on_delete=models.CASCADE, related_name="candidates")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="result")
    votes = models.PositiveIntegerField()
    against = models.PositiveIntegerField(default=0)
    percent = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    passes = models.BooleanField(default=False)
    winner = models.BooleanField(default=False)
    tied = models.BooleanField(default=False)
    excluded = models.BooleanField(default=False)

    class Meta:
        ordering = ["result", "-votes", "candidate__order", "candidate_id"]
        indexes = [models.Index(fields=["winner"], name="candidate_result_winner_idx")]

    def __str__(self):
        return f"{self.candidate_id}: {self.votes}"
