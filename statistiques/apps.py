from django.apps import AppConfig


class StatistiquesConfig(AppConfig):
    name = "statistiques"
    verbose_name = "données du quartier"

    def ready(self):
        from statistiques import history  # noqa: F401  (registers models with the change journal)
