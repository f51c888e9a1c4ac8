"""Where blocks and their members stand: read-only aggregates, a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Q

from cycle.models import Block, BlockMember, Pledge, PledgeSignature, Registration, Report


def block_progress(blocks: list[Block]) -> dict[int, dict]:
    """Per block: members, registrations (confirmed), current pledge's signatures, year-end reports
    submitted or accepted. Four queries whatever the number of blocks."""
    ids = [b.pk for b in blocks]
    result = {
        pk: {"members": 0, "registered": 0, "confirmed": 0, "signed": 0, "pledge": None, "reports": 0} for pk in ids
    }
    for row in BlockMember.objects.filter(block_id__in=ids).values("block_id").annotate(n=Count("id")):
        result[row["block_id"]]["members"] = row["n"]
    for row in (
        Registration.objects.filter(block_id__in=ids)
        .values("block_id")
        .annotate(n=Count("id"), confirmed=Count("id", filter=Q(status=Registration.Status.CONFIRMED)))
    ):
        result[row["block_id"]].update(registered=row["n"], confirmed=row["confirmed"])
    current = {}
    for pledge in Pledge.objects.filter(block_id__in=ids).exclude(status=Pledge.Status.SUPERSEDED).order_by("version"):
        current[pledge.block_id] = pledge
    signed = defaultdict(int)
    for row in (
        PledgeSignature.objects.filter(pledge__in=current.values()).values("pledge__block_id").annotate(n=Count("id"))
    ):
        signed[row["pledge__block_id"]] = row["n"]
    for pk, pledge in current.items():
        result[pk].update(pledge=pledge, signed=signed[pk])
    for row in (
        Report.objects.filter(
            block_id__in=ids, kind="year_end", status__in=[Report.Status.SUBMITTED, Report.Status.ACCEPTED]
        )
        .values("block_id")
        .annotate(n=Count("id"))
    ):
        result[row["block_id"]]["reports"] = row["n"]
    return result


def member_status(block: Block) -> list[dict]:
    """Each member unit of one block with its registration, signature and report statuses (4 queries)."""
    members = list(block.memberships.select_related("unit"))
    registrations = {r.unit_id: r for r in Registration.objects.filter(block=block)}
    pledge = block.pledges.exclude(status=Pledge.Status.SUPERSEDED).order_by("-version").first()
    signatures = {s.unit_id: s for s in PledgeSignature.objects.filter(pledge=pledge)} if pledge else {}
    reports = defaultdict(dict)
    for report in Report.objects.filter(block=block):
        reports[report.unit_id][report.kind] = report
    return [
        {
            "unit": m.unit,
            "registration": registrations.get(m.unit_id),
            "signature": signatures.get(m.unit_id),
            "reports": reports.get(m.unit_id, {}),
            "is_leader": m.unit_id == block.leader_id,
            "is_deputy": m.unit_id == block.deputy_id,
        }
        for m in members
    ]
