from django.apps import AppConfig


class CerclesConfig(AppConfig):
    name = "cercles"
    verbose_name = "cercles de courageux"

    def ready(self):
        from cercles import (
            events,  # noqa: F401  (declares the kinds of site events)
            history,  # noqa: F401  (registers models with the change journal)
            signals,  # noqa: F401  (keeps updated_at true for the API's sync)
        )
