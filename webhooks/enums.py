from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "en_attente", _("en attente")
    SENT = "envoyee", _("envoyée")
    FAILED = "echec", _("en échec")
