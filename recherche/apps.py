from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RechercheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recherche"
    verbose_name = _("recherche")

    def ready(self):
        # The index follows the writes of the models it declares (recherche/indexes.py);
        # the domain apps do not know it exists.
        from recherche import signals

        signals.connect()
