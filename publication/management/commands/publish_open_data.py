from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publication import datagouv


class Command(BaseCommand):
    help = (
        "Publie ou met à jour les fichiers de données ouvertes dans le jeu de données "
        "data.gouv.fr configuré (DATAGOUV_API_KEY, DATAGOUV_DATASET) ; n'envoie rien sans clé."
    )

    def handle(self, *args, **options):
        if not datagouv.is_configured():
            self.stdout.write(
                "DATAGOUV_API_KEY ou DATAGOUV_DATASET n'est pas défini : rien n'est envoyé."
            )
            return
        try:
            done = datagouv.publish(site_url=settings.SITE_URL)
        except (datagouv.PublicationError, datagouv.requests.RequestException) as exc:
            raise CommandError(str(exc)) from exc
        for item in done:
            verb = "créée" if item.created else "mise à jour"
            self.stdout.write(f"{item.title} : ressource {item.resource_id} {verb}.")
