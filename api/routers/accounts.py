"""Users and their role grants under /api/v1/users (issue 15): filled in by the organisation work."""

from api.routers.common import Router

router = Router(tags=["users"], operation_ids="api_routers_accounts")
