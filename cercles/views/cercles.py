"""Cercles of a site, a cercle's page, its members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles import perms, services
from cercles.enums import MeetingStatus
from cercles.forms import CercleForm, CercleMemberAddForm, CercleMemberForm
from cercles.models import Cercle, CercleMember, Commitment, Meeting, Proposal
from cercles.services import decisions_to_review
from cercles.views.common import apply_form_errors, get_site
from qic.history import history_for
from qic.idempotency import idempotent_create
from quartiers.perms import get_object_or_deny
from quartiers.querysets import CHANGE


def _count(queryset, group: str):
    """A correlated COUNT subquery (grouped by ``group``, the outer row's key), so that
    several counts on one row never multiply each other as joins would."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def cercle_list(request, pk):
    site = get_site(request, pk)
    now = timezone.now()
    today = timezone.localdate()
    commitments = Commitment.objects.filter(meeting__cercle=OuterRef("pk"))
    cercles = (
        Cercle.objects.filter(site=site)
        .annotate(
            member_count=_count(
                CercleMember.objects.filter(cercle=OuterRef("pk"), left_on__isnull=True),
                "cercle",
            ),
            next_meeting=Subquery(
                Meeting.objects.filter(cercle=OuterRef("pk"), starts_at__gte=now)
                .exclude(status=MeetingStatus.ANNULEE)
                .order_by()
                .values("cercle")
                .annotate(first=Min("starts_at"))
                .values("first")[:1]
            ),
            open_count=_count(commitments.open(), "meeting__cercle"),
            overdue_count=_count(commitments.overdue(today), "meeting__cercle"),
        )
        .order_by("closed_on", "-kind", "name", "pk")
    )
    cercles = list(cercles)
    context = {
        "site": site,
        "active": [c for c in cercles if c.is_active],
        "closed": [c for c in cercles if not c.is_active],
        "can_change": perms.can_manage_cercles(request.user, site),
    }
    return render(request, "cercles/cercle_list.html", context)


@idempotent_create
def cercle_create(request, pk):
    site = get_site(request, pk, CHANGE)
    form = CercleForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        cercle = form.save(commit=False)
        cercle.site = site
        cercle.created_by = request.user
        cercle.save()
        messages.success(request, _("« %(name)s » a été créé.") % {"name": cercle.name})
        return redirect(cercle)
    return render(request, "cercles/cercle_form.html", {"form": form, "site": site, "cercle": None})


def cercle_edit(request, pk):
    cercle = get_object_or_deny(request.user, Cercle.objects.select_related("site"), CHANGE, pk=pk)
    form = CercleForm(request.POST or None, instance=cercle, site=cercle.site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le cercle a été enregistré."))
        return redirect(cercle)
    return render(
        request, "cercles/cercle_form.html", {"form": form, "site": cercle.site, "cercle": cercle}
    )


def cercle_detail(request, pk):
    cercle = get_object_or_deny(request.user, Cercle.objects.select_related("site"), pk=pk)
    today = timezone.localdate()
    members = list(
        CercleMember.objects.filter(cercle=cercle).select_related("personne__structure").ordered()
    )
    meetings = list(Meeting.objects.filter(cercle=cercle).order_by("starts_at", "pk"))
    now = timezone.now()
    upcoming = [m for m in meetings if m.ends_at >= now and m.status != MeetingStatus.TENUE]
    past = [m for m in reversed(meetings) if m not in upcoming]
    commitments = (
        Commitment.objects.filter(meeting__cercle=cercle)
        .open()
        .with_lateness(today)
        .select_related("owner", "meeting", "action")
        .order_by("-late", "due_on", "pk")
    )
    proposals = list(
        Proposal.objects.filter(cercle=cercle)
        .annotate(respondents=Count("answers__member", distinct=True))
        .order_by("-status", "closes_at", "-closed_at", "pk")
    )
    own = next((m for m in members if m.is_current(today) and perms.is_own(m, request.user)), None)
    context = {
        "cercle": cercle,
        "site": cercle.site,
        "can_change": perms.can_manage_cercles(request.user, cercle.site),
        "can_open_proposal": perms.can_open_proposal(request.user, cercle, own),
        "open_proposals": [p for p in proposals if not p.is_closed],
        "closed_proposals": [p for p in proposals if p.is_closed][:10],
        "current_members": [m for m in members if m.is_current(today)],
        "former_members": [m for m in members if not m.is_current(today)],
        "upcoming": upcoming,
        "past": past,
        "commitments": commitments,
        "decisions_to_review": decisions_to_review(cercle, today),
        "objectives": cercle.objectives.select_related("vision").order_by("position"),
        "history": history_for(cercle),
    }
    return render(request, "cercles/cercle_detail.html", context)


@idempotent_create
def member_add(request, pk):
    cercle = get_object_or_deny(request.user, Cercle.objects.select_related("site"), CHANGE, pk=pk)
    form = CercleMemberAddForm(request.POST or None, user=request.user, cercle=cercle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        personne = data.get("personne") or data["new_personne"]
        if personne.pk is None:
            personne.structure = data.get("structure")
        try:
            with transaction.atomic():
                services.cercle_member_add(
                    cercle=cercle,
                    personne=personne,
                    role=data["role"],
                    joined_on=data["joined_on"],
                    author=request.user,
                )
        except ValidationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(
                request, _("%(personne)s a rejoint le cercle.") % {"personne": personne}
            )
            return redirect(cercle)
    return render(request, "cercles/member_form.html", {"form": form, "cercle": cercle})


def member_edit(request, pk):
    member = get_object_or_deny(
        request.user,
        CercleMember.objects.select_related("cercle__site", "personne"),
        CHANGE,
        pk=pk,
    )
    form = CercleMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La participation a été enregistrée."))
        return redirect(member.cercle)
    return render(
        request,
        "cercles/member_edit.html",
        {"form": form, "cercle": member.cercle, "member": member},
    )
