"""Recompute the site events from the rows that record them (``quartiers.events``).

For a database that predates the events table, or after loading rows without their
signals (fixtures, bulk loads). Idempotent: a second run finds nothing to change.
``--check`` changes nothing, lists the differences and exits non-zero if there are any.
"""

from django.core.management.base import BaseCommand, CommandError

from quartiers.events import rebuild


class Command(BaseCommand):
    help = "Recalcule les événements des sites à partir des données (--check : vérifie seulement)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Ne rien écrire ; lister les différences et échouer s'il y en a.",
        )

    def handle(self, *args, check=False, **options):
        differences = rebuild(check=check)
        for difference in differences:
            self.stdout.write(str(difference))
        if check and differences:
            raise CommandError(f"{len(differences)} événement(s) à corriger.")
        verb = "différence(s)" if check else "événement(s) corrigé(s)"
        self.stdout.write(f"{len(differences)} {verb}.")
