"""Proposals of a cercle: open one, answer it (HTMX swaps the answer and the results),
close it into a decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from cercles import perms, services
from cercles.forms import ProposalAnswerForm, ProposalCloseForm, ProposalOpenForm
from cercles.models import Cercle, Proposal, ProposalAnswer, ProposalOption
from cercles.proposals import tally
from cercles.views.common import apply_form_errors
from qic.history import history_for
from qic.htmx import render_page_or_fragment
from qic.idempotency import idempotent_create
from quartiers.perms import get_object_or_deny


@idempotent_create
def proposal_create(request, pk):
    cercle = get_object_or_deny(request.user, Cercle.objects.select_related("site"), pk=pk)
    member = perms.member_of(request.user, cercle)
    if not perms.can_open_proposal(request.user, cercle, member):
        raise PermissionDenied
    form = ProposalOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                proposal = services.proposal_open(
                    cercle=cercle,
                    author=request.user,
                    form=data["form"],
                    title=data["title"],
                    text=data["text"],
                    closes_at=data["closes_at"],
                    options=data["option_lines"],
                    quorum=data.get("quorum"),
                    hide_results=data["hide_results"],
                    anonymous=data["anonymous"],
                    multiple=data["multiple"],
                    max_volunteers=data.get("max_volunteers"),
                )
        except ValidationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("La proposition est ouverte aux membres du cercle."))
            return redirect(proposal)
    return render(request, "cercles/proposal_form.html", {"form": form, "cercle": cercle})


def _load(request, pk):
    return get_object_or_deny(
        request.user,
        Proposal.objects.select_related("cercle__site", "opened_by", "decision", "meeting"),
        pk=pk,
    )


def _context(request, proposal, form=None):
    """What the page and its answer fragment show (five queries whatever the answers)."""
    options = list(ProposalOption.objects.filter(proposal=proposal).order_by("position", "pk"))
    answers = list(
        ProposalAnswer.objects.filter(proposal=proposal)
        .select_related("member__personne__structure", "option")
        .order_by("member__personne__last_name", "member__personne__first_name", "pk")
    )
    member = perms.member_of(request.user, proposal.cercle)
    mine = [a for a in answers if member is not None and a.member_id == member.pk]
    accepting = proposal.accepts_answers()
    if form is None and member is not None and accepting:
        form = ProposalAnswerForm(proposal=proposal, options=options, current=mine)
    results = tally(proposal, options, answers)
    return {
        "proposal": proposal,
        "cercle": proposal.cercle,
        "site": proposal.cercle.site,
        "options": options,
        "member": member,
        "mine": mine,
        "accepting": accepting,
        "form": form if member is not None and accepting else None,
        "form_refused": False,
        "saved": False,
        "results": results,
        "chart": results.chart(proposal) if proposal.results_visible else "",
        "can_close": not proposal.is_closed
        and perms.can_lead(request.user, proposal.cercle, member),
    }


def proposal_detail(request, pk):
    proposal = _load(request, pk)
    context = _context(request, proposal)
    context["history"] = history_for(proposal)
    return render(request, "cercles/proposal_detail.html", context)


@require_POST
@vary_on_headers("HX-Request")
def proposal_answer(request, pk):
    """A member answers (or changes their answer); HTMX gets the answer and results
    fragment back, without JavaScript the page."""
    proposal = _load(request, pk)
    member = perms.member_of(request.user, proposal.cercle)
    if member is None:
        raise PermissionDenied
    options = list(ProposalOption.objects.filter(proposal=proposal).order_by("position", "pk"))
    form = ProposalAnswerForm(request.POST, proposal=proposal, options=options)
    status = 200
    if not proposal.accepts_answers():
        form.add_error(None, _("La proposition est close : les réponses ne sont plus acceptées."))
        status = 400
    elif form.is_valid():
        try:
            services.proposal_answer(proposal=proposal, member=member, **form.service_arguments())
        except ValidationError as exc:
            apply_form_errors(form, exc)
            status = 400
        else:
            if not request.htmx:
                messages.success(request, _("Votre réponse est enregistrée."))
                return redirect(proposal)
            form = None
            proposal.refresh_from_db()
    else:
        status = 400
    context = _context(request, proposal, form)
    context["saved"] = form is None
    context["form_refused"] = status == 400
    context["history"] = history_for(proposal)
    return render_page_or_fragment(
        request, "cercles/proposal_detail.html", context, fragment="answers", status=status
    )


def proposal_close(request, pk):
    proposal = _load(request, pk)
    member = perms.member_of(request.user, proposal.cercle)
    if proposal.is_closed:
        messages.info(request, _("Cette proposition est déjà close."))
        return redirect(proposal)
    if not perms.can_lead(request.user, proposal.cercle, member):
        raise PermissionDenied
    form = ProposalCloseForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.proposal_close(
                    proposal=proposal,
                    author=request.user,
                    outcome=data["outcome"],
                    review_on=data.get("review_on"),
                    create_meeting=data.get("create_meeting", False),
                )
        except ValidationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(
                request, _("La proposition est close ; son issue est au registre des décisions.")
            )
            return redirect(proposal)
    return render(request, "cercles/proposal_close.html", {"form": form, "proposal": proposal})
