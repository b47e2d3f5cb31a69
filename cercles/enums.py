from django.db import models
from django.utils.translation import gettext_lazy as _


class CercleKind(models.TextChoices):
    CERCLE = "cercle", _("cercle de courageux")
    COMITE = "comite", _("comité de pilotage")


class MemberRole(models.TextChoices):
    ANIMATEUR = "animateur", _("animateur·rice")
    MEMBRE = "membre", _("membre")
    INVITE = "invite", _("invité·e")


class MeetingStatus(models.TextChoices):
    PREVUE = "prevue", _("prévue")
    TENUE = "tenue", _("tenue")
    ANNULEE = "annulee", _("annulée")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("présent·e")
    EXCUSE = "excuse", _("excusé·e")
    ABSENT = "absent", _("absent·e")


class CommitmentStatus(models.TextChoices):
    A_FAIRE = "a_faire", _("à faire")
    FAIT = "fait", _("fait")
    ABANDONNE = "abandonne", _("abandonné")


class ProposalForm(models.TextChoices):
    AVIS = "avis", _("avis")
    CONSENTEMENT = "consentement", _("consentement")
    CHOIX = "choix", _("choix")
    DATE = "date", _("date")
    VOLONTAIRES = "volontaires", _("volontaires")


class ProposalStatus(models.TextChoices):
    OUVERTE = "ouverte", _("ouverte")
    CLOSE = "close", _("close")


class AnswerValue(models.TextChoices):
    D_ACCORD = "d_accord", _("d'accord")
    PAS_SUR = "pas_sur", _("pas sûr·e")
    INQUIET = "inquiet", _("inquiet·e")
    ABSTENTION = "abstention", _("abstention")
    OBJECTION = "objection", _("objection")
    BLOCAGE = "blocage", _("blocage")
    CHOISI = "choisi", _("choisi")
    OUI = "oui", _("oui")
    SI_BESOIN = "si_besoin", _("si besoin")
    NON = "non", _("non")
    VOLONTAIRE = "volontaire", _("volontaire")


# What each form of proposal may be answered with, in the order the page shows.
FORM_VALUES = {
    ProposalForm.AVIS: (AnswerValue.D_ACCORD, AnswerValue.PAS_SUR, AnswerValue.INQUIET),
    ProposalForm.CONSENTEMENT: (
        AnswerValue.D_ACCORD,
        AnswerValue.ABSTENTION,
        AnswerValue.OBJECTION,
        AnswerValue.BLOCAGE,
    ),
    ProposalForm.CHOIX: (AnswerValue.CHOISI,),
    ProposalForm.DATE: (AnswerValue.OUI, AnswerValue.SI_BESOIN, AnswerValue.NON),
    ProposalForm.VOLONTAIRES: (AnswerValue.VOLONTAIRE,),
}
# Answers that need a reason.
REASON_REQUIRED = (AnswerValue.OBJECTION, AnswerValue.BLOCAGE)
# Forms answered per option (one answer per member and option).
OPTION_FORMS = (ProposalForm.CHOIX, ProposalForm.DATE)


class ReplyAnswer(models.TextChoices):
    VIENDRA = "viendra", _("viendra")
    NE_VIENDRA_PAS = "ne_viendra_pas", _("ne viendra pas")
    PEUT_ETRE = "peut_etre", _("peut-être")
