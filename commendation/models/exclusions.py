"""Lines taken out of a proposal and remembered (loại trừ), so that filling the proposal again
leaves them out until someone restores them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commendation.models.constraints import ONE_HONOUR
from commendation.models.proposals import Proposal
from honours.models import ONE_HOLDER, AwardForm, Title


class LineExclusion(models.Model):
    """One holder (a person or a unit) and one honour taken out of a proposal, with who took it
    out, when and why: ``prefill_seniority`` (and the yearly prefill) skip it, the proposal page
    lists it with "Khôi phục". The line's own text is kept (``achievement``, ``summary``,
    ``justification``) so that restoring a line of a proposal that is not a seniority batch puts
    back what was there. Written by ``commendation.services.batch.exclude_lines`` and forgotten
    by ``restore_exclusions``, only while the proposal is editable."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="exclusions")
    person = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.ForeignKey(
        Title, verbose_name=_("danh hiệu"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("lý do loại trừ"), max_length=300, blank=True)
    achievement = models.CharField(_("thành tích"), max_length=120, blank=True)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    justification = models.TextField(_("giải trình"), blank=True)
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    excluded_at = models.DateTimeField(_("thời điểm loại trừ"), default=timezone.now)

    class Meta:
        verbose_name = _("dòng đã loại khỏi đề nghị")
        verbose_name_plural = _("dòng đã loại khỏi đề nghị")
        ordering = ["proposal", "-excluded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="lineexclusion_one_holder"),
            models.CheckConstraint(condition=ONE_HONOUR, name="lineexclusion_one_honour"),
            # one exclusion per holder and honour (NULLs are distinct in a plain unique constraint)
            models.UniqueConstraint(
                fields=["proposal", "person", "award_form"],
                condition=models.Q(person__isnull=False, award_form__isnull=False),
                name="lineexclusion_person_form_uniq",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person", "title"],
                condition=models.Q(person__isnull=False, title__isnull=False),
                name="lineexclusion_person_title_uniq",
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit", "award_form"],
                condition=models.Q(unit__isnull=False, award_form__isnull=False),
                name="lineexclusion_unit_form_uniq",
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit", "title"],
                condition=models.Q(unit__isnull=False, title__isnull=False),
                name="lineexclusion_unit_title_uniq",
            ),
        ]

    def __str__(self):
        return f"{self.person_id or self.unit_id}: {self.title_id or self.award_form_id}"

    @property
    def honour(self):
        return self.title or self.award_form

    @property
    def key(self) -> tuple:
        """(person, unit, title, award form) ids: what a proposal line of the same holder and honour has."""
        return (self.person_id, self.unit_id, self.title_id, self.award_form_id)
