"""Build a report now, in this process, and say how long it took and how much memory it
needed: ``manage.py build_report national [--annex] [--output F]`` (the bench calls it).

The report is built as the given user (``--user``, an e-mail; by default the first
active ANCT administrator) through the same wrapper as the worker's, so the job row,
its progress and its error are those a user would see."""

import resource
import shutil
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.enums import Role
from accounts.models import User
from reports.enums import ReportKind, ReportStatus
from reports.models import ReportJob
from reports.services import report_run

KINDS = {
    "national": ReportKind.BILAN_NATIONAL,
    "fiche": ReportKind.FICHE_SITE,
    "export": ReportKind.EXPORT,
}


class Command(BaseCommand):
    help = "Produit un rapport tout de suite (sans worker) et affiche sa durée et sa mémoire."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--annex", action="store_true", help="Bilan : une page par site.")
        parser.add_argument("--site", type=int, help="Fiche : l'identifiant du site.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--user", help="Adresse e-mail du demandeur.")
        parser.add_argument("--output", help="Copier le fichier produit à cet endroit.")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        parameters = {}
        if options["kind"] == "national":
            parameters = {"annex": options["annex"]}
        elif options["kind"] == "fiche":
            if not options["site"]:
                raise CommandError("--site est obligatoire pour une fiche.")
            parameters = {"site": options["site"]}
        else:
            parameters = {"format": options["format"]}
        job = ReportJob.objects.create(
            kind=KINDS[options["kind"]],
            title=f"{KINDS[options['kind']].label} (ligne de commande)",
            parameters=parameters,
            requested_by=user,
        )
        started = time.monotonic()
        job = report_run(job_id=job.pk)
        duration = time.monotonic() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak_kib = usage.ru_maxrss
        if sys.platform == "darwin":  # bytes there, kibibytes on Linux
            peak_kib //= 1024
        if job.status != ReportStatus.PRET:
            raise CommandError(f"Échec du rapport {job.pk} : {job.error}")
        if options["output"]:
            with job.file.open("rb") as source, Path(options["output"]).open("wb") as target:
                shutil.copyfileobj(source, target)
        self.stdout.write(
            f"rapport {job.pk} prêt : {job.filename}, {job.size} octets\n"
            f"durée : {duration:.1f} s (processeur : {usage.ru_utime + usage.ru_stime:.1f} s)\n"
            f"mémoire maximale : {peak_kib / 1024:.0f} Mio"
        )

    def _user(self, email):
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(email__iexact=email).first()
            if email
            else users.filter(role=Role.ADMIN).order_by("pk").first()
        )
        if user is None:
            raise CommandError("Aucun utilisateur pour produire ce rapport (--user).")
        return user
