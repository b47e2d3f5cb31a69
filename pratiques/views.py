"""Pratiques inspirantes: the programme's list, a practice's page, writing, review,
bookmarks, questions to the contact, adoption and documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.enums import Role
from cercles.documents import attachment_response
from pratiques import perms, services
from pratiques.filters import PracticeFilter
from pratiques.forms import AdoptForm, DocumentForm, PracticeForm, QuestionForm, ReviewForm
from pratiques.models import Practice, PracticeBookmark, PracticeComment, PracticeDocument
from qic.history import history_for
from qic.htmx import paginate, render_page_or_fragment
from qic.idempotency import idempotent_create
from qic.ratelimit import rate_limited
from quartiers import perms as site_perms
from quartiers.models import Site
from quartiers.querysets import CHANGE, VIEW
from visions import charts
from visions.models import Action, Indicator


@vary_on_headers("HX-Request")
def practice_list(request):
    bookmarked = PracticeBookmark.objects.filter(practice=OuterRef("pk"), user=request.user)
    practices = (
        Practice.objects.for_user(request.user)
        .select_related("site")
        .with_adoption_count()
        .annotate(bookmarked=Exists(bookmarked))
        .order_by("-published_at", "title", "pk")
    )
    filterset = PracticeFilter(request.GET, queryset=practices, user=request.user)
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        # « Partager une pratique » for each of the user's sites (a few: the ANCT roles,
        # who change every site, start from a site's action instead).
        "sites": list(Site.objects.for_user(request.user, CHANGE).order_by("name")[:3])
        if request.user.role in (Role.MEMBRE, Role.CENTRE)
        else [],
    }
    return render_page_or_fragment(request, "pratiques/practice_list.html", context)


def _practice(request, pk, action=VIEW) -> Practice:
    practice = site_perms.get_object_or_deny(
        request.user,
        Practice.objects.select_related("site", "origin_action", "contact"),
        VIEW,
        pk=pk,
    )
    if action == CHANGE and not perms.can_edit(request.user, practice):
        raise PermissionDenied
    return practice


def practice_detail(request, pk):
    practice = _practice(request, pk)
    user = request.user
    indicators = list(practice.indicators.order_by("name", "pk").prefetch_related("measurements"))
    curves = [
        (indicator, charts.curve_chart(indicator, list(indicator.measurements.all())))
        for indicator in indicators
    ]
    on_site = site_perms.can_view(user, practice.site)
    can_review = perms.can_review(user, practice)
    context = {
        "practice": practice,
        "partners": list(practice.partners.order_by("name")),
        "curves": curves,
        "documents": list(practice.documents.all()),
        # Review comments stay between the site and its reviewers.
        "comments": list(practice.comments.select_related("author"))
        if on_site or can_review
        else [],
        "adoptions": list(practice.adoptions.select_related("site").order_by("created_at", "pk")),
        "bookmarked": PracticeBookmark.objects.filter(practice=practice, user=user).exists(),
        "can_edit": perms.can_edit(user, practice),
        "can_review": can_review,
        "review_form": ReviewForm() if can_review else None,
        "can_adopt": perms.can_adopt(user, practice),
        "can_ask": perms.can_ask(user, practice),
        "history": history_for(practice) if on_site else [],
    }
    return render(request, "pratiques/practice_detail.html", context)


@idempotent_create
def practice_create(request, pk):
    site = site_perms.get_object_or_deny(request.user, Site.objects.all(), CHANGE, pk=pk)
    origin = None
    initial = {}
    action_id = request.GET.get("action", "")
    if action_id.isdigit():
        origin = (
            Action.objects.filter(site=site, pk=action_id)
            .prefetch_related(
                "partners",
                Prefetch(
                    "objectives__indicators", queryset=Indicator.objects.order_by("name", "pk")
                ),
            )
            .first()
        )
        if origin is not None:
            initial = services.initial_from_action(origin)
    form = PracticeForm(request.POST or None, site=site, initial=initial)
    if request.method == "POST" and form.is_valid():
        practice = form.save(commit=False)
        practice.site = site
        practice.origin_action = origin
        practice.created_by = request.user
        practice.save()
        form.save_m2m()
        messages.success(
            request,
            _("La pratique « %(title)s » est enregistrée en brouillon.")
            % {"title": practice.title},
        )
        return redirect(practice)
    return render(
        request,
        "pratiques/practice_form.html",
        {"form": form, "site": site, "practice": None, "origin": origin},
    )


def practice_edit(request, pk):
    practice = _practice(request, pk, CHANGE)
    form = PracticeForm(request.POST or None, instance=practice, site=practice.site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La pratique est enregistrée."))
        return redirect(practice)
    return render(
        request,
        "pratiques/practice_form.html",
        {"form": form, "site": practice.site, "practice": practice, "origin": None},
    )


@require_POST
def practice_submit(request, pk):
    practice = _practice(request, pk, CHANGE)
    try:
        services.practice_submit(practice=practice, author=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("La pratique est proposée à la relecture de son centre de ressources ou de l'ANCT."),
        )
    return redirect(practice)


@require_POST
def practice_review(request, pk):
    practice = _practice(request, pk)
    if not perms.is_reviewer(request.user, practice.site):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez de publier la pratique ou de la renvoyer au site."))
        return redirect(practice)
    publish = form.cleaned_data["decision"] == "publier"
    try:
        services.practice_review(
            practice=practice,
            reviewer=request.user,
            publish=publish,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("La pratique est publiée : tout le programme peut la lire.")
            if publish
            else _("La pratique est renvoyée au site avec votre commentaire."),
        )
    return redirect(practice)


@require_POST
def practice_comment(request, pk):
    practice = _practice(request, pk)
    if not (
        perms.can_edit(request.user, practice) or perms.is_reviewer(request.user, practice.site)
    ):
        raise PermissionDenied
    text = request.POST.get("text", "").strip()[:5000]
    if text:
        PracticeComment.objects.create(practice=practice, author=request.user, text=text)
        messages.success(request, _("Le commentaire est ajouté."))
    else:
        messages.error(request, _("Le commentaire est vide."))
    return redirect(f"{practice.get_absolute_url()}#relecture")


@require_POST
def practice_bookmark(request, pk):
    practice = _practice(request, pk)
    deleted, _rows = PracticeBookmark.objects.filter(practice=practice, user=request.user).delete()
    if deleted:
        messages.success(request, _("La pratique est retirée de vos favoris."))
    else:
        PracticeBookmark.objects.get_or_create(practice=practice, user=request.user)
        messages.success(request, _("La pratique est ajoutée à vos favoris."))
    return redirect(practice)


@rate_limited("practice_question", per="user")
def practice_ask(request, pk):
    practice = _practice(request, pk)
    if not perms.can_ask(request.user, practice):
        raise PermissionDenied
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.practice_ask(
            practice=practice,
            sender=request.user,
            message=form.cleaned_data["message"],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        messages.success(
            request,
            _("Votre question est envoyée à %(contact)s, qui vous répondra par e-mail.")
            % {"contact": practice.contact},
        )
        return redirect(practice)
    return render(request, "pratiques/practice_ask.html", {"form": form, "practice": practice})


@idempotent_create
def practice_adopt(request, pk):
    practice = _practice(request, pk)
    if not practice.is_published:
        raise PermissionDenied
    sites = perms.adoptable_sites(request.user, practice)
    if not sites.exists():
        raise PermissionDenied
    form = AdoptForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.practice_adopt(
                practice=practice, site=form.cleaned_data["site"], author=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                _(
                    "La pratique est adoptée : l'action « %(title)s » est dans le plan "
                    "d'action de %(site)s. Adaptez-la."
                )
                % {"title": adoption.action.title, "site": adoption.site.name},
            )
            return redirect(adoption.action)
    return render(request, "pratiques/practice_adopt.html", {"form": form, "practice": practice})


@idempotent_create
def document_upload(request, pk):
    practice = _practice(request, pk, CHANGE)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = services.document_attach(
            practice=practice,
            upload=form.cleaned_data["file"],
            doctype=form.doctype,
            author=request.user,
        )
        messages.success(
            request, _("Le document « %(name)s » a été ajouté.") % {"name": document.original_name}
        )
        return redirect(f"{practice.get_absolute_url()}#documents")
    return render(request, "pratiques/document_form.html", {"form": form, "practice": practice})


def document_download(request, pk):
    document = get_object_or_404(
        PracticeDocument.objects.for_user(request.user).select_related("practice"), pk=pk
    )
    return attachment_response(document)


@require_POST
def document_delete(request, pk):
    document = get_object_or_404(
        PracticeDocument.objects.for_user(request.user).select_related("practice"), pk=pk
    )
    practice = document.practice
    if not perms.can_edit(request.user, practice):
        raise PermissionDenied
    services.document_delete(document=document)
    messages.success(
        request, _("Le document « %(name)s » a été retiré.") % {"name": document.original_name}
    )
    return redirect(f"{practice.get_absolute_url()}#documents")
