"""Account management for national administrators: invite, change role and access, deactivate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Invitation, User
from accounts.services import invitation_send
from qic.history import history_for
from qic.htmx import paginate
from qic.idempotency import idempotent_create
from qic.ratelimit import rate_limited
from quartiers import perms
from quartiers.enums import StructureKind
from quartiers.forms import UserEditForm, UserInviteForm
from quartiers.models import SiteAccess


def _require_admin(request):
    if not perms.can_manage_users(request.user):
        raise PermissionDenied


def user_list(request):
    _require_admin(request)
    users = User.objects.annotate(
        site_count=Count("site_accesses", distinct=True),
        invitation_pending=Exists(Invitation.objects.usable().filter(user=OuterRef("pk"))),
    ).order_by("last_name", "first_name", "email")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(email__icontains=query)
            | Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
        )
    return render(
        request, "quartiers/user_list.html", {"page_obj": paginate(request, users), "query": query}
    )


@rate_limited("invitation_send", per="user")
@transaction.atomic
@idempotent_create
def user_invite(request):
    _require_admin(request)
    form = UserInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.create_user(
            email=data["email"],
            password=None,
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
        )
        for site in data["sites"]:
            SiteAccess.objects.create(site=site, user=user, granted_by=request.user)
        if data["centre"]:
            data["centre"].members.add(user)
        invitation_send(user=user, invited_by=request.user)
        messages.success(
            request, _("Une invitation a été envoyée à %(email)s.") % {"email": user.email}
        )
        return redirect("quartiers:user_detail", pk=user.pk)
    return render(request, "quartiers/user_invite.html", {"form": form})


@transaction.atomic
def user_detail(request, pk):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        if account == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("Vous ne pouvez pas désactiver votre propre compte."))
        else:
            form.save()
            chosen = set(form.cleaned_data["sites"])
            current = {a.site: a for a in account.site_accesses.select_related("site")}
            for site, access in current.items():
                if site not in chosen:
                    access.delete()
            for site in chosen - set(current):
                SiteAccess.objects.create(site=site, user=account, granted_by=request.user)
            centres = account.structures.filter(kind=StructureKind.CENTRE_RESSOURCES)
            account.structures.remove(
                *[c for c in centres if c not in form.cleaned_data["centres"]]
            )
            account.structures.add(*form.cleaned_data["centres"])
            messages.success(request, _("Le compte a été enregistré."))
            return redirect("quartiers:user_detail", pk=account.pk)
    context = {
        "account": account,
        "form": form,
        "invitations": account.invitations.select_related("invited_by")[:5],
        "history": history_for(account),
    }
    return render(request, "quartiers/user_detail.html", context)


@require_POST
@rate_limited("invitation_send", per="user")
def user_reinvite(request, pk):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk, is_active=True)
    invitation_send(user=account, invited_by=request.user)
    messages.success(
        request, _("Une nouvelle invitation a été envoyée à %(email)s.") % {"email": account.email}
    )
    return redirect("quartiers:user_detail", pk=account.pk)
