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
