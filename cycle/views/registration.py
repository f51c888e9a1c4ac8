"""Registration (đăng ký thi đua) pages: the block's board, a member unit's registration, its
confirmation, its Excel import, and the Excel template."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cycle import permissions, registration_xlsx
from cycle.models import Registration, TargetResult
from cycle.services import CycleError
from cycle.services import registration as services
from cycle.services.target_results import ResultData, confirm_target_results, record_target_results
from documents.xlsx import upload_problem
from honours.models import Recipient, Title

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PEOPLE = 500  # officers listed on the page; a larger unit registers the rest from Excel
MORE_ROWS = 3


class TitlesForm(forms.Form):
    titles = forms.MultipleChoiceField(
        label=gettext_lazy("Danh hiệu tập thể đăng ký"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, collective: list[Title], **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {str(t.pk): t for t in collective}
        self.fields["titles"].choices = [(pk, t.name) for pk, t in self.by_pk.items()]


class PeopleForm(forms.Form):
    """One title select per officer listed; choices are built once, so rendering and cleaning 300
    officers costs no query."""

    NONE = "none"  # "apply to all": nobody registers

    def __init__(self, *args, officers, individual: list[Title], **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = officers
        self.by_pk = {str(t.pk): t for t in individual}
        choices = [("", _("— Không đăng ký —")), *((pk, t.name) for pk, t in self.by_pk.items())]
        # "Áp dụng cho tất cả": one choice set for every officer listed (static/js/registration.js does it at
        # once; without script the button posts and the page comes back with every select set, unsaved).
        self.fields["all"] = forms.ChoiceField(
            label=_("Danh hiệu cho tất cả cán bộ"),
            choices=[("", _("— Chọn —")), (self.NONE, _("— Không đăng ký —")), *choices[1:]],
            required=False,
        )
        for person in officers:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(label=person.full_name, choices=choices, required=False)

    def apply_to_all(self, data, prefix: str) -> tuple[bool, str]:
        """Set every officer's choice in ``data`` (a mutable POST copy) to the "all" choice: (True, the note
        for the page), or (False, a refusal) when nothing valid was chosen."""
        choice = data.get(f"{prefix}-all", "")
        if choice != self.NONE and choice not in self.by_pk:
            return False, _("Hãy chọn danh hiệu để áp dụng cho tất cả cán bộ.")
        for person in self.officers:
            data[f"{prefix}-p{person.pk}"] = "" if choice == self.NONE else choice
        name = _("Không đăng ký") if choice == self.NONE else self.by_pk[choice].name
        return True, _("Đã chọn “%(title)s” cho %(n)s cán bộ. Bấm “Lưu đăng ký” để lưu.") % {
            "title": name,
            "n": len(self.officers),
        }

    @property
    def rows(self):
        return [(person, self[f"p{person.pk}"]) for person in self.officers]

    def pairs(self):
        return [
            (person, self.by_pk[self.cleaned_data[f"p{person.pk}"]])
            for person in self.officers
            if self.cleaned_data[f"p{person.pk}"]
        ]


class TargetForm(forms.Form):
    # Placeholders name the fields where a phone shows no column header.
    text = forms.CharField(
        label=gettext_lazy("Nội dung chỉ tiêu"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Nội dung chỉ tiêu")}),
    )
    value = forms.DecimalField(
        label=gettext_lazy("Giá trị"),
        max_digits=12,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Giá trị"), "inputmode": "decimal"}),
    )
    measure = forms.CharField(
        label=gettext_lazy("Đơn vị tính"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Đơn vị tính")}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("text") and (data.get("value") is not None or data.get("measure")):
            self.add_error("text", _("Cần ghi nội dung chỉ tiêu."))
        return data


TargetFormSet = formset_factory(TargetForm, extra=MORE_ROWS, max_num=200, validate_max=True)


class ResultsForm(forms.Form):
    """The year-end result of each saved target: a choice and an optional value achieved."""

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        choices = [("", _("— Chưa ghi —")), *TargetResult.choices]
        for target in targets:
            self.fields[f"r{target.pk}"] = forms.ChoiceField(
                label=_("Kết quả"), choices=choices, required=False, initial=target.result
            )
            self.fields[f"v{target.pk}"] = forms.DecimalField(
                label=_("Giá trị đạt được"),
                max_digits=12,
                decimal_places=2,
                required=False,
                localize=True,
                initial=target.achieved_value,
                widget=forms.TextInput(attrs={"placeholder": _("Giá trị đạt được"), "inputmode": "decimal"}),
            )

    @property
    def rows(self):
        return [(t, self[f"r{t.pk}"], self[f"v{t.pk}"]) for t in self.targets]

    def results(self) -> dict:
        data = self.cleaned_data
        return {t.pk: ResultData(data[f"r{t.pk}"], data[f"v{t.pk}"]) for t in self.targets}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if problem := upload_problem(upload.name, upload.size):
            raise forms.ValidationError(problem)
        return upload


class EditPage:
    """The three forms of a unit's registration page, bound to the POST or to what is saved."""

    def __init__(self, request, block, unit, *, bind: bool = True):
        self.block, self.unit, self.user = block, unit, request.user
        self.registration = (
            Registration.objects.filter(block=block, unit=unit)
            .prefetch_related("titles", "targets", "people__person__unit", "people__title")
            .first()
        )
        titles = list(Title.objects.filter(active=True))
        officers = services.unit_officers(unit, limit=MAX_PEOPLE + 1)
        self.capped, officers = len(officers) > MAX_PEOPLE, officers[:MAX_PEOPLE]
        saved = list(self.registration.people.all()) if self.registration else []
        shown = {p.pk for p in officers}
        # Registrations of officers beyond the cap are kept as they are; of people who left the unit, dropped.
        self.kept = [r for r in saved if self._inside(r.person) and r.person_id not in shown]
        self.departed = [r for r in saved if not self._inside(r.person)]
        data = request.POST.copy() if bind and request.method == "POST" else None
        if data is not None and "more" in data:
            total = data.get("targets-TOTAL_FORMS", "0")
            data["targets-TOTAL_FORMS"] = str(int(total) + MORE_ROWS if total.isdigit() else MORE_ROWS)
        initial = self.registration
        self.titles = TitlesForm(
            data,
            prefix="titles",
            collective=[t for t in titles if t.recipient == Recipient.COLLECTIVE],
            initial={"titles": [str(t.pk) for t in initial.titles.all()] if initial else []},
        )
        self.people = PeopleForm(
            data,
            prefix="people",
            officers=officers,
            individual=[t for t in titles if t.recipient == Recipient.INDIVIDUAL],
            initial={f"p{r.person_id}": str(r.title_id) for r in saved},
        )
        self.targets = TargetFormSet(
            data,
            prefix="targets",
            initial=[{"text": t.text, "value": t.value, "measure": t.measure} for t in initial.targets.all()]
            if initial
            else [],
        )
        self.results = ResultsForm(prefix="results", targets=list(initial.targets.all()) if initial else [])
        self.applied = self.people.apply_to_all(data, "people") if data is not None and "apply_all" in data else None
        self.adding_rows = data is not None and ("more" in data or "apply_all" in data)

    def _inside(self, person) -> bool:
        return person.unit is not None and person.unit.path.startswith(self.unit.path)

    def is_valid(self) -> bool:
        return not self.adding_rows and all([self.titles.is_valid(), self.people.is_valid(), self.targets.is_valid()])

    def cleaned(self) -> dict:
        return {
            "titles": [self.titles.by_pk[pk] for pk in self.titles.cleaned_data["titles"]],
            "targets": [
                services.TargetData(f["text"], f["value"], f["measure"])
                for f in self.targets.cleaned_data
                if f.get("text")
            ],
            "people": [*self.people.pairs(), *((r.person, r.title) for r in self.kept)],
        }

    def context(self) -> dict:
        return {
            "nav": "cycle",
            "khoi": self.block,
            "unit": self.unit,
            "registration": self.registration,
            "titles_form": self.titles,
            "people_form": self.people,
            "targets": self.targets,
            "capped": self.capped,
            "max_people": MAX_PEOPLE,
            "departed": self.departed,
            "applied": self.applied,
            "results_form": self.results,
            # After the deadline the results are what the unit comes for: the page shows them first.
            "results_first": self.block.registration_deadline is not None
            and timezone.localdate() > self.block.registration_deadline,
            "closed": services.deadline_problem(self.block, self.user),
            "can_confirm": services.can_confirm_registration(self.user, self.block, self.unit),
            "can_lead": permissions.can_lead_block(self.user, self.block),
        }


@login_required
def registration_board(request, pk):
    """For the block's leader, deputy and manager; a member unit's officer is taken to their unit's page."""
    block = permissions.get_block_for_user(request.user, pk)
    mine = permissions.member_units_for(request.user, block)
    if not permissions.can_lead_block(request.user, block):
        if not mine:
            raise PermissionDenied
        return redirect("cycle:registration_edit", pk=block.pk, unit_pk=mine[0].pk)
    return render(
        request,
        "cycle/registration_board.html",
        {"nav": "cycle", "khoi": block, "board": services.registration_board(block), "mine": {u.pk for u in mine}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(request, pk, unit_pk):
    block = permissions.get_block_for_user(request.user, pk)
    unit = permissions.get_member_unit_for_user(request.user, block, unit_pk)
    page = EditPage(request, block, unit)
    if request.method == "POST" and page.is_valid():
        try:
            services.save_registration(block, unit, by=request.user, **page.cleaned())
        except CycleError as error:
            page.titles.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu đăng ký thi đua của %(unit)s.") % {"unit": unit.code})
            return redirect("cycle:registration_edit", pk=block.pk, unit_pk=unit.pk)
    return render(request, "cycle/registration_edit.html", page.context())


@login_required
@require_POST
def registration_results(request, pk, unit_pk):
    """The unit records its targets' results at year-end (not stopped by the registration deadline)."""
    block = permissions.get_block_for_user(request.user, pk)
    unit = permissions.get_member_unit_for_user(request.user, block, unit_pk)
    registration = Registration.objects.filter(block=block, unit=unit).prefetch_related("targets").first()
    form = ResultsForm(request.POST, prefix="results", targets=list(registration.targets.all()) if registration else [])
    if not form.is_valid():
        page = EditPage(request, block, unit, bind=False)
        page.results = form
        return render(request, "cycle/registration_edit.html", page.context(), status=422)
    try:
        changed = record_target_results(block, unit, form.results(), by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi kết quả %(n)s chỉ tiêu của %(unit)s.") % {"n": changed, "unit": unit.code})
    return redirect("cycle:registration_edit", pk=block.pk, unit_pk=unit.pk)


@login_required
@require_POST
def registration_results_confirm(request, pk, unit_pk):
    """The block's runners confirm a unit's results, from the board."""
    block = permissions.get_block_for_user(request.user, pk, lead=True)
    unit = permissions.get_member_unit_for_reader(request.user, block, unit_pk)
    try:
        confirm_target_results(block, unit, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã xác nhận kết quả thực hiện chỉ tiêu của %(unit)s.") % {"unit": unit.code})
    return redirect("cycle:registration_board", pk=block.pk)


@login_required
def registration_export(request, pk, unit_pk):
    """The unit's registration as the import file, with the results columns to fill at year-end."""
    block = permissions.get_block_for_user(request.user, pk)
    unit = permissions.get_member_unit_for_reader(request.user, block, unit_pk)
    registration = (
        Registration.objects.filter(block=block, unit=unit)
        .prefetch_related("targets", "people__person", "people__title")
        .first()
    )
    people, targets = registration_xlsx.registration_rows(registration) if registration else ([], [])
    content = registration_xlsx.template_workbook(
        list(Title.objects.filter(active=True)), people=people, targets=targets
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{block.year}-{unit.pk}.xlsx"'
    return response


@login_required
@require_POST
def registration_confirm(request, pk, unit_pk):
    block = permissions.get_block_for_user(request.user, pk)
    unit = permissions.get_member_unit_for_user(request.user, block, unit_pk)
    try:
        services.confirm_registration(block, unit, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã xác nhận đăng ký thi đua của %(unit)s.") % {"unit": unit.code})
    return redirect("cycle:registration_edit", pk=block.pk, unit_pk=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def registration_import(request, pk, unit_pk):
    block = permissions.get_block_for_user(request.user, pk)
    unit = permissions.get_member_unit_for_user(request.user, block, unit_pk)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    outcome = None
    if form.is_bound and form.is_valid():
        try:
            outcome = services.import_registration_xlsx(block, unit, form.cleaned_data["file"], by=request.user)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            if outcome.ok:
                messages.success(request, _imported_message(outcome))
                return redirect("cycle:registration_edit", pk=block.pk, unit_pk=unit.pk)
    return render(
        request,
        "cycle/registration_import.html",
        {"nav": "cycle", "khoi": block, "unit": unit, "form": form, "outcome": outcome},
    )


def _imported_message(outcome) -> str:
    if not outcome.changed:
        return _("Đã đọc tệp: %(people)s dòng cán bộ, %(targets)s chỉ tiêu; không có gì thay đổi.") % {
            "people": outcome.people,
            "targets": outcome.targets,
        }
    return _("Đã nhập từ tệp: %(people)s dòng cán bộ, %(targets)s chỉ tiêu.") % {
        "people": outcome.people,
        "targets": outcome.targets,
    }


@login_required
def registration_template(request):
    content = registration_xlsx.template_workbook(list(Title.objects.filter(active=True)))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{registration_xlsx.FILENAME}"'
    return response
