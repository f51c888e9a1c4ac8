from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import Criterion, Rubric


class RubricForm(forms.ModelForm):
    """Title, bonus cap, floor and the scoring settings. While scoring is open the service refuses a change
    to what alters a score (title, bonus cap, floor)."""

    class Meta:
        model = Rubric
        fields = ["title", "bonus_cap", "floor", "method", "trim", "scorers_per_unit", "gap", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "bonus_cap": _("Tổng điểm thưởng cộng thêm không vượt quá số này (ví dụ 10)."),
            "floor": _("Tổng điểm sau khi trừ không thấp hơn số này (thường là 0)."),
            "gap": _("Tiêu chí có điểm tự chấm và điểm chấm chéo chênh nhau hơn số này được đánh dấu cần giải trình."),
            "trim": _("Chỉ dùng với cách trung bình cắt: bỏ bấy nhiêu điểm cao nhất và thấp nhất."),
        }


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "title", "kind", "max_points", "description", "evidence"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "kind": _("Tiêu chí con lấy loại của mục chứa nó."),
            "max_points": _("Với một mục: tổng điểm các tiêu chí con không được tính quá số này."),
        }

    def __init__(self, *args, parent: Criterion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if parent is not None or (self.instance.pk and self.instance.parent_id):
            del self.fields["kind"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class AssignmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị được chấm"), queryset=None)
    scorer = forms.ModelChoiceField(label=_("Đơn vị chấm"), queryset=None)

    def __init__(self, *args, members, scorers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = members
        self.fields["scorer"].queryset = scorers


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class ExplanationRequestForm(forms.Form):
    criterion = forms.ModelChoiceField(label=_("Tiêu chí"), queryset=None)
    question = forms.CharField(
        label=_("Nội dung yêu cầu giải trình"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, leaves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = leaves


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Giải trình của đơn vị"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Minh chứng (PDF, Word .docx, Excel .xlsx)"))
