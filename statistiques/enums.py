from django.db import models
from django.utils.translation import gettext_lazy as _


class Secrecy(models.TextChoices):
    """Why a value is not given, as INSEE writes it: kept as such, never as 0."""

    NONE = "", _("valeur publiée")
    SECRET = "s", _("secret statistique")
    NOT_AVAILABLE = "nd", _("non disponible")
    NOT_SIGNIFICANT = "ns", _("non significatif")
    NOT_APPLICABLE = "so", _("sans objet")
