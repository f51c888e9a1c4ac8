"""What the routers share: the Router that pins operation ids, the decorators that turn a refusal by
the rules into a 422, and the lookups several nouns make (units, a council's body, proposal lines).

A router module per noun; each calls the services and the permissions of its app, and holds no
business rule of its own.
"""

import functools

import ninja
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from commendation import permissions as awards_perms
from commendation.models import ProposalLine
from cycle.services import CycleError
from eligibility.services import AwardsError
from organisation.models import Unit
from voting.services import VotingError


class Router(ninja.Router):
    """A ninja Router whose operations are published as ``<operation_ids>_<view name>``.

    The OpenAPI operation ids are part of the API's contract (clients are generated from them), and
    ninja derives its default from the view's module; so each router names its prefix, that of the
    module its views were first published from (``api_routers_cycle`` for the yearly cycle,
    ``api_routers_awards`` for the awards), and moving a view between modules changes nothing. An
    explicit ``operation_id`` on a route still wins.
    """

    def __init__(self, *, operation_ids: str, **kwargs):
        super().__init__(**kwargs)
        self.operation_ids = operation_ids

    def add_api_operation(self, path, methods, view_func, *, operation_id=None, **kwargs):
        operation_id = operation_id or f"{self.operation_ids}_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, operation_id=operation_id, **kwargs)


def refusals(*errors: type[Exception]):
    """A decorator: a change refused by the rules (one of ``errors``) is a 422 with the rule's
    (Vietnamese) message."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except errors as error:
                raise HttpError(422, str(error)) from error

        return wrapper

    return decorator


cycle_refusals = refusals(CycleError)
voting_refusals = refusals(VotingError)
council_refusals = refusals(AwardsError, VotingError)


def awards_refusals(view):
    """A change refused by the awards' rules (``AwardsError``, or a model validation error) is a 422
    with the rule's (Vietnamese) message; so is a year that no rule set covers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AwardsError as error:
            raise HttpError(422, str(error)) from error
        except ValidationError as error:
            raise HttpError(422, " ".join(error.messages)) from error
        except LookupError as error:
            if isinstance(error, KeyError):
                raise
            raise HttpError(422, str(error)) from error

    return wrapper


def units_by_id(ids: list[int]) -> list[Unit]:
    """Units by id, in the order given; an unknown id is a 422 (any unit may be a block member, as in
    the UI, where members outside the managing body are named by their refs)."""
    found = Unit.objects.in_bulk(ids)
    if missing := [i for i in ids if i not in found]:
        raise HttpError(422, _("Không tìm thấy đơn vị: %(refs)s.") % {"refs": ", ".join(map(str, missing))})
    return [found[i] for i in ids]


def council_body(user, pk: int, *, write: bool = True) -> Unit:
    """The unit whose council (Hội đồng TĐKT) meets and decides: 404 for one whose meetings and
    decisions the user does not read, 403 for one they read but do not change."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not awards_perms.reads_body(user, unit):
        raise Http404
    if write and not awards_perms.writes_body(user, unit):
        raise HttpError(403, "Bạn chỉ có quyền xem, không có quyền thay đổi mục này.")
    return unit


def proposal_lines(ids: list[int]) -> list[ProposalLine]:
    """Proposal lines by id; an unknown id is a 422."""
    lines = list(ProposalLine.objects.filter(pk__in=ids))
    if len(lines) != len(set(ids)):
        raise HttpError(422, "Có dòng đề nghị không tồn tại.")
    return lines
