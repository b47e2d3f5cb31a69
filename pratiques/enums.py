from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeStatus(models.TextChoices):
    """A light review: the site writes, proposes; its resource centre or ANCT publishes
    (or sends it back with a comment)."""

    BROUILLON = "brouillon", _("brouillon")
    PROPOSEE = "proposee", _("proposée")
    PUBLIEE = "publiee", _("publiée")


class PracticeTheme(models.TextChoices):
    """What kind of practice it is, in the vocabulary of collective impact."""

    GOUVERNANCE = "gouvernance", _("gouvernance partagée")
    MESURE = "mesure", _("mesure partagée")
    PARTICIPATION = "participation", _("participation des habitants")
    ACTION = "action", _("action de terrain")
    FINANCEMENT = "financement", _("financement et appel à vision")
    COMMUNICATION = "communication", _("communication et mobilisation")


class ObjectiveTheme(models.TextChoices):
    """The theme of the objectives the practice serves (what visions in priority
    neighbourhoods commonly carry)."""

    EDUCATION = "education", _("réussite éducative")
    EMPLOI = "emploi", _("insertion et emploi des jeunes")
    SANTE = "sante", _("santé et accès aux soins")
    CADRE_DE_VIE = "cadre_de_vie", _("cadre de vie et habitat")
    TRANQUILLITE = "tranquillite", _("tranquillité publique")
    PARTICIPATION = "participation", _("participation des habitants")
    MOBILITE = "mobilite", _("mobilité")
    LIEN_SOCIAL = "lien_social", _("lien social et vie associative")
