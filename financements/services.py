"""Writes of the appel à vision that touch several rows or send e-mails."""

import hashlib
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from financements.enums import Decision, FundingStatus, ProposalStatus
from financements.models import (
    Call,
    FundingLine,
    Proposal,
    ProposalBudget,
    ProposalDocument,
    Review,
    Score,
)
from quartiers import events
from quartiers.enums import StructureKind
from quartiers.models import Structure
from visions.enums import ActionStatus
from visions.models import Action

CALL_SALT = "financements.call-link"


def call_link_token(call: Call) -> str:
    """The signed token of the call's public link (no row to look up, nothing to leak)."""
    return signing.dumps(call.pk, salt=CALL_SALT, compress=True)


def call_from_token(token: str) -> Call | None:
    try:
        pk = signing.loads(token, salt=CALL_SALT)
    except signing.BadSignature:
        return None
    return Call.objects.select_related("site").filter(pk=pk).first()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def proposal_from_carrier_token(token: str) -> Proposal | None:
    if not token:
        return None
    return (
        Proposal.objects.select_related("call__site")
        .filter(carrier_token_hash=_hash(token))
        .first()
    )


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def _write_budget_and_document(proposal, form):
    budget = form.budget()
    proposal.budget.exclude(envelope__in=list(budget)).delete()
    for envelope, amount in budget.items():
        ProposalBudget.objects.update_or_create(
            proposal=proposal, envelope=envelope, defaults={"amount": amount}
        )
    upload = form.cleaned_data.get("document")
    if upload:
        ProposalDocument.objects.create(
            proposal=proposal,
            file=upload,
            original_name=upload.name[:255],
            content_type=form.doctype.content_type,
            size=upload.size,
        )


@transaction.atomic
def proposal_submit(*, form, by_carrier: bool, request=None, today=None) -> Proposal:
    """Save a proposal from its form. A carrier's counts once the address is confirmed:
    it is e-mailed a link that confirms it, then lets the carrier edit until closing."""
    call = form.call
    today = today or timezone.localdate()
    if by_carrier and not call.is_open(today):
        raise ValidationError(_("L'appel est clos : les propositions ne sont plus reçues."))
    proposal = form.save(commit=False)
    token = None
    if by_carrier:
        token = secrets.token_urlsafe(32)
        proposal.status = ProposalStatus.A_CONFIRMER
        proposal.carrier_token_hash = _hash(token)
    proposal.save()
    form.save_m2m()
    _write_budget_and_document(proposal, form)
    if by_carrier:
        link = _absolute(request, reverse("financements:carrier_proposal", args=[token]))
        context = {"proposal": proposal, "call": call, "link": link}
        transaction.on_commit(
            lambda: send_mail(
                _("Confirmez votre proposition à « %(call)s »") % {"call": call.title},
                render_to_string("financements/emails/confirm.txt", context),
                None,
                [proposal.contact_email],
            )
        )
    return proposal


@transaction.atomic
def proposal_carrier_edit(*, form, today=None) -> Proposal:
    proposal = form.instance
    if not proposal.call.is_open(today or timezone.localdate()):
        raise ValidationError(_("L'appel est clos : la proposition ne peut plus être modifiée."))
    proposal = form.save()
    _write_budget_and_document(proposal, form)
    return proposal


@transaction.atomic
def proposal_confirm(*, proposal: Proposal, today=None) -> Proposal:
    if proposal.status == ProposalStatus.A_CONFIRMER:
        if not proposal.call.is_open(today or timezone.localdate()):
            raise ValidationError(
                _("L'appel est clos : la proposition n'a pas été confirmée à temps.")
            )
        proposal.status = ProposalStatus.DEPOSEE
        proposal.confirmed_at = timezone.now()
        proposal.save(update_fields=["status", "confirmed_at", "updated_at"])
    return proposal


@transaction.atomic
def review_record(*, proposal: Proposal, reviewer, scores: dict, comment: str) -> Review:
    review, _created = Review.objects.update_or_create(
        proposal=proposal, reviewer=reviewer, defaults={"comment": comment}
    )
    for criterion, value in scores.items():
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": value}
        )
    return review


@transaction.atomic
def proposal_decide(
    *, proposal: Proposal, decision: str, reason: str, author, request=None
) -> Proposal:
    """The trinôme's decision, e-mailed to the proposal's contact."""
    proposal.decision = decision
    proposal.decision_reason = reason
    proposal.decided_on = timezone.localdate()
    proposal.decided_by = author
    proposal.status = ProposalStatus.DECIDEE
    with events.acting(author):
        proposal.save()
    context = {"proposal": proposal, "call": proposal.call}
    transaction.on_commit(
        lambda: send_mail(
            _("Votre proposition « %(title)s » : %(decision)s")
            % {"title": proposal.title, "decision": proposal.get_decision_display()},
            render_to_string("financements/emails/decision.txt", context),
            None,
            [proposal.contact_email],
        )
    )
    return proposal


def _structure(name: str, *, siret: str = "", author=None) -> Structure:
    """The directory's structure of that SIRET or name, created if missing."""
    if siret:
        found = Structure.objects.filter(siret=siret).first()
        if found:
            return found
    found = Structure.objects.filter(name__iexact=name.strip()).first()
    if found:
        return found
    return Structure.objects.create(
        name=name.strip()[:200], siret=siret, kind=StructureKind.ASSOCIATION, created_by=author
    )


@transaction.atomic
def proposal_to_action(*, proposal: Proposal, author) -> Action:
    """A retained proposal becomes an action of the plan in one step: its objectives,
    carrier and partners, and one funding line per funder asked (requested, this year)."""
    if proposal.decision not in Decision.retained():
        raise ValidationError(_("Seule une proposition retenue devient une action."))
    if proposal.action_id is not None:
        raise ValidationError(_("Cette proposition est déjà une action du plan."))
    call = proposal.call
    porteur = _structure(proposal.lead_name, siret=proposal.lead_siret, author=author)
    action = Action.objects.create(
        site=call.site,
        title=proposal.title,
        description=proposal.summary,
        porteur=porteur,
        status=ActionStatus.PLANIFIEE,
    )
    action.objectives.set(proposal.objectives.all())
    partners = [_structure(name, author=author) for name in proposal.partner_names()]
    action.partners.set([p for p in partners if p.pk != porteur.pk])
    year = (proposal.decided_on or timezone.localdate()).year
    for budget in proposal.budget.select_related("envelope"):
        FundingLine.objects.create(
            action=action,
            funder_id=budget.envelope.funder_id,
            funder_kind=budget.envelope.funder_kind,
            year=year,
            requested=budget.amount,
            status=FundingStatus.DEMANDE,
            beneficiary_siret=proposal.lead_siret,
            beneficiary_rna=proposal.lead_rna,
            note=_("Issue de la proposition « %(title)s » à l'appel « %(call)s ».")
            % {"title": proposal.title, "call": call.title},
        )
    proposal.action = action
    proposal.save(update_fields=["action", "updated_at"])
    return action


def call_public_path(call: Call) -> str:
    return reverse("financements:carrier_submit", args=[call_link_token(call)])
