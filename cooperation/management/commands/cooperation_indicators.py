"""Record the missing quarterly values of the cooperation indicators (the last closed
quarter, or every quarter from ``--depuis``)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cooperation.indicators import cooperation_indicators_record


class Command(BaseCommand):
    help = "Calcule les valeurs trimestrielles manquantes des indicateurs de coopération."

    def add_arguments(self, parser):
        parser.add_argument(
            "--depuis",
            help="Date (AAAA-MM-JJ) : calcule aussi chaque trimestre depuis celle-ci.",
        )

    def handle(self, *args, depuis=None, **options):
        since = None
        if depuis:
            try:
                since = datetime.date.fromisoformat(depuis)
            except ValueError:
                raise CommandError("Date invalide : attendu AAAA-MM-JJ.") from None
        count = cooperation_indicators_record(since=since)
        self.stdout.write(f"{count} valeur(s) enregistrée(s).")
