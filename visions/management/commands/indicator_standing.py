"""``manage.py indicator_standing [--check]``.

Recompute every indicator's stored standing (``visions.progress``) from its fields and
its measurements and store what differs; with ``--check``, store nothing and exit
non-zero listing every stored value that differs from the recomputation.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from visions import progress
from visions.models import Indicator


class Command(BaseCommand):
    help = _(
        "Recalcule la situation stockée de chaque indicateur (dernière valeur, avancement, "
        "situation, prochaine échéance) ; avec --check, vérifie sans rien modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("lister les écarts et sortir en erreur s'il y en a, sans rien modifier"),
        )

    def handle(self, *args, check, **options):
        indicators = Indicator.objects.all()
        if not check:
            with transaction.atomic():
                fixed = progress.store_standing(indicators, changed_only=True)
            self.stdout.write(
                _("%(count)d indicateur(s) corrigé(s) sur %(total)d.")
                % {"count": fixed, "total": indicators.count()}
            )
            return
        found = progress.differences(indicators)
        if not found:
            self.stdout.write(
                _("Aucun écart : la situation stockée des %(total)d indicateurs est à jour.")
                % {"total": indicators.count()}
            )
            return
        for pk, name, field, stored, value in found:
            self.stdout.write(
                _(
                    "Indicateur %(pk)d « %(name)s » : %(field)s stocké %(stored)s, recalculé %(value)s"
                )
                % {"pk": pk, "name": name, "field": field, "stored": stored, "value": value}
            )
        count = len({pk for pk, *_rest in found})
        raise CommandError(_("%(count)d indicateur(s) avec des écarts.") % {"count": count})
