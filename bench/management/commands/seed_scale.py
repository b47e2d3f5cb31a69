"""``manage.py seed_scale --sites N [--seed S] [--today AAAA-MM-JJ]``: the benchmark's
national-scale data set (see bench/seeding.py), written in bulk into an empty database."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bench.seeding import DOMAIN, PASSWORD, PERSONAS, ScaleSeeder, SeedReport
from quartiers.models import Site


class Command(BaseCommand):
    help = _(
        "Remplit une base vide avec un jeu de données à l'échelle nationale (par défaut "
        "1 600 sites), déterministe, pour le banc d'essai de performance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sites", type=int, default=1600, help=_("nombre de sites"))
        parser.add_argument("--seed", type=int, default=0, help=_("graine du hasard"))
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help=_("jour de référence (AAAA-MM-JJ ; aujourd'hui par défaut)"),
        )

    def handle(self, *args, sites, seed, today, **options):
        if sites < 1:
            raise CommandError(_("Il faut au moins un site."))
        if Site.objects.exists():
            raise CommandError(
                _("La base contient déjà des sites : seed_scale ne remplit qu'une base vide.")
            )
        started = time.perf_counter()
        counts = ScaleSeeder(sites=sites, seed=seed, today=today).run()
        report = SeedReport(sites=sites, seconds=time.perf_counter() - started, counts=counts)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            _("Comptes : %(emails)s ; mot de passe « %(password)s ».")
            % {
                "emails": ", ".join(f"{name}@{DOMAIN}" for name in PERSONAS),
                "password": PASSWORD,
            }
        )
        self.stdout.write(
            self.style.SUCCESS(_("seed_scale : %(seconds).1f s") % {"seconds": report.seconds})
        )
        # Written in bulk: no signal kept the search index, nor the site events, fresh.
        self.stdout.write(
            _(
                "À lancer ensuite : manage.py reindex (index de recherche) et "
                "manage.py rebuild_events (événements des sites)."
            )
        )
