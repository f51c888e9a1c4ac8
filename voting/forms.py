"""Forms of the voting pages: the election, a question, the roll, the paper count, and the ballot."""

import random

from django import forms
from django.utils.translation import gettext_lazy as _

from honours.models import Title
from organisation.forms import DATE_WIDGET
from voting import tally
from voting.models import FRACTIONS, Election, Question


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = [
            "title",
            "mode",
            "layout",
            "shuffle",
            "quorum",
            "ballot_quorum",
            "weighted",
            "min_ballots",
            "place",
            "date",
        ]
        widgets = {"date": DATE_WIDGET}


class QuestionForm(forms.Form):
    """A question: its candidates are member units ticked in the list and/or free labels, one a line."""

    text = forms.CharField(label=_("Câu hỏi"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=Question.Kind.choices, initial=tally.CHOOSE)
    seats = forms.IntegerField(
        label=_("Số được chọn / chỉ tiêu"),
        min_value=0,
        max_value=200,
        initial=1,
        help_text=_("Chọn tối đa k: k. Đồng ý từng ứng viên: chỉ tiêu (0 = không giới hạn)."),
    )
    base = forms.ChoiceField(label=_("Tính tỷ lệ trên"), choices=Question.Base.choices, initial=tally.VALID)
    fraction = forms.ChoiceField(label=_("Tỷ lệ"), choices=FRACTIONS, initial="1/2")
    strict = forms.BooleanField(label=_("Phải vượt quá tỷ lệ (quá bán)"), required=False, initial=True)
    purpose = forms.ChoiceField(
        label=_("Ý nghĩa kết quả"), choices=Question.Purpose.choices, initial=Question.Purpose.OTHER
    )
    title = forms.ModelChoiceField(label=_("Danh hiệu, cờ"), queryset=Title.objects.filter(active=True), required=False)
    units = forms.MultipleChoiceField(
        label=_("Ứng viên là đơn vị thành viên"), required=False, widget=forms.CheckboxSelectMultiple
    )
    labels = forms.CharField(
        label=_("Ứng viên khác (mỗi dòng một tên)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_objects = {str(u.pk): u for u in units}
        self.fields["units"].choices = [(str(u.pk), f"{u.code} – {u.name}") for u in units]

    def candidates(self):
        from voting.services import CandidateData

        chosen = [self.unit_objects[pk] for pk in self.cleaned_data["units"]]
        out = [CandidateData(label=f"{u.code} – {u.name}", unit=u) for u in chosen]
        out += [CandidateData(label=line.strip()) for line in self.cleaned_data["labels"].splitlines() if line.strip()]
        return out


class RollForm(forms.Form):
    """Per voter: present, and the weight when the election is weighted."""

    def __init__(self, *args, entries, weighted, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.weighted = weighted
        for e in entries:
            self.fields[f"present_{e.pk}"] = forms.BooleanField(label=_("Có mặt"), required=False, initial=e.present)
            if weighted:
                self.fields[f"weight_{e.pk}"] = forms.IntegerField(
                    label=_("Trọng số"), min_value=1, max_value=100, initial=e.weight
                )

    def rows(self):
        return [(e, self[f"present_{e.pk}"], self[f"weight_{e.pk}"] if self.weighted else None) for e in self.entries]

    def roll(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            e.pk: {"present": data[f"present_{e.pk}"], "weight": data.get(f"weight_{e.pk}", e.weight)}
            for e in self.entries
        }


class PaperForm(forms.Form):
    """The counting committee's figures for one question."""

    issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0, max_value=100_000)
    returned = forms.IntegerField(label=_("Số phiếu thu về"), min_value=0, max_value=100_000)
    valid = forms.IntegerField(label=_("Số phiếu hợp lệ"), min_value=0, max_value=100_000)
    invalid = forms.IntegerField(label=_("Số phiếu không hợp lệ"), min_value=0, max_value=100_000)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.candidates = list(question.candidates.all())
        approve = question.kind == tally.APPROVE
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Đồng ý") if approve else _("Số phiếu"), min_value=0, max_value=100_000, initial=0
            )
            if approve:
                self.fields[f"against_{c.pk}"] = forms.IntegerField(
                    label=_("Không đồng ý"), min_value=0, max_value=100_000, initial=0
                )

    def counts(self):
        """The four totals of the count, in the order of the minutes."""
        return [self[name] for name in ("issued", "returned", "valid", "invalid")]

    def rows(self):
        approve = self.question.kind == tally.APPROVE
        return [(c, self[f"votes_{c.pk}"], self[f"against_{c.pk}"] if approve else None) for c in self.candidates]

    def figures(self) -> dict:
        data = self.cleaned_data
        return {
            "issued": data["issued"],
            "returned": data["returned"],
            "valid": data["valid"],
            "invalid": data["invalid"],
            "votes": {c.key: data[f"votes_{c.pk}"] for c in self.candidates},
            "against": {c.key: data[f"against_{c.pk}"] for c in self.candidates if f"against_{c.pk}" in data},
        }


APPROVE_CHOICES = [(tally.YES, _("Đồng ý")), (tally.NO, _("Không đồng ý"))]


class BallotForm(forms.Form):
    """The ballot: one field per CHOOSE question (radio for one seat, check boxes for several), one
    yes / no radio per candidate of an APPROVE question. Candidates in the configured order, or
    shuffled for each voter when the election says so."""

    def __init__(self, *args, questions, shuffle=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.layout_rows = []
        rng = random.SystemRandom()
        for q in questions:
            candidates = list(q.candidates.all())
            if shuffle:
                rng.shuffle(candidates)
            choices = [(c.key, c.label) for c in candidates]
            if q.kind == tally.CHOOSE and q.seats == 1:
                name = f"q{q.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=q.text, choices=choices, required=False, widget=forms.RadioSelect
                )
                self.layout_rows.append((q, [self[name]]))
            elif q.kind == tally.CHOOSE:
                name = f"q{q.pk}"
                self.fields[name] = forms.MultipleChoiceField(
                    label=q.text, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
                self.layout_rows.append((q, [self[name]]))
            else:
                names = []
                for c in candidates:
                    name = f"q{q.pk}_c{c.pk}"
                    self.fields[name] = forms.ChoiceField(
                        label=c.label, choices=APPROVE_CHOICES, required=False, widget=forms.RadioSelect
                    )
                    names.append(name)
                self.layout_rows.append((q, [self[n] for n in names]))

    def clean(self):
        data = super().clean()
        for q in self.questions:
            if q.kind == tally.CHOOSE and q.seats > 1 and len(data.get(f"q{q.pk}") or []) > q.seats:
                self.add_error(f"q{q.pk}", _("Chỉ được chọn tối đa %(k)s.") % {"k": q.seats})
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        out = {}
        for q in self.questions:
            if q.kind == tally.CHOOSE:
                value = data.get(f"q{q.pk}")
                picked = [value] if isinstance(value, str) and value else list(value or [])
                if picked:
                    out[q.key] = sorted(picked)
            else:
                marks = {c.key: data.get(f"q{q.pk}_c{c.pk}") for c in q.candidates.all()}
                marks = {k: v for k, v in marks.items() if v}
                if marks:
                    out[q.key] = marks
        return out

    def hidden_answers(self) -> list[tuple[str, str]]:
        """The cleaned answers as (name, value) pairs, carried by the review page to the casting POST."""
        pairs = []
        for name, value in self.cleaned_data.items():
            for item in value if isinstance(value, list) else [value]:
                if item:
                    pairs.append((name, item))
        return pairs

    def review(self) -> list[tuple[Question, list[str]]]:
        """What the voter chose, question by question, in words, for the final review."""
        answers = self.answers()
        labels = {(q.key, c.key): c.label for q in self.questions for c in q.candidates.all()}
        words = dict(APPROVE_CHOICES)
        rows = []
        for q in self.questions:
            answer = answers.get(q.key)
            if not answer:
                rows.append((q, []))
            elif q.kind == tally.CHOOSE:
                rows.append((q, [labels[(q.key, c)] for c in answer]))
            else:
                rows.append((q, [f"{labels[(q.key, c)]}: {words[v]}" for c, v in answer.items()]))
        return rows
