"""Check conditions shared by the commendation models."""

from django.db import models

ONE_HONOUR = models.Q(title__isnull=False, award_form__isnull=True) | models.Q(
    title__isnull=True, award_form__isnull=False
)
