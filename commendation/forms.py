"""Forms of the council meeting and decision pages (``commendation.views.council``, ``commendation.views.decisions``).

Choices are limited to what the user may prepare: the bodies whose emulation office he is
(``commendation.permissions.body_units_for_user(write=True)``), the people of a body's subtree, the
proposal lines addressed to those bodies."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendation import permissions as awards_perms
from commendation.models import CouncilMeeting, Decision, Proposal, ProposalLine
from commendation.services.external import honour_choices
from honours.models import CommendationKind
from organisation.forms import DATE_WIDGET
from organisation.models import Person, Unit


def line_label(line: ProposalLine) -> str:
    who = line.person.full_name if line.person_id else line.unit.name
    return f"{who} – {(line.title or line.award_form).name}"


def _lines_query():
    return ProposalLine.objects.select_related("proposal__unit", "person__unit", "unit", "title", "award_form")


class LineChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return line_label(obj)


def grouped(lines) -> list[tuple[Proposal, list[ProposalLine]]]:
    """Lines grouped by proposal, in order (for the checkbox lists)."""
    groups: dict[int, tuple[Proposal, list]] = {}
    for line in lines:
        groups.setdefault(line.proposal_id, (line.proposal, []))[1].append(line)
    return list(groups.values())


# Council meetings ------------------------------------------------------------------------------


class MeetingForm(forms.ModelForm):
    """A planned meeting of a council the user writes for; the chair is a person of the bodies' subtrees."""

    class Meta:
        model = CouncilMeeting
        fields = ["unit", "year", "date", "place", "chair", "quorum_share", "notes"]
        widgets = {"date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"quorum_share": gettext_lazy("Ví dụ 0,667 = 2/3 tổng số thành viên; để trống: theo bộ quy tắc.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _bodies(self.fields["unit"], user)
        bodies = self.fields["unit"].queryset
        paths = list(bodies.values_list("path", flat=True)[:50])
        people = Person.objects.none()
        if paths:
            roots = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
            query = Person.objects.filter(unit__path__startswith=roots[0])
            for root in roots[1:]:
                query = query | Person.objects.filter(unit__path__startswith=root)
            people = query
        self.fields["chair"].queryset = people.select_related("unit").order_by("full_name", "pk")
        self.fields["chair"].label_from_instance = lambda p: f"{p.full_name} ({p.unit.code})"
        self.fields["quorum_share"].required = False
        self.fields["quorum_share"].initial = None


class MembersForm(forms.Form):
    """The members' list as posted: ``person`` (ids, in order), ``role_<id>``, ``present_<id>``.
    Only people of the body's subtree are accepted."""

    def __init__(self, data, *, meeting: CouncilMeeting):
        super().__init__(data)
        self.meeting = meeting

    def clean(self):
        ids = [int(x) for x in self.data.getlist("person") if x.isdigit()]
        found = {p.pk: p for p in Person.objects.filter(pk__in=ids, unit__path__startswith=self.meeting.unit.path)}
        if missing := [str(i) for i in ids if i not in found]:
            raise forms.ValidationError(
                _("Chỉ chọn cán bộ thuộc đơn vị của Hội đồng (mã %(ids)s).") % {"ids": ", ".join(missing)}
            )
        seen, members = set(), []
        for pk in ids:
            if pk in seen:
                continue
            seen.add(pk)
            role = self.data.get(f"role_{pk}", "").strip()[:120]
            members.append((found[pk], self.data.get(f"present_{pk}") == "1", role))
        return {"members": members}


def agenda_candidates(meeting: CouncilMeeting):
    """Proposal lines the meeting may review: under review, addressed to its council."""
    return (
        _lines_query()
        .filter(proposal__to_unit=meeting.unit, proposal__status=Proposal.Status.REVIEW)
        .order_by("-proposal__year", "proposal__unit__path", "proposal_id", "order", "pk")
    )


class AgendaForm(forms.Form):
    lines = LineChoiceField(queryset=ProposalLine.objects.none(), required=False, label=gettext_lazy("Nội dung xét"))

    def __init__(self, *args, meeting: CouncilMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].queryset = agenda_candidates(meeting)


# Decisions ------------------------------------------------------------------------------------

DECISION_TEXT_FIELDS = [
    "symbol",
    "subject",
    "legal_basis",
    "achievement_text",
    "signer_name",
    "signer_position",
    "signer_authority",
    "place",
]


def approved_free_lines(user):
    """Lines the council approved, addressed to a body the user writes for, in no decision yet."""
    bodies = awards_perms.body_units_for_user(user, write=True)
    return (
        _lines_query()
        .filter(outcome=ProposalLine.Outcome.APPROVED, decision_line__isnull=True, proposal__to_unit__in=bodies)
        .order_by("-proposal__year", "proposal__unit__path", "proposal_id", "order", "pk")
    )


def undecided_lines(user):
    """Lines a higher level's decision may name: under or after review, not rejected, in no decision yet."""
    bodies = awards_perms.body_units_for_user(user, write=True)
    return (
        _lines_query()
        .filter(
            decision_line__isnull=True,
            proposal__to_unit__in=bodies,
            proposal__status__in=[Proposal.Status.REVIEW, Proposal.Status.REVIEWED],
        )
        .exclude(outcome=ProposalLine.Outcome.REJECTED)
        .order_by("-proposal__year", "proposal__unit__path", "proposal_id", "order", "pk")
    )


def current_bodies(user):
    """The bodies the user prepares council work and decisions for, as they stand today: an
    abolished unit (a merged district, a renamed ward's old row) is not offered."""
    return awards_perms.body_units_for_user(user, write=True).active_on(timezone.localdate()).order_by("path")


def _bodies(field, user):
    field.queryset = current_bodies(user)
    field.label_from_instance = lambda u: f"{u.code} – {u.name}"


class DecisionForm(forms.ModelForm):
    """A draft: the issuing body, the texts, the signer; on creation the approved lines it decides."""

    class Meta:
        model = Decision
        fields = ["issuing_unit", *DECISION_TEXT_FIELDS, "date"]
        widgets = {"date": DATE_WIDGET, "legal_basis": forms.Textarea(attrs={"rows": 4})}
        labels = {"date": gettext_lazy("Ngày ký dự kiến")}

    def __init__(self, *args, user, create: bool = True, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if create:
            _bodies(self.fields["issuing_unit"], user)
            self.fields["lines"] = LineChoiceField(
                queryset=approved_free_lines(user), label=gettext_lazy("Người, tập thể được khen thưởng")
            )
            if meeting is not None and not self.is_bound:
                self.fields["lines"].initial = list(self.fields["lines"].queryset.filter(meetings=meeting))
                self.fields["issuing_unit"].initial = meeting.unit_id
        else:
            del self.fields["issuing_unit"]


EXTERNAL_MAIN_FIELDS = [
    "issuing_unit",
    "issuer_name",
    "number",
    "symbol",
    "date",
    "year",
    "kind",
    "subject",
    "signer_position",
    "signer_name",
    "achievement_text",
    "scan",
]
EXTERNAL_RECIPIENT_FIELDS = ["honour", "codes", "recipients_file"]


class ExternalDecisionForm(forms.Form):
    """A higher level's decision recorded from its issuer, number, date, signer, recipients and the
    scan of the signed paper (PDF, optional)."""

    issuing_unit = forms.ModelChoiceField(Unit.objects.none(), label=gettext_lazy("Đơn vị lưu hồ sơ"))
    issuer_name = forms.CharField(
        label=gettext_lazy("Cấp ban hành"),
        max_length=200,
        help_text=gettext_lazy("Ví dụ: Thủ tướng Chính phủ, Chủ tịch nước."),
    )
    number = forms.IntegerField(label=gettext_lazy("Số"), min_value=1)
    symbol = forms.CharField(label=gettext_lazy("Ký hiệu"), max_length=40, help_text=gettext_lazy("Ví dụ QĐ-TTg."))
    date = forms.DateField(label=gettext_lazy("Ngày ký"), widget=DATE_WIDGET)
    subject = forms.CharField(label=gettext_lazy("Trích yếu"), max_length=300, required=False)
    signer_position = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Ví dụ: Bộ trưởng, Thứ trưởng."),
    )
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=120, required=False)
    achievement_text = forms.CharField(
        label=gettext_lazy("Thành tích ghi trong quyết định"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Để trống: bằng ghi thành tích nêu trong đề nghị."),
    )
    scan = forms.FileField(
        label=gettext_lazy("Bản chụp quyết định (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm thành tích"),
        min_value=1945,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("Để trống: năm của đề nghị; không có đề nghị thì năm ký quyết định."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại khen thưởng"),
        choices=[("", gettext_lazy("— Theo đề nghị (không có: công trạng, thành tích) —")), *CommendationKind.choices],
        required=False,
    )
    lines = LineChoiceField(
        queryset=ProposalLine.objects.none(),
        label=gettext_lazy("Người, tập thể được khen thưởng"),
        required=False,
    )
    honour = forms.ChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức khen thưởng"),
        required=False,
        help_text=gettext_lazy(
            "Cho người, tập thể chọn từ danh sách, mã dán không ghi kèm mã khen thưởng và dòng tệp để trống cột đó."
        ),
    )
    codes = forms.CharField(
        label=gettext_lazy("Dán mã cán bộ, mã đơn vị (mỗi dòng một mã)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Mã cán bộ, mã định danh hoặc mã đơn vị; có thể ghi kèm mã danh hiệu, hình thức sau dấu chấm phẩy, "
            "ví dụ QB000002; CSTDCS."
        ),
    )
    recipients_file = forms.FileField(
        label=gettext_lazy("Hoặc nhập danh sách từ tệp Excel (.xlsx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=gettext_lazy(
            "Các cột: Mã cán bộ hoặc mã đơn vị; Mã danh hiệu, hình thức khen thưởng; "
            "Số lần mức lương cơ sở và Tiền thưởng (đồng) nếu quyết định ghi."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _bodies(self.fields["issuing_unit"], user)
        self.fields["lines"].queryset = undecided_lines(user)
        self.fields["honour"].choices = [("", gettext_lazy("— Chọn —")), *honour_choices()]
