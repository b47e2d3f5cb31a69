from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderStatus(models.TextChoices):
    PENDING = "en_attente", _("en attente")
    SENDING = "en_cours", _("en cours")
    SENT = "envoye", _("envoyé")
    FAILED = "echec", _("échec")
    CANCELLED = "annule", _("annulé")


class Delivery(models.TextChoices):
    """How a reminder reaches an account holder by e-mail."""

    IMMEDIATE = "immediat", _("par e-mail, dès qu'il y a lieu")
    DIGEST = "resume", _("dans le résumé hebdomadaire")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")
