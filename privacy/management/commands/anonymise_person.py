"""Anonymise one person in place (history included): the RGPD right to erasure."""

from django.core.management.base import BaseCommand, CommandError

from privacy.management.commands._subject import add_subject_arguments, subject_from
from privacy.services import is_anonymised, person_anonymise


class Command(BaseCommand):
    help = "Anonymise une personne ou un compte, historique compris (définitif)."

    def add_arguments(self, parser):
        add_subject_arguments(parser)
        parser.add_argument("--oui", action="store_true", help="ne pas demander confirmation")

    def handle(self, *args, **options):
        subject = subject_from(options)
        (target,) = subject.values()
        if is_anonymised(**subject):
            raise CommandError(f"« {target} » est déjà anonymisé.")
        if not options["oui"]:
            answer = input(f"Anonymiser définitivement « {target} » ? [oui/non] ")
            if answer.strip().lower() != "oui":
                raise CommandError("Abandon.")
        person_anonymise(**subject)
        self.stdout.write(self.style.SUCCESS(f"Anonymisé : {target}."))
