from django.apps import AppConfig


class VisionsConfig(AppConfig):
    name = "visions"
    verbose_name = "visions, indicateurs et actions"

    def ready(self):
        from visions import (
            events,  # noqa: F401  (declares the kinds of site events)
            history,  # noqa: F401  (registers models with the change journal)
            signals,  # noqa: F401  (keeps updated_at true for the API's sync)
            tasks,  # noqa: F401  (declares the monitored periodic job)
        )
