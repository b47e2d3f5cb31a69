from django.db import models
from django.utils.translation import gettext_lazy as _


class QpvGeneration(models.IntegerChoices):
    G2015 = 2015, _("2015 (codes QP)")
    G2024 = 2024, _("2024 (codes QN)")


class StructureKind(models.TextChoices):
    COLLECTIVITE = "collectivite", _("collectivité")
    ETAT = "etat", _("État")
    ASSOCIATION = "association", _("association")
    CENTRE_RESSOURCES = "centre_ressources", _("centre de ressources")
    BAILLEUR = "bailleur", _("bailleur")
    EDUCATION = "education", _("éducation")
    SANTE = "sante", _("santé")
    EMPLOI = "emploi", _("emploi")
    ENTREPRISE = "entreprise", _("entreprise")
    COLLECTIF_HABITANTS = "collectif_habitants", _("collectif d'habitants")
    AUTRE = "autre", _("autre")


class Programme(models.TextChoices):
    EXPERIMENTATION = "experimentation", _("expérimentation nationale")
    CENTRE_RESSOURCES = "centre_ressources", _("accompagnement par un centre de ressources")


class SiteStatus(models.TextChoices):
    REPERE = "repere", _("repéré")
    CANDIDAT = "candidat", _("candidat")
    FORMATION_ACTION = "formation_action", _("en formation-action")
    VISION_ADOPTEE = "vision_adoptee", _("vision adoptée")
    MISE_EN_OEUVRE = "mise_en_oeuvre", _("mise en œuvre")
    ESSAIMAGE = "essaimage", _("essaimage")
    SUSPENDU = "suspendu", _("suspendu")
    SORTI = "sorti", _("sorti")

    @property
    def letter(self) -> str:
        """The letter of the status on the map's markers and legend: colour is never the
        only way to tell two statuses apart."""
        return _STATUS_LETTERS[self.value]

    @classmethod
    def progression(cls) -> list["SiteStatus"]:
        """The path a site follows, in order; suspendu and sorti stand outside it."""
        return [
            cls.REPERE,
            cls.CANDIDAT,
            cls.FORMATION_ACTION,
            cls.VISION_ADOPTEE,
            cls.MISE_EN_OEUVRE,
            cls.ESSAIMAGE,
        ]


_STATUS_LETTERS = {
    "repere": "R",
    "candidat": "C",
    "formation_action": "F",
    "vision_adoptee": "V",
    "mise_en_oeuvre": "M",
    "essaimage": "E",
    "suspendu": "S",
    "sorti": "X",
}


class TrinomeSeat(models.TextChoices):
    COLLECTIVITE = "collectivite", _("collectivité")
    ETAT = "etat", _("État")
    ASSOCIATION = "association", _("association")


class AccompanimentKind(models.TextChoices):
    FORMATION_ACTION = "formation_action", _("formation-action")
    COACHING = "coaching", _("coaching")
    APPUI_METHODOLOGIQUE = "appui_methodologique", _("appui méthodologique")
    MISE_EN_RESEAU = "mise_en_reseau", _("mise en réseau")


class InterventionKind(models.TextChoices):
    """What a resource centre did for a site on a given day."""

    SEANCE_FORMATION = "seance_formation", _("séance de formation-action")
    ATELIER = "atelier", _("atelier")
    APPUI = "appui", _("appui individuel")
    REUNION = "reunion", _("réunion de travail")
    VISITE = "visite", _("visite apprenante")
    AUTRE = "autre", _("autre")


class FollowUpChannel(models.TextChoices):
    """How a site was chased (« relancé »)."""

    EMAIL = "email", _("e-mail envoyé depuis QIC")
    TELEPHONE = "telephone", _("appel téléphonique")
    REUNION = "reunion", _("échange en réunion")
    AUTRE = "autre", _("autre")
