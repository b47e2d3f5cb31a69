"""The carriers' side of an appel à vision, without an account: the call's signed link
to submit, then the e-mailed link to confirm the address and edit until closing."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from financements import services
from financements.enums import ProposalStatus
from financements.forms import ProposalForm
from qic.ratelimit import rate_limited


def _refused(form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


@login_not_required
@rate_limited("public_form")
def carrier_submit(request, token):
    call = services.call_from_token(token)
    if call is None:
        raise Http404
    today = timezone.localdate()
    form = ProposalForm(request.POST or None, request.FILES or None, call=call)
    sent = None
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.proposal_submit(form=form, by_carrier=True, request=request)
        except ValidationError as exc:
            _refused(form, exc)
    context = {
        "call": call,
        "form": form,
        "is_open": call.is_open(today),
        "sent": sent,
        "objectives": list(call.objectives.order_by("position", "pk")),
    }
    return render(request, "financements/carrier_submit.html", context)


@login_not_required
@rate_limited("public_form")
def carrier_proposal(request, token):
    """The e-mailed link: confirm the address (a button, so that mail scanners that
    follow links confirm nothing), then edit until the call closes."""
    proposal = services.proposal_from_carrier_token(token)
    if proposal is None:
        raise Http404
    call = proposal.call
    today = timezone.localdate()
    form = None
    if proposal.status != ProposalStatus.A_CONFIRMER and call.is_open(today):
        form = ProposalForm(
            request.POST if "modifier" in request.POST else None,
            request.FILES or None,
            call=call,
            instance=proposal,
        )
    if request.method == "POST":
        try:
            if "confirmer" in request.POST:
                services.proposal_confirm(proposal=proposal)
                return redirect(request.path + "?confirmee=1")
            if form is not None and form.is_valid():
                services.proposal_carrier_edit(form=form)
                return redirect(request.path + "?modifiee=1")
        except ValidationError as exc:
            if form is not None:
                _refused(form, exc)
            else:
                context = {"proposal": proposal, "call": call, "error": exc.messages[0]}
                return render(request, "financements/carrier_proposal.html", context, status=200)
    context = {
        "proposal": proposal,
        "call": call,
        "form": form,
        "is_open": call.is_open(today),
        "confirmed": request.GET.get("confirmee") == "1",
        "edited": request.GET.get("modifiee") == "1",
    }
    return render(request, "financements/carrier_proposal.html", context)
