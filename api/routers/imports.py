"""Excel imports through the API (issue 15): filled in by the organisation work."""

from api.routers.common import Router

router = Router(tags=["imports"], operation_ids="api_routers_imports")
