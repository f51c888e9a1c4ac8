"""How certificates (bằng, giấy khen) are printed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commendation.models.constraints import ONE_HONOUR
from honours.models import AwardForm, Title


class CertificateTemplate(models.Model):
    """How a certificate is printed: on blank paper (the whole design) or on pre-printed stock
    (only the variable fields, at ``fields`` positions in mm, shifted by the printer offset).

    Owned by a unit (``owner``): its emulation office edits it (``update_certificate_template``);
    every other body reads and copies it (``copy_certificate_template``: the copy is the copier's).
    A decision prints with the template of its honour owned nearest above its issuing unit."""

    class Paper(models.TextChoices):
        A4_LANDSCAPE = "a4l", _("A4 ngang")
        A3_LANDSCAPE = "a3l", _("A3 ngang")

    name = models.CharField(_("tên mẫu"), max_length=120)
    owner = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("đơn vị sở hữu"),
        on_delete=models.PROTECT,
        related_name="certificate_templates",
    )
    title = models.ForeignKey(Title, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    award_form = models.ForeignKey(AwardForm, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    paper = models.CharField(_("khổ giấy"), max_length=4, choices=Paper.choices, default=Paper.A4_LANDSCAPE)
    preprinted = models.BooleanField(_("in trên phôi in sẵn"), default=False)
    fields = models.JSONField(_("vị trí các trường (mm)"), default=dict, blank=True)
    offset_x_mm = models.DecimalField(_("lệch ngang (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("lệch dọc (mm)"), max_digits=5, decimal_places=1, default=0)
    authority = models.CharField(
        _("cấp tặng ghi trên bằng"), max_length=200, blank=True, help_text=_("Ví dụ: BỘ TRƯỞNG BỘ CÔNG AN")
    )

    class Meta:
        verbose_name = _("mẫu in bằng, giấy khen")
        verbose_name_plural = _("mẫu in bằng, giấy khen")
        constraints = [models.CheckConstraint(condition=ONE_HONOUR, name="certtemplate_one_honour")]

    def __str__(self):
        return self.name
