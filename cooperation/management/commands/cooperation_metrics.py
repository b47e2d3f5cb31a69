"""Recompute the stored metrics of the sites' networks; ``--check`` stores nothing and
exits non-zero listing each site whose stored metrics differ from a recomputation."""

from django.core.management.base import BaseCommand, CommandError

from cooperation import services


class Command(BaseCommand):
    help = "Recalcule les mesures stockées des réseaux d'acteurs des sites."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Ne stocke rien ; échoue si des mesures stockées diffèrent du recalcul.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            differ = services.snapshots_check()
            if differ:
                raise CommandError("\n".join(differ))
            self.stdout.write("Mesures des réseaux à jour.")
            return
        count = services.snapshots_refresh(everything=True)
        self.stdout.write(f"{count} site(s) recalculé(s).")
