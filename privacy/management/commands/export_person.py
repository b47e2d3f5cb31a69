"""Print (or write to a file) everything QIC holds about one person, as JSON."""

from django.core.management.base import BaseCommand

from privacy.management.commands._subject import add_subject_arguments, subject_from
from privacy.services import person_export_json


class Command(BaseCommand):
    help = "Exporte en JSON toutes les données liées à une personne ou à un compte."

    def add_arguments(self, parser):
        add_subject_arguments(parser)
        parser.add_argument("--output", "-o", help="fichier de sortie (sinon la sortie standard)")

    def handle(self, *args, **options):
        data = person_export_json(**subject_from(options))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(data)
            self.stderr.write(f"Export écrit dans {options['output']}.")
        else:
            self.stdout.write(data)
