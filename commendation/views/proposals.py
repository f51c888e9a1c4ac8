"""Proposals: the list with the review dashboard per movement, a proposal with its lines (engine
verdicts, justifications, quota warnings, the dossier; a page of lines at a time, filtered, in
``proposal_lines``), the achievement report of a line, and the
public notice before the council meets.

Access through ``commendation.permissions.get_proposal_for_user`` (outsiders 404, read-only roles 403);
every change through ``commendation.services`` (``proposals`` and the modules around it: ``prefill``,
``verdicts``, ``dossier_files``, ``notices``), whose refusals are shown as they are.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commendation import dossier, permissions
from commendation import jobs as document_jobs
from commendation.models import AchievementReport, CouncilMeeting, DossierFile, Proposal, ProposalLine
from commendation.services import proposals as wf
from commendation.services.dashboard import dashboard
from commendation.services.dossier_files import achievement_report_text, attach_dossier_file, set_achievement_report
from commendation.services.notices import add_notice_comment, notice_candidates, preselected, publish_notice
from commendation.services.prefill import prefill_from_registration_and_engine
from commendation.services.quotas import quota_warnings
from commendation.services.verdicts import check_lines
from commendation.views.proposal_lines import lines_context
from cycle.models import Movement
from cycle.uploads import ACCEPT
from eligibility.services import AwardsError
from honours.models import AwardForm, CommendationKind, Title
from organisation import permissions as org_perms
from organisation import tree
from organisation.forms import DATE_WIDGET
from organisation.models import Person, Unit
from organisation.params import current_year, int_or_none, review_year, year_from

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# Forms ----------------------------------------------------------------------------------------


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["unit", "to_unit", "year", "kind", "movement", "title", "achievement", "number"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        writable = org_perms.writable_units(user).order_by("path")
        self.fields["unit"].queryset = writable
        ancestors = tree.ids_in_paths(u.path for u in writable[:200])
        self.fields["to_unit"].queryset = Unit.objects.filter(pk__in=ancestors).order_by("path")
        self.fields["movement"].queryset = Movement.objects.order_by("-year", "name")


class LineForm(forms.Form):
    """One recipient (a person or a unit found by the search) and a title or a form — two selects."""

    holder = forms.CharField(label=gettext_lazy("Cá nhân / tập thể"))
    title = forms.ModelChoiceField(
        Title.objects.filter(active=True).order_by("recipient", "rank"),
        required=False,
        label=gettext_lazy("Danh hiệu thi đua"),
    )
    award_form = forms.ModelChoiceField(
        AwardForm.objects.filter(active=True).order_by("recipient", "rank"),
        required=False,
        label=gettext_lazy("Hình thức khen thưởng"),
    )
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Tóm tắt thành tích")
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("title")) == bool(data.get("award_form")):
            raise forms.ValidationError(_("Chọn một danh hiệu hoặc một hình thức khen thưởng, không chọn cả hai."))
        return data

    def holder_of(self, proposal: Proposal) -> dict:
        kind, _sep, pk = self.cleaned_data["holder"].partition(":")
        path = proposal.unit.path
        if kind == "p" and pk.isdigit():
            return {"person": get_object_or_404(Person, pk=pk, unit__path__startswith=path)}
        if kind == "u" and pk.isdigit():
            return {"unit": get_object_or_404(Unit, pk=pk, path__startswith=path)}
        raise Http404


class ReportForm(forms.ModelForm):
    class Meta:
        model = AchievementReport
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 24})}


class NoticeForm(forms.Form):
    opens_on = forms.DateField(label=gettext_lazy("Công khai từ ngày"), widget=DATE_WIDGET)
    closes_on = forms.DateField(label=gettext_lazy("đến ngày"), widget=DATE_WIDGET)


# The list and the dashboard -------------------------------------------------------------------


@login_required
def proposal_list(request):
    year = year_from(request, default=review_year())  # the year under review's proposals
    status, unit_pk = request.GET.get("status", ""), int_or_none(request.GET.get("unit"))
    visible = permissions.visible_proposals(request.user)
    rows = visible.filter(year=year).select_related("unit", "to_unit", "movement").order_by("unit__path", "-created_at")
    if status in Proposal.Status.values:
        rows = rows.filter(status=status)
    if unit_pk:
        rows = rows.filter(unit_id=unit_pk)
    from django.db.models import Count

    return render(
        request,
        "commendation/proposals/list.html",
        {
            "year": year,
            "years": range(current_year(), current_year() - 7, -1),
            "status": status,
            "unit_pk": unit_pk,
            "statuses": Proposal.Status.choices,
            "dashboard": dashboard(visible, year=year),
            "proposals": rows.annotate(n_lines=Count("lines"))[:500],
            "units": org_perms.visible_units(request.user).filter(parent__isnull=False).order_by("path")[:300],
            "can_create": org_perms.is_admin(request.user) or bool(org_perms.write_paths(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    if not (org_perms.is_admin(request.user) or org_perms.write_paths(request.user)):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, user=request.user, initial={"year": review_year()})
    if request.method == "POST" and form.is_valid():
        try:
            proposal = wf.create_proposal(by=request.user, **form.cleaned_data)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            return redirect("commendation:proposal_detail", proposal.pk)
    return render(request, "commendation/proposals/form.html", {"form": form})


# A proposal ------------------------------------------------------------------------------------


@login_required
def proposal_detail(request, pk):
    proposal = permissions.get_proposal_for_user(request.user, pk)
    can_write = org_perms.can_write_unit(request.user, proposal.unit)
    q = request.GET.get("q", "").strip()
    people, units = [], []  # a person is offered the titles and forms for individuals, a unit the collective ones
    if q and can_write and proposal.status in wf.EDITABLE:
        path = proposal.unit.path
        people = [
            (f"p:{p.pk}", f"{p.full_name} ({p.unit.code})")
            for p in Person.objects.search(q).filter(unit__path__startswith=path).select_related("unit")[:30]
        ]
        units = [
            (f"u:{u.pk}", f"{u.name} ({u.code})") for u in Unit.objects.search(q).filter(path__startswith=path)[:10]
        ]
    return render(
        request,
        "commendation/proposals/detail.html",
        {
            "proposal": proposal,
            **lines_context(request, proposal),  # one page of lines, filtered
            "can_write": can_write,
            "editable": can_write and proposal.status in wf.EDITABLE,
            "can_review": wf.reviews_for(request.user, proposal.to_unit),
            "warnings": quota_warnings(proposal),
            "files": proposal.files.select_related("line"),
            "q": q,
            "matches": people + units,
            "holder_groups": [
                (
                    "person",
                    people,
                    Title.objects.filter(active=True).for_individuals().order_by("rank"),
                    AwardForm.objects.filter(active=True).for_individuals().order_by("rank"),
                ),
                (
                    "unit",
                    units,
                    Title.objects.filter(active=True).for_units().order_by("rank"),
                    AwardForm.objects.filter(active=True).for_units().order_by("rank"),
                ),
            ],
            "line_form": LineForm(),
            "file_kinds": DossierFile.Kind.choices,
            "accept": ACCEPT,
        },
    )


def _act(request, action, pk, *, write=False, review=False, done=""):
    """Fetch the proposal with the access asked, run ``action(proposal)``, show its refusal or ``done``."""
    proposal = permissions.get_proposal_for_user(request.user, pk, write=write, review=review)
    try:
        action(proposal)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    return redirect("commendation:proposal_detail", proposal.pk)


@login_required
@require_POST
def line_add(request, pk):
    proposal = permissions.get_proposal_for_user(request.user, pk, write=True)
    form = LineForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("commendation:proposal_detail", proposal.pk)
    holder = form.holder_of(proposal)
    return _act(
        request,
        lambda p: wf.add_line(
            p,
            by=request.user,
            **holder,
            title=form.cleaned_data["title"],
            award_form=form.cleaned_data["award_form"],
            summary=form.cleaned_data["summary"],
        ),
        pk,
        write=True,
        done=_("Đã thêm vào đề nghị."),
    )


def _line(proposal: Proposal, line_pk) -> ProposalLine:
    return get_object_or_404(
        ProposalLine.objects.select_related("person", "unit", "title", "award_form"), pk=line_pk, proposal=proposal
    )


@login_required
@require_POST
def line_remove(request, pk, line_pk):
    return _act(
        request,
        lambda p: wf.remove_line(_line(p, line_pk), by=request.user),
        pk,
        write=True,
        done=_("Đã xoá dòng đề nghị."),
    )


@login_required
@require_POST
def line_justify(request, pk, line_pk):
    text = request.POST.get("justification", "")
    return _act(
        request,
        lambda p: wf.set_justification(_line(p, line_pk), text, by=request.user),
        pk,
        write=True,
        done=_("Đã lưu giải trình."),
    )


@login_required
@require_POST
def proposal_prefill(request, pk):
    def prefill(p):
        created = prefill_from_registration_and_engine(p, by=request.user)
        if p.kind == CommendationKind.SENIORITY:
            done = _("Đã thêm %(n)s trường hợp đủ niên hạn (huy chương, kỷ niệm chương).")
        else:
            done = _("Đã thêm %(n)s trường hợp từ đăng ký thi đua và danh sách đủ điều kiện.")
        messages.success(request, done % {"n": len(created)})
        if created.skipped:  # remembered exclusions (commendation.services.batch.exclude_lines)
            messages.info(request, _("Bỏ qua %(n)s trường hợp đã loại khỏi đề nghị trước đó.") % {"n": created.skipped})

    return _act(request, prefill, pk, write=True)


@login_required
@require_POST
def proposal_check(request, pk):
    return _act(
        request,
        lambda p: check_lines(p, by=request.user),
        pk,
        write=True,
        done=_("Đã kiểm tra lại điều kiện các dòng đề nghị."),
    )


@login_required
@require_POST
def proposal_submit(request, pk):
    return _act(request, lambda p: wf.submit_proposal(p, by=request.user), pk, write=True, done=_("Đã trình đề nghị."))


@login_required
@require_POST
def proposal_resubmit(request, pk):
    return _act(
        request, lambda p: wf.resubmit_proposal(p, by=request.user), pk, write=True, done=_("Đã trình lại đề nghị.")
    )


@login_required
@require_POST
def proposal_return(request, pk):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        lambda p: wf.return_proposal(p, reason=reason, by=request.user),
        pk,
        review=True,
        done=_("Đã trả lại đề nghị."),
    )


@login_required
@require_POST
def proposal_start_review(request, pk):
    return _act(
        request,
        lambda p: wf.start_review(p, by=request.user),
        pk,
        review=True,
        done=_("Đã đưa đề nghị ra Hội đồng xét."),
    )


@login_required
@require_POST
def file_upload(request, pk):
    upload = request.FILES.get("file")
    line_pk = int_or_none(request.POST.get("line"))

    def attach(p):
        attach_dossier_file(
            p, upload, kind=request.POST.get("kind", ""), by=request.user, line=_line(p, line_pk) if line_pk else None
        )

    return _act(request, attach, pk, write=True, done=_("Đã tải lên tài liệu."))


@login_required
def file_download(request, pk, file_pk):
    proposal = permissions.get_proposal_for_user(request.user, pk)
    stored = get_object_or_404(DossierFile, pk=file_pk, proposal=proposal)
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.original_name)


def _attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def memo_download(request, pk):
    proposal = permissions.get_proposal_for_user(request.user, pk)
    return _attachment(dossier.memo_docx(proposal), f"to-trinh-{proposal.pk}.docx", DOCX)


@login_required
def report_download(request, pk, line_pk):
    proposal = permissions.get_proposal_for_user(request.user, pk)
    line = _line(proposal, line_pk)
    return _attachment(dossier.report_docx(line), f"bao-cao-thanh-tich-{line.pk}.docx", DOCX)


@login_required
def dossier_download(request, pk):
    """The dossier built now: a small proposal's (a big one's is a job, ``dossier_job``)."""
    proposal = permissions.get_proposal_for_user(request.user, pk)
    if not document_jobs.is_small(proposal.lines.count()):
        messages.info(request, _("Hồ sơ có nhiều dòng: bấm “Toàn bộ hồ sơ (.zip)” để lập hồ sơ ở chế độ nền."))
        return redirect("commendation:proposal_detail", proposal.pk)
    return _attachment(dossier.dossier_zip(proposal), document_jobs.dossier_filename(proposal.pk), "application/zip")


@login_required
@require_POST
def dossier_job(request, pk):
    """The page's dossier button: a big proposal's dossier as a job (its page follows it), a small one's at once."""
    proposal = permissions.get_proposal_for_user(request.user, pk)
    if document_jobs.is_small(proposal.lines.count()):
        return redirect("commendation:proposal_dossier_zip", proposal.pk)
    job = document_jobs.start_dossier(proposal, by=request.user)
    return redirect("jobs:job_detail", job.pk)


@login_required
def dossier_file(request, pk, job_pk):
    """The dossier a job built, for whoever reads the proposal (404 otherwise)."""
    proposal = permissions.get_proposal_for_user(request.user, pk)
    name, filename = document_jobs.stored_file(job_pk, document_jobs.DOSSIER, proposal_id=proposal.pk)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk, line_pk):
    proposal = permissions.get_proposal_for_user(request.user, pk, write=request.method == "POST")
    line = _line(proposal, line_pk)
    text, _saved = achievement_report_text(line)
    form = ReportForm(request.POST or None, instance=AchievementReport(line=line, text=text))
    if request.method == "POST" and form.is_valid():
        try:
            set_achievement_report(line, text=form.cleaned_data["text"], by=request.user)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu báo cáo thành tích."))
            return redirect("commendation:proposal_detail", proposal.pk)
    return render(
        request,
        "commendation/proposals/report.html",
        {"proposal": proposal, "line": line, "form": form, "editable": proposal.status in wf.EDITABLE},
    )


# The public notice --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request, meeting_pk):
    meeting = get_object_or_404(CouncilMeeting.objects.select_related("unit"), pk=meeting_pk)
    if not permissions.reads_unit(request.user, meeting.unit):
        raise Http404
    if not wf.reviews_for(request.user, meeting.unit):
        raise PermissionDenied
    candidates = notice_candidates(meeting)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = [x for x in candidates if str(x.pk) in request.POST.getlist("lines")]
        try:
            notice = publish_notice(meeting, chosen, by=request.user, **form.cleaned_data)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            return redirect("commendation:notice_detail", notice.pk)
    return render(
        request,
        "commendation/proposals/notice_form.html",
        {
            "meeting": meeting,
            "form": form,
            "candidates": candidates,
            "checked": preselected(candidates),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    notice = permissions.get_notice_for_user(request.user, pk)
    units = permissions.notice_comment_units(request.user, notice)
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise PermissionDenied
        line = notice.lines.filter(pk=int_or_none(request.POST.get("line")) or 0).first()
        try:
            add_notice_comment(notice, unit=unit, text=request.POST.get("text", ""), line=line, by=request.user)
        except AwardsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã gửi ý kiến góp ý."))
        return redirect("commendation:notice_detail", notice.pk)
    return render(
        request,
        "commendation/proposals/notice.html",
        {
            "notice": notice,
            "units": units,
            "kinds": CommendationKind,
            "lines": notice.lines.select_related("person__unit", "unit", "title", "award_form", "proposal__unit"),
            "comments": notice.comments.select_related("unit", "line__person", "line__unit"),
        },
    )
