from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = "coopération"

    def ready(self):
        from cooperation import (
            history,  # noqa: F401  (registers models with the change journal)
            tasks,  # noqa: F401  (the periodic job and the recomputation task)
        )
