"""factory_boy factories for every model, producing valid official codes."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from cercles import models as cercles_models
from cercles.enums import (
    AnswerValue,
    CercleKind,
    CommitmentStatus,
    MeetingStatus,
    MemberRole,
    ProposalForm,
    ReplyAnswer,
)
from cooperation import models as cooperation_models
from cooperation.enums import LinkKind
from financements import models as financements_models
from financements.enums import FunderKind, FundingStatus, ProposalStatus
from quartiers import models
from quartiers.enums import (
    AccompanimentKind,
    FollowUpChannel,
    InterventionKind,
    Programme,
    SiteStatus,
    StructureKind,
    TrinomeSeat,
)
from visions import models as visions_models
from visions.enums import ActionStatus, Direction, Frequency, VisionStatus

# Real départements and their régions, cycled through so codes stay valid.
DEPARTEMENTS = [
    ("42", "Loire", "84", "Auvergne-Rhône-Alpes"),
    ("13", "Bouches-du-Rhône", "93", "Provence-Alpes-Côte d'Azur"),
    ("69", "Rhône", "84", "Auvergne-Rhône-Alpes"),
    ("75", "Paris", "11", "Île-de-France"),
    ("59", "Nord", "32", "Hauts-de-France"),
    ("93", "Seine-Saint-Denis", "11", "Île-de-France"),
    ("2A", "Corse-du-Sud", "94", "Corse"),
    ("33", "Gironde", "75", "Nouvelle-Aquitaine"),
    ("31", "Haute-Garonne", "76", "Occitanie"),
    ("44", "Loire-Atlantique", "52", "Pays de la Loire"),
]


def luhn_complete(prefix: str) -> str:
    """``prefix`` followed by the digit that makes the whole number pass Luhn's check."""
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char)
            if index % 2:
                value = value * 2 - 9 if value > 4 else value * 2
            total += value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def departement(index: int) -> models.Departement:
    code, name, region_code, region_name = DEPARTEMENTS[index % len(DEPARTEMENTS)]
    region, _ = models.Region.objects.get_or_create(
        code=region_code, defaults={"name": region_name}
    )
    dep, _ = models.Departement.objects.get_or_create(
        code=code, defaults={"name": name, "region": region}
    )
    return dep


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.MEMBRE
    password = factory.django.Password("mot-de-passe-de-test")


class EPCIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EPCI

    siren = factory.Sequence(lambda n: luhn_complete(f"2{n:07d}"))
    name = factory.Sequence(lambda n: f"Communauté d'agglomération n° {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commune

    departement = factory.Sequence(departement)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.departement.code}{n % 1000:03d}")
    name = factory.Faker("city", locale="fr_FR")


class QuartierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quartier
        skip_postgeneration_save = True

    departement = factory.Sequence(departement)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"QN0{o.departement.code}{n % 100:02d}{'NMI'[(n // 100) % 3]}"
    )
    name = factory.Sequence(lambda n: f"Quartier fictif n° {n}")
    population = 4200
    latitude = 45.43
    longitude = 4.39

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if not create:
            return
        self.communes.set(extracted or [CommuneFactory(departement=self.departement)])


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Structure

    name = factory.Sequence(lambda n: f"Structure n° {n}")
    kind = StructureKind.ASSOCIATION


class CentreFactory(StructureFactory):
    name = factory.Sequence(lambda n: f"Centre de ressources n° {n}")
    kind = StructureKind.CENTRE_RESSOURCES


class PersonneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Personne
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contact{n}@exemple.fr")
    structure = factory.SubFactory(StructureFactory)
    function = "chargée de mission"

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cohort
        django_get_or_create = ("year",)

    year = 2024
    name = factory.LazyAttribute(lambda o: f"Cohorte {o.year}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Site
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Site n° {n}")
    programme = Programme.EXPERIMENTATION
    cohort = factory.SubFactory(CohortFactory)
    status = SiteStatus.FORMATION_ACTION

    @factory.post_generation
    def quartiers(self, create, extracted, **kwargs):
        if not create:
            return
        self.quartiers.set(extracted or [QuartierFactory()])

    @factory.post_generation
    def first_status(self, create, extracted, **kwargs):
        """Its entry in the programme, 90 days ago (``first_status=False``: none, like a
        site imported without its history)."""
        if create and extracted is not False:
            models.SiteStatusChange.objects.create(
                site=self,
                status=self.status,
                date=timezone.localdate() - datetime.timedelta(days=90),
                comment="Entrée dans le programme.",
            )


class SiteStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SiteStatusChange

    site = factory.SubFactory(SiteFactory)
    status = SiteStatus.CANDIDAT
    date = factory.LazyFunction(timezone.localdate)
    comment = "Changement de statut."


class TrinomeMandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrinomeMandate
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    seat = TrinomeSeat.ASSOCIATION
    structure = factory.SubFactory(StructureFactory, kind=StructureKind.ASSOCIATION)
    personne = factory.SubFactory(PersonneFactory, structure=factory.SelfAttribute("..structure"))
    start_date = datetime.date(2024, 1, 15)

    @factory.post_generation
    def attach_personne(self, create, extracted, **kwargs):
        # As services.trinome_assign does: a seat holder acts on the site.
        if create:
            self.personne.sites.add(self.site)


class AccompanimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Accompaniment

    centre = factory.SubFactory(CentreFactory)
    site = factory.SubFactory(SiteFactory)
    kind = AccompanimentKind.COACHING
    start_date = datetime.date(2024, 3, 1)
    hours_planned = 15
    hours_done = 6


class SiteFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SiteFollowUp

    site = factory.SubFactory(SiteFactory)
    contacted_on = datetime.date(2026, 11, 30)
    channel = FollowUpChannel.TELEPHONE
    message = "Appel à la cheffe de projet : la réunion de novembre a été reportée."


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Intervention

    accompaniment = factory.SubFactory(AccompanimentFactory)
    date = datetime.date(2024, 4, 2)
    hours = Decimal("2.5")
    kind = InterventionKind.ATELIER


class SiteAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SiteAccess

    site = factory.SubFactory(SiteFactory)
    user = factory.SubFactory(UserFactory)


class FormationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FormationSession

    cohort = factory.SubFactory(CohortFactory)
    date = datetime.date(2024, 4, 10)
    theme = "Construire une vision partagée"


# Visions ---------------------------------------------------------------------------------


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.Vision

    site = factory.SubFactory(SiteFactory)
    statement = "En 2030, chaque jeune du quartier trouve sa voie et chaque habitant a sa place."
    horizon = 2030
    status = VisionStatus.BROUILLON


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.Objective

    vision = factory.SubFactory(VisionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objectif n° {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.Indicator

    objective = factory.SubFactory(ObjectiveFactory)
    name = factory.Sequence(lambda n: f"Indicateur n° {n}")
    unit = "%"
    direction = Direction.HAUSSE
    baseline_value = Decimal("40")
    baseline_date = datetime.date(2024, 1, 1)
    target_value = Decimal("50")
    target_date = datetime.date(2028, 1, 1)
    frequency = Frequency.TRIMESTRIELLE


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("42")


class MeasurementImportFactory(factory.django.DjangoModelFactory):
    """A finished import of three measurements (its file already deleted, as after a run)."""

    class Meta:
        model = visions_models.MeasurementImport

    site = factory.SubFactory(SiteFactory)
    requested_by = factory.SubFactory(UserFactory)
    filename = "mesures-2026.csv"
    status = "termine"
    rows_total = 3
    rows_done = 3
    imported = 3
    finished_at = factory.LazyFunction(timezone.now)


class TurnTheCurveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.TurnTheCurve

    indicator = factory.SubFactory(IndicatorFactory)
    story = "Le départ de l'éducateur a fait chuter la fréquentation."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.Action
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Action n° {n}")
    status = ActionStatus.IDEE
    porteur = factory.SubFactory(StructureFactory)

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create and extracted:
            self.objectives.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Jalon n° {n}")
    due_date = datetime.date(2026, 6, 30)


class FundingLineFactory(factory.django.DjangoModelFactory):
    """A line granted on the day of its convention, half paid."""

    class Meta:
        model = financements_models.FundingLine

    action = factory.SubFactory(ActionFactory)
    funder = factory.SubFactory(StructureFactory, kind=StructureKind.COLLECTIVITE)
    funder_kind = FunderKind.COMMUNE
    year = 2026
    requested = Decimal("10000.00")
    granted = Decimal("8000.00")
    paid = Decimal("4000.00")
    status = FundingStatus.VERSE_EN_PARTIE
    convention_date = datetime.date(2026, 3, 15)


class CallFactory(factory.django.DjangoModelFactory):
    """An appel à vision, closed in 2026 (reviews and decisions possible)."""

    class Meta:
        model = financements_models.Call
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Appel à vision n° {n}")
    opens_on = datetime.date(2026, 1, 5)
    closes_on = datetime.date(2026, 2, 15)

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create and extracted:
            self.objectives.set(extracted)

    @factory.post_generation
    def reviewer_cercles(self, create, extracted, **kwargs):
        if create and extracted:
            self.reviewer_cercles.set(extracted)


class CallEnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = financements_models.CallEnvelope

    call = factory.SubFactory(CallFactory)
    funder = factory.SubFactory(StructureFactory, kind=StructureKind.ETAT)
    funder_kind = FunderKind.ETAT_PV
    amount = Decimal("50000.00")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = financements_models.Criterion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Critère n° {n}")
    max_score = 5


class CallProposalFactory(factory.django.DjangoModelFactory):
    """A proposal answering an appel à vision (financements), not a cercle's."""

    class Meta:
        model = financements_models.Proposal

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Proposition n° {n}")
    summary = "Des ateliers du soir, portés à plusieurs."
    lead_name = factory.Sequence(lambda n: f"Association n° {n} (fictive)")
    contact_name = "Awa Diallo"
    contact_email = factory.Sequence(lambda n: f"porteur{n}@exemple.fr")
    status = ProposalStatus.DEPOSEE


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = financements_models.Review

    proposal = factory.SubFactory(CallProposalFactory)
    reviewer = factory.SubFactory(UserFactory)
    comment = "Solide."


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.SelfAssessment

    site = factory.SubFactory(SiteFactory)
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    common_agenda_score = 3
    shared_measurement_score = 2
    reinforcing_activities_score = 2
    communication_score = 3
    backbone_score = 4


# --- cercles ---------------------------------------------------------------------------------


def paris(year, month, day, hour=18, minute=0) -> datetime.datetime:
    """An aware datetime in Europe/Paris (the project's time zone)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class CercleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.Cercle

    site = factory.SubFactory(SiteFactory)
    kind = CercleKind.CERCLE
    name = factory.Sequence(lambda n: f"Cercle n° {n}")
    purpose = "Réussite éducative des enfants du quartier."


class CercleMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.CercleMember

    cercle = factory.SubFactory(CercleFactory)
    personne = factory.SubFactory(PersonneFactory)
    role = MemberRole.MEMBRE
    joined_on = datetime.date(2024, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.Meeting

    cercle = factory.SubFactory(CercleFactory)
    starts_at = factory.LazyFunction(lambda: paris(2025, 3, 11))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Centre social, salle 2"
    status = MeetingStatus.PREVUE


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Point n° {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(
        CercleMemberFactory, cercle=factory.SelfAttribute("..meeting.cercle")
    )
    status = "present"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Décision n° {n}")


class MeetingReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.MeetingReply

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(
        CercleMemberFactory, cercle=factory.SelfAttribute("..meeting.cercle")
    )
    answer = ReplyAnswer.VIENDRA


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.Proposal

    cercle = factory.SubFactory(CercleFactory)
    form = ProposalForm.CONSENTEMENT
    title = factory.Sequence(lambda n: f"Proposition n° {n}")
    text = "Écrire aux habitants pour annoncer la fête de quartier."
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class ProposalOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.ProposalOption

    proposal = factory.SubFactory(ProposalFactory, form=ProposalForm.CHOIX)
    position = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Option {n}")


class ProposalAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.ProposalAnswer

    proposal = factory.SubFactory(ProposalFactory)
    member = factory.SubFactory(
        CercleMemberFactory, cercle=factory.SelfAttribute("..proposal.cercle")
    )
    value = AnswerValue.D_ACCORD


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.Commitment

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Engagement n° {n}")
    owner = factory.SubFactory(PersonneFactory)
    due_on = datetime.date(2025, 4, 30)
    status = CommitmentStatus.A_FAIRE


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cercles_models.MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    file = factory.django.FileField(filename="document", data=b"%PDF-1.4\n%fin\n")
    original_name = "compte-rendu.pdf"
    content_type = "application/pdf"
    size = 14


class ReportJobFactory(factory.django.DjangoModelFactory):
    """A ready report (a one-page PDF stand-in), kept until its expiry date."""

    class Meta:
        model = "reports.ReportJob"

    kind = "fiche_site"
    title = "Fiche site — Montreynaud"
    parameters = factory.LazyFunction(dict)
    requested_by = factory.SubFactory(UserFactory)
    status = "pret"
    progress = 100
    file = factory.django.FileField(filename="rapport", data=b"%PDF-1.7\n%fin\n")
    filename = "fiche-site-montreynaud.pdf"
    content_type = "application/pdf"
    size = 14
    finished_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


# --- Pratiques inspirantes ---------------------------------------------------------------


class PracticeFactory(factory.django.DjangoModelFactory):
    """A draft practice of a site; ``published=True`` gives a published one."""

    class Meta:
        model = "pratiques.Practice"
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(status="publiee", published_at=factory.LazyFunction(timezone.now))

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Pratique n° {n}")
    theme = "participation"
    objective_theme = "education"
    problem = "Les parents ne venaient plus aux réunions du collège."
    what_was_done = "Des cafés des parents au pied des immeubles, animés par le centre social."
    contact = factory.SubFactory(UserFactory)
    contact_agreed = True
    status = "brouillon"


class PracticeDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pratiques.PracticeDocument"

    practice = factory.SubFactory(PracticeFactory)
    file = factory.django.FileField(filename="document", data=b"%PDF-1.4\n%fin\n")
    original_name = "bilan.pdf"
    content_type = "application/pdf"
    size = 14


class PracticeCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pratiques.PracticeComment"

    practice = factory.SubFactory(PracticeFactory)
    author = factory.SubFactory(UserFactory)
    text = "Précisez le coût, s'il vous plaît."


class PracticeBookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pratiques.PracticeBookmark"

    practice = factory.SubFactory(PracticeFactory, published=True)
    user = factory.SubFactory(UserFactory)


class PracticeAdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pratiques.PracticeAdoption"

    practice = factory.SubFactory(PracticeFactory, published=True)
    site = factory.SubFactory(SiteFactory)
    action = factory.SubFactory(ActionFactory, site=factory.SelfAttribute("..site"))


# --- Indicator library and vision templates ---------------------------------------------


class IndicatorDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.IndicatorDefinition

    name = factory.Sequence(lambda n: f"Taux de réussite au brevet ({n})")
    definition = "Part des élèves du quartier reçus au diplôme national du brevet."
    unit = "%"
    direction = Direction.HAUSSE
    calculation_method = "Reçus / présentés, session de juin."
    source = "Éducation nationale"
    frequency = Frequency.ANNUELLE
    maintainer = "ANCT"
    status = "validee"


class VisionTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.VisionTemplate

    name = factory.Sequence(lambda n: f"Modèle n° {n}")
    description = "Pour un quartier qui commence."


class TemplateObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.TemplateObjective

    template = factory.SubFactory(VisionTemplateFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Objectif de modèle n° {n}")


class TemplateIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.TemplateIndicator

    objective = factory.SubFactory(TemplateObjectiveFactory)
    name = factory.Sequence(lambda n: f"Indicateur de modèle n° {n}")
    unit = "%"
    direction = Direction.HAUSSE
    frequency = Frequency.ANNUELLE


class TemplateActionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = visions_models.TemplateActionTheme

    template = factory.SubFactory(VisionTemplateFactory)
    title = factory.Sequence(lambda n: f"Thème d'action n° {n}")


class PublicPageFactory(factory.django.DjangoModelFactory):
    """A site's public page, published, showing its vision and objectives."""

    class Meta:
        model = "public.PublicPage"
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    published = True
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if create and extracted:
            self.indicators.set(extracted)


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "webhooks.Subscriber"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Abonné n° {n}")
    url = "https://exemple.fr/crochet"
    secret = "secret-de-test"

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "webhooks.Delivery"

    subscriber = factory.SubFactory(SubscriberFactory)
    event_id = factory.Sequence(lambda n: 1_000_000 + n)
    kind = "statut"
    payload = factory.LazyFunction(lambda: {"type": "statut"})
    status = "echec"
    attempts = 6


class VariableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "statistiques.Variable"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"VAR_{n}")
    label = factory.Sequence(lambda n: f"Variable n° {n}")
    theme = "Revenus et pauvreté"


class StatSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "statistiques.StatSource"
        django_get_or_create = ("file_name",)

    file_name = "revenus_pauvrete_2021_qp24_csv.zip"
    theme = "Revenus et pauvreté"
    url = "https://www.insee.fr/fr/statistiques/"


class StatValueFactory(factory.django.DjangoModelFactory):
    """A QPV's value (``quartier=None, is_benchmark=True``: the all-QPV benchmark)."""

    class Meta:
        model = "statistiques.StatValue"

    quartier = factory.SubFactory(QuartierFactory)
    variable = factory.SubFactory(VariableFactory)
    vintage = 2021
    value = Decimal("14520.5")
    source = factory.SubFactory(StatSourceFactory)


class StatImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "statistiques.StatImport"

    source = factory.SubFactory(StatSourceFactory)
    imported_by = factory.SubFactory(UserFactory, role=Role.ADMIN)
    vintages = "2021"
    created_count = 12


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation_models.Link

    site = factory.SubFactory(SiteFactory)
    source = factory.SubFactory(StructureFactory)
    target = factory.SubFactory(StructureFactory)
    kind = LinkKind.COOPERE
    start_date = datetime.date(2025, 1, 1)
    note = "Se retrouvent chaque mois autour de l'accès aux droits."
