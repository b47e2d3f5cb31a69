"""``manage.py import_qpv liste.csv [--perimetres perimetres.geojson] [--dry-run]``.

A thin shell around ``quartiers.importers.import_qpv``: read the files, print the summary.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qic.history import ORIGIN_IMPORT, recorded_as
from quartiers.importers import QpvImportError, import_qpv


class Command(BaseCommand):
    # Commands are imported once Django is set up, so gettext can run here (argparse
    # cannot format lazy strings).
    help = _(
        "Importe la liste officielle des QPV (CSV de l'ANCT) et, en option, leurs "
        "périmètres (GeoJSON en WGS 84). Tout ou rien : à la moindre erreur, rien n'est "
        "enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("liste des QPV, au format CSV"))
        parser.add_argument(
            "--perimetres",
            dest="perimeters",
            metavar="FICHIER.geojson",
            help=_("périmètres des QPV, en GeoJSON (EPSG:4326)"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("tout vérifier et compter, sans rien enregistrer"),
        )

    def handle(self, *args, file, perimeters, dry_run, **options):
        csv_bytes = _read(file)
        perimeter_bytes = _read(perimeters) if perimeters else None
        try:
            with recorded_as(ORIGIN_IMPORT):
                report = import_qpv(csv_bytes, perimeter_bytes, dry_run=dry_run)
        except QpvImportError as exc:
            raise CommandError(str(exc)) from None
        for line in report.summary_lines():
            self.stdout.write(line)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(_("Import terminé.")))


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Impossible de lire « %(path)s » : %(reason)s")
            % {"path": path, "reason": exc.strerror or exc}
        ) from None
