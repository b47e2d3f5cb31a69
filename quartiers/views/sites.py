"""Site pages: list, detail, create and edit, status, trinôme, accompaniments, access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.enums import Role
from accounts.models import User
from qic.htmx import paginate, render_page_or_fragment
from qic.idempotency import idempotent_create
from qic.ratelimit import rate_limited
from quartiers import events, perms, services
from quartiers.enums import TrinomeSeat
from quartiers.filters import SiteFilter
from quartiers.forms import (
    AccompanimentForm,
    SiteCreateForm,
    SiteForm,
    SiteMemberInviteForm,
    SiteStatusForm,
    TrinomeAssignForm,
)
from quartiers.models import Accompaniment, Quartier, Site, SiteAccess, TrinomeMandate
from quartiers.querysets import CHANGE, VIEW


def _site(request, pk, action=VIEW):
    return perms.get_object_or_deny(request.user, Site.objects.all(), action, pk=pk)


def _apply_form_errors(form, exc: ValidationError):
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@vary_on_headers("HX-Request")
def site_list(request):
    sites = (
        Site.objects.for_user(request.user)
        .select_related("cohort", "chef_de_projet")
        .prefetch_related(
            Prefetch("quartiers", queryset=Quartier.objects.select_related("departement"))
        )
        .order_by("name", "pk")
    )
    filterset = SiteFilter(request.GET, queryset=sites)
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page_obj": page,
        "can_create": perms.can_create_site(request.user),
    }
    return render_page_or_fragment(request, "quartiers/site_list.html", context)


@idempotent_create
def site_create(request):
    if not perms.can_create_site(request.user):
        raise PermissionDenied
    form = SiteCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        site = services.site_create(
            site=form.save(commit=False),
            quartiers=form.cleaned_data["quartiers"],
            author=request.user,
            status=form.cleaned_data["status"],
            status_date=form.cleaned_data["status_date"],
            comment=form.cleaned_data["status_comment"],
        )
        messages.success(request, _("Le site « %(name)s » a été créé.") % {"name": site.name})
        return redirect(site)
    return render(request, "quartiers/site_form.html", {"form": form, "site": None})


def site_edit(request, pk):
    site = _site(request, pk, CHANGE)
    form = SiteForm(request.POST or None, instance=site, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le site a été enregistré."))
        return redirect(site)
    return render(request, "quartiers/site_form.html", {"form": form, "site": site})


def site_delete(request, pk):
    site = _site(request, pk, CHANGE)
    if not perms.can_delete_site(request.user):
        raise PermissionDenied
    if request.method == "POST":
        name = site.name
        site.delete()
        messages.success(request, _("Le site « %(name)s » a été supprimé.") % {"name": name})
        return redirect("quartiers:site_list")
    return render(request, "quartiers/site_confirm_delete.html", {"site": site})


def site_status_change(request, pk):
    site = _site(request, pk, CHANGE)
    form = SiteStatusForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_change_status(
                site=site,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["date"],
                comment=form.cleaned_data["comment"],
                author=request.user,
            )
        except ValidationError as exc:
            _apply_form_errors(form, exc)
        else:
            messages.success(request, _("Le statut du site a été modifié."))
            return redirect(site)
    return render(request, "quartiers/site_status_form.html", {"form": form, "site": site})


@idempotent_create
def trinome_assign(request, pk, seat):
    site = _site(request, pk, CHANGE)
    if seat not in TrinomeSeat.values:
        raise Http404
    seat = TrinomeSeat(seat)
    form = TrinomeAssignForm(request.POST or None, user=request.user, site=site, seat=seat)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                personne = data.get("personne")
                if personne is None:
                    personne = data["new_personne"]
                    personne.structure = data["structure"]
                    personne.created_by = request.user
                    personne.save()
                services.trinome_assign(
                    site=site,
                    seat=seat,
                    personne=personne,
                    structure=data["structure"],
                    start_date=data["start_date"],
                    author=request.user,
                )
        except ValidationError as exc:
            _apply_form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(personne)s tient désormais le siège « %(seat)s ».")
                % {"personne": personne, "seat": seat.label},
            )
            return redirect(site)
    return render(
        request, "quartiers/trinome_form.html", {"form": form, "site": site, "seat": seat}
    )


@require_POST
def trinome_end(request, pk, mandate_pk):
    site = _site(request, pk, CHANGE)
    mandate = get_object_or_404(TrinomeMandate, pk=mandate_pk, site=site, end_date__isnull=True)
    mandate.end_date = max(timezone.localdate(), mandate.start_date)
    with events.acting(request.user):  # the end of the mandate: its event
        mandate.save(update_fields=["end_date"])
    messages.success(
        request, _("Le mandat de %(personne)s est terminé.") % {"personne": mandate.personne}
    )
    return redirect(site)


@idempotent_create
def accompaniment_create(request, pk):
    site = _site(request, pk, CHANGE)
    form = AccompanimentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        accompaniment = form.save(commit=False)
        accompaniment.site = site
        accompaniment.save()
        messages.success(request, _("L'accompagnement a été enregistré."))
        return redirect(site)
    return render(
        request,
        "quartiers/accompaniment_form.html",
        {"form": form, "site": site, "accompaniment": None},
    )


def accompaniment_edit(request, pk):
    accompaniment = perms.get_object_or_deny(
        request.user, Accompaniment.objects.select_related("site", "centre"), CHANGE, pk=pk
    )
    if not perms.can_manage_accompaniment(request.user, accompaniment):
        raise PermissionDenied
    form = AccompanimentForm(request.POST or None, instance=accompaniment, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'accompagnement a été enregistré."))
        return redirect(accompaniment.site)
    return render(
        request,
        "quartiers/accompaniment_form.html",
        {"form": form, "site": accompaniment.site, "accompaniment": accompaniment},
    )


@rate_limited("invitation_send", per="user")
@idempotent_create
def site_member_add(request, pk):
    """Give a person access to the site: grant an existing account, or invite a new one.

    Only those who manage accounts (perms.can_manage_users) learn whether the address
    already had an account and with which role; anyone else who may change the site gets
    the same answer whatever the address, so that this form cannot be used to find out
    who uses QIC and as what.
    """
    site = _site(request, pk, CHANGE)
    form = SiteMemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manager = perms.can_manage_users(request.user)
        existing = User.objects.filter(email__iexact=data["email"]).first()
        if existing is None:
            services.site_member_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                sites=[site],
                invited_by=request.user,
            )
            detail = _("Une invitation a été envoyée à %(email)s.") % {"email": data["email"]}
        elif existing.role in (Role.MEMBRE, Role.OBSERVATEUR):
            SiteAccess.objects.get_or_create(
                site=site, user=existing, defaults={"granted_by": request.user}
            )
            detail = _("%(user)s a désormais accès au site (%(role)s).") % {
                "user": existing,
                "role": existing.get_role_display(),
            }
        elif manager:
            form.add_error(
                "email",
                _("Ce compte a le rôle « %(role)s » : son accès ne se règle pas site par site.")
                % {"role": existing.get_role_display()},
            )
            return render(request, "quartiers/site_member_form.html", {"form": form, "site": site})
        else:
            detail = None  # nothing to grant: national roles are not given site by site
        messages.success(
            request,
            detail
            if manager
            else _(
                "C'est noté pour %(email)s : si cette adresse peut recevoir un accès site par "
                "site, la personne l'a désormais, ou reçoit une invitation par e-mail pour "
                "créer son compte ; sinon, son accès relève de l'administration nationale."
            )
            % {"email": data["email"]},
        )
        return redirect(site)
    return render(request, "quartiers/site_member_form.html", {"form": form, "site": site})


@require_POST
def site_member_remove(request, pk, access_pk):
    site = _site(request, pk, CHANGE)
    access = get_object_or_404(SiteAccess.objects.select_related("user"), pk=access_pk, site=site)
    access.delete()
    messages.success(request, _("%(user)s n'a plus accès au site.") % {"user": access.user})
    return redirect(site)
