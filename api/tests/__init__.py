"""Helpers shared by the API tests (fixtures live in the root conftest.py)."""

from organisation import services


def bearer(user, name: str = "tích hợp") -> dict:
    """Headers that authenticate as ``user`` with a freshly issued API key."""
    _token, raw = services.issue_api_token(user, name=name, by=user)
    return {"Authorization": f"Bearer {raw}"}
