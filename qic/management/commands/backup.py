from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qic.backup import BackupError, backup_database, default_backup_path


class Command(BaseCommand):
    help = "Sauvegarde complète de la base (pg_dump -Fc sur PostgreSQL, VACUUM INTO sur SQLite)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Fichier à écrire (par défaut var/backups/)."
        )

    def handle(self, *args, output=None, **options):
        try:
            path = backup_database(output or default_backup_path())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Sauvegarde écrite : {path} ({path.stat().st_size} octets)")
        )
