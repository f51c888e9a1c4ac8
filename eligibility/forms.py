import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from eligibility.engine.vocabulary import (
    DISCIPLINE_FORMS,
    DISCIPLINE_LABELS,
    FORMS,
    INITIATIVE_LEVELS,
    LEVEL_LABELS,
    RATING_LABELS,
    RATINGS,
    TITLES,
)

# How sure the rule sets are of a legal basis (../shared/domain/rules.md): H read in the text or two
# sources agree, M one secondary source, L unconfirmed. Shown in words, never as the bare letter.
CONFIDENCE_LABELS = {
    "H": _("Căn cứ chắc chắn"),
    "M": _("Căn cứ cần kiểm tra (một nguồn thứ cấp)"),
    "L": _("Căn cứ chưa xác nhận"),
}


class RuleSetCopyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã bản sao"),
        max_length=60,
        validators=[RegexValidator(r"^[a-z0-9_]+$", _("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới."))],
    )
    name = forms.CharField(label=_("Tên bộ quy tắc"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Đơn vị áp dụng"), queryset=None)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


def _vocabulary(value) -> list[tuple[str, str]] | None:
    """The choices of a text parameter, from the vocabulary its value belongs to."""
    for codes, labels in (
        (RATINGS, RATING_LABELS),
        (DISCIPLINE_FORMS, DISCIPLINE_LABELS),
        (INITIATIVE_LEVELS, LEVEL_LABELS),
        (tuple(TITLES), {k: v[0] for k, v in TITLES.items()}),
        (tuple(FORMS), {k: v[0] for k, v in FORMS.items()}),
    ):
        if value in codes:
            return [(c, f"{c} – {labels[c]}") for c in codes]
    return None


class ParametersForm(forms.Form):
    """One field per parameter of the set, typed by its current value; plus the name, the
    effective period and the reason for the change (kept in the audit log)."""

    name = forms.CharField(label=_("Tên bộ quy tắc"), max_length=200)
    effective_from = forms.DateField(label=_("Hiệu lực từ ngày"))
    effective_to = forms.DateField(label=_("Hiệu lực đến ngày"), required=False)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=250)

    def __init__(self, *args, ruleset, **kwargs):
        super().__init__(*args, **kwargs)
        self.ruleset = ruleset
        self.initial |= {
            "name": ruleset.name,
            "effective_from": ruleset.effective_from,
            "effective_to": ruleset.effective_to,
        }
        for name, p in ruleset.parameters.items():
            label, value = p.label or name, p.value
            help_text = " · ".join(str(x) for x in (p.source, CONFIDENCE_LABELS.get(p.confidence, "")) if x)
            if isinstance(value, bool):
                field = forms.BooleanField(label=label, required=False)
            elif isinstance(value, int):
                field = forms.IntegerField(label=label, min_value=0)
            elif isinstance(value, float):
                field = forms.FloatField(label=label, min_value=0)
            elif isinstance(value, str) and _vocabulary(value):
                field = forms.ChoiceField(label=label, choices=_vocabulary(value))
            else:
                field = forms.CharField(label=label, required=False, max_length=200)
            field.help_text = help_text
            self.fields[f"p_{name}"] = field
            self.initial[f"p_{name}"] = value

    def parameter_fields(self):
        return [self[name] for name in self.fields if name.startswith("p_")]

    def parameters(self) -> dict:
        out = {}
        for name, p in self.ruleset.parameters.items():
            value = self.cleaned_data[f"p_{name}"]
            if p.value is None or isinstance(p.value, str):
                value = value or None if p.value is None else value
            out[name] = value
        return out

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("effective_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        return data
