"""The shared indicator library (definitions, cross-site comparison, proposals) and
vision templates (saved from an adopted vision, used to start a new site's vision)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qic import charts
from qic.history import history_for
from qic.htmx import paginate, render_page_or_fragment
from qic.idempotency import idempotent_create
from quartiers import perms as site_perms
from quartiers.querysets import CHANGE
from visions import perms, sharing
from visions.forms import DefinitionForm, StartFromTemplateForm, TemplateForm
from visions.models import (
    Indicator,
    IndicatorDefinition,
    TemplateIndicator,
    TemplateObjective,
    Vision,
    VisionTemplate,
)
from visions.views.common import apply_errors, load_site


@vary_on_headers("HX-Request")
def definition_list(request):
    definitions = IndicatorDefinition.objects.for_user(request.user).annotate(
        indicator_count=Count("indicators", distinct=True)
    )
    words = request.GET.get("q", "").strip()[:200]
    for word in words.split()[:10]:
        definitions = definitions.filter(Q(name__icontains=word) | Q(definition__icontains=word))
    status = request.GET.get("statut", "")
    if status in ("validee", "proposee"):
        definitions = definitions.filter(status=status)
    context = {
        "page_obj": paginate(request, definitions.order_by("name", "pk")),
        "words": words,
        "status": status,
        "can_curate": perms.can_curate_library(request.user),
    }
    return render_page_or_fragment(request, "visions/definition_list.html", context)


def definition_detail(request, pk):
    definition = site_perms.get_object_or_deny(
        request.user, IndicatorDefinition.objects.all(), pk=pk
    )
    # The comparison: every indicator using it that the user may see, one per site.
    indicators = list(
        Indicator.objects.for_user(request.user)
        .filter(definition=definition)
        .select_related("objective__vision__site")
        .order_by("objective__vision__site__name", "name", "pk")
    )
    measured = [i for i in indicators if i.latest_value is not None]
    chart = (
        charts.bar_chart(
            [(i.objective.vision.site.name, float(round(i.latest_value, 1))) for i in measured],
            chart_id=f"comparaison-{definition.pk}",
            title=_("Dernière valeur par site : %(name)s") % {"name": definition.name},
            description=_("Le tableau ci-dessous donne les mêmes valeurs."),
        )
        if measured
        else ""
    )
    context = {
        "definition": definition,
        "indicators": indicators,
        "chart": chart,
        "can_curate": perms.can_curate_library(request.user),
        "history": history_for(definition),
    }
    return render(request, "visions/definition_detail.html", context)


def _curator(request):
    if not perms.can_curate_library(request.user):
        raise PermissionDenied


@idempotent_create
def definition_create(request):
    _curator(request)
    form = DefinitionForm(request.POST or None, initial={"status": "validee"})
    if request.method == "POST" and form.is_valid():
        definition = form.save()
        messages.success(request, _("La définition est ajoutée à la bibliothèque."))
        return redirect(definition)
    return render(request, "visions/definition_form.html", {"form": form, "definition": None})


def definition_edit(request, pk):
    _curator(request)
    definition = site_perms.get_object_or_deny(
        request.user, IndicatorDefinition.objects.all(), CHANGE, pk=pk
    )
    form = DefinitionForm(request.POST or None, instance=definition)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La définition est enregistrée."))
        return redirect(definition)
    return render(request, "visions/definition_form.html", {"form": form, "definition": definition})


@require_POST
def indicator_propose(request, pk):
    """A site proposes its own indicator's definition to the library."""
    indicator = site_perms.get_object_or_deny(
        request.user, Indicator.objects.select_related("objective__vision__site"), CHANGE, pk=pk
    )
    try:
        definition = sharing.definition_propose(indicator=indicator, author=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(indicator)
    messages.success(
        request,
        _("La définition « %(name)s » est proposée à la bibliothèque ; l'ANCT la relira.")
        % {"name": definition.name},
    )
    return redirect(indicator)


# --- Templates -------------------------------------------------------------------------


def template_list(request):
    templates = (
        VisionTemplate.objects.for_user(request.user)
        .annotate(objective_count=Count("objectives", distinct=True))
        .order_by("name", "pk")
    )
    return render(
        request,
        "visions/template_list.html",
        {"page_obj": paginate(request, templates)},
    )


def template_detail(request, pk):
    template = site_perms.get_object_or_deny(request.user, VisionTemplate.objects.all(), pk=pk)
    objectives = list(
        TemplateObjective.objects.filter(template=template)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=TemplateIndicator.objects.select_related("definition").order_by(
                    "name", "pk"
                ),
            )
        )
    )
    context = {
        "template": template,
        "objectives": objectives,
        "themes": list(template.action_themes.all()),
        "history": history_for(template),
    }
    return render(request, "visions/template_detail.html", context)


@idempotent_create
def template_create(request, pk):
    """ANCT or a resource centre saves a template from a site's adopted vision."""
    site = load_site(request, pk)
    if not perms.can_save_template(request.user):
        raise PermissionDenied
    vision = Vision.objects.filter(site=site).first()
    form = TemplateForm(
        request.POST or None,
        initial={"name": _("Modèle inspiré de %(site)s") % {"site": site.name}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if vision is None:
                raise ValidationError(_("Ce site n'a pas encore de vision."))
            template = sharing.template_from_vision(
                vision=vision,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                author=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Le modèle « %(name)s » est enregistré.") % {"name": template.name}
            )
            return redirect(template)
    return render(
        request, "visions/template_form.html", {"form": form, "site": site, "vision": vision}
    )


def vision_from_template(request, pk):
    """A new site starts its vision from a template, then adapts it."""
    site = load_site(request, pk, CHANGE)
    vision = Vision.objects.filter(site=site).first()
    form = StartFromTemplateForm(request.POST or None, has_vision=vision is not None)
    if request.method == "POST" and form.is_valid():
        try:
            sharing.vision_start_from_template(
                site=site,
                template=form.cleaned_data["template"],
                statement=form.cleaned_data.get("statement", ""),
                horizon=form.cleaned_data.get("horizon"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "La vision reprend les objectifs et indicateurs du modèle. Adaptez-les et "
                    "renseignez vos valeurs de référence."
                ),
            )
            return redirect("visions:vision_tree", pk=site.pk)
    return render(
        request, "visions/vision_from_template.html", {"form": form, "site": site, "vision": vision}
    )
