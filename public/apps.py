from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "pages publiques et statistiques"

    def ready(self):
        from public import history  # noqa: F401  (registers models with the change journal)
