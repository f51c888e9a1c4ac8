"""Disclosure (công khai): the office puts a decision or a proposal's nominees on the body's public
page, and anyone reads those pages' data with no credentials.

The switches go through ``commendation.services.disclosure`` with the access of the pages: the
decision's body office (``get_decision_for_user(write=True)``), the receiving body's office for a
proposal (``get_proposal_for_user(review=True)``); outsiders 404, read-only roles 403, a refusal by
the rules 422. The public reads are ``auth=None``, cacheable for five minutes, 404 for a body with
nothing published."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query

from api.routers.common import Router, council_refusals
from api.schemas.common import PathId
from api.schemas.disclosure import (
    BodyOut,
    NomineeListOut,
    PublicDecisionPage,
    PublicDecisionsQuery,
    PublishIn,
    PublishOut,
)
from commendation import permissions as awards_perms
from commendation.models import Decision
from commendation.services import disclosure

router = Router(operation_ids="api_routers_disclosure", tags=["disclosure"])
CACHE = "public, max-age=300"


def _publish_out(obj, *, public: bool, url: str) -> dict:
    return {"id": obj.pk, "published": public, "published_at": obj.published_at, "public_url": url if public else ""}


@router.post("/decisions/{pk}/publish", response=PublishOut, summary="Công khai hoặc thôi công khai quyết định")
@council_refusals
def publish_decision(request, pk: PathId, data: PublishIn):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    decision = disclosure.publish_decision(decision, by=request.auth, published=data.published)
    url = reverse("commendation:public_decision", args=[decision.issuing_unit.ref, decision.pk])
    return _publish_out(decision, public=decision.published_at is not None, url=url)


@router.post(
    "/proposals/{pk}/publish",
    response=PublishOut,
    summary="Công khai hoặc thôi công khai danh sách đề nghị để lấy ý kiến",
)
@council_refusals
def publish_proposal(request, pk: PathId, data: PublishIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, review=True)
    proposal = disclosure.publish_proposal(proposal, by=request.auth, published=data.published)
    url = reverse("commendation:public_nominees", args=[proposal.to_unit.ref, proposal.pk])
    return _publish_out(proposal, public=disclosure.nominees_public(proposal), url=url)


@router.get("/public/bodies", auth=None, response=list[BodyOut], summary="Các cơ quan có nội dung công khai")
def public_bodies(request, response: HttpResponse):
    response["Cache-Control"] = CACHE
    return [
        {"ref": b.unit.ref, "name": b.unit.name, "decisions": b.decisions, "nominee_lists": b.nominee_lists}
        for b in disclosure.public_bodies()
    ]


def _body(ref: str):
    unit = disclosure.public_body(ref)
    if unit is None:
        raise Http404
    return unit


def _recipients(found) -> list[dict]:
    return [vars(r) for r in found]


def _decision_out(unit, decision: Decision) -> dict:
    signer = " ".join(x for x in (decision.signer_authority, decision.signer_position, decision.signer_name) if x)
    return {
        "id": decision.pk,
        "number": decision.number,
        "symbol": decision.symbol,
        "date": decision.date,
        "subject": decision.subject,
        "issuer": disclosure.issuer(decision),
        "signer": signer if decision.signer_name else "",
        "status": decision.status,
        "annulled": decision.status == Decision.Status.ANNULLED,
        "url": reverse("commendation:public_decision", args=[unit.ref, decision.pk]),
        "recipients": _recipients(disclosure.decision_recipients(decision)),
    }


@router.get(
    "/public/bodies/{ref}/decisions",
    auth=None,
    response=PublicDecisionPage,
    summary="Quyết định khen thưởng đã công khai của một cơ quan (20 một trang)",
)
def public_decisions(request, ref: str, query: Query[PublicDecisionsQuery], response: HttpResponse):
    unit = _body(ref)
    response["Cache-Control"] = CACHE
    page = Paginator(disclosure.search_decisions(unit, query.q), disclosure.PAGE_SIZE).get_page(query.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_decision_out(unit, d) for d in page],
    }


@router.get(
    "/public/bodies/{ref}/nominees",
    auth=None,
    response=list[NomineeListOut],
    summary="Danh sách đề nghị khen thưởng đang công khai để lấy ý kiến",
)
def public_nominees(request, ref: str, response: HttpResponse):
    unit = _body(ref)
    response["Cache-Control"] = CACHE
    return [
        {
            "id": p.pk,
            "title": p.title,
            "proposing_unit": p.unit.name,
            "year": p.year,
            "published_on": timezone.localdate(p.published_at),
            "url": reverse("commendation:public_nominees", args=[unit.ref, p.pk]),
            "nominees": _recipients(disclosure.nominees(p)),
        }
        for p in disclosure.nominee_lists(unit)
    ]
