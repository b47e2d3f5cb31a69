"""Rebuild the search index, or check that it is up to date."""

from django.core.management.base import BaseCommand, CommandError

from recherche import index, registry


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche (après un chargement en masse, comme seed_scale) ; "
        "avec --check, n'écrit rien et échoue si une entrée diffère."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Vérifier sans rien écrire (code 1 si écart)."
        )
        parser.add_argument(
            "--type",
            action="append",
            dest="kinds",
            choices=[i.kind for i in registry.indexes()],
            help="Seulement ce type (répétable).",
        )

    def handle(self, *args, check, kinds, **options):
        if check:
            problems = index.check()
            for problem in problems:
                self.stdout.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} entrée(s) de l'index à reconstruire.")
            self.stdout.write("L'index de recherche est à jour.")
            return
        for kind, count in index.reindex(kinds).items():
            self.stdout.write(f"{kind} : {count}")
