"""``{% disclosure_switch obj allowed %}``: the "Công khai" switch of a decision or a proposal page, with
the public link while it is published (commendation.services.disclosure)."""

from django import template
from django.urls import reverse

from commendation.models import Decision
from commendation.services import disclosure

register = template.Library()


@register.inclusion_tag("commendation/disclosure/_switch.html", takes_context=True)
def disclosure_switch(context, obj, allowed: bool):
    """The switch for ``obj`` (a Decision or a Proposal) when ``allowed`` and it can be published; the
    public link for whoever reads the page while it is on the public page."""
    if isinstance(obj, Decision):
        public = obj.published_at is not None and obj.status in disclosure.PUBLIC_DECISION
        possible = obj.status == Decision.Status.ISSUED or public
        link = reverse("commendation:public_decision", args=[obj.issuing_unit.ref, obj.pk])
        action = reverse("commendation:decision_publish", args=[obj.pk])
        kind = "decision"
    else:
        public = disclosure.nominees_public(obj)
        possible = obj.status in disclosure.OPEN_FOR_COMMENT
        link = reverse("commendation:public_nominees", args=[obj.to_unit.ref, obj.pk])
        action = reverse("commendation:proposal_publish", args=[obj.pk])
        kind = "proposal"
    return {
        "show": possible and (allowed or public),
        "allowed": allowed,
        "public": public,
        "link": link if public else "",
        "absolute": context["request"].build_absolute_uri(link) if "request" in context else link,
        "action": action,
        "kind": kind,
        "csrf_token": context.get("csrf_token"),
    }
