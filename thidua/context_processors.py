"""What every page's frame needs to know about the user: which menu entries lead somewhere for them."""

from organisation import permissions as org_perms


def menu(request) -> dict:
    """Menu entries a user's roles may open: the statistics need a read role (or the admin), the Excel
    import a write role. The others open for every signed-in user (each page narrows to their scope)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": {
            "stats": org_perms.is_admin(user) or bool(org_perms.read_paths(user)),
            "import": org_perms.can_import(user),
        }
    }
