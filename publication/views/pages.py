"""A site's public page: chosen and published by its trinôme, read by everyone.

The management pages ask the site's change permission (``quartiers.perms``); the public
pages opt out of the login requirement and show only published pages (else 404), from
template fragments cached under the site's data stamp (quartiers/stamps.py): a page,
its choices and the data it shows all lead to the site, so any change to them gives
the fragment a new key.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from publication.content import PublicContent
from publication.forms import PublicPageForm
from publication.models import PublicPage
from qic.maps import map_config
from quartiers import perms
from quartiers.enums import SiteStatus
from quartiers.models import Site
from quartiers.querysets import CHANGE
from summaries.programme import programme_figures

# Fragments carry the site's stamp in their key: the time to live only bounds memory.
FRAGMENT_SECONDS = 26 * 3600


def _page_for(site) -> PublicPage:
    """The site's page, created unpublished the first time it is asked for."""
    page = PublicPage.objects.filter(site=site).first()
    return page if page is not None else PublicPage(site=site)


def page_edit(request, pk):
    site = perms.get_object_or_deny(request.user, Site.objects.all(), CHANGE, pk=pk)
    page = _page_for(site)
    form = PublicPageForm(request.POST or None, instance=page, site=site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les choix de la page publique sont enregistrés."))
        return redirect("public:page_edit", pk=site.pk)
    return render(
        request,
        "public/page_edit.html",
        {"site": site, "page": page, "form": form},
    )


def page_preview(request, pk):
    """The page as it will be published, with the choices saved so far (not cached)."""
    site = perms.get_object_or_deny(request.user, Site.objects.all(), CHANGE, pk=pk)
    page = _page_for(site)
    if page.pk is None:
        return redirect("public:page_edit", pk=site.pk)
    return render(
        request,
        "public/site.html",
        {"site": site, "page": page, "content": PublicContent(page), "preview": True},
    )


@require_POST
def page_publish(request, pk):
    site = perms.get_object_or_deny(request.user, Site.objects.all(), CHANGE, pk=pk)
    page = _page_for(site)
    publish = request.POST.get("publier") == "oui"
    with transaction.atomic():
        page.published = publish
        if publish:
            page.published_at = timezone.now()
        page.save()
    if publish:
        messages.success(request, _("La page publique est en ligne."))
    else:
        messages.success(
            request, _("La page publique est retirée : son adresse répond « introuvable ».")
        )
    return redirect("public:page_edit", pk=site.pk)


@login_not_required
@require_safe
def site_page(request, pk):
    # ``site__pk``: compared as the site's id, an address of twenty digits finds nothing
    # (``site_id`` exact reached the driver, which overflowed).
    page = get_object_or_404(PublicPage.objects.published().select_related("site"), site__pk=pk)
    return render(
        request,
        "public/site.html",
        {
            "site": page.site,
            "page": page,
            "content": PublicContent(page),
            "preview": False,
            "fragment_seconds": FRAGMENT_SECONDS,
        },
    )


class NationalMap:
    """The published sites for the national page, read inside its cached fragment."""

    def __init__(self, sites):
        self.programme = programme_figures(sites)

    @property
    def digest(self):
        return self.programme.digest

    def map_points(self) -> list[dict]:
        return [
            {
                "id": figures.site_id,
                "name": figures.name,
                "status": figures.status,
                "statusLabel": str(SiteStatus(figures.status).label),
                "letter": SiteStatus(figures.status).letter,
                "url": reverse("public:site", args=[figures.site_id]),
                "lat": round(figures.position[0], 5),
                "lon": round(figures.position[1], 5),
            }
            for figures in self.programme.positions
        ]

    def sites(self) -> list:
        return sorted(self.programme.per_site.values(), key=lambda f: (f.name, f.site_id))


@login_not_required
@require_safe
def national_page(request):
    sites = Site.objects.filter(public_page__published=True)
    return render(
        request,
        "public/national.html",
        {
            "national": NationalMap(sites),
            "fragment_seconds": FRAGMENT_SECONDS,
            "map_config": map_config(),
        },
    )
