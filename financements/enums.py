from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderKind(models.TextChoices):
    ETAT_PV = "etat_p147", _("État – politique de la ville (programme 147)")
    ETAT_AUTRE = "etat_autre", _("État – autre")
    COMMUNE = "commune", _("commune")
    EPCI = "epci", _("EPCI")
    DEPARTEMENT = "departement", _("département")
    REGION = "region", _("région")
    CAF = "caf", _("CAF")
    BAILLEUR = "bailleur", _("bailleur social")
    FONDATION = "fondation", _("fondation")
    EUROPE = "europe", _("fonds européens")
    AUTRE = "autre", _("autre")


class FundingStatus(models.TextChoices):
    """demandé → accordé / refusé → versé en partie → soldé."""

    DEMANDE = "demande", _("demandé")
    ACCORDE = "accorde", _("accordé")
    REFUSE = "refuse", _("refusé")
    VERSE_EN_PARTIE = "verse_en_partie", _("versé en partie")
    SOLDE = "solde", _("soldé")

    @classmethod
    def granted_statuses(cls) -> set["FundingStatus"]:
        """The statuses of a line whose money was granted (counted as granted)."""
        return {cls.ACCORDE, cls.VERSE_EN_PARTIE, cls.SOLDE}


class ProposalStatus(models.TextChoices):
    """Where a proposal stands: its address to confirm, then submitted, then decided."""

    A_CONFIRMER = "a_confirmer", _("adresse à confirmer")
    DEPOSEE = "deposee", _("déposée")
    DECIDEE = "decidee", _("décidée")


class Decision(models.TextChoices):
    RETENUE = "retenue", _("retenue")
    RETENUE_SOUS_CONDITIONS = "retenue_sous_conditions", _("retenue sous conditions")
    AJOURNEE = "ajournee", _("ajournée")
    NON_RETENUE = "non_retenue", _("non retenue")

    @classmethod
    def retained(cls) -> set["Decision"]:
        return {cls.RETENUE, cls.RETENUE_SOUS_CONDITIONS}
