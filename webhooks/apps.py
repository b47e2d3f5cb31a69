from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "webhooks"

    def ready(self):
        from django.db.models.signals import post_save

        from quartiers.models import SiteEvent
        from webhooks import (
            history,  # noqa: F401  (registers models with the change journal)
            signals,
            tasks,  # noqa: F401  (declares the monitored periodic job)
        )

        post_save.connect(signals.event_saved, sender=SiteEvent, dispatch_uid="webhooks-event")
