from django.apps import AppConfig


class QuartiersConfig(AppConfig):
    name = "quartiers"
    verbose_name = "territoires et sites"

    def ready(self):
        from quartiers import (
            events,  # noqa: F401  (declares the kinds of site events)
            history,  # noqa: F401  (registers models with the change journal)
            signals,  # noqa: F401  (keeps updated_at true for the API's sync)
            tasks,  # noqa: F401  (declares the monitored periodic job)
        )
        from quartiers.stamps import connect_signals

        connect_signals()
