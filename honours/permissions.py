"""Who may change the catalogue of honours (and the national tables read with it, such as the base
salary): the catalogue is one list for the whole force, kept by the administrator and by the
Ministry's emulation office (Thường trực Hội đồng TĐKT at a root unit). Everyone signed in reads it;
anyone else gets 403 on a write (the catalogue has no outsiders: nothing in it is out of scope)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from honours.models import AwardForm, Title
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role


def can_edit_catalogue(user) -> bool:
    """The administrator, or an emulation office whose grant is at a root unit (the Ministry)."""
    if org_perms.is_admin(user):
        return True
    return any(len(tree.path_ids(path)) == 1 for path in org_perms.paths_with_role(user, Role.EMULATION_OFFICE))


def require_catalogue_editor(user) -> None:
    if not can_edit_catalogue(user):
        raise PermissionDenied


def get_catalogue_entry_for_user(user, model: type[Title] | type[AwardForm], pk, *, write: bool = False):
    """A title or an award form by id: 404 when there is none, 403 on a write by a reader."""
    entry = model.objects.filter(pk=pk).first()
    if entry is None or not user.is_authenticated:
        raise Http404
    if write:
        require_catalogue_editor(user)
    return entry
