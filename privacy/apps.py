from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "données personnelles"

    def ready(self):
        from privacy import tasks  # noqa: F401  (declares the monitored retention job)
