"""The appel à vision, seen by the site: calls, their grid and envelopes, proposals,
reviews side by side, decisions, and a retained proposal turned into an action."""

import statistics

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercles.documents import attachment_response
from financements import perms, services
from financements.enums import Decision, ProposalStatus
from financements.forms import (
    CallForm,
    CriterionForm,
    DecisionForm,
    EnvelopeForm,
    ProposalForm,
    ReviewForm,
)
from financements.models import Call, Proposal, ProposalDocument, Review, Score
from qic.idempotency import idempotent_create
from quartiers import perms as site_perms
from quartiers.models import Site
from quartiers.querysets import VIEW


def _site(request, pk, action=VIEW) -> Site:
    return site_perms.get_object_or_deny(request.user, Site.objects.all(), action, pk=pk)


def _call(request, pk, manage=False) -> Call:
    call = site_perms.get_object_or_deny(
        request.user, Call.objects.select_related("site"), VIEW, pk=pk
    )
    if manage and not perms.can_manage_calls(request.user, call.site):
        raise PermissionDenied
    return call


def _proposal(request, pk) -> Proposal:
    return site_perms.get_object_or_deny(
        request.user, Proposal.objects.select_related("call__site", "action"), VIEW, pk=pk
    )


def call_list(request, pk):
    site = _site(request, pk)
    calls = (
        Call.objects.for_user(request.user)
        .filter(site=site)
        .annotate(
            counted=Count("proposals", filter=~Q(proposals__status=ProposalStatus.A_CONFIRMER)),
            retained=Count(
                "proposals",
                filter=Q(proposals__decision__in=Decision.retained()),
            ),
        )
        .order_by("-opens_on", "pk")
    )
    context = {
        "site": site,
        "calls": calls,
        "today": timezone.localdate(),
        "can_manage": perms.can_manage_calls(request.user, site),
    }
    return render(request, "financements/call_list.html", context)


@idempotent_create
def call_create(request, pk):
    site = _site(request, pk)
    if not perms.can_manage_calls(request.user, site):
        raise PermissionDenied
    form = CallForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        call = form.save(commit=False)
        call.site = site
        call.created_by = request.user
        call.save()
        form.save_m2m()
        messages.success(request, _("L'appel « %(title)s » est créé.") % {"title": call.title})
        return redirect(call)
    return render(request, "financements/call_form.html", {"form": form, "site": site})


def _scores_table(proposals, criteria):
    """Per proposal: the reviews' scores side by side, their average and spread."""
    rows = []
    for proposal in proposals:
        reviews = list(proposal.reviews.all())
        totals = [sum(score.value for score in review.scores.all()) for review in reviews]
        per_criterion = []
        for criterion in criteria:
            values = [
                score.value
                for review in reviews
                for score in review.scores.all()
                if score.criterion_id == criterion.pk
            ]
            per_criterion.append(_stats(criterion, values))
        rows.append(
            {
                "proposal": proposal,
                "reviews": reviews,
                "criteria": per_criterion,
                "total": _stats(None, totals),
            }
        )
    return rows


def _stats(criterion, values):
    return {
        "criterion": criterion,
        "values": values,
        "average": statistics.fmean(values) if values else None,
        "spread": (max(values) - min(values)) if values else None,
    }


def _proposals(call):
    return call.proposals.prefetch_related(
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reviewer").prefetch_related(
                Prefetch("scores", queryset=Score.objects.order_by("criterion_id"))
            ),
        )
    ).select_related("action")


def call_detail(request, pk):
    call = _call(request, pk)
    can_manage = perms.can_manage_calls(request.user, call.site)
    criteria = list(call.criteria.all())
    proposals = _proposals(call)
    if not can_manage:
        proposals = proposals.exclude(status=ProposalStatus.A_CONFIRMER)
    context = {
        "site": call.site,
        "call": call,
        "objectives": list(call.objectives.order_by("position", "pk")),
        "envelopes": list(call.envelopes.select_related("funder")),
        "criteria": criteria,
        "reviewer_cercles": list(call.reviewer_cercles.order_by("name")),
        "rows": _scores_table(proposals, criteria),
        "can_manage": can_manage,
        "today": timezone.localdate(),
        "public_link": request.build_absolute_uri(services.call_public_path(call))
        if can_manage
        else "",
        "envelope_form": EnvelopeForm() if can_manage else None,
        "criterion_form": CriterionForm() if can_manage else None,
    }
    return render(request, "financements/call_detail.html", context)


def _call_child_add(request, pk, form_class, message, heading):
    call = _call(request, pk, manage=True)
    form = form_class(request.POST or None)
    form.instance.call = call
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect(call)
    return render(
        request,
        "financements/call_child_form.html",
        {"form": form, "site": call.site, "call": call, "heading": heading},
    )


@idempotent_create
def envelope_add(request, pk):
    return _call_child_add(
        request, pk, EnvelopeForm, _("L'enveloppe est ajoutée."), _("Nouvelle enveloppe")
    )


@idempotent_create
def criterion_add(request, pk):
    return _call_child_add(
        request, pk, CriterionForm, _("Le critère est ajouté."), _("Nouveau critère d'évaluation")
    )


@idempotent_create
def proposal_create(request, pk):
    """The trinôme enters a proposal received otherwise (it counts at once)."""
    call = _call(request, pk, manage=True)
    form = ProposalForm(request.POST or None, request.FILES or None, call=call)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_submit(form=form, by_carrier=False)
        messages.success(request, _("La proposition est enregistrée."))
        return redirect(proposal)
    return render(
        request, "financements/proposal_form.html", {"form": form, "site": call.site, "call": call}
    )


def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    call = proposal.call
    criteria = list(call.criteria.all())
    row = _scores_table(_proposals(call).filter(pk=proposal.pk), criteria)[0]
    can_decide = perms.can_decide(request.user, proposal)
    context = {
        "site": call.site,
        "call": call,
        "proposal": proposal,
        "criteria": criteria,
        "row": row,
        "objectives": list(proposal.objectives.order_by("position", "pk")),
        "budget": list(proposal.budget.select_related("envelope__funder")),
        "documents": list(proposal.documents.all()),
        "can_review": perms.can_review(request.user, proposal),
        "can_decide": can_decide,
        "decision_form": DecisionForm() if can_decide else None,
        "can_convert": proposal.decision in Decision.retained()
        and proposal.action_id is None
        and perms.can_manage_calls(request.user, call.site),
    }
    return render(request, "financements/proposal_detail.html", context)


def review_edit(request, pk):
    proposal = _proposal(request, pk)
    if not perms.can_review(request.user, proposal):
        raise PermissionDenied
    criteria = list(proposal.call.criteria.all())
    review = proposal.reviews.filter(reviewer=request.user).first()
    form = ReviewForm(request.POST or None, criteria=criteria, review=review)
    if request.method == "POST" and form.is_valid():
        services.review_record(
            proposal=proposal,
            reviewer=request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Votre évaluation est enregistrée."))
        return redirect(proposal)
    return render(
        request,
        "financements/review_form.html",
        {"form": form, "site": proposal.call.site, "call": proposal.call, "proposal": proposal},
    )


@require_POST
def proposal_decide(request, pk):
    proposal = _proposal(request, pk)
    if not perms.can_decide(request.user, proposal):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.proposal_decide(
            proposal=proposal,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            author=request.user,
        )
        messages.success(
            request,
            _("La décision est enregistrée ; le contact de la proposition en est informé."),
        )
    else:
        messages.error(request, _("Choisissez une décision et écrivez son motif."))
    return redirect(proposal)


@require_POST
def proposal_to_action(request, pk):
    proposal = _proposal(request, pk)
    if not perms.can_manage_calls(request.user, proposal.call.site):
        raise PermissionDenied
    try:
        action = services.proposal_to_action(proposal=proposal, author=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(proposal)
    messages.success(
        request, _("La proposition est désormais l'action « %(title)s ».") % {"title": action.title}
    )
    return redirect(action)


def proposal_document_download(request, pk):
    document = site_perms.get_object_or_deny(request.user, ProposalDocument.objects.all(), pk=pk)
    return attachment_response(document)
