"""Demo funding (financements): funding lines on the actions of every engaged site, and a
site that ran an appel à vision last year — proposals, scores, decisions, and the
retained proposals turned into funded actions. Dated from the day of seeding,
deterministic, idempotent."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from cercles.models import Cercle
from financements import services
from financements.enums import Decision, FunderKind, FundingStatus, ProposalStatus
from financements.models import Call, CallEnvelope, Criterion, FundingLine, Proposal, Review
from quartiers import models as q
from quartiers.enums import StructureKind
from visions.enums import ActionStatus, VisionStatus
from visions.models import Action, Objective

CALL_SITE = "Saint-Étienne Métropole — quartiers Est et Ondaine"
CALL_TITLE = "Appel à coopérations — Engagements Quartiers"
CRITERIA = [
    "Contribution aux objectifs de la vision",
    "Coopération entre partenaires",
    "Habitants touchés et associés",
]
PROPOSALS = [
    # title, lead, partners, asked of the State, of the city, decision, reason
    (
        "Parents et école, ensemble le soir",
        "Centre social de la Cotonne (fictif)",
        "Collège du quartier (fictif)\nMédiathèque de quartier (fictif)",
        Decimal("18000"),
        Decimal("6000"),
        Decision.RETENUE,
        "Portée à plusieurs, elle sert directement la réussite éducative.",
    ),
    (
        "Premiers emplois au pied des tours",
        "Régie de quartier de Montreynaud (fictif)",
        "Mission locale (fictif)",
        Decimal("24000"),
        Decimal("0"),
        Decision.RETENUE_SOUS_CONDITIONS,
        "Retenue si le bailleur rejoint le tour de table avant la convention.",
    ),
    (
        "Fête de quartier annuelle",
        "Comité des fêtes de l'Ondaine (fictif)",
        "",
        Decimal("5000"),
        Decimal("5000"),
        Decision.NON_RETENUE,
        "Utile, mais sans lien avec les objectifs de la vision.",
    ),
    (
        "Jardins partagés et santé",
        "Association Jardins d'Est (fictif)",
        "Maison de santé (fictif)",
        Decimal("9000"),
        Decimal("3000"),
        Decision.AJOURNEE,
        "À redéposer avec les habitants associés dès la conception.",
    ),
]


def _funder(name: str, kind: str) -> q.Structure:
    structure, _ = q.Structure.objects.get_or_create(name=name, defaults={"kind": kind})
    return structure


def _funders(site) -> list[tuple[q.Structure, str]]:
    city = site.name.split(" — ")[0]
    return [
        (
            _funder(f"Préfecture — politique de la ville ({city}, fictif)", StructureKind.ETAT),
            FunderKind.ETAT_PV,
        ),
        (_funder(f"Ville de {city} (fictif)", StructureKind.COLLECTIVITE), FunderKind.COMMUNE),
        (_funder(f"CAF ({city}, fictif)", StructureKind.ETAT), FunderKind.CAF),
    ]


def _line_values(rng, year, this_year, today) -> dict:
    requested = Decimal(rng.randrange(3000, 40000, 500))
    granted = (requested * Decimal(rng.choice(["1", "0.8", "0.6"]))).quantize(Decimal("1"))
    convention = datetime.date(year, rng.randint(2, 5), rng.randint(1, 28))
    if year == this_year and convention > today - datetime.timedelta(days=15):
        return {"requested": requested, "status": FundingStatus.DEMANDE}
    if rng.random() < 0.12:
        return {"requested": requested, "status": FundingStatus.REFUSE}
    finished = year < this_year
    paid = granted if finished else (granted / 2).quantize(Decimal("0.01"))
    return {
        "requested": requested,
        "granted": granted,
        "paid": paid,
        "status": FundingStatus.SOLDE if finished else FundingStatus.VERSE_EN_PARTIE,
        "convention_date": convention,
        "reference": f"{year}-{rng.randrange(100, 999)}",
    }


def seed_funding_lines(today) -> None:
    """Every action under way or done on a site whose vision is adopted gets a line from
    one or two funders, this year and (if it started before) last year."""
    this_year = today.year
    for site in q.Site.objects.filter(
        vision__status__in=[VisionStatus.ADOPTEE, VisionStatus.REVISION]
    ):
        funders = _funders(site)
        # The call's retained proposals bring their own lines (seed_call).
        actions = Action.objects.filter(
            site=site,
            status__in=[ActionStatus.EN_COURS, ActionStatus.TERMINEE],
            proposal__isnull=True,
        ).order_by("pk")
        for action in actions:
            rng = random.Random(f"funding|{site.name}|{action.title}")
            chosen = rng.sample(funders, rng.choice([1, 2]))
            years = [this_year]
            if action.start_date and action.start_date.year < this_year:
                years.append(this_year - 1)
            for funder, kind in chosen:
                for year in years:
                    values = _line_values(rng, year, this_year, today)
                    FundingLine.objects.get_or_create(
                        action=action,
                        funder=funder,
                        year=year,
                        defaults={"funder_kind": kind, **values},
                    )


def seed_call(today) -> None:
    """Last year's appel à vision of the call site, decided and turned into actions."""
    site = q.Site.objects.filter(name=CALL_SITE).first()
    if site is None or Call.objects.filter(site=site, title=CALL_TITLE).exists():
        return
    objectives = list(Objective.objects.filter(vision__site=site).order_by("position"))
    if not objectives:
        return
    year = today.year - 1
    call = Call.objects.create(
        site=site,
        title=CALL_TITLE,
        description="Des propositions portées à plusieurs, sur les objectifs de la vision.",
        opens_on=datetime.date(year, 3, 1),
        closes_on=datetime.date(year, 4, 15),
    )
    call.objectives.set(objectives)
    cercle = Cercle.objects.filter(site=site).order_by("pk").first()
    if cercle:
        call.reviewer_cercles.set([cercle])
    (etat, etat_kind), (ville, ville_kind), _caf = _funders(site)
    envelopes = [
        CallEnvelope.objects.create(call=call, funder=etat, funder_kind=etat_kind, amount=60000),
        CallEnvelope.objects.create(call=call, funder=ville, funder_kind=ville_kind, amount=20000),
    ]
    criteria = [
        Criterion.objects.create(call=call, label=label, position=index)
        for index, label in enumerate(CRITERIA)
    ]
    reviewers = list(
        User.objects.filter(email__in=["membre@qic.demo", "chef@qic.demo"]).order_by("email")
    )
    trinome = reviewers[-1] if reviewers else None
    for index, (title, lead, partners, etat_ask, ville_ask, decision, reason) in enumerate(
        PROPOSALS
    ):
        proposal = Proposal.objects.create(
            call=call,
            title=title,
            summary=f"{title} : une action conçue avec les habitants, portée par {lead}.",
            lead_name=lead,
            partners=partners,
            contact_name="Contact de démonstration",
            contact_email=f"porteur{index + 1}@exemple.fr",
            status=ProposalStatus.DEPOSEE,
            confirmed_at=timezone.make_aware(datetime.datetime(year, 3, 10 + index, 9)),
        )
        proposal.objectives.set([objectives[index % len(objectives)]])
        for envelope, amount in zip(envelopes, (etat_ask, ville_ask), strict=True):
            if amount:
                proposal.budget.create(envelope=envelope, amount=amount)
        rng = random.Random(f"call|{title}")
        for reviewer in reviewers:
            review = Review.objects.create(
                proposal=proposal,
                reviewer=reviewer,
                comment="Lue en cercle, notée selon la grille.",
            )
            base = 4 if decision in Decision.retained() else 2
            for criterion in criteria:
                review.scores.create(
                    criterion=criterion, value=max(0, min(5, base + rng.choice([-1, 0, 1])))
                )
        proposal.decision = decision
        proposal.decision_reason = reason
        proposal.decided_on = datetime.date(year, 5, 20)
        proposal.decided_by = trinome
        proposal.status = ProposalStatus.DECIDEE
        proposal.save()
        if decision in Decision.retained():
            action = services.proposal_to_action(proposal=proposal, author=trinome)
            action.status = ActionStatus.EN_COURS
            action.start_date = datetime.date(year, 9, 1)
            action.progress = 40
            action.save()
            for line in action.funding_lines.all():
                line.granted = line.requested
                line.paid = line.requested
                line.status = FundingStatus.SOLDE
                line.convention_date = datetime.date(year, 6, 30)
                line.reference = f"APPEL-{year}-{index + 1:02d}"
                line.save()


def seed_funding() -> None:
    today = timezone.localdate()
    seed_funding_lines(today)
    seed_call(today)
