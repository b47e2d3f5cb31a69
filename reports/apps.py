from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "rapports et exports"

    def ready(self):
        from reports import (
            history,  # noqa: F401  (registers models with the change journal)
            tasks,  # noqa: F401  (declares the monitored periodic job)
        )
