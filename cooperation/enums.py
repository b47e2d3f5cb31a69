from django.db import models
from django.utils.translation import gettext_lazy as _

from quartiers.enums import StructureKind


class Field(models.TextChoices):
    """The field (« champ ») a structure acts in, derived from its kind."""

    COLLECTIVITE = "collectivite", _("collectivité")
    ETAT = "etat", _("État")
    ASSOCIATION = "association", _("association")
    EDUCATION = "education", _("éducation")
    SANTE = "sante", _("santé")
    EMPLOI = "emploi", _("emploi")
    LOGEMENT = "logement", _("logement")
    ECONOMIE = "economie", _("économie")
    HABITANTS = "habitants", _("habitants")
    ACCOMPAGNEMENT = "accompagnement", _("accompagnement")
    AUTRE = "autre", _("autre")


FIELD_OF_KIND = {
    StructureKind.COLLECTIVITE: Field.COLLECTIVITE,
    StructureKind.ETAT: Field.ETAT,
    StructureKind.ASSOCIATION: Field.ASSOCIATION,
    StructureKind.CENTRE_RESSOURCES: Field.ACCOMPAGNEMENT,
    StructureKind.BAILLEUR: Field.LOGEMENT,
    StructureKind.EDUCATION: Field.EDUCATION,
    StructureKind.SANTE: Field.SANTE,
    StructureKind.EMPLOI: Field.EMPLOI,
    StructureKind.ENTREPRISE: Field.ECONOMIE,
    StructureKind.COLLECTIF_HABITANTS: Field.HABITANTS,
    StructureKind.AUTRE: Field.AUTRE,
}


def field_of(kind: str) -> Field:
    return FIELD_OF_KIND.get(kind, Field.AUTRE)


class LinkKind(models.TextChoices):
    """A link added by hand."""

    COOPERE = "coopere", _("coopère avec")
    ORIENTE = "oriente", _("oriente vers")
    FINANCE = "finance", _("finance")
    ACCOMPAGNE = "accompagne", _("accompagne")


class Origin(models.TextChoices):
    """What a link of the map comes from."""

    CERCLE = "cercle", _("même cercle")
    TRINOME = "trinome", _("trinôme")
    ACTION = "action", _("partenaires d'une action")
    ACCOMPAGNEMENT = "accompagnement", _("accompagnement")
    FINANCEMENT = "financement", _("financement accordé")
    MANUEL = "manuel", _("lien saisi")
