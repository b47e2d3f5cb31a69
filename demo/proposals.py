"""Proposals in the demo: on every engaged site (a cercle de courageux still running,
with members), one open proposal of each form with a few answers, and two closed ones
whose outcomes are decisions of the cercle's register.

Keyed by the cercle and the title; dated relative to the seeding day: a run on the
same day changes nothing, a run on a later day moves the same rows.
"""

import datetime
import zlib

from django.utils import timezone

from cercles import models as c
from cercles.enums import AnswerValue, CercleKind, ProposalForm, ProposalStatus
from demo import data
from quartiers.enums import SiteStatus

# Sites that do not (or no longer) decide anything together.
QUIET_STATUSES = (SiteStatus.REPERE, SiteStatus.SORTI, SiteStatus.SUSPENDU)

OPEN = [
    # (form, title, text, options)
    (ProposalForm.AVIS, "Ouvrir le local le samedi matin", "Un essai d'un trimestre.", []),
    (
        ProposalForm.CONSENTEMENT,
        "Lettre aux habitants sur la fête de quartier",
        "Le projet de lettre est joint au dernier compte rendu.",
        [],
    ),
    (
        ProposalForm.CHOIX,
        "Lieu de la prochaine journée portes ouvertes",
        "",
        ["Square central", "Gymnase municipal", "Cour de l'école"],
    ),
    (ProposalForm.DATE, "Date de l'atelier avec les bailleurs", "", [12, 14, 19]),
    (
        ProposalForm.VOLONTAIRES,
        "Groupe de travail « mobilité des jeunes »",
        "Trois volontaires pour préparer la rencontre avec la mission locale.",
        [],
    ),
]
CLOSED = [
    (
        ProposalForm.CONSENTEMENT,
        "Charte d'accueil des nouveaux membres",
        "La charte est adoptée ; elle sera relue dans six mois.",
    ),
    (
        ProposalForm.AVIS,
        "Partager le tableau de suivi avec les partenaires",
        "Le tableau est partagé avec les partenaires du cercle chaque mois.",
    ),
]
OPEN_ANSWERS = {
    ProposalForm.AVIS: [AnswerValue.D_ACCORD, AnswerValue.D_ACCORD, AnswerValue.PAS_SUR],
    ProposalForm.CONSENTEMENT: [AnswerValue.D_ACCORD, AnswerValue.ABSTENTION],
    ProposalForm.VOLONTAIRES: [AnswerValue.VOLONTAIRE],
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _proposal(cercle, form, title, values: dict) -> c.Proposal:
    proposal = c.Proposal.objects.filter(cercle=cercle, title=title).first()
    if proposal is None:
        return c.Proposal.objects.create(cercle=cercle, form=form, title=title, **values)
    changed = [name for name, value in values.items() if getattr(proposal, name) != value]
    if changed:
        for name in changed:
            setattr(proposal, name, values[name])
        proposal.save()
    return proposal


def _answer(proposal, member, value, option=None) -> None:
    c.ProposalAnswer.objects.update_or_create(
        proposal=proposal, member=member, option=option, defaults={"value": value}
    )


def seed_proposals() -> None:
    today = timezone.localdate()
    cercles = (
        c.Cercle.objects.filter(kind=CercleKind.CERCLE, closed_on__isnull=True)
        .exclude(site__status__in=QUIET_STATUSES)
        .select_related("site")
        .order_by("site", "pk")
    )
    seen_sites = set()
    quiet = {spec["name"] for spec in data.SITES if spec.get("quiet_from")}
    for cercle in cercles:
        members = list(c.CercleMember.objects.filter(cercle=cercle).current(today).order_by("pk"))
        if cercle.site_id in seen_sites or not members or cercle.site.name in quiet:
            continue
        seen_sites.add(cercle.site_id)
        # Opened on a different hour on each site: its last activity stays its own.
        opened_at = _at(today - datetime.timedelta(days=3), 8) + datetime.timedelta(
            hours=zlib.crc32(cercle.site.name.encode()) % 40
        )
        opener = next((m.personne.user for m in members if m.personne.user_id), None)
        for form, title, text, options in OPEN:
            proposal = _proposal(
                cercle,
                form,
                title,
                {
                    "text": text,
                    "opened_at": opened_at,
                    "closes_at": _at(today + datetime.timedelta(days=5), 18),
                    "status": ProposalStatus.OUVERTE,
                    "max_volunteers": 3 if form == ProposalForm.VOLONTAIRES else None,
                    "opened_by": opener,
                },
            )
            for position, option in enumerate(options, start=1):
                values = (
                    {"label": "", "starts_at": _at(today + datetime.timedelta(days=option), 18)}
                    if form == ProposalForm.DATE
                    else {"label": option, "starts_at": None}
                )
                c.ProposalOption.objects.update_or_create(
                    proposal=proposal, position=position, defaults=values
                )
            options = list(proposal.options.order_by("position"))
            for member, value in zip(members, OPEN_ANSWERS.get(form, []), strict=False):
                _answer(proposal, member, value)
            if form == ProposalForm.CHOIX:
                for index, member in enumerate(members[:3]):
                    _answer(proposal, member, AnswerValue.CHOISI, options[index % 2])
            if form == ProposalForm.DATE:
                for member in members[:2]:
                    for option, value in zip(options, ["oui", "si_besoin", "non"], strict=False):
                        _answer(proposal, member, value, option)
        for index, (form, title, outcome) in enumerate(CLOSED):
            closed_on = today - datetime.timedelta(days=20 + 15 * index)
            proposal = _proposal(
                cercle,
                form,
                title,
                {
                    "opened_at": _at(closed_on - datetime.timedelta(days=10), 9),
                    "closes_at": _at(closed_on, 18),
                    "status": ProposalStatus.CLOSE,
                    "outcome": outcome,
                    "closed_at": _at(closed_on, 19),
                    "opened_by": opener,
                    "closed_by": opener,
                },
            )
            for member in members[:3]:
                _answer(proposal, member, AnswerValue.D_ACCORD)
            decision = proposal.decision or c.Decision(cercle=cercle)
            values = {
                "text": outcome,
                "review_on": closed_on + datetime.timedelta(days=180),
                "created_by": opener,
            }
            if any(getattr(decision, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(decision, name, value)
                decision.save()
            if proposal.decision_id != decision.pk:
                proposal.decision = decision
                proposal.save(update_fields=["decision", "updated_at"])
