from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qic.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde. Par défaut dans la base configurée (DATABASE_URL), qu'elle "
        "remplace : arrêtez d'abord le site et les workers. --database-url restaure ailleurs "
        "(exercice de restauration dans une base de secours)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--database-url", help="Base cible, par exemple une base de secours.")
        parser.add_argument(
            "--yes", action="store_true", help="Ne pas demander de confirmation avant d'écraser."
        )

    def handle(self, *args, source, database_url=None, yes=False, **options):
        target = (
            dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        )
        if not yes:
            answer = input(f"Remplacer le contenu de la base « {target['NAME']} » ? [oui/non] ")
            if answer.strip().lower() not in {"oui", "o", "yes", "y"}:
                raise CommandError("Restauration annulée.")
        try:
            restore_database(source, target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Base « {target['NAME']} » restaurée depuis {source}.")
        )
