"""Signed one-click answers to a proposal, for the e-mails (django.core.signing).

A link names one member, one proposal and one answer; its signature (SECRET_KEY, its
own salt) is what authorises recording that answer as that member's, without a login.
It expires (``MAX_AGE``) and serves once: it also carries the state of the member's
answer when it was made (none, or the answer's id and time), so that once an answer
is recorded — by this link or any other way — the link no longer matches and changes
nothing. No secret is stored.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from cercles.enums import AnswerValue, ProposalForm, ReplyAnswer
from cercles.models import CercleMember, Meeting, Proposal, ProposalAnswer

SALT = "cercles.proposal-answer"
MAX_AGE = datetime.timedelta(days=21)

# What a link may answer, per form: an objection or a block needs a reason (the page),
# a choice or a date poll needs the page's form.
ONE_CLICK = {
    ProposalForm.AVIS: (AnswerValue.D_ACCORD, AnswerValue.PAS_SUR, AnswerValue.INQUIET),
    ProposalForm.CONSENTEMENT: (AnswerValue.D_ACCORD, AnswerValue.ABSTENTION),
    ProposalForm.VOLONTAIRES: (AnswerValue.VOLONTAIRE,),
}


class LinkUsed(signing.BadSignature):
    """The member's answer changed since the link was made: it has served."""


@dataclass(frozen=True)
class AnswerLink:
    member: CercleMember
    proposal: Proposal
    value: str


def answer_state(member_id: int, proposal_id: int) -> str:
    answer = (
        ProposalAnswer.objects.filter(
            member_id=member_id, proposal_id=proposal_id, option__isnull=True
        )
        .values_list("pk", "updated_at")
        .first()
    )
    if answer is None:
        return "-"
    return f"{answer[0]}:{answer[1].timestamp():.6f}"


def make_token(*, member: CercleMember, proposal: Proposal, value: str) -> str:
    payload = {
        "m": member.pk,
        "p": proposal.pk,
        "v": value,
        "s": answer_state(member.pk, proposal.pk),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str) -> AnswerLink:
    """The link's answer; ``signing.SignatureExpired`` when too old, ``LinkUsed`` when
    it has served, ``signing.BadSignature`` when forged, altered or about rows gone."""
    payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(payload, dict):
        raise signing.BadSignature("Lien de réponse mal formé.")
    member_id, proposal_id, value = payload.get("m"), payload.get("p"), payload.get("v")
    if not (isinstance(member_id, int) and isinstance(proposal_id, int)):
        raise signing.BadSignature("Lien de réponse mal formé.")
    member = CercleMember.objects.select_related("personne", "cercle").filter(pk=member_id).first()
    proposal = Proposal.objects.select_related("cercle").filter(pk=proposal_id).first()
    if member is None or proposal is None or member.cercle_id != proposal.cercle_id:
        raise signing.BadSignature("Lien de réponse sans objet.")
    if value not in ONE_CLICK.get(proposal.form, ()):
        raise signing.BadSignature("Réponse inconnue.")
    if payload.get("s") != answer_state(member_id, proposal_id):
        raise LinkUsed("Lien déjà utilisé.")
    return AnswerLink(member=member, proposal=proposal, value=value)


def answer_url(*, member: CercleMember, proposal: Proposal, value: str) -> str:
    token = make_token(member=member, proposal=proposal, value=value)
    return settings.SITE_URL + reverse("cercles:proposal_answer_link", args=[token])


def answer_links(member: CercleMember, proposal: Proposal) -> list[tuple[str, str]]:
    """(label, absolute URL) of each one-click answer the e-mail offers."""
    labels = dict(AnswerValue.choices)
    return [
        (labels[value], answer_url(member=member, proposal=proposal, value=value))
        for value in ONE_CLICK.get(proposal.form, ())
    ]


# --- Replies to a meeting's invitation ---------------------------------------------------

REPLY_SALT = "cercles.meeting-reply"


@dataclass(frozen=True)
class ReplyLink:
    member: CercleMember
    meeting: Meeting
    answer: str


def make_reply_token(*, member: CercleMember, meeting: Meeting, answer: str) -> str:
    return signing.dumps({"m": member.pk, "r": meeting.pk, "a": answer}, salt=REPLY_SALT)


def read_reply_token(token: str) -> ReplyLink:
    """The link's reply; ``signing.SignatureExpired`` when too old,
    ``signing.BadSignature`` when forged, altered or about rows gone. Clicking it
    again records the same answer again (nothing changes): no need to spend it."""
    payload = signing.loads(token, salt=REPLY_SALT, max_age=MAX_AGE)
    if not isinstance(payload, dict):
        raise signing.BadSignature("Lien de réponse mal formé.")
    member_id, meeting_id, answer = payload.get("m"), payload.get("r"), payload.get("a")
    if not (isinstance(member_id, int) and isinstance(meeting_id, int)):
        raise signing.BadSignature("Lien de réponse mal formé.")
    if answer not in ReplyAnswer.values:
        raise signing.BadSignature("Réponse inconnue.")
    member = CercleMember.objects.select_related("personne").filter(pk=member_id).first()
    meeting = Meeting.objects.select_related("cercle").filter(pk=meeting_id).first()
    if member is None or meeting is None or member.cercle_id != meeting.cercle_id:
        raise signing.BadSignature("Lien de réponse sans objet.")
    return ReplyLink(member=member, meeting=meeting, answer=answer)


def reply_links(member: CercleMember, meeting: Meeting) -> list[tuple[str, str]]:
    """(label, absolute URL) of each reply the meeting e-mail offers."""
    return [
        (
            str(answer.label),
            settings.SITE_URL
            + reverse(
                "cercles:meeting_reply_link",
                args=[make_reply_token(member=member, meeting=meeting, answer=answer.value)],
            ),
        )
        for answer in ReplyAnswer
    ]
