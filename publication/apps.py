from django.apps import AppConfig


class PublicConfig(AppConfig):
    # The package is not called ``public``: PyPI's ``atpublic`` (aiosmtpd's) owns that
    # top-level name. The label stays « public » (tables, migrations, model labels).
    name = "publication"
    label = "public"
    verbose_name = "pages publiques et statistiques"

    def ready(self):
        from publication import history  # noqa: F401  (registers models with the change journal)
