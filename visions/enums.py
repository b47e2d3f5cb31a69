from django.db import models
from django.utils.translation import gettext_lazy as _


class VisionStatus(models.TextChoices):
    BROUILLON = "brouillon", _("brouillon")
    CONCERTATION = "en_concertation", _("en concertation")
    ADOPTEE = "adoptee", _("adoptée")
    REVISION = "en_revision", _("en révision")

    @classmethod
    def editable(cls) -> set["VisionStatus"]:
        """Statuses in which the statement may be edited: an adopted text is frozen
        until a revision is opened."""
        return {cls.BROUILLON, cls.CONCERTATION, cls.REVISION}


class Direction(models.TextChoices):
    HAUSSE = "hausse", _("hausse souhaitée")
    BAISSE = "baisse", _("baisse souhaitée")
    MAINTIEN = "maintien", _("maintien")


class Frequency(models.TextChoices):
    MENSUELLE = "mensuelle", _("mensuelle")
    TRIMESTRIELLE = "trimestrielle", _("trimestrielle")
    SEMESTRIELLE = "semestrielle", _("semestrielle")
    ANNUELLE = "annuelle", _("annuelle")

    @property
    def months(self) -> int:
        return {"mensuelle": 1, "trimestrielle": 3, "semestrielle": 6, "annuelle": 12}[self.value]


class Track(models.TextChoices):
    """Where an indicator stands, for lists and dashboards (see ``visions.progress``)."""

    ATTEINT = "atteint", _("cible atteinte")
    EN_BONNE_VOIE = "en_bonne_voie", _("en bonne voie")
    MAINTENU = "maintenu", _("maintenu dans la tolérance")
    EN_RETARD = "en_retard", _("en retard sur la trajectoire")
    S_ELOIGNE = "s_eloigne", _("s'éloigne de la cible")
    HORS_TOLERANCE = "hors_tolerance", _("hors de la tolérance")
    NON_EVALUABLE = "non_evaluable", _("non évaluable")

    @classmethod
    def on_track(cls) -> list["Track"]:
        return [cls.ATTEINT, cls.EN_BONNE_VOIE, cls.MAINTENU]

    @classmethod
    def off_track(cls) -> list["Track"]:
        return [cls.EN_RETARD, cls.S_ELOIGNE, cls.HORS_TOLERANCE]


class ActionStatus(models.TextChoices):
    IDEE = "idee", _("idée")
    PLANIFIEE = "planifiee", _("planifiée")
    EN_COURS = "en_cours", _("en cours")
    TERMINEE = "terminee", _("terminée")
    ABANDONNEE = "abandonnee", _("abandonnée")

    def next_statuses(self) -> list["ActionStatus"]:
        """Where an action may go in one click from this column of the board."""
        cls = type(self)
        moves = {
            cls.IDEE: [cls.PLANIFIEE, cls.ABANDONNEE],
            cls.PLANIFIEE: [cls.EN_COURS, cls.IDEE, cls.ABANDONNEE],
            cls.EN_COURS: [cls.TERMINEE, cls.PLANIFIEE, cls.ABANDONNEE],
            cls.TERMINEE: [cls.EN_COURS],
            cls.ABANDONNEE: [cls.IDEE],
        }
        return moves[self]


class Condition(models.TextChoices):
    """The five conditions of collective impact (Kania & Kramer, 2011). The value is the
    prefix of the score and comment fields of ``SelfAssessment``."""

    COMMON_AGENDA = "common_agenda", _("programme commun (agenda commun)")
    SHARED_MEASUREMENT = "shared_measurement", _("mesure partagée")
    REINFORCING_ACTIVITIES = (
        "reinforcing_activities",
        _("activités qui se renforcent mutuellement"),
    )
    COMMUNICATION = "communication", _("communication continue")
    BACKBONE = "backbone", _("structure de soutien")


class Score(models.IntegerChoices):
    ABSENTE = 1, _("1 — absente")
    EMERGENTE = 2, _("2 — émergente")
    EN_PLACE = 3, _("3 — en place")
    SOLIDE = 4, _("4 — solide")


class ImportStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", _("en attente")
    EN_COURS = "en_cours", _("en cours")
    TERMINE = "termine", _("terminé")
    ECHEC = "echec", _("échec")

    @classmethod
    def unfinished(cls) -> list["ImportStatus"]:
        """While an import is in one of these, its page keeps polling."""
        return [cls.EN_ATTENTE, cls.EN_COURS]


class DefinitionStatus(models.TextChoices):
    """A library definition is curated by ANCT; a site's own may be proposed to it."""

    VALIDEE = "validee", _("validée par l'ANCT")
    PROPOSEE = "proposee", _("proposée par un site")


class IndicatorFamily(models.TextChoices):
    """Population indicators say whether the quartier changes; cooperation indicators
    whether its actors work together differently (computed by the cooperation app)."""

    POPULATION = "population", _("population")
    COOPERATION = "cooperation", _("coopération")


class CooperationMetric(models.TextChoices):
    """What a cooperation indicator measures; its values are computed each quarter from
    the site's network of actors and its meetings (cooperation/indicators.py)."""

    STRUCTURES = "structures", _("structures impliquées")
    FIELDS = "champs", _("champs représentés")
    ATTENDANCE = "assiduite", _("présence régulière dans les cercles (%)")
    CROSS_FIELD_ACTIONS = "actions_interchamps", _("actions associant plusieurs champs")


# The cooperation indicators shown beside the self-score of each condition.
COOPERATION_OF_CONDITION = {
    Condition.COMMON_AGENDA: (CooperationMetric.STRUCTURES, CooperationMetric.FIELDS),
    Condition.REINFORCING_ACTIVITIES: (CooperationMetric.CROSS_FIELD_ACTIONS,),
    Condition.COMMUNICATION: (CooperationMetric.ATTENDANCE,),
}
