import copy
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import history_of
from cycle import permissions
from cycle.forms import BlockForm, LeadersForm, MovementForm
from cycle.services import CycleError, blocks, progress
from organisation import permissions as org_perms
from organisation import tree
from organisation.params import current_year, year_from


@login_required
def movement_list(request):
    movements = permissions.visible_movements(request.user).select_related("launched_by").order_by("-year", "name")
    return render(
        request,
        "cycle/movement_list.html",
        {"nav": "cycle", "movements": movements, "can_create": org_perms.can_import(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request):
    if not org_perms.can_import(request.user):  # any write role may launch in its own scope
        raise PermissionDenied
    form = MovementForm(
        request.POST or None, units=org_perms.writable_units(request.user), initial={"year": current_year()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        movement = blocks.create_movement(
            by=request.user,
            covers=data["covers"],
            launched_by=data["launched_by"],
            **{k: data[k] for k in form.Meta.fields},
        )
        return redirect("cycle:movement_detail", pk=movement.pk)
    return render(request, "cycle/movement_form.html", {"nav": "cycle", "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request, pk):
    movement = permissions.get_movement_for_user(request.user, pk, write=True)
    form = MovementForm(
        request.POST or None, instance=copy.copy(movement), units=org_perms.writable_units(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        blocks.update_movement(
            movement,
            by=request.user,
            covers=data["covers"],
            launched_by=data["launched_by"],
            **{k: data[k] for k in form.Meta.fields},
        )
        return redirect("cycle:movement_detail", pk=movement.pk)
    return render(request, "cycle/movement_form.html", {"nav": "cycle", "form": form, "movement": movement})


@login_required
def movement_detail(request, pk):
    movement = permissions.get_movement_for_user(request.user, pk)
    block_list = list(
        permissions.visible_blocks(request.user)
        .filter(movement=movement)
        .select_related("leader", "deputy", "managed_by")
    )
    stats = progress.block_progress(block_list)
    context = {
        "nav": "cycle",
        "movement": movement,
        "rows": [(b, stats[b.pk]) for b in block_list],
        "covers": movement.covers.all(),
        "can_write": permissions.can_manage_movement(request.user, movement),
        "history": history_of(movement)[:50],
    }
    return render(request, "cycle/movement_detail.html", context)


@login_required
def block_list(request):
    year = year_from(request)  # no year: every year
    qs = permissions.visible_blocks(request.user).select_related("leader", "deputy", "managed_by", "movement")
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    if year is not None:
        qs = qs.filter(year=year)
    block_list = list(qs.order_by("-year", "managed_by__path", "number", "name"))
    stats = progress.block_progress(block_list)
    return render(
        request,
        "cycle/block_list.html",
        {
            "nav": "cycle",
            "rows": [(b, stats[b.pk]) for b in block_list],
            "years": years,
            "year": "" if year is None else str(year),  # compared with each option's text
            "can_create": org_perms.can_import(request.user),
        },
    )


def _block_form(request, instance=None):
    """Candidate members: the units directly under the managing body (for a new block, under the
    units the user manages); others are added by their refs."""
    today = datetime.date.today()
    if instance:
        candidates = tree.children(instance.managed_by, on=today)
    else:
        roots = request.user.grants.values_list("unit_id", flat=True)
        candidates = org_perms.writable_units(request.user).filter(parent_id__in=roots).active_on(today)
    movements = permissions.visible_movements(request.user).order_by("-year", "name")
    instance = copy.copy(instance) if instance else None  # the form must not change the original
    return BlockForm(
        request.POST or None,
        instance=instance,
        units=org_perms.writable_units(request.user),
        candidates=candidates,
        movements=movements,
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_create(request):
    if not org_perms.can_import(request.user):
        raise PermissionDenied
    form = _block_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            block = blocks.create_block(
                by=request.user,
                members=data["members"],
                managed_by=data["managed_by"],
                **{k: data[k] for k in form.Meta.fields},
            )
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã thành lập %(block)s.") % {"block": block})
            return redirect("cycle:block_edit", pk=block.pk)
    return render(request, "cycle/block_form.html", {"nav": "cycle", "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def block_edit(request, pk):
    block = permissions.get_block_for_user(request.user, pk, write=True)
    form = _block_form(request, instance=block)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # members and fields together, or neither
                blocks.set_block_members(block, data["members"], by=request.user)
                blocks.update_block(block, by=request.user, **{k: data[k] for k in form.Meta.fields})
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu thành viên và thông tin của khối."))
            return redirect("cycle:block_detail", pk=block.pk)
    return render(request, "cycle/block_form.html", {"nav": "cycle", "form": form, "khoi": block})


@login_required
def block_detail(request, pk):
    block = permissions.get_block_for_user(request.user, pk)
    context = {
        "nav": "cycle",
        "khoi": block,
        "members": progress.member_status(block),
        "history": blocks.block_history(block),
        "conferences": block.conferences.all(),
        "can_manage": permissions.can_manage_block(request.user, block),
        "can_lead": permissions.can_lead_block(request.user, block),
        "my_units": permissions.member_units_for(request.user, block),
        "audit": history_of(block)[:50],
        "next_year_problem": blocks.next_year_problem(block),
        "notices": blocks.block_notices(block),
    }
    return render(request, "cycle/block_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def block_leaders(request, pk):
    block = permissions.get_block_for_user(request.user, pk, write=True)
    form = LeadersForm(
        request.POST or None,
        members=block.members.all(),
        initial={"leader": block.leader, "deputy": block.deputy, "basis": block.leaders_basis},
    )
    if request.method == "POST" and form.is_valid():
        try:
            blocks.assign_block_leaders(block, by=request.user, **form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu khối trưởng, khối phó."))
            return redirect("cycle:block_detail", pk=block.pk)
    return render(request, "cycle/block_leaders.html", {"nav": "cycle", "form": form, "khoi": block})


@login_required
@require_POST
def block_copy(request, pk):
    block = permissions.get_block_for_user(request.user, pk, write=True)
    try:
        new = blocks.copy_block_to_next_year(block, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
        return redirect("cycle:block_detail", pk=block.pk)
    messages.success(request, _("Đã tạo %(block)s từ năm %(year)s.") % {"block": new, "year": block.year})
    return redirect("cycle:block_detail", pk=new.pk)
