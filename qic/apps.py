from django.apps import AppConfig
from django.db.models.signals import post_migrate


class QicConfig(AppConfig):
    name = "qic"
    verbose_name = "projet"

    def ready(self):
        from qic import lookups  # noqa: F401 (registers integer ``__in`` within range)
        from qic.jobs import register_heartbeats

        # Once every app is migrated, every declared periodic job has a heartbeat row.
        post_migrate.connect(register_heartbeats, sender=self)
