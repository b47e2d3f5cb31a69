"""The directory: structures (organisations) and personnes (contacts)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from qic.history import history_for
from qic.htmx import paginate, render_page_or_fragment
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.filters import PersonneFilter, StructureFilter
from quartiers.forms import PersonneForm, StructureForm
from quartiers.models import Personne, Site, Structure
from quartiers.querysets import CHANGE


@vary_on_headers("HX-Request")
def structure_list(request):
    structures = (
        Structure.objects.for_user(request.user)
        .select_related("commune")
        .annotate(personne_count=Count("personnes", distinct=True))
        .order_by("name", "pk")
    )
    filterset = StructureFilter(request.GET, queryset=structures)
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "can_create": perms.can_create_directory_entry(request.user),
    }
    return render_page_or_fragment(request, "quartiers/structure_list.html", context)


def structure_detail(request, pk):
    structure = get_object_or_404(
        Structure.objects.for_user(request.user).select_related("commune"), pk=pk
    )
    context = {
        "structure": structure,
        "can_change": perms.can_change(request.user, structure),
        "personnes": Personne.objects.for_user(request.user).filter(structure=structure),
        "trinome_sites": Site.objects.for_user(request.user)
        .filter(trinome_mandates__structure=structure, trinome_mandates__end_date__isnull=True)
        .distinct(),
        "accompanied_sites": Site.objects.for_user(request.user)
        .filter(accompaniments__centre=structure)
        .distinct(),
        "history": history_for(structure),
    }
    return render(request, "quartiers/structure_detail.html", context)


@idempotent_create
def structure_create(request):
    if not perms.can_create_directory_entry(request.user):
        raise PermissionDenied
    form = StructureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        structure = form.save(commit=False)
        structure.created_by = request.user
        structure.save()
        messages.success(request, _("La structure « %(name)s » a été créée.") % {"name": structure})
        return redirect(structure)
    return render(request, "quartiers/structure_form.html", {"form": form, "structure": None})


def structure_edit(request, pk):
    structure = perms.get_object_or_deny(request.user, Structure.objects.all(), CHANGE, pk=pk)
    form = StructureForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La structure a été enregistrée."))
        return redirect(structure)
    return render(request, "quartiers/structure_form.html", {"form": form, "structure": structure})


@vary_on_headers("HX-Request")
def personne_list(request):
    personnes = (
        Personne.objects.for_user(request.user)
        .select_related("structure")
        .order_by("last_name", "first_name", "pk")
    )
    filterset = PersonneFilter(request.GET, queryset=personnes)
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "can_create": perms.can_create_directory_entry(request.user),
    }
    return render_page_or_fragment(request, "quartiers/personne_list.html", context)


def personne_detail(request, pk):
    personne = get_object_or_404(
        Personne.objects.for_user(request.user).select_related("structure"), pk=pk
    )
    context = {
        "personne": personne,
        "can_change": perms.can_change(request.user, personne),
        "sites": Site.objects.for_user(request.user).filter(personnes=personne),
        "mandates": personne.trinome_mandates.filter(
            site__in=Site.objects.for_user(request.user).values("pk")
        ).select_related("site", "structure"),
        "history": history_for(personne),
    }
    return render(request, "quartiers/personne_detail.html", context)


@idempotent_create
def personne_create(request):
    if not perms.can_create_directory_entry(request.user):
        raise PermissionDenied
    form = PersonneForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personne = form.save(commit=False)
        personne.created_by = request.user
        personne.save()
        form.save_m2m()
        messages.success(
            request, _("%(personne)s a été ajoutée à l'annuaire.") % {"personne": personne}
        )
        return redirect(personne)
    return render(request, "quartiers/personne_form.html", {"form": form, "personne": None})


def personne_edit(request, pk):
    personne = perms.get_object_or_deny(request.user, Personne.objects.all(), CHANGE, pk=pk)
    form = PersonneForm(request.POST or None, instance=personne, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La fiche a été enregistrée."))
        return redirect(personne)
    return render(request, "quartiers/personne_form.html", {"form": form, "personne": personne})
