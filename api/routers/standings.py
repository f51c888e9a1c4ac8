"""Block standings: each member unit's rank and share of the vote (for the Cờ thi đua), read,
recorded by the block's managing body, or taken from the scoring and the vote.

Access as in the UI, through ``cycle.permissions``; every change goes through
``eligibility.services``, whose refusals are a 422 with their Vietnamese message.
"""

from decimal import Decimal

from api.routers.common import Router, awards_refusals, units_by_id
from api.schemas.common import PathId
from api.schemas.standings import StandingsIn, StandingsOut
from cycle import permissions as cycle_perms
from eligibility import services

router = Router(operation_ids="api_routers_awards")

CENT = Decimal("0.01")


def _standings_out(block) -> dict:
    standings = {s.unit_id: s for s in block.standings.all()}
    members = [m.unit for m in block.memberships.select_related("unit").order_by("order", "unit__code")]
    rows = [
        {
            "unit": u,
            "rank": standings[u.pk].rank if u.pk in standings else None,
            "vote_share": standings[u.pk].vote_share if u.pk in standings else None,
        }
        for u in members
    ]
    source = next((s.source for s in standings.values() if s.source), "")
    return {"block": block.pk, "year": block.year, "source": source, "rows": rows}


@router.get(
    "/blocks/{block_id}/standings",
    response=StandingsOut,
    tags=["awards: block standings"],
    summary="Kết quả xếp hạng và tỷ lệ phiếu suy tôn của các đơn vị trong khối (xét Cờ thi đua)",
)
def get_standings(request, block_id: PathId):
    return _standings_out(cycle_perms.get_block_for_user(request.auth, block_id))


@router.put(
    "/blocks/{block_id}/standings",
    response=StandingsOut,
    tags=["awards: block standings"],
    summary="Ghi (thay toàn bộ) kết quả xếp hạng của khối: cơ quan quản lý khối",
)
@awards_refusals
def set_standings(request, block_id: PathId, payload: StandingsIn):
    block = cycle_perms.get_block_for_user(request.auth, block_id, write=True)
    units = units_by_id([r.unit for r in payload.rows])
    # As stored (2 decimals), so that the audit compares like with like on the next change.
    rows = [
        (unit, r.rank, None if r.vote_share is None else r.vote_share.quantize(CENT))
        for unit, r in zip(units, payload.rows, strict=True)
    ]
    services.set_block_standings(block, rows, by=request.auth, source=payload.source)
    return _standings_out(block)


@router.post(
    "/blocks/{block_id}/standings/from-results",
    response=StandingsOut,
    tags=["awards: block standings"],
    summary="Lấy kết quả xếp hạng từ bảng xếp hạng chấm điểm và tỷ lệ phiếu từ cuộc bỏ phiếu Cờ thi đua",
)
@awards_refusals
def standings_from_results(request, block_id: PathId):
    block = cycle_perms.get_block_for_user(request.auth, block_id, write=True)
    services.standings_from_results(block, by=request.auth)
    return _standings_out(block)
