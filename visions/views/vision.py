"""The vision of a site: writing, adopting and revising it, its versions, its objectives
(the tree from the vision down to indicators and actions is in ``tree.py``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qic.concurrency import save_unless_changed
from qic.history import history_for
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.enums import SiteStatus
from quartiers.querysets import CHANGE
from visions import services
from visions.diff import word_diff
from visions.enums import VisionStatus
from visions.forms import ObjectiveForm, VisionAdoptForm, VisionForm
from visions.models import Indicator, Measurement, Objective, Vision
from visions.views.common import apply_errors, load_site, site_vision

# Values drawn in a sparkline.
SPARKLINE_POINTS = 12

STATUS_ACTIONS = {
    # target status → button label
    VisionStatus.CONCERTATION: gettext_lazy("Mettre en concertation"),
    VisionStatus.BROUILLON: gettext_lazy("Revenir au brouillon"),
    VisionStatus.REVISION: gettext_lazy("Ouvrir une révision"),
    VisionStatus.ADOPTEE: gettext_lazy("Clôturer la révision sans changement"),
}


def indicators_with_sparklines():
    """Indicators with progress annotations and their latest values for a sparkline,
    in a fixed number of queries (the sparkline values come from one query)."""
    return Indicator.objects.prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.order_by("-date", "-pk")[:SPARKLINE_POINTS],
            to_attr="recent_measurements",
        )
    )


def vision_detail(request, pk):
    site = load_site(request, pk)
    can_change = perms.can_change(request.user, site)
    vision = Vision.objects.filter(site=site).first()
    context = {
        "site": site,
        "vision": vision,
        "can_change": can_change,
        "versions": [],
        "status_actions": [],
        "site_status_hint": False,
        "history": [],
    }
    if vision is not None:
        versions = list(vision.versions.select_related("recorded_by").order_by("-number"))
        context.update(
            versions=versions,
            status_actions=[
                (status.value, STATUS_ACTIONS[status])
                for status in services.VISION_MOVES[VisionStatus(vision.status)]
            ],
            # The site's own path is kept by ANCT; point out when it lags behind.
            site_status_hint=vision.status == VisionStatus.ADOPTEE
            and site.status
            in (SiteStatus.REPERE, SiteStatus.CANDIDAT, SiteStatus.FORMATION_ACTION),
            history=history_for(vision),
        )
    return render(request, "visions/vision_detail.html", context)


@idempotent_create
def vision_create(request, pk):
    site = load_site(request, pk, CHANGE)
    existing = Vision.objects.filter(site=site).first()
    if existing is not None:
        if request.method == "POST" and existing.is_editable:
            return _written_meanwhile(request, site, existing)
        return redirect("visions:vision_detail", pk=site.pk)
    form = VisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vision = form.save(commit=False)
        vision.site = site
        try:
            with transaction.atomic():
                vision.save()
        except IntegrityError:  # created by someone else at this very moment
            return _written_meanwhile(request, site, Vision.objects.get(site=site))
        messages.success(request, _("Le brouillon de la vision est enregistré."))
        return redirect("visions:vision_detail", pk=site.pk)
    return render(request, "visions/vision_form.html", {"form": form, "site": site, "vision": None})


def _written_meanwhile(request, site, vision):
    """Someone wrote the vision while this person was writing theirs: handle the post as
    an edit of it, refused (with their text) unless the form already carries its version
    — which it does once the person has seen the conflict and submits again."""
    data = request.POST.copy()
    data.setdefault("version", "")
    if not data["version"]:
        data["version"] = "aucune"  # loaded empty: any existing text is a conflict
    form = VisionForm(data, instance=vision)
    conflict = None
    if form.is_valid():
        conflict = save_unless_changed(form, form.save)
        if conflict is None:
            messages.success(request, _("La vision est enregistrée."))
            return redirect("visions:vision_detail", pk=site.pk)
    return render(
        request,
        "visions/vision_form.html",
        {"form": form, "site": site, "vision": vision, "conflict": conflict},
    )


def vision_edit(request, pk):
    site = load_site(request, pk, CHANGE)
    vision = site_vision(site)
    if not vision.is_editable:
        messages.warning(
            request,
            _("La vision adoptée ne se modifie pas : ouvrez une révision pour la faire évoluer."),
        )
        return redirect("visions:vision_detail", pk=site.pk)
    form = VisionForm(request.POST or None, instance=vision)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = save_unless_changed(form, form.save)
        if conflict is None:
            messages.success(request, _("La vision est enregistrée."))
            return redirect("visions:vision_detail", pk=site.pk)
    return render(
        request,
        "visions/vision_form.html",
        {"form": form, "site": site, "vision": vision, "conflict": conflict},
    )


@require_POST
def vision_status(request, pk):
    site = load_site(request, pk, CHANGE)
    vision = site_vision(site)
    status = request.POST.get("status", "")
    if status not in VisionStatus.values:
        messages.error(request, _("Statut inconnu."))
        return redirect("visions:vision_detail", pk=site.pk)
    try:
        vision = services.vision_change_status(vision=vision, status=status)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("La vision est désormais « %(status)s ».") % {"status": vision.get_status_display()},
        )
    return redirect("visions:vision_detail", pk=site.pk)


@idempotent_create
def vision_adopt(request, pk):
    site = load_site(request, pk, CHANGE)
    vision = site_vision(site)
    if not vision.is_editable:
        messages.info(request, _("Cette vision est déjà adoptée."))
        return redirect("visions:vision_detail", pk=site.pk)
    form = VisionAdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.vision_adopt(
                vision=vision,
                adopted_on=form.cleaned_data["adopted_on"],
                adopted_by=form.cleaned_data["adopted_by"],
                author=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("La vision est adoptée : c'est sa version %(number)d.")
                % {"number": version.number},
            )
            return redirect("visions:vision_detail", pk=site.pk)
    return render(
        request, "visions/vision_adopt.html", {"form": form, "site": site, "vision": vision}
    )


CURRENT = "courant"


def version_diff(request, pk):
    """Compare two adopted versions (or a version with the text under revision)."""
    site = load_site(request, pk)
    vision = site_vision(site)
    versions = list(vision.versions.order_by("number"))
    if not versions:
        raise Http404(_("Cette vision n'a pas encore de version adoptée."))
    by_number = {str(v.number): v for v in versions}
    has_current = vision.status == VisionStatus.REVISION
    choices = [
        (
            str(v.number),
            _("version %(n)d du %(date)s")
            % {"n": v.number, "date": v.adopted_on.strftime("%d/%m/%Y")},
        )
        for v in versions
    ]
    if has_current:
        choices.append((CURRENT, _("texte en révision")))
    default_new = CURRENT if has_current else str(versions[-1].number)
    previous = versions[-1] if has_current else versions[max(0, len(versions) - 2)]
    default_old = str(previous.number)
    old_key = request.GET.get("de") or default_old
    new_key = request.GET.get("a") or default_new
    valid = {key for key, _label in choices}
    if old_key not in valid or new_key not in valid:
        raise Http404(_("Version inconnue."))

    def side(key):
        if key == CURRENT:
            label, source = _("texte en révision"), vision
        else:
            source = by_number[key]
            label = _("version %(n)d") % {"n": source.number}
        return {
            "label": label,
            "statement": source.statement,
            "horizon": source.horizon,
            "version": None if key == CURRENT else source,
        }

    old, new = side(old_key), side(new_key)
    context = {
        "site": site,
        "vision": vision,
        "choices": choices,
        "old_key": old_key,
        "new_key": new_key,
        "old": old,
        "new": new,
        "diff": word_diff(old["statement"], new["statement"]),
    }
    return render(request, "visions/version_diff.html", context)


# Objectives -------------------------------------------------------------------------


@idempotent_create
def objective_create(request, pk):
    site = load_site(request, pk, CHANGE)
    vision = site_vision(site)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        objective = services.objective_create(form=form, vision=vision)
        messages.success(
            request, _("L'objectif « %(title)s » est ajouté.") % {"title": objective.title}
        )
        return redirect(
            reverse("visions:vision_tree", args=[site.pk]) + f"#objectif-{objective.pk}"
        )
    return render(
        request,
        "visions/objective_form.html",
        {"form": form, "site": site, "vision": vision, "objective": None},
    )


def _objective(request, pk, action=CHANGE) -> Objective:
    return perms.get_object_or_deny(
        request.user, Objective.objects.select_related("vision__site"), action, pk=pk
    )


def objective_edit(request, pk):
    objective = _objective(request, pk)
    site = objective.vision.site
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'objectif est enregistré."))
        return redirect(
            reverse("visions:vision_tree", args=[site.pk]) + f"#objectif-{objective.pk}"
        )
    return render(
        request,
        "visions/objective_form.html",
        {"form": form, "site": site, "vision": objective.vision, "objective": objective},
    )


@require_POST
def objective_move(request, pk):
    objective = _objective(request, pk)
    offset = {"haut": -1, "bas": 1}.get(request.POST.get("sens", ""))
    if offset is None:
        messages.error(request, _("Sens de déplacement inconnu : l'ordre n'a pas changé."))
    else:
        services.objective_move(objective=objective, offset=offset)
    return redirect(
        reverse("visions:vision_tree", args=[objective.vision.site_id])
        + f"#objectif-{objective.pk}"
    )


def objective_delete(request, pk):
    objective = _objective(request, pk)
    site = objective.vision.site
    if request.method == "POST":
        objective.delete()
        messages.success(
            request, _("L'objectif « %(title)s » est supprimé.") % {"title": objective.title}
        )
        return redirect("visions:vision_tree", pk=site.pk)
    consequences = [
        _("%(count)d indicateur(s) et toutes leurs mesures")
        % {"count": objective.indicators.count()},
    ]
    return render(
        request,
        "visions/confirm_delete.html",
        {
            "site": site,
            "object_label": _("l'objectif « %(title)s »") % {"title": objective.title},
            "consequences": consequences,
            "cancel_url": reverse("visions:vision_tree", args=[site.pk]),
        },
    )
