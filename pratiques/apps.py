from django.apps import AppConfig


class PratiquesConfig(AppConfig):
    name = "pratiques"
    verbose_name = "pratiques inspirantes"

    def ready(self):
        from pratiques import (
            events,  # noqa: F401  (declares the kinds of site events)
            history,  # noqa: F401  (registers models with the change journal)
        )
