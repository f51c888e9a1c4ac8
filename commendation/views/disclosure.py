"""Disclosure (công khai): the public pages with no sign-in — the bodies with something published, a
body's published decisions and nominee lists open for comment, one decision, one nominee list — and
the office's switches on the decision and proposal pages.

The public pages are cacheable for five minutes by anyone (``Cache-Control: public``): they render
on their own base template, which reads no session and asks for no CSRF token, so a response never
carries a cookie a shared cache could hand to someone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from commendation import permissions as awards_perms
from commendation.services import disclosure
from eligibility.services import AwardsError

public = cache_control(public=True, max_age=300)


def _body(ref: str):
    unit = disclosure.public_body(ref)
    if unit is None:
        raise Http404
    return unit


@require_GET
@public
def public_bodies(request):
    """The bodies with published decisions or nominee lists, with how many of each."""
    return render(request, "commendation/disclosure/bodies.html", {"bodies": disclosure.public_bodies()})


@require_GET
@public
def public_body(request, ref):
    """A body's published decisions (newest first, 20 a page, ``?q=`` a recipient's name) and its
    nominee lists open for comment."""
    unit = _body(ref)
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(disclosure.search_decisions(unit, q), disclosure.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "commendation/disclosure/body.html",
        {
            "unit": unit,
            "page": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "lists": disclosure.nominee_lists(unit),
        },
    )


@require_GET
@public
def public_decision(request, ref, pk):
    """One published decision: reference, date, subject, issuer and its recipients as issued."""
    unit = _body(ref)
    decision = get_object_or_404(disclosure.published_decisions(unit).select_related("issuing_unit"), pk=pk)
    return render(
        request,
        "commendation/disclosure/decision.html",
        {
            "unit": unit,
            "decision": decision,
            "issuer": disclosure.issuer(decision),
            "recipients": disclosure.decision_recipients(decision),
        },
    )


@require_GET
@public
def public_nominees(request, ref, pk):
    """One nominee list open for comment: who is proposed for what, from which unit."""
    unit = _body(ref)
    proposal = get_object_or_404(disclosure.open_nominee_lists(unit).select_related("unit"), pk=pk)
    return render(
        request,
        "commendation/disclosure/nominees.html",
        {"unit": unit, "proposal": proposal, "recipients": disclosure.nominees(proposal)},
    )


def _published(request) -> bool:
    return request.POST.get("published") in ("1", "on", "true")


@login_required
@require_POST
def decision_publish(request, pk):
    """The decision page's "Công khai" switch: the body's office."""
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    published = _published(request)
    try:
        disclosure.publish_decision(decision, by=request.user, published=published)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã công khai quyết định.") if published else _("Đã thôi công khai quyết định."))
    return redirect("commendation:decision_detail", pk=pk)


@login_required
@require_POST
def proposal_publish(request, pk):
    """The proposal page's "Công khai danh sách" switch: the receiving body's office."""
    proposal = awards_perms.get_proposal_for_user(request.user, pk, review=True)
    published = _published(request)
    try:
        disclosure.publish_proposal(proposal, by=request.user, published=published)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã công khai danh sách đề nghị để lấy ý kiến.")
            if published
            else _("Đã thôi công khai danh sách đề nghị."),
        )
    return redirect("commendation:proposal_detail", pk=pk)
