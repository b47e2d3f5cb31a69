"""The action plan: list with filters, board by status, action pages and milestones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qic.history import history_for
from qic.htmx import paginate, render_page_or_fragment
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.querysets import CHANGE, VIEW
from visions import services
from visions.enums import ActionStatus
from visions.filters import ActionFilter
from visions.forms import ActionForm, ActionMoveForm, MilestoneForm
from visions.models import Action, Milestone, Objective
from visions.views.common import load_site


def _site_actions(request, site):
    return (
        Action.objects.for_user(request.user)
        .filter(site=site)
        .select_related("porteur")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk"))
        )
    )


@vary_on_headers("HX-Request")
def action_list(request, pk):
    site = load_site(request, pk)
    filterset = ActionFilter(
        request.GET, queryset=_site_actions(request, site).order_by("title", "pk"), site=site
    )
    context = {
        "site": site,
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "can_change": perms.can_change(request.user, site),
    }
    return render_page_or_fragment(request, "visions/action_list.html", context)


def _board_context(request, site, can_change, *, moved=None, notice="", error=""):
    actions = list(_site_actions(request, site).order_by("title", "pk"))
    columns = [
        {"status": status, "actions": [a for a in actions if a.status == status]}
        for status in ActionStatus
    ]
    return {
        "site": site,
        "columns": columns,
        "can_change": can_change,
        "moved": moved,
        "notice": notice,
        "error": error,
        "today": timezone.localdate(),
    }


@vary_on_headers("HX-Request")
def action_board(request, pk):
    site = load_site(request, pk)
    context = _board_context(request, site, perms.can_change(request.user, site))
    return render_page_or_fragment(request, "visions/action_board.html", context, fragment="board")


def _action(request, pk, action=VIEW) -> Action:
    return perms.get_object_or_deny(
        request.user, Action.objects.select_related("site", "porteur"), action, pk=pk
    )


@require_POST
@vary_on_headers("HX-Request")
def action_move(request, pk):
    """One click on the board: the action moves to another column. With HTMX the board
    comes back updated; without, the browser returns to where it came from."""
    action = _action(request, pk, CHANGE)
    form = ActionMoveForm(request.POST, action=action)
    notice = error = ""
    if form.is_valid():
        try:
            action = services.action_move(
                action=action, status=form.cleaned_data["status"], author=request.user
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            notice = _("« %(title)s » est désormais « %(status)s ».") % {
                "title": action.title,
                "status": action.get_status_display(),
            }
    else:
        error = _("Ce déplacement n'est pas possible depuis « %(status)s ».") % {
            "status": action.get_status_display()
        }
    if request.htmx:
        context = _board_context(
            request, action.site, True, moved=action.pk, notice=notice, error=error
        )
        return render(request, "visions/action_board.html#board", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    if request.POST.get("retour") == "action":
        return redirect(action)
    return redirect(reverse("visions:action_board", args=[action.site_id]) + f"#action-{action.pk}")


def action_detail(request, pk):
    action = _action(request, pk)
    can_change = perms.can_change(request.user, action)
    context = {
        "site": action.site,
        "action": action,
        "objectives": list(action.objectives.order_by("position", "pk")),
        "partners": list(action.partners.order_by("name")),
        "milestones": list(action.milestones.all()),
        "can_change": can_change,
        "milestone_form": MilestoneForm() if can_change else None,
        "today": timezone.localdate(),
        "history": history_for(action),
    }
    return render(request, "visions/action_detail.html", context)


@idempotent_create
def action_create(request, pk):
    site = load_site(request, pk, CHANGE)
    initial = {}
    objective = request.GET.get("objectif", "")
    if objective.isdigit():
        initial["objectives"] = Objective.objects.filter(vision__site=site, pk=objective)
    form = ActionForm(request.POST or None, site=site, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.site = site
        action.save()
        form.save_m2m()
        messages.success(request, _("L'action « %(title)s » est créée.") % {"title": action.title})
        return redirect(action)
    return render(request, "visions/action_form.html", {"form": form, "site": site, "action": None})


def action_edit(request, pk):
    action = _action(request, pk, CHANGE)
    form = ActionForm(request.POST or None, instance=action, site=action.site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'action est enregistrée."))
        return redirect(action)
    return render(
        request, "visions/action_form.html", {"form": form, "site": action.site, "action": action}
    )


def action_delete(request, pk):
    action = _action(request, pk, CHANGE)
    if request.method == "POST":
        action.delete()
        messages.success(
            request, _("L'action « %(title)s » est supprimée.") % {"title": action.title}
        )
        return redirect("visions:action_list", pk=action.site_id)
    return render(
        request,
        "visions/confirm_delete.html",
        {
            "site": action.site,
            "object_label": _("l'action « %(title)s »") % {"title": action.title},
            "consequences": [
                _("%(count)d jalon(s)") % {"count": action.milestones.count()},
            ],
            "cancel_url": action.get_absolute_url(),
        },
    )


@idempotent_create
def milestone_create(request, pk):
    action = _action(request, pk, CHANGE)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        milestone = form.save(commit=False)
        milestone.action = action
        milestone.save()
        messages.success(request, _("Le jalon est ajouté."))
        return redirect(reverse("visions:action_detail", args=[action.pk]) + "#jalons")
    return render(
        request,
        "visions/milestone_form.html",
        {"form": form, "site": action.site, "action": action},
    )


def _milestone(request, pk) -> Milestone:
    return perms.get_object_or_deny(
        request.user, Milestone.objects.select_related("action"), CHANGE, pk=pk
    )


@require_POST
def milestone_toggle(request, pk):
    milestone = _milestone(request, pk)
    milestone.done = not milestone.done
    milestone.save(update_fields=["done", "updated_at"])
    return redirect(reverse("visions:action_detail", args=[milestone.action_id]) + "#jalons")


@require_POST
def milestone_delete(request, pk):
    milestone = _milestone(request, pk)
    milestone.delete()
    messages.success(
        request, _("Le jalon « %(title)s » est supprimé.") % {"title": milestone.title}
    )
    return redirect(reverse("visions:action_detail", args=[milestone.action_id]) + "#jalons")
