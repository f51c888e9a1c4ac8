"""Public notices of a council meeting and their comments (issue 15): filled in by the commendation work."""

from api.routers.common import Router

router = Router(tags=["decisions: notices"], operation_ids="api_routers_notices")
