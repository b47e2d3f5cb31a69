"""``manage.py import_quartier_data ZIP… [--source-url URL] [--vintage YEAR] [--dry-run]``.

A thin shell around ``statistiques.importers.import_quartier_data``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from statistiques.importers import StatImportError, import_quartier_data


class Command(BaseCommand):
    help = _(
        "Importe les données statistiques des QPV publiées par l'Insee (un zip par thème et "
        "par année). Tout ou rien : à la moindre erreur, rien n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("zips", nargs="+", metavar="ZIP", help=_("archives zip de l'Insee"))
        parser.add_argument("--source-url", default="", help=_("adresse de la page source"))
        parser.add_argument(
            "--vintage",
            type=int,
            help=_("millésime, quand ni les colonnes ni le nom du fichier ne le disent"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("tout vérifier et compter, sans rien enregistrer"),
        )

    def handle(self, *args, zips, source_url, vintage, dry_run, **options):
        files = []
        for path in zips:
            try:
                files.append((Path(path).name, Path(path).read_bytes()))
            except OSError as exc:
                raise CommandError(
                    _("Impossible de lire « %(path)s » : %(reason)s")
                    % {"path": path, "reason": exc.strerror or exc}
                ) from None
        if vintage is not None and not 1990 <= vintage <= 2100:
            raise CommandError(_("Millésime invalide : %(year)d.") % {"year": vintage})
        try:
            report = import_quartier_data(
                files, source_url=source_url, vintage=vintage, dry_run=dry_run
            )
        except StatImportError as exc:
            raise CommandError(str(exc)) from None
        for line in report.summary_lines():
            self.stdout.write(line)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(_("Import terminé.")))
