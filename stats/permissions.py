"""Which figures a user may read: the units they read (their read subtrees), a block they may see,
a movement they may see. Outsiders get 404 for a scope outside theirs."""

from django.http import Http404

from cycle import permissions as cycle_perms
from cycle.models import BlockMember
from honours.models import Level, Recipient
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Unit
from organisation.params import FIRST_YEAR, current_year, int_or_none, review_year
from stats.tallies import FORM, TITLE, Scope


def scope_for(user, params) -> Scope:
    """The scope asked for by ``params`` (the URL's query string), checked against the user.

    unit=<pk>: that unit's subtree; block=<pk>: its member units' subtrees in its year;
    movement=<pk>: those of its blocks' members in its year; none: everything the user reads (404 for a plain officer)."""
    last = current_year()
    year_to = int_or_none(params.get("year_to")) or int_or_none(params.get("year")) or review_year()
    year_from = int_or_none(params.get("year_from")) or int_or_none(params.get("year")) or year_to - 9
    if not (FIRST_YEAR <= year_from <= year_to <= last + 1):
        raise Http404
    narrowing = {
        "recipient": params.get("recipient", "") if params.get("recipient", "") in Recipient.values else "",
        "kind": params.get("kind", "") if params.get("kind", "") in (TITLE, FORM) else "",
        "level": params.get("level", "") if params.get("level", "") in Level.values else "",
    }
    admin = org_perms.is_admin(user)
    reads = org_perms.read_paths(user)
    if (block_pk := int_or_none(params.get("block"))) is not None:
        khoi = cycle_perms.get_block_for_user(user, block_pk)
        paths = BlockMember.objects.filter(block=khoi).values_list("unit__path", flat=True)
        return Scope(khoi.year, khoi.year, _paths(paths), label=khoi.name, extra={"block": khoi}, **narrowing)
    if (movement_pk := int_or_none(params.get("movement"))) is not None:
        movement = cycle_perms.get_movement_for_user(user, movement_pk)
        paths = BlockMember.objects.filter(block__movement=movement).values_list("unit__path", flat=True)
        return Scope(
            movement.year,
            movement.year,
            _paths(paths),
            label=movement.name,
            extra={"movement": movement},
            **narrowing,
        )
    if (unit_pk := int_or_none(params.get("unit"))) is not None:
        unit = Unit.objects.filter(pk=unit_pk).first()
        if unit is None or not (admin or tree.path_within(unit.path, reads)):
            raise Http404
        return Scope(year_from, year_to, (unit.path,), label=unit.name, extra={"unit": unit}, **narrowing)
    if admin:
        return Scope(year_from, year_to, None, label=str(_all_label()), **narrowing)
    if not reads:
        raise Http404
    return Scope(year_from, year_to, tuple(tree.outermost(reads)), label=str(_all_label()), **narrowing)


def _paths(paths) -> tuple[str, ...]:
    """The outermost of the paths (a member under another member adds nothing), sorted."""
    return tuple(sorted(tree.outermost(set(paths))))


def _all_label():
    from django.utils.translation import gettext_lazy as _

    return _("Toàn bộ phạm vi của tôi")
