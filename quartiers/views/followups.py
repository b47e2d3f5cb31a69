"""« Relancer » a site: ANCT or its resource centre writes to its trinôme from here, or
notes a call; the site shows « relancé le … » on the lists until it is active again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qic.idempotency import idempotent_create
from quartiers import perms, services
from quartiers.enums import FollowUpChannel
from quartiers.forms import SiteFollowUpForm
from quartiers.models import Site, SiteFollowUp


@idempotent_create
def follow_up_list(request, pk):
    """The site's follow-ups, newest first, and the form to record one more."""
    site = perms.get_object_or_deny(request.user, Site.objects.all(), pk=pk)
    can_follow_up = perms.can_follow_up(request.user, site)
    if request.method == "POST" and not can_follow_up:
        raise PermissionDenied
    form = SiteFollowUpForm(request.POST or None, site=site) if can_follow_up else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.site_follow_up(
            site=site,
            author=request.user,
            channel=data["channel"],
            subject=data["subject"],
            message=data["message"],
            recipients=data["recipients"],
            contacted_on=data["contacted_on"],
        )
        if data["channel"] == FollowUpChannel.EMAIL:
            messages.success(request, _("L'e-mail est envoyé et la relance enregistrée."))
        else:
            messages.success(request, _("La relance est enregistrée."))
        return redirect("quartiers:follow_up_list", pk=site.pk)
    return render(
        request,
        "quartiers/follow_up_list.html",
        {
            "site": site,
            "form": form,
            "follow_ups": SiteFollowUp.objects.filter(site=site).select_related("created_by"),
        },
    )
