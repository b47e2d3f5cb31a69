from django.apps import AppConfig


class QuartiersConfig(AppConfig):
    name = "quartiers"
    verbose_name = "territoires et sites"

    def ready(self):
        from quartiers import (
            history,  # noqa: F401  (registers models with the change journal)
            signals,  # noqa: F401  (keeps updated_at true for the API's sync)
        )
        from quartiers.stamps import connect_signals

        connect_signals()
