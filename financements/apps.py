from django.apps import AppConfig


class FinancementsConfig(AppConfig):
    name = "financements"
    verbose_name = "financements"

    def ready(self):
        from financements import (
            events,  # noqa: F401  (declares the kinds of site events)
            history,  # noqa: F401  (registers models with the change journal)
        )
