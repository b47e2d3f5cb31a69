from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "rappels et notifications"

    def ready(self):
        from notifications import (
            history,  # noqa: F401  (registers models with the change journal)
            kinds,  # noqa: F401  (registers every reminder kind)
            tasks,  # noqa: F401  (declares the monitored periodic jobs)
        )
